from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What every publishable content type shares: its states, its publish and expiry times,
    and the one reader door `published()`. It knows no content: models inherit Publishable."""

    name = "publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import notifications, signals

        # Emails about submitted, published and sent-back work (through the task queue).
        signals.state_changed.connect(notifications.notify, dispatch_uid="publishing-notify")
