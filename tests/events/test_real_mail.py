"""Registration's emails through a real SMTP server (tests/helpers/smtp.py), read as a mail
program reads them, and, in the last test, sent by a real worker process from the queue."""

import icalendar
import pytest
from django.core import mail

from events.models import Event, Registration
from tests.helpers.admin import run_action
from tests.helpers.factories import EventFactory, RegistrationFactory
from tests.helpers.smtp import links, text_part
from tests.helpers.workers import wait_until

HOSTILE = "<b>Bold</b> & <script>alert('x')</script>"


def the_link(message, fragment):
    (found,) = [link for link in links(message) if fragment in link]
    return found


def to(messages, address):
    return [m for m in messages if m["To"] == address]


@pytest.mark.django_db
def test_waitlist_and_promotion_arrive_by_mail(client, register, smtp_sink):
    event = EventFactory(capacity=1, stream_url="https://stream.example.org/live")
    register(event, "first@example.org", name=HOSTILE)
    client.post(the_link(smtp_sink.wait_for(1)[0], "/registration/confirm/"))
    register(event, "second@example.org")
    client.post(the_link(smtp_sink.wait_for(3)[2], "/registration/confirm/"))
    messages = smtp_sink.wait_for(4)

    seated = to(messages, "first@example.org")[-1]
    assert "You are registered" in seated["Subject"]
    assert f"Hello {HOSTILE}," in text_part(seated)  # plain text: shown as typed, never run
    waiting = to(messages, "second@example.org")[-1]
    assert "waitlist" in waiting["Subject"]
    assert "stream.example.org" not in text_part(waiting)

    client.post(the_link(seated, "/cancel/"))
    promoted = to(smtp_sink.wait_for(6), "second@example.org")[-1]
    assert "A seat is yours" in promoted["Subject"]
    assert "Join online: https://stream.example.org/live" in text_part(promoted)
    assert Registration.objects.get(email="second@example.org").status == "confirmed"
    assert len(mail.outbox) == 0  # all of it went through the SMTP server


@pytest.mark.django_db
def test_approval_and_decline_arrive_by_mail(editor_client, smtp_sink):
    event = EventFactory(registration_mode=Event.RegistrationMode.APPROVAL, capacity=10)
    yes = RegistrationFactory(event=event, status="pending_approval", position=1)
    no = RegistrationFactory(event=event, status="pending_approval", position=2)
    run_action(editor_client, "approve", [yes], url="/admin/events/registration/")
    run_action(editor_client, "decline", [no], url="/admin/events/registration/")
    messages = smtp_sink.wait_for(2)
    assert "approved" in to(messages, yes.email)[0]["Subject"]
    assert "cannot offer you a place" in text_part(to(messages, no.email)[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("task_queue")
def test_a_worker_sends_the_confirmation_and_the_ics(client, register, smtp_sink, processes):
    event = EventFactory(capacity=5)
    register(event, "reader@example.org")
    assert not smtp_sink.messages  # queued, not sent by the request
    processes("run_worker", "--interval", "0.1", "--no-startup-delay", **smtp_sink.environment())
    confirm = the_link(smtp_sink.wait_for(1, timeout=60)[0], "/registration/confirm/")
    client.post(confirm)
    registered = smtp_sink.wait_for(2, timeout=60)[1]
    assert "You are registered" in registered["Subject"]
    [part] = [p for p in registered.iter_attachments() if p.get_content_type() == "text/calendar"]
    [component] = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert component["UID"] == f"event-{event.pk}@testserver"
    wait_until(lambda: Registration.objects.filter(status="confirmed").exists())
