from django.apps import AppConfig


class ThinktankConfig(AppConfig):
    name = "thinktank"

    def ready(self):
        from datetime import time

        from tasks import schedule

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .housekeeping import clear_expired_sessions

        schedule.register(
            "thinktank.clear_expired_sessions", clear_expired_sessions, schedule.daily(time(3, 40))
        )
