"""The reader's layout, measured in a real browser: the article's text on the first screen
and in one column, a short phone header whose menu and search open without JavaScript,
the current section marked, and axe clean at phone size."""

import pytest

from tests.e2e.conftest import ARTIFACTS, AXE_BLOCKING, DESKTOP, PHONE, axe, describe, visit

pytestmark = pytest.mark.e2e

SIZES = {"desktop": DESKTOP, "phone": PHONE}
PHONE_OPTIONS = {"is_mobile": True, "has_touch": True}

BOXES = """() => Object.fromEntries(Object.entries({
  kicker: ".article__kind", title: ".article__title", standfirst: ".article__summary",
  byline: ".byline", body: ".prose > p", bios: ".bios",
}).map(([name, selector]) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [name, {left: box.left, top: box.top}];
}))"""

# Characters per line of the body's first long paragraph, its last (short) line left out.
MEASURE = """() => {
  const p = [...document.querySelectorAll(".prose > p")].find(p => p.textContent.length > 400);
  const range = document.createRange();
  range.selectNodeContents(p);
  const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
  const lines = Math.round(p.getBoundingClientRect().height / lineHeight);
  return {chars: p.textContent.length, lines, perLine: p.textContent.length / (lines - 0.5)};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_article_text_starts_on_the_first_screen_in_one_column(browse, site, size):
    viewport = SIZES[size]
    page = browse.page(viewport=viewport, **(PHONE_OPTIONS if size == "phone" else {}))
    visit(page, site.data["article"])
    boxes = page.evaluate(BOXES)
    assert boxes["body"]["top"] < viewport["height"] - 24, (
        f"the first paragraph starts at {boxes['body']['top']}px, below the first screen"
    )
    edges = {name: round(box["left"]) for name, box in boxes.items()}
    assert len(set(edges.values())) == 1, f"left edges differ: {edges}"
    if size == "desktop":
        measure = page.evaluate(MEASURE)
        assert 60 <= measure["perLine"] <= 72, f"body lines hold {measure} characters"


def test_the_phone_header_is_short_and_its_menu_and_search_work_without_javascript(browse, site):
    page = browse.page(viewport=PHONE, java_script_enabled=False, **PHONE_OPTIONS)
    visit(page, site.data["article"])
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64, f"the phone header is {header['height']}px tall"
    assert not page.locator(".site-nav").is_visible()  # the wide screens' row

    menu = page.locator(".drawer--menu")
    menu.locator("summary").click()
    analysis = menu.get_by_role("link", name="Analysis")
    assert analysis.is_visible()
    assert analysis.get_attribute("aria-current") == "true"  # an article is in Analysis
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "menu-phone.png")
    menu.locator("summary").click()

    page.locator(".drawer--search summary").click()
    page.fill("#drawer-search-q", "Libya")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=Libya" in page.url


def test_wide_screens_mark_the_current_section_on_its_detail_pages(browse, site):
    page = browse.page()
    visit(page, site.data["article"])
    current = page.locator(".site-nav a[aria-current]")
    assert current.all_inner_texts() == ["Analysis"]
    assert current.evaluate("a => getComputedStyle(a).borderBottomStyle") == "solid"


@pytest.mark.parametrize("path", ["/", "article"])
def test_home_and_article_are_axe_clean_on_a_phone_with_the_menu_open(browse, site, path):
    page = browse.page(viewport=PHONE, **PHONE_OPTIONS)
    visit(page, site.data.get(path, path))
    page.locator(".drawer--menu summary").click()
    blocking = [v for v in axe(page) if v["impact"] in AXE_BLOCKING]
    assert not blocking, describe(blocking)


def test_fonts_load_from_the_site_and_latin_pages_skip_latin_extended(browse, site):
    page = browse.page()
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    visit(page, site.data["article"])
    page.evaluate("() => document.fonts.ready")
    assert fonts, "no web font was fetched"
    assert all(url.startswith(site.url + "/static/fonts/") for url in fonts), fonts
    assert any("source-serif-4-latin-400-normal" in url for url in fonts)
    assert not any("latin-ext" in url for url in fonts), fonts
