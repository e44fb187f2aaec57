"""The demo's institutional pages: present, published, in the menus, and linked where promised."""

import re

import pytest
from django.core.management import call_command

from pages.models import Page

pytestmark = pytest.mark.django_db

PATHS = ["about", "about/governance", "contact", "press", "privacy", "accessibility"]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("path", PATHS)
def test_each_institutional_page_is_published(demo, client, path):
    assert client.get(f"/{path}/").status_code == 200


def test_the_pages_are_in_the_menus_and_loading_again_adds_none(demo, client):
    html = client.get("/").content.decode()
    for path in ["about", "contact", "press", "privacy", "accessibility"]:
        assert f'href="/{path}/"' in html
    count = Page.objects.count()
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == count == len(PATHS)


def test_the_privacy_notice_says_what_the_newsletter_keeps_and_how_to_leave(demo, client):
    text = client.get("/privacy/").content.decode()
    for promise in ["sets no cookies", "7 days", "unsubscribe", "csrftoken"]:
        assert promise in text


def test_the_contact_page_links_a_map_and_embeds_nothing(demo, client):
    text = client.get("/contact/").content.decode()
    assert "openstreetmap.org" in text
    # No embed and no script: the only <script> is the breadcrumbs' JSON-LD, which runs nothing.
    scripts = re.findall(r"<script[^>]*>", text)
    assert "<iframe" not in text and set(scripts) <= {'<script type="application/ld+json">'}


def test_the_newsletter_form_links_the_privacy_notice(demo, client):
    assert 'href="/privacy/"' in client.get("/newsletter/").content.decode()


def test_the_newsletter_form_links_no_privacy_notice_that_is_not_published(client):
    assert "privacy notice" not in client.get("/newsletter/").content.decode()


def test_reading_a_page_sets_no_cookie(demo, client):
    """What the privacy notice promises readers."""
    for url in ["/", "/privacy/", "/articles/pakistan-libya-defence-ties/"]:
        assert not client.get(url).cookies
