"""The demo's events: three upcoming, three past, hybrid, recorded, full with a waitlist."""

import pytest
from django.core.management import call_command

from events.display import FULL, event_state
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_three_upcoming_and_three_past_one_of_each_hybrid(demo):
    listed = Event.objects.listed()
    upcoming, past = list(listed.upcoming()), list(listed.past())
    assert (len(upcoming), len(past)) == (3, 3)
    hybrid = Event.AttendanceMode.HYBRID
    assert sum(e.attendance_mode == hybrid for e in upcoming) == 1
    assert sum(e.attendance_mode == hybrid for e in past) == 1


def test_one_past_event_has_a_recording_transcript_and_report(demo, client):
    event = Event.objects.get(slug="pakistan-libya-defence-ties-panel")
    assert event.recording_video_url.startswith("https://www.youtube-nocookie.com/embed/")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Play the recording from YouTube" in html and "<iframe" not in html
    assert "Transcript" in html and "/articles/pakistan-libya-defence-ties/" in html


def test_one_upcoming_event_is_full_with_a_waitlist(demo, client):
    event = Event.objects.get(slug="indus-water-climate-roundtable")
    registrations = Registration.objects.for_event(event)
    assert registrations.seats_taken() == event.capacity
    assert registrations.waitlist().count() == 2
    assert event_state(event) == FULL
    assert "Full: join the waitlist" in client.get(event.get_absolute_url()).content.decode()


def test_events_are_linked_to_demo_experts_and_topics(demo, client):
    for event in Event.objects.all():
        assert event.speakers.exclude(person=None).exists(), event
        assert event.topics.exists(), event
    assert "maritime security outlook" in client.get("/people/amina-rahman/").content.decode()
    assert "/events/" in client.get("/").content.decode()


def test_loading_twice_adds_no_events_or_registrations(demo):
    counts = Event.objects.count(), Registration.objects.count()
    call_command("load_demo", verbosity=0)
    assert (Event.objects.count(), Registration.objects.count()) == counts


def test_the_events_pages_show_demo_content(demo, client):
    html = client.get("/events/").content.decode()
    assert "No upcoming events" not in html and "No past events" not in html
