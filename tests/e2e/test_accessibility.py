"""Accessibility in Chromium: axe-core on each page type, keyboard use, no images, no scripts."""

import pytest

from tests.e2e.conftest import AXE_BLOCKING, NOT_FOUND, PHONE, axe, describe, log_in, visit

pytestmark = pytest.mark.e2e

# (name, address, who is logged in). Addresses in braces come from the seeded site.
EDITOR_READY = ".prose-editor [contenteditable]"
PAGES = [
    ("home", "/", None),
    ("article list", "/articles/", None),
    ("article list, filtered", "/articles/?topic={topic_slug}&region={region_slug}", None),
    ("article", "{article}", None),
    ("topic list", "/topics/", None),
    ("topic", "{topic}", None),
    ("region list", "/regions/", None),
    ("region", "{region}", None),
    ("people list", "/people/", None),
    ("person", "{person}", None),
    ("update list", "/updates/", None),
    ("update", "{update}", None),
    ("events list", "/events/", None),
    ("events list, filtered", "/events/?topic={topic_slug}&kind=panel", None),
    ("event", "{event}", None),
    ("event, past with recording", "{event_past}", None),
    ("search form", "/search/", None),
    ("search results", "/search/?q=Libya", None),
    ("search, no results", "/search/?q=qwxzzy", None),
    ("page not found", NOT_FOUND, None),
    ("login", "/accounts/login/", None),
    ("update form", "/updates/new/", "staff"),
    ("admin article add", "/admin/articles/article/add/", "editor"),
    ("admin article change", "{article_admin}", "editor"),
]


def expect_not_found(browse, path):
    """The status `path` should answer; Chromium logs a page's own 404 as a console error."""
    if path != NOT_FOUND:
        return 200
    browse.allow(lambda text, url: "status of 404" in text and url.endswith(NOT_FOUND))
    return 404


# What the admin change form must hold when axe checks it: every inline in use (the seed
# adds them), so their fields are checked too, not only the empty add form's.
FILLED_IN = {
    "admin article change": ["#bylines-1", "#corrections-0", "#preview_links-0"],
}

# Nodes that fail a rule for reasons outside the project's reach, each with why.
# Keys are (axe rule id, the node's axe target selector): nothing is exempt by rule alone.
EXEMPT = {}


@pytest.mark.parametrize(("name", "path", "who"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_console_errors_and_no_serious_axe_violations(browse, site, name, path, who):
    path = path.format(**site.data)
    status = expect_not_found(browse, path)

    # As served, with the site's Content Security Policy in force: no errors, no violations.
    page = browse.page()
    if who:
        log_in(page, site.data[who], site.data["password"], admin=who == "editor")
    visit(page, path, status)
    if who == "editor":
        page.wait_for_selector(EDITOR_READY)  # the prose editor builds itself after load
    browse.assert_clean()
    for selector in FILLED_IN.get(name, []):
        assert page.locator(selector).count() == 1, f"{name} has no {selector} to check"
    assert page.locator("img:not([alt])").count() == 0, (
        "every image needs alt text (empty if decorative)"
    )

    violations = axe(page, EXEMPT)
    minor = [v for v in violations if v["impact"] not in AXE_BLOCKING]
    if minor:
        print(f"\n{name}: minor axe findings\n{describe(minor)}")
    blocking = [v for v in violations if v["impact"] in AXE_BLOCKING]
    assert not blocking, f"{name} ({path}):\n{describe(blocking)}"


FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)
# Marks each visible focusable element with its index; `window.__focusStyle(el)` is what
# would show focus: outline, shadow, colours, underline.
MARK_FOCUSABLE = """(selector) => {
  window.__focusStyle = (el) => {
    const s = getComputedStyle(el);
    return {
      outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
      look: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
             s.backgroundColor, s.color, s.textDecorationLine].join(" "),
    };
  };
  const visible = (el) => el.checkVisibility({visibilityProperty: true}) &&
    el.getBoundingClientRect().width > 0 && !el.closest("[inert], [hidden]");
  return [...document.querySelectorAll(selector)].filter(visible).map((el, i) => {
    el.dataset.e2eFocus = i;
    const name = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim();
    return {index: i, name: `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`,
            header: !!el.closest("header")};
  });
}"""
# The focused element, and how the one focused before it (index `left`) looks now.
FOCUSED = """(left) => {
  const el = document.activeElement;
  const before = left == null ? null : document.querySelector(`[data-e2e-focus='${left}']`);
  const leftStyle = before && window.__focusStyle(before);
  if (!el || el === document.body) return {index: null, left: leftStyle};
  return {index: el.dataset.e2eFocus ?? null, skip: el.classList.contains("skip-link"),
          style: window.__focusStyle(el), left: leftStyle};
}"""

KEYBOARD_PAGES = [
    ("home", "/", None),
    ("article", "{article}", None),
    ("home, staff", "/", "staff"),
]


@pytest.mark.parametrize(
    ("name", "path", "who"), KEYBOARD_PAGES, ids=[p[0] for p in KEYBOARD_PAGES]
)
def test_keyboard_reaches_every_control_with_a_visible_focus(browse, site, name, path, who):
    page = browse.page()
    if who:
        log_in(page, site.data[who], site.data["password"])
    visit(page, path.format(**site.data))
    controls = page.evaluate(MARK_FOCUSABLE, FOCUSABLE)
    assert any(c["header"] for c in controls)

    # The first Tab reaches the skip link, on screen and outlined.
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED, None)
    assert first.get("skip"), f"first Tab went to {first}, not the skip link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    assert first["style"]["outline"], "the focused skip link has no visible outline"

    # Every control is reached in turn, and looks different (an outline) while focused.
    reached, unfocused_look, previous = {first["index"]}, {}, first
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        current = page.evaluate(FOCUSED, previous["index"])
        if previous["index"] is not None:
            # The control Tab just left: its look without focus must differ.
            unfocused_look[previous["index"]] = (previous["style"], current["left"])
        if current["index"] is None or current["index"] in reached:
            break  # back to the browser's own controls, or round again
        reached.add(current["index"])
        previous = current
    missed = [c["name"] for c in controls if str(c["index"]) not in reached]
    assert not missed, f"Tab never reaches: {missed}"
    for index, (focused, blurred) in unfocused_look.items():
        control = controls[int(index)]["name"]
        assert focused["outline"], f"{control} shows no outline when focused"
        assert focused["look"] != blurred["look"], f"{control} looks the same focused and not"


