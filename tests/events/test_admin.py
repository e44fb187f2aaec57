"""Editors make events in the admin; contributors cannot; mistakes are form errors."""

from datetime import UTC, datetime

import pytest

from audit.models import AuditEvent
from events.models import Event
from revisions.models import Revision
from tests.helpers.factories import EventFactory, PersonFactory
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db

EVENTS = "/admin/events/event/"


def filled(page, **changes):
    """The add form as an editor fills it in: a panel on 1 March, 09:30–11:00 Karachi."""
    fields = {
        "title": "Pakistan's economy after the IMF programme",
        "slug": "economy-after-imf",
        "kind": "panel",
        "summary": "Three economists on what comes next.",
        "description": "<p>A panel.</p>",
        "starts_at_0": "2030-03-01",
        "starts_at_1": "09:30:00",
        "ends_at_0": "2030-03-01",
        "ends_at_1": "11:00:00",
        "time_zone": "Asia/Karachi",
        "attendance_mode": "hybrid",
        "venue_name": "Serena Hotel, Islamabad",
    }
    return form_data(page, **(fields | changes))


def test_an_editor_creates_an_event_with_speakers_in_order(editor_client):
    person = PersonFactory(name="Dr Ayesha Khan")
    page = editor_client.get(f"{EVENTS}add/")
    assert page.status_code == 200
    data = filled(page)
    data.update(
        {
            "speakers-TOTAL_FORMS": "2",
            "speakers-0-order": "2",
            "speakers-0-role": "speaker",
            "speakers-0-person": str(person.pk),
            "speakers-1-order": "1",
            "speakers-1-role": "moderator",
            "speakers-1-guest_name": "Sam Lee",
            "speakers-1-guest_affiliation": "BBC Urdu",
        }
    )
    response = editor_client.post(f"{EVENTS}add/", data)
    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get(slug="economy-after-imf")
    assert [speaker.name for speaker in event.speakers.all()] == ["Sam Lee", "Dr Ayesha Khan"]
    assert event.time_zone == "Asia/Karachi" and event.status == Event.Status.DRAFT
    assert Revision.objects.for_object(event).count() == 1  # saved through the workflow


def test_times_are_typed_as_the_event_clock_shows_them_and_stored_in_utc(editor_client):
    page = editor_client.get(f"{EVENTS}add/")
    assert editor_client.post(f"{EVENTS}add/", filled(page)).status_code == 302
    event = Event.objects.get()
    assert event.starts_at == datetime(2030, 3, 1, 4, 30, tzinfo=UTC)  # 09:30 in Karachi
    assert event.ends_at == datetime(2030, 3, 1, 6, 0, tzinfo=UTC)
    change = editor_client.get(f"{EVENTS}{event.pk}/change/")
    assert form_data(change)["starts_at_1"] == "09:30:00"


def test_a_time_the_clocks_skip_in_the_event_zone_is_a_form_error(editor_client):
    page = editor_client.get(f"{EVENTS}add/")
    # London's clocks go from 01:00 to 02:00 on 31 March 2030.
    data = filled(page, time_zone="Europe/London", starts_at_0="2030-03-31")
    data |= {"starts_at_1": "01:30:00", "ends_at_0": "2030-03-31", "ends_at_1": "03:00:00"}
    response = editor_client.post(f"{EVENTS}add/", data)
    assert "skip this time" in " ".join(response.context["adminform"].form.errors["starts_at"])
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at_1": "09:00:00"}, "ends_at", "The event ends before it starts"),
        ({"time_zone": ""}, "time_zone", "Choose the time zone"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"recording_video_url": "https://evil.example/v/1"}, "recording_video_url", "YouTube"),
    ],
)
def test_mistakes_are_form_errors_that_say_what_to_do(editor_client, changes, field, message):
    page = editor_client.get(f"{EVENTS}add/")
    response = editor_client.post(f"{EVENTS}add/", filled(page, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not Event.objects.exists()


def test_a_speaker_row_with_neither_a_person_nor_a_guest_is_a_form_error(editor_client):
    page = editor_client.get(f"{EVENTS}add/")
    data = filled(page) | {"speakers-TOTAL_FORMS": "1", "speakers-0-role": "chair"}
    data["speakers-0-order"] = "0"
    response = editor_client.post(f"{EVENTS}add/", data)
    assert response.status_code == 200
    assert "or name a guest" in response.content.decode()
    assert not Event.objects.exists()


def test_an_editor_publishes_events_from_the_list(editor_client, editor):
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    response = editor_client.post(
        EVENTS, {"action": "publish", "_selected_action": [event.pk]}, follow=True
    )
    assert "1 event published." in response.content.decode()
    event.refresh_from_db()
    assert event.is_live
    assert AuditEvent.objects.for_object(event).get().user == editor


def test_the_preview_shows_a_draft_to_editors_only(client, editor, staff_user):
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    preview = f"{EVENTS}{event.pk}/preview/"
    client.force_login(editor)
    response = client.get(preview)
    assert response.status_code == 200 and event.title in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    client.force_login(staff_user)
    assert client.get(preview).status_code == 403


def test_staff_without_the_publish_permission_see_no_events(staff_client):
    assert staff_client.get(EVENTS).status_code == 403
    assert staff_client.get(f"{EVENTS}add/").status_code == 403
