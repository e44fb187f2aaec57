"""What editors, readers and staff do, in Chromium, with no console errors or CSP violations."""

import io
import re
from binascii import unhexlify

import pytest
from django_otp.oath import totp
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, visit

pytestmark = pytest.mark.e2e

TITLE = "Ports, pipelines and patrols in the eastern Mediterranean"
ALT = "A patrol boat leaving a harbour at dawn"
LINK = "https://example.org/report"


def png(size=(1200, 675)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_editor_publishes_an_article_that_readers_find_from_home_and_topic_pages(browse, site):
    page = browse.page()
    log_in(page, site.data["editor"], site.data["password"], admin=True)
    visit(page, "/admin/articles/article/add/")

    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Who guards the new energy routes, and with whose boats.")
    assert (
        page.input_value("#id_slug") == "ports-pipelines-and-patrols-in-the-eastern-mediterranean"
    )

    # The body, written in the prose editor: a heading from its menu, one typed as
    # Markdown, a bulleted list, and a link from the link dialog (last: the dialog hands
    # the selection back to the editor a moment after it closes).
    editor = page.locator(".prose-editor [contenteditable]")
    editor.click()
    page.locator(".prose-menubar__selected").click()
    page.locator(".prose-menubar__option[data-name=heading2]").click()
    page.keyboard.type("Why the routes matter")
    page.keyboard.press("Enter")
    page.keyboard.type("Read the full report for the figures.")
    page.keyboard.press("Enter")
    page.keyboard.type("## Who patrols them")  # the editor's Markdown shortcut for a heading
    page.keyboard.press("Enter")
    page.locator(".prose-menubar__button[data-name=bulletList]").click()
    page.keyboard.type("Navies of the littoral states")
    page.keyboard.press("Enter")
    page.keyboard.type("Private security firms")

    editor.locator("p", has_text="Read the full report").evaluate(
        """p => {
             const node = p.firstChild, start = node.data.indexOf("the full report");
             const range = document.createRange();
             range.setStart(node, start);
             range.setEnd(node, start + "the full report".length);
             getSelection().removeAllRanges();
             getSelection().addRange(range);
           }"""
    )
    link_button = page.locator(".prose-menubar__button[data-name=link]")
    expect(link_button).not_to_have_class(re.compile(r"\bdisabled\b"))  # it sees the selection
    link_button.click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.locator("input[name=href]").fill(LINK)
    dialog.get_by_role("button", name="Update").click()
    expect(dialog).to_have_count(0)
    expect(editor.locator(f"a[href='{LINK}']")).to_have_text("the full report")
    assert editor.locator("h2").count() == 2, editor.inner_html()
    assert editor.locator("ul li").count() == 2
    assert editor.locator(f"a[href='{LINK}']").count() == 1

    page.set_input_files(
        "#id_hero_image", files=[{"name": "patrol.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.fill("#id_hero_alt", ALT)

    # Topics: the admin's autocomplete.
    topic = site.data["topic_name"]
    page.locator(".field-topics .select2-selection").click()
    page.keyboard.type(topic[:8])
    page.locator(".select2-results__option", has_text=topic).click()
    assert page.locator("#id_topics option:checked").all_inner_texts() == [topic]

    with page.expect_navigation():
        page.get_by_role("button", name="Publish now").click()
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errornote"
    ).all_inner_texts()

    # A reader, in a browser of their own, finds it from the home page…
    reader = browse.page()
    visit(reader, "/")
    with reader.expect_navigation():
        reader.get_by_role("link", name=TITLE).first.click()
    assert reader.locator("h1").inner_text() == TITLE
    body = reader.locator(".prose")
    assert body.locator("h2").all_inner_texts() == ["Why the routes matter", "Who patrols them"]
    assert body.locator("ul li").all_inner_texts() == [
        "Navies of the littoral states",
        "Private security firms",
    ]
    assert body.locator(f"a[href='{LINK}']").inner_text() == "the full report"
    assert reader.locator(".toc--wide a").all_inner_texts() == [
        "Why the routes matter",
        "Who patrols them",
    ]
    hero = reader.locator(".article__hero img")
    assert hero.get_attribute("alt") == ALT
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0"), "the hero image is broken"
    article_url = reader.url.removeprefix(site.url)

    # …and from its topic's page.
    visit(reader, "/topics/")
    with reader.expect_navigation():
        reader.get_by_role("link", name=topic, exact=True).click()
    assert reader.locator("h1").inner_text() == topic
    assert reader.locator(f"main a[href='{article_url}']").count() >= 1


def test_staff_member_posts_an_update_through_the_form(browse, site):
    page = browse.page()
    log_in(page, site.data["staff"], site.data["password"])
    with page.expect_navigation():
        page.get_by_role("link", name="Post an update").click()
    assert page.url.endswith("/updates/new/")
    text = "Our fellow testified before the defence committee on Mediterranean patrols."
    page.fill("#id_body", text)
    page.fill("#id_link", "https://example.org/hearing")
    page.get_by_label(site.data["topic_name"], exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish update").click()
    assert re.search(r"/updates/\d+/$", page.url)
    assert "Your update is published." in page.locator(".messages").inner_text()

    visit(page, "/updates/")
    assert page.locator(".update", has_text=text).count() == 1


@pytest.mark.parametrize("door", ["site", "admin"])
def test_an_editor_with_two_factor_sign_in_gives_the_code_on_either_log_in_page(browse, site, door):
    account = site.data["two_factor"][door]
    page = browse.page()
    visit(page, "/admin/login/" if door == "admin" else "/accounts/login/")
    code = page.get_by_label("Authentication code")
    expect(code).to_be_visible()

    # The password alone is refused, and the page still asks for the code.
    page.fill("#id_username", account["username"])
    page.fill("#id_password", site.data["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("enter the code your authenticator app shows now")).to_be_visible()
    expect(code).to_be_visible()

    # With the code the authenticator app shows now, the admin opens.
    page.fill("#id_username", account["username"])
    page.fill("#id_password", site.data["password"])
    code.fill(f"{totp(unhexlify(account['key'])):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "login" not in page.url, page.locator(".errornote, .notice").all_inner_texts()
    visit(page, "/admin/")
    assert page.url.endswith("/admin/"), f"the admin sent the editor to {page.url}"
    expect(page.get_by_role("heading", name="Publishing")).to_be_visible()


def test_the_watch_catches_csp_violations_and_script_errors(browse, site):
    """The checks above are only as good as this: a page breaking its policy is caught."""
    page = browse.page()
    page.route(
        "**/probe/csp",
        lambda route: route.fulfill(
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><title>probe</title><script>document.title = 'ran'</script>",
        ),
    )
    page.route(
        "**/probe/error",
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!doctype html><title>probe</title><script>null.boom()</script>",
        ),
    )
    page.goto("/probe/csp")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    page.goto("/probe/error")
    assert any(p.startswith("CSP violation: script-src-elem") for p in browse.problems)
    assert any("console error" in p and "Content Security Policy" in p for p in browse.problems)
    assert any(p.startswith("JavaScript error") for p in browse.problems)
    browse.problems.clear()
