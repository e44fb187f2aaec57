"""Redirects in Chromium: an editor changes a live article's address, readers follow the 301
from the old one; renaming back works with no loop; the Redirects screens pass axe."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE_BLOCKING, axe, describe, log_in, visit

pytestmark = pytest.mark.e2e

SLUG = "published-a-moment-ago"  # a live article the seed adds (tests/e2e/seed.py)
MOVED = "moved-a-moment-ago"
REDIRECTS = "/admin/redirects/redirect/"


def open_change_form(page):
    visit(page, "/admin/articles/article/?q=admin+a+moment+ago")
    with page.expect_navigation():
        page.locator('#result_list a[href*="/change/"]').first.click()
    assert "/change/" in page.url
    assert page.input_value("#id_slug") in (SLUG, MOVED)


def save(page):
    with page.expect_navigation():
        page.locator('[name="_save"]').first.click()


def change_slug(page, new):
    """Change the slug as an editor does: refused until the box is ticked, then saved."""
    page.fill("#id_slug", new)
    save(page)
    expect(page.locator(".errorlist")).to_contain_text("Tick “Yes, change the web address”")
    page.check("#id_confirm_new_address")
    save(page)


def followed(page, path):
    """Where a reader asking for `path` lands, and the statuses of each hop on the way."""
    response = visit(page, path)
    hops, request = [], response.request.redirected_from
    while request is not None:
        hops.append(request.response().status)
        request = request.redirected_from
    return urlsplit(page.url)._replace(scheme="", netloc="").geturl(), hops


def test_a_live_articles_old_address_follows_it_and_renaming_back_leaves_no_loop(browse, site):
    editor = browse.page()
    log_in(editor, site.data["editor"], site.data["password"], admin=True)
    reader = browse.page()
    assert followed(reader, f"/articles/{SLUG}/") == (f"/articles/{SLUG}/", [])

    open_change_form(editor)
    change_slug(editor, MOVED)
    expect(editor.locator(".messagelist")).to_contain_text(
        f"The old address /articles/{SLUG}/ now redirects to /articles/{MOVED}/."
    )

    assert followed(reader, f"/articles/{SLUG}/?from=newsletter") == (
        f"/articles/{MOVED}/?from=newsletter",
        [301],
    )
    expect(reader.locator("h1")).to_have_text("Published from the admin a moment ago")

    # Back to the first address: it is the article's again, served directly.
    open_change_form(editor)
    change_slug(editor, SLUG)
    expect(editor.locator(".messagelist")).to_contain_text(
        f"The old address /articles/{MOVED}/ now redirects to /articles/{SLUG}/."
    )
    assert followed(reader, f"/articles/{SLUG}/") == (f"/articles/{SLUG}/", [])
    assert followed(reader, f"/articles/{MOVED}/") == (f"/articles/{SLUG}/", [301])

    visit(editor, f"{REDIRECTS}?q=moment")
    rows = editor.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(f"/articles/{MOVED}/")


def test_the_redirects_screens_have_no_serious_axe_findings(browse, site, tmp_path):
    page = browse.page()
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    csv = tmp_path / "redirects.csv"
    csv.write_text("old_path,new_path\n/e2e-old/,/articles/\n/e2e-off/,https://example.org/\n")

    screens = {}
    visit(page, REDIRECTS)
    screens["list"] = axe(page)
    visit(page, f"{REDIRECTS}add/")
    page.fill("#id_old_path", "/e2e-loop/")
    page.fill("#id_new_path", "//example.org/")
    save(page)
    expect(page.locator(".errorlist")).to_contain_text("Addresses on other sites are not allowed")
    screens["add, refused"] = axe(page)
    visit(page, f"{REDIRECTS}import/")
    screens["import"] = axe(page)
    page.set_input_files("#id_file", str(csv))
    with page.expect_navigation():
        page.get_by_role("button", name="Import redirects").click()
    expect(page.locator("#import-report")).to_contain_text("Refused: The new address")
    screens["import report"] = axe(page)

    blocking = {
        name: [v for v in found if v["impact"] in AXE_BLOCKING] for name, found in screens.items()
    }
    assert not any(blocking.values()), "\n".join(
        f"{name}:\n{describe(found)}" for name, found in blocking.items() if found
    )
