"""Screenshots for people to look at: home, an article, events and the admin editor, both sizes.

Saved to tests/e2e/artifacts/ (kept out of git) for a person to open after a run.
"""

import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, log_in, visit

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
