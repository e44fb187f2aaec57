"""Editing comfort in Chromium: the live preview, byline order, the focal point by click."""

import re

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

FRAME = ".live-preview__frame:not(.live-preview__frame--loading)"
EDITOR_READY = ".prose-editor [contenteditable]"


def open_form(browse, site, viewport=DESKTOP, path=None, **options):
    page = browse.page(viewport=viewport, **options)
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, path or site.data["article_admin"])
    page.wait_for_selector(EDITOR_READY)
    return page


def preview(page):
    return page.frame_locator(FRAME)


def open_preview(page):
    """The panel starts closed (the publishing panel keeps its place beside the fields)."""
    page.get_by_role("button", name="Show live preview").click()
    expect(page.locator("#live-preview")).to_be_visible()


def test_live_preview_shows_unsaved_typing_about_a_second_after_it_stops(browse, site):
    page = open_form(browse, site)
    panel = page.locator("#live-preview")
    expect(panel).to_be_hidden()  # closed until asked for, and remembered once opened
    open_preview(page)
    title = page.input_value("#id_title")
    expect(preview(page).locator("h1")).to_have_text(title)

    page.locator("#id_title").press("End")
    page.keyboard.type(" (unsaved)")
    page.wait_for_timeout(300)  # still typing, as far as the panel knows
    expect(preview(page).locator("h1")).to_have_text(title)
    expect(preview(page).locator("h1")).to_have_text(f"{title} (unsaved)", timeout=5000)

    page.locator(EDITOR_READY).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("A sentence typed a moment ago.")
    expect(preview(page).locator(".prose")).to_contain_text("A sentence typed a moment ago.")

    # A form error is said in words; the last good preview stays.
    page.fill("#id_title", "")
    expect(page.locator("#live-preview-status")).to_contain_text("Title: This field is required.")
    expect(preview(page).locator("h1")).to_have_text(f"{title} (unsaved)")

    # Phone width: the page is laid out 390 pixels wide.
    page.get_by_role("button", name="Phone").click()
    expect(page.get_by_role("button", name="Phone")).to_have_attribute("aria-pressed", "true")
    assert page.locator(FRAME).evaluate("frame => frame.contentWindow.innerWidth") == 390

    # Hidden and shown again from the keyboard.
    page.get_by_role("button", name="Hide preview").press("Enter")
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name="Show live preview")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()


def test_a_chosen_image_is_said_to_show_after_saving(browse, site, tmp_path):
    page = open_form(browse, site)
    open_preview(page)
    path = tmp_path / "chosen.png"
    Image.new("RGB", (320, 180), (20, 120, 60)).save(path)
    page.set_input_files("#id_hero_image", str(path))
    expect(page.locator("#live-preview-files")).to_be_visible()
    expect(preview(page).locator("body")).to_contain_text("appear here after you save")
    # The focal point picker shows the chosen image before it is uploaded.
    expect(page.locator(".focal-picker__image")).to_have_attribute("src", re.compile("^data:"))


def byline(page):
    return [
        page.locator(f"#{row} select[name$='-person'] option:checked").inner_text()
        for row in page.locator("#bylines-group .byline-order__row").evaluate_all(
            "rows => rows.map(row => row.id)"
        )
        if page.locator(f"#{row} select[name$='-person'] option:checked").count()
    ]


def save(page):
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()


def test_editor_orders_authors_by_keyboard_and_by_dragging(browse, site):
    page = open_form(browse, site)
    open_preview(page)
    first, second = byline(page)[:2]

    # Keyboard: focus "Move down" on the first author and press Enter.
    page.locator("#bylines-group .byline-order__row").first.get_by_role(
        "button", name="Move down"
    ).focus()
    page.keyboard.press("Enter")
    assert byline(page)[:2] == [second, first]
    expect(page.locator(".byline-order__announcer")).to_contain_text(f"{first} is now author 2")
    save(page)
    assert byline(page)[:2] == [second, first]
    expect(preview(page).locator(".authors .author__name").first).to_have_text(second)

    # Drag: the second row's handle onto the top of the first row.
    rows = page.locator("#bylines-group .byline-order__row")
    rows.nth(1).locator(".byline-order__handle").drag_to(
        rows.nth(0), target_position={"x": 40, "y": 5}
    )
    assert byline(page)[:2] == [first, second]
    orders = page.locator("#bylines-group .byline-order__row input[name$='-order']")
    assert orders.nth(0).input_value() == "0" and orders.nth(1).input_value() == "1"
    save(page)
    assert byline(page)[:2] == [first, second]


def test_editor_sets_the_focal_point_by_clicking_on_the_image(browse, site):
    page = open_form(browse, site)
    image = page.locator(".focal-picker__image")
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('.focal-picker__image').complete")
    box = image.bounding_box()
    image.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(int(page.input_value("#id_hero_focal_x")) - 25) <= 1
    assert abs(int(page.input_value("#id_hero_focal_y")) - 75) <= 1
    expect(page.locator(".focal-picker__status")).to_contain_text("% across")
    marker = page.locator(".focal-picker__marker").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] * 0.25)) <= 3

    # Typing a percentage moves the marker too.
    page.fill("#id_hero_focal_x", "90")
    marker = page.locator(".focal-picker__marker").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] * 0.9)) <= 3


def test_the_change_form_with_the_panel_open_passes_axe(browse, site):
    page = open_form(browse, site)
    open_preview(page)
    expect(page.locator(".byline-order__tools").first).to_be_visible()
    expect(page.locator(".focal-picker")).to_be_visible()
    expect(preview(page).locator("h1")).to_be_visible()
    violations = [v for v in axe(page) if v["impact"] in AXE_BLOCKING]
    assert not violations, describe(violations)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshot_of_the_preview_panel_is_saved(browse, site, size):
    viewport = {"desktop": DESKTOP, "phone": PHONE}[size]
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    page = open_form(browse, site, viewport=viewport, **options)
    open_preview(page)
    if size == "phone":
        page.get_by_role("button", name="Phone").click()
    expect(preview(page).locator("h1")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"admin-live-preview-{size}.png"
    page.screenshot(path=path)
    with Image.open(path) as image:
        assert image.size == (viewport["width"], viewport["height"])


def test_on_a_new_article_the_preview_waits_for_the_required_fields(browse, site):
    page = open_form(browse, site, path="/admin/articles/article/add/")
    open_preview(page)
    status = page.locator("#live-preview-status")
    expect(status).to_contain_text("The preview appears once these are filled in or fixed:")
    expect(status).to_contain_text("Title: This field is required.")
    page.fill("#id_title", "A title typed first")
    page.fill("#id_summary", "And a summary.")
    expect(preview(page).locator("h1")).to_have_text("A title typed first")
    expect(status).to_have_text("")


def test_the_empty_body_editor_is_half_the_screen_tall_and_grows_with_the_text(browse, site):
    page = open_form(browse, site, path="/admin/articles/article/add/")
    editor = page.locator(EDITOR_READY)
    empty = editor.bounding_box()["height"]
    assert empty >= DESKTOP["height"] / 2
    editor.click()
    for number in range(30):
        page.keyboard.type(f"Paragraph {number}.")
        page.keyboard.press("Enter")
    assert editor.bounding_box()["height"] > empty
