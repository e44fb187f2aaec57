"""Screenshots for people to look at: every page type and the admin editor, desktop and phone.

Saved to tests/e2e/artifacts/ (kept out of git) for a person to open after a run.
"""

import re

import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, DESKTOP, NOT_FOUND, PAGE_TYPES, PHONE, log_in, visit

pytestmark = pytest.mark.e2e

SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_home_article_and_admin_editor_are_saved(browse, site, size):
    viewport = SIZES[size]
    ARTIFACTS.mkdir(exist_ok=True)
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    page = browse.page(viewport=viewport, **options)
    shots = {}
    pages = [
        ("home", "/"),
        ("article", site.data["article"]),
        ("events", "/events/"),
        ("event", site.data["event"]),
        ("event-past", site.data["event_past"]),
    ]
    for name, path in pages:
        visit(page, path)
        shots[name] = ARTIFACTS / f"{name}-{size}.png"
        page.screenshot(path=shots[name], full_page=True)

    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, site.data["article_admin"])
    page.wait_for_selector(".prose-editor [contenteditable]")
    page.locator(".field-body").evaluate("row => row.scrollIntoView()")  # the editor at the top
    shots["admin-editor"] = ARTIFACTS / f"admin-editor-{size}.png"
    page.screenshot(path=shots["admin-editor"])

    for name, path in shots.items():
        assert path.stat().st_size > 0, f"{path} is empty"
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.width == viewport["width"], f"{name} at {size} is {image.size}"
            assert image.height >= viewport["height"]


# The lists, hubs and people pages (issue 14), each as a reader first sees it.
LIST_PAGES = [
    ("articles", "/articles/"),
    ("articles-filtered", "/articles/?topic={topic_slug}&sort=oldest"),
    ("topic", "{topic}"),
    ("region", "{region}"),
    ("people", "/people/"),
    ("person", "{person}"),
]


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_lists_hubs_and_people_are_saved(browse, site, size):
    viewport = SIZES[size]
    ARTIFACTS.mkdir(exist_ok=True)
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    page = browse.page(viewport=viewport, **options)
    for name, path in LIST_PAGES:
        visit(page, path.format(**site.data))
        shot = ARTIFACTS / f"{name}-{size}.png"
        page.screenshot(path=shot, full_page=True)
        with Image.open(shot) as image:
            assert image.width == viewport["width"], f"{name} at {size} is {image.size}"
        # Filters come before the results; on a phone they start folded unless some apply.
        if name.startswith("articles"):
            panel = page.locator("details.filter-panel")
            form = page.locator("details.filter-panel form")
            results = page.locator("#results-heading")
            assert form.bounding_box() is None or (
                form.bounding_box()["y"] < results.bounding_box()["y"]
                or form.bounding_box()["x"] < results.bounding_box()["x"]
            )
            if size == "desktop":
                assert form.is_visible(), "the filters show on wide screens"
            elif name == "articles":
                assert panel.get_attribute("open") is None and not form.is_visible()


def file_name(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_every_page_type_are_saved(browse, site, admin_published, size):
    """tests/e2e/artifacts/<page type>-<desktop|phone>.png, whole pages, for each PAGE_TYPES."""
    viewport = SIZES[size]
    folder = ARTIFACTS / "page-types"
    folder.mkdir(parents=True, exist_ok=True)
    options = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    browse.allow(lambda text, url: "status of 404" in text and url.endswith(NOT_FOUND))
    pages = {None: browse.page(viewport=viewport, **options)}
    saved = []
    for name, path, who in PAGE_TYPES:
        if who not in pages:
            pages[who] = browse.page(viewport=viewport, **options)
            log_in(pages[who], site.data[who], site.data["password"])
        path = path.format(**site.data)
        visit(pages[who], path, 404 if path == NOT_FOUND else 200)
        shot = folder / f"{file_name(name)}-{size}.png"
        pages[who].screenshot(path=shot, full_page=True)
        saved.append(shot)
    for shot in saved:
        with Image.open(shot) as image:
            assert image.width == viewport["width"], f"{shot.name} is {image.size}"
            assert image.height >= viewport["height"]
    assert len(saved) == len(PAGE_TYPES)
