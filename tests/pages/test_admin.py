"""Pages in the admin: editors build the tree and choose the menus; it all goes through the
publishing workflow (revisions and the audit log)."""

import pytest

from audit.models import AuditEvent
from pages.models import Page
from revisions.models import Revision
from tests.helpers.admin import results
from tests.helpers.factories import PageFactory
from tests.helpers.pages import page_form

pytestmark = pytest.mark.django_db

PAGES = "/admin/pages/page/"


def test_an_editor_publishes_a_page_in_the_header_menu(editor_client, editor, client):
    response = editor_client.post(
        f"{PAGES}add/",
        page_form(title="About us", slug="about", _publish="Publish now", show_in_header="on"),
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="about")
    assert page.is_live and page.show_in_header and page.created_by == editor
    assert Revision.objects.for_object(page).exists()
    assert AuditEvent.objects.for_object(page).filter(action="publish").exists()
    assert 'href="/about/"' in client.get("/").content.decode()


def test_the_list_shows_the_tree_by_address_and_indentation(editor_client):
    about = PageFactory(title="About", slug="about")
    PageFactory(title="Governance", slug="governance", parent=about)
    PageFactory(title="Contact", slug="contact")
    response = editor_client.get(PAGES)
    assert [page.path for page in results(response)] == ["about", "about/governance", "contact"]
    html = response.content.decode()
    assert "— Governance" in html and "/about/governance/" in html


def test_the_parent_choices_name_each_page_by_its_address(editor_client):
    about = PageFactory(title="About", slug="about")
    child = PageFactory(title="Governance", slug="governance", parent=about)
    html = editor_client.get(f"{PAGES}{about.pk}/change/").content.decode()
    assert "/contact/" not in html
    assert f'value="{child.pk}">/about/governance/' not in html  # not under itself
    html = editor_client.get(f"{PAGES}add/").content.decode()
    assert f'value="{child.pk}">/about/governance/ — Governance' in html


def test_the_page_list_answers_in_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    about = PageFactory(slug="about")
    for number in range(10):
        PageFactory(slug=f"part-{number}", parent=about)
    with django_assert_max_num_queries(13):
        assert editor_client.get(PAGES).status_code == 200


def test_a_page_with_sub_pages_cannot_be_trashed_until_they_move(editor_client):
    about = PageFactory(title="About", slug="about")
    PageFactory(title="Governance", slug="governance", parent=about)
    response = editor_client.post(f"{PAGES}{about.pk}/delete/", {"post": "yes"})
    assert Page.objects.filter(pk=about.pk).exists()
    assert "Move its sub-pages" in response.content.decode()
