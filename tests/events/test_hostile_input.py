"""Hostile names, affiliations and titles stay text everywhere they appear."""

import icalendar
import pytest
from django.core import mail

from events.calendar import event_ics
from events.models import Registration
from tests.helpers.factories import EventFactory, RegistrationFactory

from .conftest import link

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def test_a_hostile_name_is_escaped_on_the_registrant_pages(client, register):
    event = EventFactory()
    register(event, name=f"Eve {SCRIPT}", affiliation=f"Org {SCRIPT}")
    assert Registration.objects.get().name == f"Eve {SCRIPT}"
    confirm = link(mail.outbox[0], "confirm")
    for page in (client.get(confirm), client.post(confirm, follow=True)):
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_a_hostile_name_in_the_admin_list_is_escaped(editor_client):
    RegistrationFactory(name=f"Eve {SCRIPT}", affiliation=SCRIPT)
    html = editor_client.get("/admin/events/registration/").content.decode()
    assert "<script>alert" not in html


def test_a_hostile_title_and_venue_stay_text_in_the_ics():
    event = EventFactory(
        title="Launch\r\nBEGIN:VEVENT\r\nSUMMARY:Injected; x, y",
        venue_name="Hall\nEND:VCALENDAR",
        venue_address="1 Road;\nCity, Country",
    )
    calendar = icalendar.Calendar.from_ical(event_ics(event))
    [component] = calendar.walk("VEVENT")
    # One event, its title whole (a line break is text in it, not a new line of the file).
    assert str(component["SUMMARY"]) == event.title.replace("\r", "")
    assert str(component["LOCATION"]).startswith("Hall\nEND:VCALENDAR")
    assert "1 Road; City, Country" in str(component["LOCATION"])
    assert str(component["STATUS"]) == "CONFIRMED"


def test_a_hostile_title_cannot_add_email_headers(client, register):
    event = EventFactory(title="Panel\r\nBcc: victim@example.org")
    register(event)
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == []
