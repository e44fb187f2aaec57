"""Readers register for events through the real form, and confirm, check and cancel from
their emails (Django's outbox; tests/events/test_real_mail.py uses a real SMTP server)."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, Registration
from tests.helpers.factories import EventFactory, RegistrationFactory

from .conftest import link

pytestmark = pytest.mark.django_db


def confirm_from(client, message):
    return client.post(link(message, "confirm"), follow=True)


def test_register_confirm_and_cancel(client, register):
    event = EventFactory(capacity=10, stream_url="https://stream.example.org/live")
    response = register(event)
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/register/check-your-inbox/"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING_CONFIRMATION

    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Confirm your registration" in message.subject
    assert "stream.example.org" not in message.body  # not before a seat is held
    confirm = link(message, "confirm")
    assert "Confirm my registration" in client.get(confirm).content.decode()
    assert Registration.objects.get().status == Registration.Status.PENDING_CONFIRMATION

    page = client.post(confirm, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "You are registered" in html
    assert "https://stream.example.org/live" in html
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    confirmed = mail.outbox[-1]
    assert "You are registered" in confirmed.subject
    assert "Join online: https://stream.example.org/live" in confirmed.body
    [(name, ics, mimetype)] = confirmed.attachments
    assert (name, mimetype) == ("event.ics", "text/calendar")
    [component] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert component["UID"] == f"event-{event.pk}@testserver"
    # The registrant's own calendar entry may carry the stream link.
    assert "https://stream.example.org/live" in component["DESCRIPTION"]

    # Confirming twice changes nothing and sends nothing more.
    client.post(confirm)
    assert len(mail.outbox) == 2

    cancel = link(confirmed, "cancel")
    assert "<button" in client.get(cancel).content.decode()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    done = client.post(cancel)
    assert "is cancelled" in done.content.decode()
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert "Registration cancelled" in mail.outbox[-1].subject


def test_every_registrant_email_carries_a_cancel_link(client, register):
    event = EventFactory(capacity=1)
    register(event)
    confirm_from(client, mail.outbox[0])
    for message in mail.outbox:
        assert link(message, "cancel")


def test_the_same_address_twice_resends_instead_of_failing(client, register):
    event = EventFactory()
    register(event, "reader@example.org")
    response = register(event, "READER@example.org ")
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "Confirm your registration" in mail.outbox[1].subject  # a fresh confirmation link

    confirm_from(client, mail.outbox[1])
    register(event, "reader@example.org")
    assert Registration.objects.count() == 1
    assert "already registered" in mail.outbox[-1].body


def test_someone_who_cancelled_registers_again_on_their_row(client, register):
    event = EventFactory()
    register(event)
    confirm_from(client, mail.outbox[0])
    old_cancel = link(mail.outbox[-1], "cancel")
    client.post(old_cancel)
    register(event, affiliation="New affiliation")
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING_CONFIRMATION
    assert registration.affiliation == "New affiliation"
    # The old links belong to the cancelled registration and no longer work.
    assert client.post(old_cancel).status_code == 404
    confirm_from(client, mail.outbox[-1])
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_a_full_event_offers_the_waitlist_and_promotes_the_first_waiting(client, register):
    event = EventFactory(capacity=1, stream_url="https://stream.example.org/x")
    seated = RegistrationFactory(event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Join the waitlist" in page

    register(event, "first@example.org")
    confirm_from(client, mail.outbox[-1])
    register(event, "second@example.org")
    confirm_from(client, mail.outbox[-1])
    first = Registration.objects.get(email="first@example.org")
    assert first.status == Registration.Status.WAITLISTED
    assert "on the waitlist" in mail.outbox[-3].subject
    assert "stream.example.org" not in mail.outbox[-3].body

    mail.outbox.clear()
    from events import registration as service

    service.cancel(seated)
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    second = Registration.objects.get(email="second@example.org")
    assert second.status == Registration.Status.WAITLISTED
    promoted = [m for m in mail.outbox if m.to == ["first@example.org"]]
    assert "A seat is yours" in promoted[0].subject
    assert "https://stream.example.org/x" in promoted[0].body


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"event_status": Event.EventStatus.CANCELLED}, "is cancelled"),
        ({"event_status": Event.EventStatus.POSTPONED}, "postponed"),
        ({"registration_mode": Event.RegistrationMode.NONE, "capacity": None}, "no registration"),
        ({"registration_closes_at": "past"}, "closed"),
        ({"starts_at": "past"}, "already taken place"),
    ],
)
def test_registering_for_an_event_not_taking_registrations_says_why(client, change, says):
    event = EventFactory()
    now = timezone.now()
    if change.get("registration_closes_at") == "past":
        change = {"registration_closes_at": now - timedelta(hours=1)}
    if change.get("starts_at") == "past":
        change = {"starts_at": now - timedelta(days=2), "ends_at": now - timedelta(days=1)}
    Event.objects.filter(pk=event.pk).update(**change)
    url = f"/events/{event.slug}/register/"
    for response in (client.get(url), client.post(url, {"name": "x", "email": "x@example.org"})):
        assert response.status_code == 200
        assert says in response.content.decode().lower()
    assert not Registration.objects.exists()


def test_drafts_have_no_registration(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/events/{event.slug}/register/").status_code == 404


def test_bots_get_the_same_answer_and_nothing_is_stored(register):
    event = EventFactory()
    assert register(event, website="http://spam.example").status_code == 302
    assert register(event, "quick@example.org", wait=0).status_code == 302
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_registrations_per_client_address_are_limited(register, settings):
    settings.EVENT_REGISTRATIONS_PER_IP_PER_HOUR = 2
    event = EventFactory()
    register(event, "a@example.org")
    register(event, "b@example.org")
    assert register(event, "c@example.org").status_code == 429
    assert Registration.objects.count() == 2


def test_bad_links_are_clear_pages(client):
    assert client.get("/events/registration/confirm/nonsense/").status_code == 400
    assert client.get("/events/registration/1.abc:forged/").status_code == 404
    assert client.post("/events/registration/1.abc:forged/cancel/").status_code == 404


def test_an_unlisted_event_takes_registrations_through_its_link(client, register):
    event = EventFactory(listed=False)
    assert 'name="email"' in client.get(f"/events/{event.slug}/register/").content.decode()
    register(event)
    confirm_from(client, mail.outbox[0])
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
