"""Pages at the site root: their tree of addresses, and that an unpublished page never leaks."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pages.models import Page
from publishing import workflow
from tests.helpers.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    return PageFactory(title="About us", slug="about")


def test_a_page_lives_at_the_root(client, about):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "<h1>About us</h1>" in response.content.decode()
    assert about.get_absolute_url() == "/about/"


def test_a_sub_page_lives_under_its_parent(client, about):
    governance = PageFactory(title="Governance", slug="governance", parent=about)
    board = PageFactory(title="Board", slug="board", parent=governance)
    assert (governance.path, board.path) == ("about/governance", "about/governance/board")
    assert client.get("/about/governance/board/").status_code == 200
    assert client.get("/governance/").status_code == 404
    assert client.get("/about/board/").status_code == 404


def test_the_parent_lists_its_live_sub_pages_and_the_child_its_crumbs(client, about):
    PageFactory(title="Governance", slug="governance", parent=about)
    PageFactory(title="Secret board minutes", slug="minutes", parent=about, draft=True)
    parent = client.get("/about/").content.decode()
    assert 'href="/about/governance/"' in parent
    assert "Secret board minutes" not in parent
    child = client.get("/about/governance/").content.decode()
    assert '<a href="/about/">About us</a>' in child


def test_a_draft_parent_is_not_named_in_a_live_sub_pages_breadcrumbs(client):
    hidden = PageFactory(title="Unannounced programme", slug="programme", draft=True)
    PageFactory(title="Fellows", slug="fellows", parent=hidden)
    response = client.get("/programme/fellows/")
    assert response.status_code == 200
    assert "Unannounced programme" not in response.content.decode()


def test_moving_a_page_moves_the_pages_below_it(about, editor):
    governance = PageFactory(title="Governance", slug="governance", parent=about)
    board = PageFactory(title="Board", slug="board", parent=governance)
    about.slug = "who-we-are"
    workflow.save(about, editor)
    board.refresh_from_db()
    assert board.path == "who-we-are/governance/board"
    assert Client().get("/who-we-are/governance/board/").status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft", "published_at": None},
        {"status": "in_review", "published_at": None},
        {"status": "archived"},
        {"published_at": timezone.now() + timedelta(days=1)},
        {
            "published_at": timezone.now() - timedelta(days=2),
            "expires_at": timezone.now() - timedelta(seconds=1),
        },
    ],
    ids=["draft", "in-review", "archived", "scheduled", "expired"],
)
def test_an_unpublished_page_is_404_for_readers_and_staff_alike(client, staff_client, fields):
    page = PageFactory(slug="privacy", **fields)
    assert Client().get("/privacy/").status_code == 404
    # Staff see it only through the admin's preview or a preview link, never at its address.
    assert staff_client.get(page.get_absolute_url()).status_code == 404


def test_editors_preview_a_draft_in_the_admin_and_strangers_cannot(editor_client):
    page = PageFactory(title="Draft privacy notice", slug="privacy", draft=True)
    preview = f"/admin/pages/page/{page.pk}/preview/"
    response = editor_client.get(preview)
    assert response.status_code == 200
    assert "Draft privacy notice" in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    stranger = Client().get(preview)
    assert stranger.status_code == 302 and "/login/" in stranger.url


def test_a_draft_is_shown_through_a_signed_preview_link_only(editor):
    page = PageFactory(title="Draft press page", slug="press", draft=True)
    link = workflow.create_preview_link(
        page, editor, note="Board", expires_at=timezone.now() + timedelta(days=1)
    ).item
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 200
    assert "Draft press page" in response.content.decode()
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert Client().get(f"{link.get_absolute_url()}x/").status_code == 404


@pytest.mark.parametrize("path", ["/no-such-page/", "/about/nothing/", "/a/b/c/d/e/f/g/"])
def test_an_unknown_address_is_a_real_404(client, about, path):
    response = client.get(path)
    assert response.status_code == 404


def test_other_sections_still_answer_before_the_pages(client):
    article = ArticleFactory(slug="an-article")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/articles/").status_code == 200


def test_a_page_is_found_by_search_and_listed_in_the_sitemap(client, about):
    PageFactory(title="Accessibility statement", slug="accessibility", summary="WCAG 2.2 AA.")
    found = client.get("/search/", {"q": "accessibility"}).content.decode()
    assert 'href="/accessibility/"' in found
    only_pages = client.get("/search/", {"q": "accessibility", "type": "page"}).content.decode()
    assert 'href="/accessibility/"' in only_pages
    sitemap = client.get("/sitemap-institution.xml").content.decode()
    assert "/about/</loc>" in sitemap and "/accessibility/</loc>" in sitemap


def test_the_page_answers_in_a_fixed_number_of_queries(
    client, about, django_assert_max_num_queries
):
    for number in range(5):
        PageFactory(title=f"Part {number}", slug=f"part-{number}", parent=about)
    with django_assert_max_num_queries(6):
        response = client.get("/about/")
    assert response.status_code == 200
    assert Page.objects.count() == 6


def test_an_address_without_its_slash_is_sent_to_the_page(client, about):
    response = client.get("/about")
    assert (response.status_code, response.url) == (301, "/about/")


def test_restoring_an_earlier_slug_moves_the_page_back(client, about, editor):
    from revisions.models import Revision

    workflow.save(about, editor)
    first = Revision.objects.for_object(about).first()
    about.slug = "who-we-are"
    workflow.save(about, editor)
    workflow.restore_revision(about, first, editor)
    about.refresh_from_db()
    assert about.path == "about"
    assert client.get("/about/").status_code == 200
    # Readers saw it at /who-we-are/: that address now leads back.
    moved = client.get("/who-we-are/")
    assert (moved.status_code, moved["Location"]) == (301, "/about/")
