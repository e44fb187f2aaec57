"""A reader registers for an event from its page, confirms from the email, finds the stream
link on their confirmation page, and cancels from the next email."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import visit
from tests.helpers.smtp import text_part

pytestmark = pytest.mark.e2e

READER = "event-reader@example.org"


def site_links(message, site):
    return re.findall(rf"{re.escape(site.url)}(/\S+?)(?=[\s>]|$)", text_part(message))


def mail_to(site, address, subject_part, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in site.sink.messages:
            if message["To"] == address and subject_part in message["Subject"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no '{subject_part}' email to {address}")


def test_a_reader_registers_confirms_from_the_email_and_cancels(browse, site):
    reader = browse.page()
    visit(reader, site.data["event_for_registration"])
    with reader.expect_navigation():
        reader.get_by_role("link", name="Register", exact=True).click()
    reader.get_by_label("Your name").fill("Ayesha <b>Khan</b>")
    reader.get_by_label("Your email address").fill(READER)
    reader.get_by_label("Organisation").fill("University of Lahore")
    time.sleep(2.5)  # people take a moment; the form refuses what a script sends at once
    with reader.expect_navigation():
        reader.get_by_role("button", name="Register").click()
    expect(reader.locator("h1")).to_have_text("Check your inbox")

    confirmation = mail_to(site, READER, "Confirm your registration")
    assert "stream.example.org" not in text_part(confirmation)
    confirm = next(link for link in site_links(confirmation, site) if "/confirm/" in link)
    visit(reader, confirm)
    with reader.expect_navigation():
        reader.get_by_role("button", name="Confirm my registration").click()
    expect(reader.locator(".notice")).to_contain_text("You are registered, Ayesha <b>Khan</b>")
    expect(reader.get_by_role("link", name="https://stream.example.org/e2e")).to_be_visible()

    registered = mail_to(site, READER, "You are registered")
    assert "Join online: https://stream.example.org/e2e" in text_part(registered)
    cancel = next(link for link in site_links(registered, site) if link.endswith("/cancel/"))
    visit(reader, cancel)
    with reader.expect_navigation():
        reader.get_by_role("button", name="Cancel my registration").click()
    expect(reader.locator("h1")).to_have_text("Your registration is cancelled")
    mail_to(site, READER, "Registration cancelled")
