from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What every publishable content type shares: its states, its publish and expiry times,
    and the one reader door `published()`. It knows no content: models inherit Publishable."""

    name = "publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from django.db.models.signals import post_delete

        from revisions.models import TrashedItem

        from . import notes, notifications, signals

        post_delete.connect(
            notes.forget_notes_of_deleted_item, sender=TrashedItem, dispatch_uid="publishing-notes"
        )

        # Emails about submitted, published and sent-back work (through the task queue).
        signals.state_changed.connect(notifications.notify, dispatch_uid="publishing-notify")
