"""Registrants hear when their event moves or is cancelled, however the event was saved
(the admin, the workflow, a restored revision): the events app listens to its own model's
saves, so the publishing core needs to know nothing about registrants."""

from django.db.models.signals import post_save, pre_save

from .models import Event


def remember_status(sender, instance, raw=False, **kwargs):
    stored = None
    if instance.pk and not raw:
        stored = Event.objects.filter(pk=instance.pk).values_list("event_status", flat=True)
        stored = stored.first()
    instance._stored_event_status = stored


def send_notices(sender, instance, created, raw=False, **kwargs):
    from .tasks import send_notices as notices_task

    if created or raw or instance.is_over():
        return
    before = getattr(instance, "_stored_event_status", None)
    if instance.is_cancelled and before not in (None, Event.EventStatus.CANCELLED):
        notices_task.enqueue(instance.pk, "event-cancelled")
    elif getattr(instance, "schedule_changed", False) and not instance.is_cancelled:
        notices_task.enqueue(instance.pk, "rescheduled")


def connect():
    pre_save.connect(remember_status, sender=Event, dispatch_uid="events.remember_status")
    post_save.connect(send_notices, sender=Event, dispatch_uid="events.send_notices")
