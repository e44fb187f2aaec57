"""The events' background jobs: reminders, notices of changes, and forgetting registrants.

Registered with the scheduler in apps.py (reminders every five minutes, retention daily).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from . import emails
from .models import Event, Invitation, Registration, ReminderSent

# How long before the start each reminder goes out, and until when it still makes sense.
REMINDERS = {
    ReminderSent.Kind.DAY: (timedelta(hours=24), timedelta(hours=1)),
    ReminderSent.Kind.HOUR: (timedelta(hours=1), timedelta(0)),
}


@task
def send_reminders():
    """Remind confirmed registrants 24 hours and 1 hour before the start.

    It reads each event's start time as it is now, so a moved event is reminded of at its
    new time, never the old one; each reminder sent is recorded with the start time it was
    for, so none goes out twice.
    """
    now = timezone.now()
    sent = 0
    for kind, (before, until) in REMINDERS.items():
        events = Event.objects.published().filter(
            event_status=Event.EventStatus.SCHEDULED,
            starts_at__lte=now + before,
            starts_at__gt=now + until,
        )
        for event in events:
            sent += _remind(event, kind)
    return sent


def _remind(event, kind):
    sent = 0
    registrants = (
        Registration.objects.for_event(event)
        .holding_seats()
        .exclude(reminders__kind=kind, reminders__starts_at=event.starts_at)
    )
    for registration in registrants.select_related("event"):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    registration=registration, kind=kind, starts_at=event.starts_at
                )
                emails.send_reminder(registration, kind)
        except IntegrityError:
            continue  # another run sent this one
        sent += 1
    return sent


@task
def send_notices(event_id, kind):
    """Tell everyone holding or hoping for a seat that the event moved ("rescheduled") or
    will not take place ("event-cancelled")."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.is_over():
        return 0
    told = Registration.objects.for_event(event).filter(
        status__in=[
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
            Registration.Status.PENDING_APPROVAL,
        ]
    )
    count = 0
    for registration in told.select_related("event"):
        emails.send_notice(registration, kind)
        count += 1
    return count


@task
def forget_registrants():
    """Delete registrants' personal data EVENT_REGISTRATION_RETENTION_DAYS after their event
    ended: registrations (their reminders with them) and invitations."""
    cutoff = timezone.now() - timedelta(days=settings.EVENT_REGISTRATION_RETENTION_DAYS)
    registrations, _ = Registration.objects.filter(event__ends_at__lt=cutoff).delete()
    invitations, _ = Invitation.objects.filter(event__ends_at__lt=cutoff).delete()
    return registrations + invitations
