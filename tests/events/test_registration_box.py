"""The event page's registration box says what a reader can do, and changes on time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import registration
from events.models import Event
from tests.helpers.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "says", "link"),
    [
        ({}, "Registration is open", "Register"),
        ({"capacity": 1, "_full": True}, "This event is full", "Join the waitlist"),
        ({"registration_mode": "approval"}, "send a request", "Request a place"),
        ({"registration_mode": "invitation"}, "by invitation only", None),
        ({"registration_mode": "none"}, "No registration is needed", None),
        ({"event_status": "cancelled"}, "This event is cancelled", None),
        ({"event_status": "postponed"}, "This event is postponed", None),
        ({"_closed": True}, "Registration is closed", None),
        ({"_later": True}, "Registration opens on", None),
    ],
)
def test_the_box_says_the_state_and_links_the_form_only_when_it_takes_registrations(
    client, fields, says, link
):
    full = fields.pop("_full", False)
    closed = fields.pop("_closed", False)
    later = fields.pop("_later", False)
    now = timezone.now()
    if closed:
        fields["registration_closes_at"] = now - timedelta(minutes=1)
    if later:
        fields["registration_opens_at"] = now + timedelta(days=1)
    event = EventFactory(**fields)
    if full:
        RegistrationFactory(event=event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert says in html
    form = f'href="/events/{event.slug}/register/"'
    assert (form in html) == bool(link)
    if link:
        assert f">{link}</a>" in html


def test_a_past_event_says_it_has_taken_place():
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    assert registration.state(event) == "past"


def test_cached_pages_are_retired_when_registration_opens_or_closes():
    now = timezone.now()
    opens = now + timedelta(hours=2)
    event = EventFactory(registration_opens_at=opens, registration_closes_at=opens + timedelta(1))
    assert registration.next_state_change(now) == opens
    assert registration.next_state_change(opens) == event.registration_closes_at
    assert registration.next_state_change(event.registration_closes_at) == event.starts_at
    # An event without registration still changes by the clock: it starts, then ends.
    other = EventFactory(registration_mode=Event.RegistrationMode.NONE, starts_at=opens)
    assert registration.next_state_change(now) == other.starts_at
