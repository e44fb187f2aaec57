from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from datetime import time

        from tasks import schedule

        from .tasks import purge_unconfirmed

        schedule.register(
            "newsletter.purge_unconfirmed", purge_unconfirmed, schedule.daily(time(4, 20))
        )
