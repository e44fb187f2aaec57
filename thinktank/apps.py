from django.apps import AppConfig


class ThinktankConfig(AppConfig):
    name = "thinktank"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
