"""Editors decide on requests, invite, export and print: through the admin's own pages."""

import csv
import io

import pytest
from django.core import mail

from events.models import Event, Invitation, Registration
from formguard.stamps import form_stamp
from tests.helpers.admin import run_action
from tests.helpers.factories import EventFactory, RegistrationFactory
from tests.helpers.forms import form_data

from .conftest import link

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/admin/events/registration/"
EVENTS = "/admin/events/event/"
HOSTILE = '=HYPERLINK("http://evil.example","x")'


def pending(event, **fields):
    return RegistrationFactory(event=event, status=Registration.Status.PENDING_APPROVAL, **fields)


def test_approval_mode_requests_wait_for_an_editor_and_each_is_told(client, register):
    event = EventFactory(registration_mode=Event.RegistrationMode.APPROVAL, capacity=5)
    register(event)
    client.post(link(mail.outbox[0], "confirm"))
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING_APPROVAL
    assert "Request received" in mail.outbox[-1].subject


def test_editors_approve_up_to_the_capacity_and_the_rest_wait_in_the_queue(editor_client):
    event = EventFactory(
        registration_mode=Event.RegistrationMode.APPROVAL,
        capacity=2,
        stream_url="https://stream.example.org/s",
    )
    RegistrationFactory(event=event)  # one seat already approved
    first = pending(event, position=1, email="first@example.org")
    second = pending(event, position=2, email="second@example.org")

    page = run_action(editor_client, "approve", [second, first], url=REGISTRATIONS)
    html = page.content.decode()
    assert "1 request(s) approved" in html
    assert "stay in the queue: the event is full" in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED  # the queue's order, not the ticks'
    assert second.status == Registration.Status.PENDING_APPROVAL
    [message] = mail.outbox
    assert message.to == ["first@example.org"] and "approved" in message.subject
    assert "https://stream.example.org/s" in message.body


def test_editors_decline_and_the_registrant_is_told(editor_client):
    event = EventFactory(registration_mode=Event.RegistrationMode.APPROVAL)
    request = pending(event, position=1)
    run_action(editor_client, "decline", [request], url=REGISTRATIONS)
    request.refresh_from_db()
    assert request.status == Registration.Status.DECLINED
    [message] = mail.outbox
    assert "cannot offer you a place" in message.body
    assert link(message, "cancel")


def test_invitees_register_only_with_their_own_link(client, editor_client, register, clock):
    event = EventFactory(registration_mode=Event.RegistrationMode.INVITATION, capacity=3)
    url = f"{EVENTS}{event.pk}/invite/"
    page = editor_client.get(url)
    assert page.status_code == 200
    data = form_data(page, addresses="guest@example.org, Guest@example.org\nother@example.org")
    assert editor_client.post(url, data).status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "guest@example.org",
        "other@example.org",
    ]
    assert len(mail.outbox) == 2
    editor_client.logout()

    # The public form does not take registrations for it.
    assert "by invitation only" in client.get(f"/events/{event.slug}/register/").content.decode()
    crasher = {"name": "C", "email": "crasher@example.org", "shown": form_stamp("events.register")}
    clock.shift(5)
    assert (
        "by invitation only"
        in client.post(f"/events/{event.slug}/register/", crasher).content.decode()
    )
    assert not Registration.objects.exists()

    invitation = next(m for m in mail.outbox if m.to == ["guest@example.org"])
    personal = link(invitation, "invited")
    response = register(event, "ignored@example.org", url=personal)
    assert response.status_code == 200
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.email == "guest@example.org"  # the invitation's address
    assert registration.status == Registration.Status.CONFIRMED
    assert Invitation.objects.get(email="guest@example.org").used_at

    forged = personal.rstrip("/") + "x/"
    assert client.get(forged).status_code == 404


def test_pasted_addresses_that_are_not_addresses_are_a_form_error(editor_client):
    event = EventFactory(registration_mode=Event.RegistrationMode.INVITATION)
    url = f"{EVENTS}{event.pk}/invite/"
    page = editor_client.post(
        url, form_data(editor_client.get(url), addresses="ok@example.org nope")
    )
    assert page.status_code == 200
    assert "not email addresses" in page.content.decode() and "nope" in page.content.decode()
    assert not Invitation.objects.exists()


def test_the_csv_export_neutralises_spreadsheet_formulas(editor_client):
    event = EventFactory()
    RegistrationFactory(event=event, name=HOSTILE, affiliation="+cmd|' /C calc'!A0")
    RegistrationFactory(event=event, name="\tTabbed", affiliation="@SUM(1+1)")
    RegistrationFactory(event=event, name="-2+3", affiliation="\rReturn")
    RegistrationFactory(event=event, name="Plain Name", affiliation="A, B & C")

    response = editor_client.get(f"{EVENTS}{event.pk}/registrants.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "Organisation"]
    cells = [cell for row in rows[1:] for cell in row[:3:2]]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert f"'{HOSTILE}" in cells
    assert "A, B & C" in cells and "Plain Name" in cells


def test_the_check_in_list_shows_confirmed_registrants_escaped(editor_client):
    event = EventFactory()
    RegistrationFactory(event=event, name="<script>alert(1)</script>")
    RegistrationFactory(event=event, name="Waiting Person", status="waitlisted", position=1)
    page = editor_client.get(f"{EVENTS}{event.pk}/check-in/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Waiting Person" not in html
    assert "checkin.css" in html


def test_readers_and_staff_without_rights_get_no_registrant_data(client, staff_client):
    event = EventFactory()
    RegistrationFactory(event=event)
    for url in (f"{EVENTS}{event.pk}/registrants.csv", f"{EVENTS}{event.pk}/check-in/"):
        assert staff_client.get(url).status_code in (302, 403)
    staff_client.logout()
    assert client.get(f"{EVENTS}{event.pk}/registrants.csv").status_code == 302


def test_the_event_form_links_the_registration_tools(editor_client):
    event = EventFactory(registration_mode=Event.RegistrationMode.INVITATION, capacity=4)
    RegistrationFactory(event=event)
    html = editor_client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    assert "1 of 4 seats taken" in html
    assert f"{EVENTS}{event.pk}/invite/" in html and "Export registrants (CSV)" in html
