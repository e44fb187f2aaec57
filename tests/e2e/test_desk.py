"""The editors' desk in Chromium: the admin home's dashboard (axe, screenshots) and the
review notifications, from a contributor's submission to the editors' inboxes."""

import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ARTIFACTS,
    AXE_BLOCKING,
    DESKTOP,
    PHONE,
    axe,
    describe,
    log_in,
    visit,
)
from tests.helpers.smtp import text_part

pytestmark = pytest.mark.e2e

SIZES = {"desktop": DESKTOP, "phone": PHONE}
TITLE = "Port access and the new naval agreement"


def mail_to(site, address, subject_part, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in site.sink.messages:
            if message["To"] == address and subject_part in message["Subject"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no '{subject_part}' email to {address}")


def test_submitting_for_review_emails_the_editors_but_not_one_who_opted_out(browse, site):
    quiet = browse.page()
    log_in(quiet, site.data["notified"]["quiet-editor"], site.data["password"], admin=True)
    visit(quiet, "/admin/")
    with quiet.expect_navigation():
        quiet.get_by_role("link", name="My notifications").click()
    quiet.get_by_label("Email me about work in review and publishing").uncheck()
    with quiet.expect_navigation():
        quiet.get_by_role("button", name="Save my choice").click()
    expect(quiet.get_by_text("Notifications are off")).to_be_visible()

    contributor = browse.page()
    log_in(contributor, site.data["staff"], site.data["password"], admin=True)
    visit(contributor, "/admin/articles/article/add/")
    contributor.fill("#id_title", TITLE)
    contributor.fill("#id_summary", "What the agreement opens, and to whom.")
    with contributor.expect_navigation():
        contributor.get_by_role("button", name="Submit for review").click()
    expect(contributor.locator(".messagelist .success").first).to_be_visible()

    message = mail_to(site, "reviewer@example.org", "For review")
    assert TITLE in message["Subject"]
    change = next(line.strip() for line in text_part(message).splitlines() if "/change/" in line)
    editor = browse.page()
    log_in(editor, site.data["notified"]["reviewer"], site.data["password"], admin=True)
    visit(editor, change.removeprefix(site.url))
    expect(editor.locator("#id_title")).to_have_value(TITLE)

    time.sleep(2)  # the worker sends each editor's copy in turn: give the quiet one time
    to_quiet = [m for m in site.sink.messages if m["To"] == "quiet-editor@example.org"]
    assert to_quiet == []


def test_the_dashboard_has_no_serious_axe_findings(browse, site):
    page = browse.page()
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, "/admin/")
    expect(page.locator(".desk-panel")).not_to_have_count(0)
    browse.assert_clean()

    violations = axe(page)
    blocking = [v for v in violations if v["impact"] in AXE_BLOCKING]
    assert not blocking, describe(blocking)

    visit(page, "/accounts/notifications/")
    blocking = [v for v in axe(page) if v["impact"] in AXE_BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_dashboard_are_saved(browse, site, size):
    viewport = SIZES[size]
    ARTIFACTS.mkdir(exist_ok=True)
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    page = browse.page(viewport=viewport, **options)
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, "/admin/")
    shot = ARTIFACTS / f"admin-dashboard-{size}.png"
    page.screenshot(path=shot, full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    with Image.open(shot) as image:
        assert image.format == "PNG"
        assert image.width == viewport["width"]
