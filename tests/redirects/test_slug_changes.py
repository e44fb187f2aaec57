"""A moved page keeps its old address working: slug changes in the admin leave a 301."""

import pytest

from redirects.models import Redirect
from tests.helpers.admin import ARTICLES, PEOPLE, REGIONS, TOPICS
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
)
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db

SERIES = "/admin/articles/series/"
CONFIRM = {"confirm_new_address": "on"}


def change_slug(client, admin_url, item, slug, confirm=True):
    url = f"{admin_url}{item.pk}/change/"
    data = form_data(client.get(url), slug=slug, **(CONFIRM if confirm else {}))
    return client.post(url, data, follow=True)


KINDS = [
    pytest.param(ARTICLES, lambda: ArticleFactory(slug="old"), "/articles/{}/", id="article"),
    pytest.param(SERIES, lambda: SeriesFactory(slug="old"), "/series/{}/", id="series"),
    pytest.param(PEOPLE, lambda: PersonFactory(slug="old"), "/people/{}/", id="person"),
    pytest.param(TOPICS, lambda: TopicFactory(slug="old"), "/topics/{}/", id="topic"),
    pytest.param(REGIONS, lambda: RegionFactory(slug="old"), "/regions/{}/", id="region"),
]


@pytest.mark.parametrize(("admin_url", "make", "address"), KINDS)
def test_changing_a_public_slug_makes_the_old_address_answer_301(
    editor_client, client, admin_url, make, address
):
    item = make()
    response = change_slug(editor_client, admin_url, item, "new")

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    old, new = address.format("old"), address.format("new")
    assert f"The old address {old} now redirects to {new}." in shown
    found = client.get(old + "?page=2")
    assert found.status_code == 301
    assert found["Location"] == f"{new}?page=2"
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(("admin_url", "make", "address"), KINDS)
def test_a_public_slug_changes_only_once_the_editor_ticks_the_box(
    editor_client, admin_url, make, address
):
    item = make()
    page = editor_client.get(f"{admin_url}{item.pk}/change/").content.decode()
    assert 'name="confirm_new_address"' in page
    assert "Yes, change the web address" in page

    response = change_slug(editor_client, admin_url, item, "new", confirm=False)

    item.refresh_from_db()
    assert item.slug == "old"
    assert "Tick “Yes, change the web address”" in response.content.decode()
    assert not Redirect.objects.exists()


def test_a_draft_never_published_changes_slug_without_a_redirect_or_a_question(
    editor_client, client
):
    article = ArticleFactory(draft=True, slug="old")
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
    assert 'name="confirm_new_address"' not in page

    change_slug(editor_client, ARTICLES, article, "new", confirm=False)

    article.refresh_from_db()
    assert article.slug == "new"
    assert not Redirect.objects.exists()
    assert client.get("/articles/old/").status_code == 404


def test_an_unpublished_article_that_was_once_live_keeps_its_old_address(editor_client):
    article = ArticleFactory(slug="old", draft=True)
    article.first_published_at = article.created_at
    article.save()

    change_slug(editor_client, ARTICLES, article, "new")

    assert Redirect.objects.get().new_path == "/articles/new/"


def test_a_chain_of_renames_collapses_to_the_latest_address(editor_client, client):
    article = ArticleFactory(slug="a")
    change_slug(editor_client, ARTICLES, article, "b")
    change_slug(editor_client, ARTICLES, article, "c")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/articles/a/": "/articles/c/",
        "/articles/b/": "/articles/c/",
    }
    assert client.get("/articles/a/")["Location"] == "/articles/c/"


def test_renaming_back_drops_the_redirect_instead_of_looping(editor_client, client):
    article = ArticleFactory(slug="a")
    change_slug(editor_client, ARTICLES, article, "b")
    change_slug(editor_client, ARTICLES, article, "a")

    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/articles/b/", "/articles/a/")
    ]
    assert client.get("/articles/a/").status_code == 200
    assert client.get("/articles/b/")["Location"] == "/articles/a/"


def test_a_save_that_keeps_the_slug_makes_no_redirect_and_no_message(editor_client):
    article = ArticleFactory(slug="same")
    url = f"{ARTICLES}{article.pk}/change/"
    response = editor_client.post(url, form_data(editor_client.get(url)), follow=True)

    assert not any("redirects" in str(m) for m in response.context["messages"])
    assert not Redirect.objects.exists()


def test_a_unicode_topic_slug_redirects_from_its_decoded_address(editor_client, client):
    topic = TopicFactory(slug="sécurité")
    change_slug(editor_client, TOPICS, topic, "securite")

    response = client.get("/topics/s%C3%A9curit%C3%A9/")
    assert response.status_code == 301
    assert response["Location"] == "/topics/securite/"


def test_a_scheduled_article_not_yet_out_moves_without_a_redirect(editor_client):
    article = ArticleFactory(future=True, slug="old")

    change_slug(editor_client, ARTICLES, article, "new", confirm=False)

    article.refresh_from_db()
    assert article.slug == "new"
    assert not Redirect.objects.exists()


def test_what_is_under_a_moved_article_follows_it(editor_client, client):
    article = ArticleFactory(slug="old")
    change_slug(editor_client, ARTICLES, article, "new")

    for old, new in [
        ("/articles/old/cite.bib", "/articles/new/cite.bib"),
        ("/articles/old/pdf/", "/articles/new/pdf/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get("/articles/new/cite.bib").status_code == 200


@pytest.mark.parametrize(
    ("admin_url", "make", "feed"),
    [
        (TOPICS, lambda: TopicFactory(slug="old"), "/feeds/topics/{}"),
        (REGIONS, lambda: RegionFactory(slug="old"), "/feeds/regions/{}"),
        (PEOPLE, lambda: PersonFactory(slug="old"), "/feeds/people/{}"),
    ],
    ids=["topic", "region", "person"],
)
def test_feeds_move_with_their_topic_region_or_person(editor_client, client, admin_url, make, feed):
    change_slug(editor_client, admin_url, make(), "new")

    for suffix in (".rss", ".atom"):
        response = client.get(feed.format("old") + suffix)
        assert response.status_code == 301
        assert response["Location"] == feed.format("new") + suffix
