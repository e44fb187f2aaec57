"""The event model: what editors are told, what the database refuses, what readers get."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event, EventSpeaker, Registration
from tests.helpers.factories import EventFactory, PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def errors_of(event):
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    return caught.value.message_dict


# Validation: the admin form shows these messages -------------------------------------


def test_an_end_before_the_start_says_what_to_do():
    event = EventFactory.build()
    event.ends_at = event.starts_at - timedelta(hours=1)
    assert "give the next day's date" in errors_of(event)["ends_at"][0]


def test_a_time_zone_is_required_and_must_be_a_real_one():
    assert "time_zone" in errors_of(EventFactory.build(time_zone=""))
    message = errors_of(EventFactory.build(time_zone="Asia/Atlantis"))["time_zone"][0]
    assert "Asia/Atlantis" in message and "Asia/Karachi" in message


def test_registration_must_close_before_the_end_and_open_before_it_closes():
    event = EventFactory.build()
    event.registration_closes_at = event.ends_at + timedelta(minutes=1)
    assert "registration_closes_at" in errors_of(event)
    event.registration_closes_at = event.starts_at
    event.registration_opens_at = event.starts_at + timedelta(minutes=1)
    assert "registration_opens_at" in errors_of(event)


def test_in_person_needs_a_venue_and_online_has_none():
    assert "venue_name" in errors_of(EventFactory.build(venue_name=""))
    online = EventFactory.build(attendance_mode=Event.AttendanceMode.ONLINE)
    assert "attendance_mode" in errors_of(online)
    online.venue_name = ""
    online.full_clean()


def test_a_valid_event_passes():
    EventFactory.build().full_clean()


# The database refuses what forms would -------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"ends_at": "starts_at"}, id="ends at its start"),
        pytest.param({"registration_closes_at": "after end"}, id="registration after end"),
        pytest.param({"capacity": 0}, id="no seats"),
    ],
)
def test_the_database_refuses_impossible_events(change):
    event = EventFactory()
    values = {
        "starts_at": event.starts_at,
        "after end": event.ends_at + timedelta(hours=1),
    }
    for field, value in change.items():
        setattr(event, field, values.get(value, value))
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


# Querysets ------------------------------------------------------------------------------


def test_listed_leaves_out_unlisted_and_unpublished_events():
    shown = EventFactory()
    EventFactory(listed=False)
    EventFactory(status=Event.Status.DRAFT, published_at=None)
    assert list(Event.objects.listed()) == [shown]


def test_an_unlisted_event_is_still_published():
    briefing = EventFactory(listed=False, kind=Event.Kind.BRIEFING)
    assert list(Event.objects.published()) == [briefing]


def test_upcoming_soonest_first_including_one_under_way_and_past_latest_first():
    now = timezone.now()
    later = EventFactory(
        starts_at=now + timedelta(days=9), ends_at=now + timedelta(days=9, hours=1)
    )
    soon = EventFactory(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=1))
    under_way = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    old = EventFactory(
        starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=9) + timedelta(hours=1)
    )
    recent = EventFactory(starts_at=now - timedelta(days=1), ends_at=now - timedelta(hours=23))
    assert list(Event.objects.listed().upcoming(now)) == [under_way, soon, later]
    assert list(Event.objects.listed().past(now)) == [recent, old]
    after = now + timedelta(hours=2)
    assert under_way in Event.objects.past(after) and under_way not in Event.objects.upcoming(after)


def test_times_are_stored_in_utc_and_shown_in_the_event_zone():
    event = EventFactory(time_zone="Asia/Karachi")
    event.refresh_from_db()
    assert event.starts_at.utcoffset() == timedelta(0)
    assert event.local_starts_at.utcoffset() == timedelta(hours=5)
    assert event.local_starts_at == event.starts_at


# SEQUENCE -------------------------------------------------------------------------------


def test_the_sequence_goes_up_when_the_time_or_place_changes_and_only_then():
    event = Event.objects.get(pk=EventFactory().pk)
    event.summary = "A better summary."
    event.save()
    assert (event.sequence, event.schedule_changed) == (0, False)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()
    assert (event.sequence, event.schedule_changed) == (1, True)
    event.venue_name = "Serena Hotel"
    event.save()
    event.refresh_from_db()
    assert event.sequence == 2
    event.save()
    assert event.sequence == 2


# Recordings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)
def test_a_video_is_kept_as_its_privacy_enhanced_embed_address(pasted, stored):
    event = EventFactory.build(recording_video_url=pasted)
    event.full_clean()
    assert event.recording_video_url == stored


@pytest.mark.parametrize(
    ("pasted", "problem"),
    [
        ("https://evil.example/watch?v=dQw4w9WgXcQ", "YouTube or Vimeo only"),
        ("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "YouTube or Vimeo only"),
        ("javascript://www.youtube.com/%0aalert(1)", "YouTube or Vimeo only"),
        ("https://www.youtube.com/channel/UCxyz", "does not name one video"),
        ("https://vimeo.com/channels/staffpicks", "does not name one video"),
    ],
)
def test_a_video_from_elsewhere_or_not_one_video_is_refused(pasted, problem):
    event = EventFactory.build(recording_video_url=pasted)
    assert problem in " ".join(errors_of(event)["recording_video_url"])


def test_code_saving_a_watch_address_stores_the_embed_address_too():
    event = EventFactory(recording_video_url="https://youtu.be/dQw4w9WgXcQ")
    event.refresh_from_db()
    assert event.recording_video_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


# Speakers -------------------------------------------------------------------------------


def test_a_speaker_is_a_person_or_a_guest_never_both_nor_neither():
    event, person = EventFactory(), PersonFactory()
    with pytest.raises(ValidationError, match="not both"):
        EventSpeaker(event=event, person=person, guest_name="Someone").full_clean()
    with pytest.raises(ValidationError, match="or name a guest"):
        EventSpeaker(event=event).full_clean()
    for fields in ({"person": person, "guest_name": "Someone"}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            EventSpeaker.objects.create(event=event, **fields)


def test_speakers_keep_their_order_and_show_names_and_affiliations():
    person = PersonFactory(name="Dr Ayesha Khan", role="Senior fellow")
    event = EventFactory()
    event.speakers.create(order=2, person=person)
    event.speakers.create(order=1, role="moderator", guest_name="Sam Lee", guest_affiliation="BBC")
    assert [(s.name, s.affiliation) for s in event.speakers.all()] == [
        ("Sam Lee", "BBC"),
        ("Dr Ayesha Khan", "Senior fellow"),
    ]
    assert event.speaker_people == [person]


# Registrations --------------------------------------------------------------------------


def test_one_registration_per_address_per_event_whatever_its_case():
    registration = RegistrationFactory(email="Reader@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, email="reader@example.ORG")
    RegistrationFactory(email="reader@example.org")  # another event: fine


def test_seats_taken_counts_confirmed_registrations_only():
    event = EventFactory(capacity=10)
    for status in Registration.Status.values:
        RegistrationFactory(event=event, status=status, position=1)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    RegistrationFactory(status=Registration.Status.CONFIRMED)  # another event
    assert Registration.objects.seats_taken(event) == 2
    assert Registration.objects.for_event(event).active().count() == 5


def test_the_waitlist_is_first_come_first_served():
    event = EventFactory()
    second = RegistrationFactory(event=event, status="waitlisted", position=2)
    first = RegistrationFactory(event=event, status="waitlisted", position=1)
    assert list(Registration.objects.for_event(event).waitlist()) == [first, second]
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status="waitlisted", position=None)


def test_each_registration_gets_its_own_secret():
    first, second = RegistrationFactory(), RegistrationFactory()
    assert len(first.nonce) >= 20 and first.nonce != second.nonce
