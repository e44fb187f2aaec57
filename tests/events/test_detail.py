"""/events/<slug>/: time in the event's zone, speakers, the state, recordings, CSP, JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    RegionFactory,
    RegistrationFactory,
    TopicFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def past_event(**fields):
    start = (timezone.now() - timedelta(days=10)).replace(microsecond=0)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def state_of(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    return re.search(r'class="event-state event-state--(\w+)"', html).group(1)


def jsonld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def test_times_show_in_the_events_own_zone_with_the_zone_named(client):
    start = (timezone.now() + timedelta(days=5)).replace(hour=4, minute=30, second=0, microsecond=0)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(minutes=90))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "09:30–11:00 PKT (UTC+5)" in html
    delhi = EventFactory(
        starts_at=start, ends_at=start + timedelta(hours=1), time_zone="Asia/Kolkata"
    )
    assert "10:00–11:00 IST (UTC+5:30)" in client.get(delhi.get_absolute_url()).content.decode()


def test_speakers_link_to_profiles_and_guests_show_their_affiliation(client):
    expert = PersonFactory(name="Ayesha Khan", role="Senior Fellow")
    event = EventFactory(speakers=[expert])
    event.speakers.create(
        order=1, role="moderator", guest_name="Omar <b>Guest</b>", guest_affiliation="Dawn"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{expert.get_absolute_url()}">Ayesha Khan</a>' in html
    assert "Omar &lt;b&gt;Guest&lt;/b&gt;" in html and "Dawn" in html and "Moderator" in html


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({}, "open"),
        ({"event_status": Event.EventStatus.CANCELLED}, "cancelled"),
        ({"event_status": Event.EventStatus.POSTPONED}, "postponed"),
        ({"registration_mode": Event.RegistrationMode.NONE}, "upcoming"),
        ({"registration_mode": Event.RegistrationMode.INVITATION}, "invitation"),
        ({"registration_mode": Event.RegistrationMode.APPROVAL}, "open"),
        ({"registration_opens_at": "tomorrow"}, "upcoming"),
        ({"registration_closes_at": "an hour ago"}, "closed"),
    ],
)
def test_each_state_is_shown(client, fields, expected):
    now = timezone.now()
    moments = {"tomorrow": now + timedelta(days=1), "an hour ago": now - timedelta(hours=1)}
    if fields.get("registration_closes_at"):
        fields["registration_opens_at"] = now - timedelta(days=2)
    event = EventFactory(**{key: moments.get(value, value) for key, value in fields.items()})
    assert state_of(client, event) == expected


def test_a_full_event_offers_the_waitlist(client):
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    assert state_of(client, event) == "full"


def test_happening_now_and_past(client):
    now = timezone.now()
    live = EventFactory(starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1))
    assert state_of(client, live) == "now"
    assert state_of(client, past_event()) == "past"


def test_an_unlisted_event_is_reachable_by_its_link(client):
    briefing = EventFactory(listed=False, title="Closed briefing")
    response = client.get(briefing.get_absolute_url())
    assert response.status_code == 200 and "Closed briefing" in response.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Event.Status.DRAFT, "published_at": None},
        {"published_at": "tomorrow"},
        {"status": Event.Status.ARCHIVED},
    ],
    ids=["draft", "scheduled", "archived"],
)
def test_unpublished_events_are_404_at_their_page_and_calendar(client, fields):
    fields = {
        k: timezone.now() + timedelta(days=1) if v == "tomorrow" else v for k, v in fields.items()
    }
    event = EventFactory(**fields)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"{event.get_absolute_url()}calendar.ics").status_code == 404


def test_the_stream_link_is_never_shown_to_readers(client):
    event = EventFactory(
        attendance_mode=Event.AttendanceMode.ONLINE,
        venue_name="",
        stream_url="https://zoom.example/j/secret",
    )
    response = client.get(event.get_absolute_url())
    assert "zoom.example" not in response.content.decode()


def test_venue_has_a_plain_map_link_and_subjects_and_related_articles_show(client):
    topic, region = TopicFactory(name="Water security"), RegionFactory(name="South Asia")
    article = ArticleFactory(title="The Indus treaty explained")
    event = EventFactory(
        venue_address="1 Constitution Avenue\nIslamabad",
        map_url="https://www.openstreetmap.org/?mlat=33.7&mlon=73.1",
        topics=[topic],
        regions=[region],
    )
    event.related_articles.set(
        [article, ArticleFactory(status="draft", published_at=None, title="Draft piece")]
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'href="https://www.openstreetmap.org/?mlat=33.7&amp;mlon=73.1"' in html
    assert "1 Constitution Avenue<br>Islamabad" in html
    assert "Water security" in html and "South Asia" in html
    assert "The Indus treaty explained" in html and "Draft piece" not in html


# Afterwards: the recording ------------------------------------------------------------


def test_a_recording_is_a_placeholder_naming_the_host_with_no_iframe(client):
    report = ArticleFactory(title="The launch report")
    event = past_event(
        recording_video_url=YOUTUBE, transcript="<p>Good morning all.</p>", report=report
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    assert f'href="{YOUTUBE}"' in html and "Play the recording from YouTube" in html
    assert "/static/js/video-embed" in html
    assert "Good morning all." in html and "The launch report" in html


def test_an_upcoming_event_shows_no_recording_section(client):
    event = EventFactory(recording_video_url=YOUTUBE)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Play the recording" not in html and "video-embed.js" not in html


def test_the_video_script_is_small_and_csp_clean():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "video-embed.js").read_text()
    assert len(script.encode()) < 5 * 1024
    assert "innerHTML" not in script and "eval(" not in script


def test_audio_plays_in_an_audio_element(client, settings):
    event = past_event()
    Event.objects.filter(pk=event.pk).update(recording_audio="recordings/talk.mp3")
    html = client.get(event.get_absolute_url()).content.decode()
    assert re.search(r'<audio controls preload="none" src="[^"]*recordings/talk.mp3">', html)


def test_frame_src_lists_exactly_the_video_hosts_and_only_on_event_pages(client):
    event = past_event(recording_video_url=YOUTUBE)
    for attempt in ("fresh", "cached"):
        response = client.get(event.get_absolute_url())
        policy = response.headers["Content-Security-Policy"]
        frame_src = re.search(r"frame-src ([^;]*)", policy).group(1).split()
        assert frame_src == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"], (
            attempt
        )
        assert "unsafe-inline" not in policy
    assert response.headers.get("X-Cache") == "hit"
    for other in ("/", "/events/", "/articles/"):
        assert "frame-src" not in client.get(other).headers["Content-Security-Policy"]


# JSON-LD ------------------------------------------------------------------------------


def test_json_ld_describes_the_event_for_search_engines(client):
    start = (timezone.now() + timedelta(days=5)).replace(
        hour=4, minute=30, second=0, microsecond=123
    )
    speaker = PersonFactory(name="Ayesha Khan", photo=image_file())
    event = EventFactory(
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        attendance_mode=Event.AttendanceMode.HYBRID,
        venue_address="1 Constitution Avenue, Islamabad",
        speakers=[speaker],
        hero_image=image_file(),
        hero_alt="The hall",
        stream_url="https://zoom.example/j/secret",
    )
    data = next(
        d for d in jsonld(client.get(event.get_absolute_url())) if d.get("@type") == "Event"
    )
    for key in (
        "name",
        "startDate",
        "endDate",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "organizer",
        "performer",
        "image",
        "description",
        "offers",
    ):
        assert data.get(key), key
    assert data["startDate"].endswith(":30:00+05:00") and data["endDate"].endswith(":00:00+05:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert virtual == {
        "@type": "VirtualLocation",
        "url": f"http://testserver{event.get_absolute_url()}",
    }
    assert data["performer"][0]["name"] == "Ayesha Khan"
    assert data["organizer"]["@type"] == "Organization"
    assert data["offers"]["price"] == 0 and data["offers"]["availability"].endswith("InStock")
    assert "zoom.example" not in json.dumps(data)


def test_json_ld_says_cancelled_and_online_and_survives_hostile_titles(client):
    event = EventFactory(
        title="</script><script>alert(1)</script>",
        event_status=Event.EventStatus.CANCELLED,
        attendance_mode=Event.AttendanceMode.ONLINE,
        venue_name="",
    )
    response = client.get(event.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    data = next(d for d in jsonld(response) if d.get("@type") == "Event")
    assert data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["@type"] == "VirtualLocation"


def test_the_detail_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    people = [PersonFactory(photo=image_file()) for _ in range(3)]
    event = EventFactory(
        speakers=people, topics=TopicFactory.create_batch(3), regions=[RegionFactory()], capacity=50
    )
    event.related_articles.set(ArticleFactory.create_batch(3))
    # With the site's schedule (core/cache/schedule.py), worked out again after any change
    # to it: the moments, the items due and their topics, regions and speakers (5).
    with django_assert_max_num_queries(15):
        response = client.get(event.get_absolute_url())
    assert len(response.context["speakers"]) == 3
