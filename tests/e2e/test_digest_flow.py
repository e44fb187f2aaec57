"""The newsletter from both ends: a reader signs up and confirms, an editor publishes in
their topic and presses "Send digest now", and the digest arrives with links that work."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, visit
from tests.helpers.smtp import text_part

pytestmark = pytest.mark.e2e

READER = "digest-reader@example.org"
TITLE = "Shipping lanes under new management"


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


def test_a_reader_gets_the_digest_of_an_article_published_in_their_topic(browse, site):
    topic = site.data["topic_name"]
    reader = browse.page()
    visit(reader, f"/newsletter/?topic={site.data['topic_slug']}")
    reader.fill("input[name=email]", READER)
    time.sleep(2.5)  # people take a moment; the form refuses what a script sends at once
    with reader.expect_navigation():
        reader.get_by_role("button", name="Sign up").click()
    confirmation = mail_to(site, READER, "Confirm")
    confirm = next(link for link in site_links(confirmation, site) if "/confirm/" in link)
    visit(reader, confirm)
    with reader.expect_navigation():
        reader.get_by_role("button", name="Confirm my subscription").click()

    editor = browse.page()
    log_in(editor, site.data["editor"], site.data["password"], admin=True)
    visit(editor, "/admin/articles/article/add/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_summary", "Who runs the ports now, and what it means for trade.")
    editor.locator(".field-topics .select2-selection").click()
    editor.keyboard.type(topic[:8])
    editor.locator(".select2-results__option", has_text=topic).click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Publish now").click()
    expect(editor.locator(".messagelist .success")).to_have_count(1)

    visit(editor, "/admin/newsletter/mailing/")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Send digest now").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("on its way")

    digest = mail_to(site, READER, "New analysis in your topics")
    assert TITLE in text_part(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = site_links(digest, site)
    article = next(link for link in links if link.startswith("/articles/"))
    visit(reader, article)
    assert reader.locator("h1").inner_text() == TITLE

    leave = next(link for link in links if "/unsubscribe/" in link)
    visit(reader, leave)
    with reader.expect_navigation():
        reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.locator("h1")).to_contain_text("unsubscribed")
