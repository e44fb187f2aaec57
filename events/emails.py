"""Emails to registrants and invitees. Each names the event in its own time zone and
carries the registrant's own page, with its one-click cancel button.

They are written with the site's address (SITE_URL), since a worker sends some without a
request, and leave through the task queue: `enqueue_email`, or, for those with a calendar
file attached, `send_with_calendar`, which builds the .ics when it runs, so it describes
the event as it is then. Plain text, so a hostile name or title stays text.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from tasks.email import enqueue_email, message_from_data, message_to_data
from tasks.retry import retrying_mail

from .calendar import event_ics
from .tokens import confirmation_token, invitation_token, manage_token

SUBJECTS = {
    "confirm": "Confirm your registration: {title}",
    "already": "Your registration: {title}",
    "received": "Request received: {title}",
    "confirmed": "You are registered: {title}",
    "waitlisted": "You are on the waitlist: {title}",
    "promoted": "A seat is yours: {title}",
    "approved": "Your registration is approved: {title}",
    "declined": "Your registration request: {title}",
    "cancelled": "Registration cancelled: {title}",
    "reminder-day": "Tomorrow: {title}",
    "reminder-hour": "Starting in an hour: {title}",
    "rescheduled": "Changed time or place: {title}",
    "event-cancelled": "Cancelled: {title}",
    "invitation": "Invitation: {title}",
}
# These carry the event's .ics, so the registrant's calendar has it right.
WITH_CALENDAR = {"confirmed", "promoted", "approved", "rescheduled", "event-cancelled"}


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def manage_url(registration):
    return absolute(reverse("events:registration", kwargs={"token": manage_token(registration)}))


def cancel_url(registration):
    token = manage_token(registration)
    return absolute(reverse("events:cancel-registration", kwargs={"token": token}))


def _message(kind, to, context):
    event = context["event"]
    context = {
        "site_name": settings.SITE_NAME,
        "kind": kind,
        "event_url": absolute(event.get_absolute_url()),
        **context,
    }
    subject = SUBJECTS[kind].format(title=event.title)
    return EmailMessage(
        # One line, whatever the title holds: a header cannot carry a line break.
        subject=" ".join(subject.split()),
        body=render_to_string("events/email/registrant.txt", context),
        to=[to],
    )


def _send(kind, registration, **extra):
    event = registration.event
    seated = registration.status in registration.SEAT_STATUSES
    context = {
        "event": event,
        "registration": registration,
        # The stream link is for confirmed registrants only.
        "stream_url": event.stream_url if seated and not event.is_cancelled else "",
        "manage_url": manage_url(registration),
        "cancel_url": cancel_url(registration),
        **extra,
    }
    message = _message(kind, registration.email, context)
    if kind in WITH_CALENDAR:
        send_with_calendar.enqueue(message_to_data(message), event.pk, seated)
    else:
        enqueue_email(message)


def send_confirmation(registration):
    path = reverse("events:confirm", kwargs={"token": confirmation_token(registration)})
    _send("confirm", registration, confirm_url=absolute(path), days=settings.EVENT_CONFIRM_DAYS)


def send_already_registered(registration):
    _send("already", registration)


def send_status(registration, kind):
    _send(kind, registration)


def send_reminder(registration, kind):
    _send(f"reminder-{kind}", registration)


def send_notice(registration, kind):
    """ "rescheduled" or "event-cancelled", to someone holding or hoping for a seat."""
    _send(kind, registration)


def send_invitation(invitation):
    event = invitation.event
    path = reverse(
        "events:register-invited",
        kwargs={"slug": event.slug, "invitation": invitation_token(invitation)},
    )
    context = {"event": event, "invitation_url": absolute(path)}
    enqueue_email(_message("invitation", invitation.email, context))


@task(queue_name="email")
@retrying_mail
def send_with_calendar(data, event_id, with_stream):
    """Send a queued message with the event's .ics as it is now (tasks/email.py explains
    why attachments are added here). An event deleted meanwhile: the message alone."""
    from .models import Event

    message = message_from_data(data)
    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        stream = event.stream_url if with_stream else ""
        message.attach("event.ics", event_ics(event, stream_url=stream), "text/calendar")
    message.send()
    return {"to": len(message.recipients())}
