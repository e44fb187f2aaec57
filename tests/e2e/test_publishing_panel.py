"""The publishing panel in Chromium: publishing by button, mouse or keyboard, with and without
JavaScript; scheduling and expiry; copying and revoking a preview link; axe; screenshots."""

import re
from itertools import count

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

pytestmark = pytest.mark.e2e

ADD = "/admin/articles/article/add/"
LIST = "/admin/articles/article/"
_numbers = count(1)


def editor_page(browse, site, **options):
    page = browse.page(**options)
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    return page


def fill_new_article(page, title, *, javascript=True):
    """The add form's required fields, as an editor types them."""
    visit(page, ADD)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    page.fill("#id_title", title)
    page.fill("#id_summary", "What the new agreement changes for the region.")
    if not javascript:
        page.fill("#id_slug", slug)  # the admin's script fills it in from the title
    assert page.input_value("#id_slug") == slug
    if javascript:
        page.locator(".prose-editor [contenteditable]").click()
        page.keyboard.type("The agreement was signed on Monday.")
    else:
        page.fill("#id_body", "<p>The agreement was signed on Monday.</p>")
    return slug


def press(page, name, where=".publishing-panel"):
    with page.expect_navigation():
        page.locator(where).get_by_role("button", name=name, exact=True).click()


def success_message(page):
    return page.locator(".messagelist .success").inner_text()


def new_draft(page):
    title = f"Draft on regional trade {next(_numbers)}"
    fill_new_article(page, title)
    press(page, "Save draft")
    expect(page.locator(".publishing-panel .status-badge")).to_have_text("Draft")
    return title


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_editor_publishes_a_new_article_with_the_button(browse, site, javascript):
    page = editor_page(browse, site, java_script_enabled=javascript)
    title = f"Trade corridor opens {'with' if javascript else 'without'} scripts"
    slug = fill_new_article(page, title, javascript=javascript)

    press(page, "Publish now")

    assert success_message(page).startswith(f"“{title}” is now live.")
    expect(page.locator(".publishing-panel .status-badge")).to_have_text("Live")
    with page.expect_navigation():
        page.locator(".messagelist").get_by_role("link", name="View it on the site").click()
    assert page.url.endswith(f"/articles/{slug}/")
    expect(page.locator("h1")).to_have_text(title)


def test_editor_schedules_an_article_and_sets_its_expiry(browse, site):
    page = editor_page(browse, site)
    title = new_draft(page)

    page.locator(".publishing-panel summary", has_text="Schedule…").click()
    expect(page.get_by_label("Go live at (UTC time)")).to_be_visible()
    page.get_by_label("Go live at (UTC time)").fill("2031-12-07T09:00")
    press(page, "Schedule")
    assert success_message(page).startswith(
        f"“{title}” will go live on 7 December 2031, 09:00 (UTC), in "
    )
    expect(page.locator(".publishing-panel .status-badge")).to_contain_text(
        "Scheduled for 7 Dec 2031, 09:00"
    )

    page.locator(".publishing-panel summary", has_text="Set expiry…").click()
    page.get_by_label("Take it off the site at (UTC time)").fill("2031-12-20T17:00")
    press(page, "Set expiry")
    assert success_message(page).startswith(
        f"“{title}” will leave the site on 20 December 2031, 17:00 (UTC), in "
    )
    expect(page.get_by_label("Take it off the site at (UTC time)")).to_have_value(
        "2031-12-20T17:00"
    )

    press(page, "Clear expiry")
    assert "has no expiry date" in success_message(page)


