"""Image renditions are made by a worker, not in the request that uploaded the image."""

from django.apps import apps
from django.tasks import task

from core.cache import bump, object_tag


@task(queue_name="images")
def make_renditions(model_label, pk):
    """Bring the renditions of one saved object's images up to date.

    Works from the row as it is when the task runs, so a task queued for an image that has
    been replaced since makes the newest one's, and a later task finds nothing to do.
    Returns the records it changed, by field name.
    """
    model = apps.get_model(model_label)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:  # deleted meanwhile
        return {}
    changed = {name: getattr(obj, name) for name in obj.refresh_renditions()}
    if changed:
        # A queryset update: the row's own timestamps stay as the editor left them.
        model._base_manager.filter(pk=pk).update(**changed)
        bump(object_tag(obj))  # pages showing the original now get the renditions, once
    return changed
