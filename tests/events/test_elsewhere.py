"""Events beyond their own pages: feed, sitemap, topic/region/person hubs and the home strip.

Every one shows listed events only; an unlisted or unpublished one never appears.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from tests.helpers.factories import EventFactory, PersonFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects():
    return {"topic": TopicFactory(), "region": RegionFactory(), "person": PersonFactory()}


@pytest.fixture
def events(subjects):
    def make(title, **fields):
        event = EventFactory(
            title=title, topics=[subjects["topic"]], speakers=[subjects["person"]], **fields
        )
        event.regions.set([subjects["region"]])
        return event

    return {
        "listed": make("Listed panel"),
        "unlisted": make("Unlisted briefing", listed=False),
        "draft": make("Draft panel", status=Event.Status.DRAFT, published_at=None),
        "scheduled": make("Scheduled panel", published_at=timezone.now() + timedelta(days=1)),
    }


def pages(subjects):
    return {
        "feed (RSS)": "/feeds/events.rss",
        "feed (Atom)": "/feeds/events.atom",
        "sitemap": "/sitemap-events.xml",
        "topic page": subjects["topic"].get_absolute_url(),
        "region page": subjects["region"].get_absolute_url(),
        "person page": subjects["person"].get_absolute_url(),
        "home": "/",
        "events list": "/events/",
        "calendar": "/events/calendar.ics",
        "topic calendar": f"/topics/{subjects['topic'].slug}/events.ics",
    }


def test_listed_events_appear_everywhere_and_hidden_ones_nowhere(client, subjects, events):
    for name, url in pages(subjects).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.content.decode()
        shown = events["listed"]
        marker = f"event-{shown.pk}@" if url.endswith(".ics") else shown.get_absolute_url()
        assert marker in text, name
        for hidden in ("unlisted", "draft", "scheduled"):
            event = events[hidden]
            assert event.get_absolute_url() not in text, (name, hidden)
            assert f"event-{event.pk}@" not in text, (name, hidden)


def test_the_unlisted_event_is_still_reachable_by_its_link(client, events):
    for url in (
        events["unlisted"].get_absolute_url(),
        f"/events/{events['unlisted'].slug}/calendar.ics",
    ):
        assert client.get(url).status_code == 200


def test_the_events_feed_is_linked_from_the_events_pages(client, events):
    for url in ("/events/", events["listed"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'type="application/rss+xml" title="Events (RSS)" href="/feeds/events.rss"' in html
        assert 'href="/feeds/events.atom"' in html


def test_the_events_list_is_in_the_sitemaps_pages(client):
    assert "/events/" in client.get("/sitemap-pages.xml").content.decode()


def test_hubs_list_upcoming_events_soonest_first_then_past_ones(client, subjects):
    now = timezone.now()

    def at(title, days):
        start = now + timedelta(days=days)
        return EventFactory(
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            topics=[subjects["topic"]],
        )

    at("Long ago", -90), at("Next month", 30), at("Last week", -7), at("Tomorrow", 1)
    html = client.get(subjects["topic"].get_absolute_url()).content.decode()
    positions = [html.index(title) for title in ("Tomorrow", "Next month", "Last week", "Long ago")]
    assert positions == sorted(positions)


def test_the_home_strip_shows_the_next_three_upcoming_events(client):
    now = timezone.now()
    for days in (1, 2, 3, 4):
        start = now + timedelta(days=days)
        EventFactory(title=f"In {days} days", starts_at=start, ends_at=start + timedelta(hours=1))
    EventFactory(
        title="Yesterday's", starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=23)
    )
    html = client.get("/").content.decode()
    assert "Upcoming events" in html
    assert all(f"In {days} days" in html for days in (1, 2, 3))
    assert "In 4 days" not in html and "Yesterday's" not in html


def test_hubs_and_home_cost_a_bounded_number_of_queries(
    client, subjects, django_assert_max_num_queries
):
    EventFactory.create_batch(6, topics=[subjects["topic"]], speakers=[subjects["person"]])
    client.get("/")  # warm the cached boxes that are not ours
    with django_assert_max_num_queries(12):
        client.get(subjects["topic"].get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(subjects["person"].get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get("/")


def test_search_finds_listed_events_only(client):
    EventFactory(title="Monsoon floods roundtable", summary="Water and the monsoon.")
    EventFactory(title="Monsoon closed briefing", listed=False)
    EventFactory(title="Monsoon draft panel", status=Event.Status.DRAFT, published_at=None)
    for query in ("q=monsoon&type=event", "q=monsoon"):
        html = client.get(f"/search/?{query}").content.decode()
        assert "Monsoon floods roundtable" in html, query
        assert "closed briefing" not in html and "draft panel" not in html, query