def test_editor_copies_and_revokes_a_preview_link(browse, site):
    page = editor_page(browse, site, permissions=["clipboard-read", "clipboard-write"])
    new_draft(page)
    page.locator("#preview_links-group .add-row a").click()
    page.fill("#id_preview_links-0-note", "Press, under embargo")
    press(page, "Save draft")

    address = page.locator(".preview-link-url").first
    url = address.inner_text()
    assert url.startswith(f"{site.url}/preview/")
    expect(page.locator(".field-state .readonly").first).to_contain_text(
        re.compile(r"Works until \d+ \w+ \d{4}, \d\d:\d\d \(in (6|7)\s+days\)")
    )
    page.get_by_role("button", name="Copy").first.click()
    expect(page.locator(".preview-link-copied").first).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == url

    # Something typed but not saved stays unsaved: revoking sends nothing else.
    page.fill("#id_title", "Typed but not saved")
    press(page, "Revoke", where=".field-link")
    assert success_message(page) == (
        "The preview link for Press, under embargo is revoked: it no longer works."
    )
    assert page.input_value("#id_title") != "Typed but not saved"
    expect(page.locator(".field-state .readonly").first).to_contain_text("Revoked on")
    reviewer = browse.page()
    browse.allow(lambda text, where: "status of 410" in text and where == url)
    assert reviewer.goto(url).status == 410


def test_editor_publishes_by_keyboard_alone(browse, site):
    page = editor_page(browse, site)
    title = new_draft(page)
    page.locator("body").focus()
    for _ in range(300):  # Tab through the page to the button, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "_publish":
            break
    else:
        pytest.fail("Tab never reached the Publish now button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert success_message(page).startswith(f"“{title}” is now live.")


def test_change_form_with_panel_and_every_inline_has_no_serious_axe_findings(browse, site):
    page = editor_page(browse, site)
    visit(page, site.data["article_admin"])
    page.wait_for_selector(".prose-editor [contenteditable]")
    for selector in ["#bylines-1", "#corrections-0", "#preview_links-0", ".publishing-panel"]:
        assert page.locator(selector).count() == 1, f"no {selector} to check"
    if page.locator(".field-notes, #notes-group").count():  # editorial notes, where present
        assert page.locator(".field-notes, #notes-group").first.is_visible()
    for summary in page.locator(".publishing-panel summary").all():
        if not summary.evaluate("s => s.parentElement.open"):
            summary.click()
    blocking = [v for v in axe(page) if v["impact"] in AXE_BLOCKING]
    assert not blocking, describe(blocking)

    visit(page, LIST)
    blocking = [v for v in axe(page) if v["impact"] in AXE_BLOCKING]
    assert not blocking, describe(blocking)


def test_article_list_fits_1280_pixels(browse, site):
    page = editor_page(browse, site, viewport=DESKTOP)
    visit(page, LIST)
    overflow = page.evaluate(
        """() => {
             const results = document.querySelector("#changelist .results");
             return {page: document.documentElement.scrollWidth - innerWidth,
                     table: results.scrollWidth - results.clientWidth};
           }"""
    )
    assert overflow == {"page": 0, "table": 0}, overflow
    for column in ["headline", "state", "byline", "publish_date", "last_update"]:
        cell = page.locator(f"#result_list td.field-{column}").first
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= DESKTOP["width"], column
    heights = page.locator("#result_list .line-clamp").evaluate_all(
        "spans => spans.map(s => s.getBoundingClientRect().height / "
        "parseFloat(getComputedStyle(s).lineHeight))"
    )
    assert heights and max(heights) <= 2.05, heights
    expect(page.locator("#result_list .list-meta").first).to_be_visible()  # kind, featured


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_the_change_form_with_its_panel_are_saved(browse, site, size):
    viewport = {"desktop": DESKTOP, "phone": PHONE}[size]
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    page = editor_page(browse, site, viewport=viewport, **options)
    visit(page, site.data["article_admin"])
    page.wait_for_selector(".prose-editor [contenteditable]")
    panel = page.locator(".publishing-panel").bounding_box()
    title = page.locator(".field-title").bounding_box()
    if size == "desktop":
        assert panel["x"] > title["x"] + title["width"], "the panel sits beside the fields"
    else:
        assert panel["y"] < title["y"], "the panel comes before the fields"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"admin-change-form-{size}.png"
    page.screenshot(path=path)
    with Image.open(path) as image:
        assert image.size == (viewport["width"], viewport["height"])
    if size == "desktop":
        visit(page, LIST)
        page.screenshot(path=ARTIFACTS / "admin-article-list-desktop.png")
