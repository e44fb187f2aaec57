"""Event pages in Chromium: the recording's player loads only when the reader asks."""

import pytest

from tests.e2e.conftest import visit

pytestmark = pytest.mark.e2e

PLAYER = "https://www.youtube-nocookie.com/"
STUB = "<!doctype html><title>player</title><p>A stand-in for the video player.</p>"


def test_the_video_player_loads_only_when_the_reader_clicks(browse, site):
    page = browse.page()
    asked = []
    # The test machine has no way out: a stand-in answers for the player's host.
    page.route(
        f"{PLAYER}**",
        lambda route: (
            asked.append(route.request.url),
            route.fulfill(content_type="text/html", body=STUB),
        ),
    )
    visit(page, site.data["event_past"])
    play = page.get_by_role("link", name="Play the recording from YouTube")
    assert page.locator("iframe").count() == 0
    assert asked == [], "the page asked the video host for something before the click"

    play.click()
    frame = page.locator(".video-embed iframe")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src.startswith(f"{PLAYER}embed/") and "autoplay=1" in src
    assert frame.get_attribute("title").startswith("Recording: ")
    page.wait_for_function("() => document.activeElement.tagName === 'IFRAME'")
    page.frame_locator(".video-embed iframe").get_by_text("A stand-in").wait_for()
    assert asked and asked[0].startswith(f"{PLAYER}embed/")


def test_without_javascript_the_play_link_opens_the_video_on_its_host(browse, site):
    page = browse.page(java_script_enabled=False)
    visit(page, site.data["event_past"])
    href = page.get_by_role("link", name="Play the recording from YouTube").get_attribute("href")
    assert href.startswith(f"{PLAYER}embed/")
    assert page.locator("iframe").count() == 0
