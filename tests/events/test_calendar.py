"""Calendars: the .ics of one event and the subscribable feeds, parsed back with icalendar."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from events.calendar import event_ics
from events.models import Event
from tests.helpers.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


def test_add_to_calendar_gives_the_event_in_its_zone_with_a_stable_uid(client):
    start = (timezone.now() + timedelta(days=5)).replace(hour=4, minute=30, second=0, microsecond=0)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(minutes=90))
    url = f"{event.get_absolute_url()}calendar.ics"
    cal = parse(client.get(url))
    (entry,) = vevents(cal)
    assert str(entry["UID"]) == f"event-{event.pk}@testserver"
    assert entry["DTSTART"].params["TZID"] == "Asia/Karachi"
    assert entry["DTSTART"].dt.strftime("%H:%M") == "09:30"
    assert entry["DTSTART"].dt == start and entry["DTEND"].dt == start + timedelta(minutes=90)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Karachi"]
    assert entry["URL"] == f"http://testserver{event.get_absolute_url()}"
    assert str(entry["SUMMARY"]) == event.title
    assert "attachment" in client.get(url).headers["Content-Disposition"]


def test_the_sequence_goes_up_after_a_time_change_and_the_uid_stays(client):
    event = Event.objects.get(pk=EventFactory().pk)
    url = f"{event.get_absolute_url()}calendar.ics"
    (before,) = vevents(parse(client.get(url)))
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    event.save()
    (after,) = vevents(parse(client.get(url)))
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after["DTSTART"].dt - before["DTSTART"].dt == timedelta(hours=2)


def test_hostile_names_are_escaped_and_cannot_add_properties():
    event = EventFactory(
        title="Panel; with, commas\r\nATTENDEE:mailto:evil@example.org",
        venue_name="Hall\nORGANIZER:evil",
        summary="Line one\r\nBEGIN:VALARM",
    )
    text = event_ics(event)
    assert b"\r\nATTENDEE" not in text and b"\r\nORGANIZER:evil" not in text
    assert b"\r\nBEGIN:VALARM" not in text
    (entry,) = vevents(icalendar.Calendar.from_ical(text))
    assert str(entry["SUMMARY"]) == event.title.replace("\r\n", "\n")
    assert "ATTENDEE" not in entry and "ORGANIZER" not in entry


def test_a_cancelled_event_says_so_to_calendars():
    event = EventFactory(event_status=Event.EventStatus.CANCELLED)
    (entry,) = vevents(icalendar.Calendar.from_ical(event_ics(event)))
    assert entry["STATUS"] == "CANCELLED"


def test_the_calendar_feed_lists_upcoming_listed_events_only(client):
    now = timezone.now()
    shown = EventFactory(title="Upcoming panel", time_zone="Europe/London")
    other = EventFactory(title="Karachi lecture")
    EventFactory(listed=False, title="Unlisted")
    EventFactory(status=Event.Status.DRAFT, published_at=None, title="Draft")
    EventFactory(
        starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3) + timedelta(hours=1)
    )
    cal = parse(client.get("/events/calendar.ics"))
    assert {str(entry["UID"]) for entry in vevents(cal)} == {
        f"event-{shown.pk}@testserver",
        f"event-{other.pk}@testserver",
    }
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == [
        "Asia/Karachi",
        "Europe/London",
    ]


def test_each_topic_has_its_calendar_and_an_unknown_topic_is_404(client):
    topic = TopicFactory()
    on_topic = EventFactory(topics=[topic])
    EventFactory(topics=[TopicFactory()])
    cal = parse(client.get(f"/topics/{topic.slug}/events.ics"))
    assert [str(entry["UID"]) for entry in vevents(cal)] == [f"event-{on_topic.pk}@testserver"]
    assert client.get("/topics/no-such-topic/events.ics").status_code == 404


def test_the_calendar_feed_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    EventFactory.create_batch(10)
    # With the site's schedule (core/cache/schedule.py), worked out again after any change
    # to it: the moments, the items due and their topics, regions and speakers (5).
    with django_assert_max_num_queries(6):
        cal = parse(client.get("/events/calendar.ics"))
    assert len(vevents(cal)) == 10
