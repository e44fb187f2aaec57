"""Editorial notes outlive the trash, not the item: they go with a permanent delete."""

from .models import EditorialNote


def forget_notes_of_deleted_item(sender, instance, **kwargs):
    """A TrashedItem is gone: restored (its item is back, notes stay) or deleted for good."""
    model = instance.content_type.model_class()
    object_id = str(instance.object_id)
    if model is None or not object_id.isdigit():
        return
    if not model._default_manager.filter(pk=object_id).exists():
        EditorialNote.objects.filter(
            content_type=instance.content_type, object_id=int(object_id)
        ).delete()