OUTLINE = """(el) => {
  const s = getComputedStyle(el);
  return s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth);
}"""


def test_the_prose_editor_shows_where_the_keyboard_focus_is(browse, site):
    page = browse.page()
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, site.data["article_admin"])
    editor = page.locator(EDITOR_READY)
    editor.wait_for()
    page.focus("#id_summary")
    for _ in range(60):  # past the editor's menu bar, by keyboard
        page.keyboard.press("Tab")
        if editor.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the writing area")
    assert editor.evaluate(OUTLINE) >= 2, "the focused writing area shows no outline"
    page.keyboard.press("Shift+Tab")
    assert editor.evaluate(OUTLINE) == 0, "the outline stays when focus has left"


def test_skip_link_moves_focus_to_the_main_content(browse, site):
    page = browse.page()
    visit(page, site.data["article"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), (
        "after the skip link, Tab should continue inside the main content"
    )


def test_article_list_and_search_work_without_javascript(browse, site):
    page = browse.page(java_script_enabled=False)
    visit(page, site.data["article"])
    assert page.locator("h1").is_visible()
    headings = page.locator(".prose h2, .prose h3")
    assert headings.count() >= 2
    assert page.locator(".toc a").count() == headings.count()
    hero = page.locator(".article__hero img")
    assert hero.get_attribute("alt")
    page.locator(".toc a").first.click()  # in-page links need no script
    assert "#" in page.url

    # The header search is a plain GET form.
    page.fill("#site-search-q", "Libya")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=Libya" in page.url
    assert page.locator(f".results a[href='{site.data['article']}']").count() == 1

    # So are the article filters.
    visit(page, "/articles/")
    page.select_option("#id_topic", site.data["topic_slug"])
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert f"topic={site.data['topic_slug']}" in page.url
    assert page.locator(f"main a[href='{site.data['article']}']").count() >= 1


def test_article_keeps_its_text_and_layout_with_images_off(browse, site):
    page = browse.page(viewport=PHONE)
    page.route(
        "**/*",
        lambda route: (
            route.abort() if route.request.resource_type == "image" else route.continue_()
        ),
    )
    browse.allow(lambda text, url: "net::ERR_FAILED" in text)  # the images refused above
    visit(page, site.data["article"])
    assert page.locator("h1").is_visible()
    assert page.locator(".prose p").first.is_visible()
    hero = page.locator(".article__hero img")
    assert hero.get_attribute("alt"), "the hero image needs alt text"
    box = hero.bounding_box()
    assert box and box["height"] > 0, "the hero image's space collapsed"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"


NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: 400% zoom of a 1280px-wide window


def test_public_pages_reflow_to_320_pixels_without_sideways_scrolling(browse, site):
    page = browse.page(viewport=NARROWEST)
    too_wide = {}
    for name, path, who in PAGES:
        if who:
            continue
        path = path.format(**site.data)
        visit(page, path, expect_not_found(browse, path))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            too_wide[name] = overflow
    assert not too_wide, f"pages wider than 320px (by px): {too_wide}"
