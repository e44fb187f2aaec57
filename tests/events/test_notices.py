"""Reminders, and notices when an event moves or is cancelled, received by a real SMTP server
(tests/helpers/smtp.py) and read as a mail program reads them; the .ics parsed back."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from events.models import Event, ReminderSent
from events.tasks import forget_registrants, send_reminders
from tests.helpers.factories import EventFactory, RegistrationFactory
from tests.helpers.forms import form_data
from tests.helpers.smtp import text_part

pytestmark = pytest.mark.django_db

EVENTS = "/admin/events/event/"
HOSTILE = 'Evil "Name"\r\nBcc: victim@example.org <script>alert(1)</script>'


def calendar_of(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def vevent(message):
    [component] = calendar_of(message).walk("VEVENT")
    return component


@pytest.fixture
def event(db):
    start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    return EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        attendance_mode=Event.AttendanceMode.HYBRID,
        stream_url="https://stream.example.org/live",
    )


def edit(editor_client, event, **changes):
    page = editor_client.get(f"{EVENTS}{event.pk}/change/")
    response = editor_client.post(f"{EVENTS}{event.pk}/change/", form_data(page, **changes))
    assert response.status_code == 302, response.context["errors"]
    event.refresh_from_db()


def test_reminders_go_out_a_day_and_an_hour_before_and_never_twice(event, smtp_sink, time_machine):
    seated = RegistrationFactory(event=event, email="seated@example.org")
    RegistrationFactory(event=event, status="waitlisted", position=1)

    time_machine.move_to(event.starts_at - timedelta(hours=30), tick=False)
    assert send_reminders.call() == 0
    time_machine.move_to(event.starts_at - timedelta(hours=23, minutes=58), tick=False)
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0  # recorded: not again
    time_machine.move_to(event.starts_at - timedelta(minutes=58), tick=False)
    assert send_reminders.call() == 1

    day, hour = smtp_sink.wait_for(2)
    assert day["To"] == hour["To"] == "seated@example.org"
    assert day["Subject"].startswith("Tomorrow") and "in an hour" in hour["Subject"]
    assert "Join online: https://stream.example.org/live" in text_part(hour)
    assert "/cancel/" in text_part(day)
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"day", "hour"}
    assert seated.reminders.count() == 2


def test_a_moved_event_is_reminded_of_at_its_new_time_only(
    event, editor_client, smtp_sink, time_machine
):
    RegistrationFactory(event=event, email="seated@example.org")
    old_start = event.starts_at
    # Moved two days later; local times as the editor types them.
    new_start = timezone.localtime(old_start + timedelta(days=2), event.zone)
    new_end = new_start + timedelta(hours=2)
    edit(
        editor_client,
        event,
        starts_at_0=new_start.strftime("%Y-%m-%d"),
        starts_at_1=new_start.strftime("%H:%M:%S"),
        ends_at_0=new_end.strftime("%Y-%m-%d"),
        ends_at_1=new_end.strftime("%H:%M:%S"),
    )
    assert event.starts_at == old_start + timedelta(days=2)
    smtp_sink.wait_for(1)  # the notice of the change

    time_machine.move_to(old_start - timedelta(hours=23), tick=False)
    assert send_reminders.call() == 0
    time_machine.move_to(old_start - timedelta(minutes=30), tick=False)
    assert send_reminders.call() == 0
    time_machine.move_to(event.starts_at - timedelta(hours=23), tick=False)
    assert send_reminders.call() == 1
    messages = smtp_sink.wait_for(2)
    assert messages[-1]["Subject"].startswith("Tomorrow")
    assert new_start.strftime("%H:%M") in text_part(messages[-1])


def test_a_change_of_time_or_place_sends_a_notice_with_a_fresh_ics(event, editor_client, smtp_sink):
    RegistrationFactory(event=event, email="seated@example.org", name=HOSTILE)
    RegistrationFactory(event=event, email="waiting@example.org", status="waitlisted", position=1)
    RegistrationFactory(event=event, email="gone@example.org", status="cancelled")
    edit(editor_client, event, venue_name="Serena Hotel, Islamabad")
    assert event.sequence == 1

    messages = smtp_sink.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["seated@example.org", "waiting@example.org"]
    seated = next(m for m in messages if m["To"] == "seated@example.org")
    assert "Changed time or place" in seated["Subject"]
    assert "Where: Serena Hotel, Islamabad" in text_part(seated)
    assert seated["Bcc"] is None  # a hostile name cannot add headers
    component = vevent(seated)
    assert component["UID"] == f"event-{event.pk}@testserver"
    assert component["SEQUENCE"] == 1
    assert component["LOCATION"] == "Serena Hotel, Islamabad and online"  # a hybrid event
    assert component["DTSTART"].params["TZID"] == "Asia/Karachi"
    assert component.decoded("DTSTART") == event.local_starts_at
    assert "stream.example.org" in component["DESCRIPTION"]
    waiting = next(m for m in messages if m["To"] == "waiting@example.org")
    assert "stream.example.org" not in text_part(waiting)
    assert "stream.example.org" not in vevent(waiting)["DESCRIPTION"]

    # A save that changes neither time nor place sends nothing.
    edit(editor_client, event, summary="A new summary.")
    assert len(smtp_sink.messages) == 2


def test_cancelling_the_event_tells_registrants_and_cancels_their_calendar_entry(
    event, editor_client, smtp_sink
):
    RegistrationFactory(event=event, email="seated@example.org")
    edit(editor_client, event, event_status="cancelled")
    [message] = smtp_sink.wait_for(1)
    assert message["Subject"].startswith("Cancelled:")
    assert "will not take place" in text_part(message)
    assert "stream.example.org" not in text_part(message)
    assert vevent(message)["STATUS"] == "CANCELLED"
    # Saving it again, still cancelled, says nothing more.
    edit(editor_client, event, summary="Cancelled, sadly.")
    assert len(smtp_sink.messages) == 1


def test_registrants_are_forgotten_the_set_number_of_days_after_the_event(settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    now = timezone.now()
    old = EventFactory(starts_at=now - timedelta(days=32), ends_at=now - timedelta(days=31))
    recent = EventFactory(starts_at=now - timedelta(days=29), ends_at=now - timedelta(days=28))
    RegistrationFactory(event=old)
    old.invitations.create(email="invitee@example.org")
    kept = RegistrationFactory(event=recent)
    assert forget_registrants.call() == 2
    assert list(old.registrations.all()) == [] and not old.invitations.exists()
    assert list(recent.registrations.all()) == [kept]
    Event.objects.get(pk=old.pk)  # the event itself stays


def test_the_retention_default_is_90_days_from_the_environment(monkeypatch):
    import importlib

    from thinktank import settings_events

    monkeypatch.delenv("EVENT_REGISTRATION_RETENTION_DAYS", raising=False)
    assert importlib.reload(settings_events).EVENT_REGISTRATION_RETENTION_DAYS == 90
    monkeypatch.setenv("EVENT_REGISTRATION_RETENTION_DAYS", "14")
    assert importlib.reload(settings_events).EVENT_REGISTRATION_RETENTION_DAYS == 14
    monkeypatch.delenv("EVENT_REGISTRATION_RETENTION_DAYS")
    importlib.reload(settings_events)


def test_the_jobs_are_on_the_scheduler():
    from tasks import schedule

    jobs = schedule.jobs()
    assert jobs["events.send_reminders"].task is send_reminders
    assert jobs["events.forget_registrants"].task is forget_registrants
