"""A page may not take an address the site already uses: asked of the URLconf itself."""

import sys

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import clear_url_caches, include, path

from pages.models import Page
from pages.reserved import ALWAYS_RESERVED, root_prefixes
from tests.helpers.factories import PageFactory
from tests.helpers.pages import page_form

pytestmark = pytest.mark.django_db

ADD = "/admin/pages/page/add/"
SITE_PREFIXES = [
    "articles",
    "people",
    "topics",
    "regions",
    "series",
    "updates",
    "search",
    "newsletter",
    "events",
    "preview",
    "admin",
    "accounts",
    "feeds",
    "static",
    "media",
]


def test_the_site_prefixes_are_all_reserved():
    assert set(SITE_PREFIXES) <= root_prefixes()


@pytest.mark.parametrize("slug", sorted(set(SITE_PREFIXES) | ALWAYS_RESERVED))
def test_an_editor_is_told_a_reserved_slug_is_taken(editor_client, slug):
    response = editor_client.post(ADD, page_form(slug=slug))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already used by the site" in errors["slug"][0]
    assert not Page.objects.exists()


def test_every_root_prefix_of_the_urlconf_is_refused():
    """Whatever the URLconf holds at its root, not only the list above."""
    for prefix in root_prefixes():
        page = Page(title="X", slug=prefix)
        with pytest.raises(ValidationError) as refused:
            page.clean()
        assert "slug" in refused.value.message_dict, prefix


def _urlconf_with(section):
    from thinktank import urls

    module = type(urls)("test_urls_with_section")
    module.urlpatterns = [path(f"{section}/", include("people.urls")), *urls.urlpatterns]
    return module


def test_a_section_added_to_the_urlconf_is_reserved_at_once():
    conf = _urlconf_with("programmes")
    sys.modules["test_urls_with_section"] = conf
    try:
        with override_settings(ROOT_URLCONF="test_urls_with_section"):
            clear_url_caches()
            assert "programmes" in root_prefixes()
            with pytest.raises(ValidationError):
                Page(title="Programmes", slug="programmes").clean()
    finally:
        clear_url_caches()
        del sys.modules["test_urls_with_section"]


def test_a_sub_page_may_reuse_a_section_name(editor_client):
    about = PageFactory(title="About", slug="about")
    response = editor_client.post(ADD, page_form(slug="people", parent=str(about.pk)))
    assert response.status_code == 302
    assert Page.objects.get(slug="people").path == "about/people"


def test_two_pages_cannot_share_an_address(editor_client):
    PageFactory(slug="about")
    response = editor_client.post(ADD, page_form(slug="about"))
    assert "Another page already lives at /about/" in response.content.decode()


def test_a_page_cannot_sit_under_itself(editor_client):
    about = PageFactory(slug="about")
    child = PageFactory(slug="team", parent=about)
    about.parent = child
    with pytest.raises(ValidationError) as refused:
        about.clean()
    assert "parent" in refused.value.message_dict
