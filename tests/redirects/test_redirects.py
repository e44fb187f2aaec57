"""Redirects themselves: what the model refuses, and how the middleware answers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import workflow
from redirects.models import Redirect
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def refusal(old, new):
    with pytest.raises(ValidationError) as caught:
        Redirect(old_path=old, new_path=new).full_clean()
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http:/evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "evil.example/path",
        "/path\x00",
        "/path\r\nSet-Cookie: x=1",
        "/with space/",
    ],
)
def test_a_redirect_never_points_off_the_site(target):
    message = refusal("/old/", target)
    assert "None" not in message
    assert any(
        words in message
        for words in ("on this site", "start with “/”", "control characters", "spaces")
    )


@pytest.mark.parametrize("old", ["old/", "/old/?page=2", "", "https://example.org/old/"])
def test_the_old_address_is_a_plain_path_on_this_site(old):
    assert refusal(old, "/new/")


def test_a_redirect_to_itself_is_refused():
    assert "same as the old one" in refusal("/same/", "/same/")


def test_a_redirect_that_would_come_back_round_is_refused():
    Redirect.objects.point("/b/", "/c/", source=Redirect.Source.BY_HAND)
    Redirect.objects.point("/c/", "/a/", source=Redirect.Source.BY_HAND)

    message = refusal("/a/", "/b/")

    assert "loop" in message
    assert "/a/" in message


def test_a_hand_made_redirect_joins_a_chain_one_step_long():
    Redirect.objects.point("/a/", "/b/", source=Redirect.Source.BY_HAND)
    Redirect.objects.point("/b/", "/c/", source=Redirect.Source.BY_HAND)
    Redirect.objects.point("/z/", "/a/", source=Redirect.Source.BY_HAND)

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/a/": "/c/",
        "/b/": "/c/",
        "/z/": "/c/",
    }


def test_percent_escaped_paths_are_stored_as_requests_arrive():
    redirect = Redirect.objects.point("/topics/s%C3%A9curit%C3%A9/", "/x/", source="by_hand")
    assert redirect.old_path == "/topics/sécurité/"


def test_an_address_with_no_redirect_stays_not_found(client):
    Redirect.objects.point("/elsewhere/", "/articles/", source=Redirect.Source.BY_HAND)
    assert client.get("/articles/nothing-here/").status_code == 404


def test_a_live_page_wins_over_a_redirect_from_its_address(client):
    ArticleFactory(slug="live")
    Redirect.objects.point("/articles/live/", "/articles/", source=Redirect.Source.BY_HAND)
    assert client.get("/articles/live/").status_code == 200


def test_the_readers_query_string_is_kept_and_joined_to_the_targets(client):
    Redirect.objects.point("/old/", "/articles/?kind=report#list", source="by_hand")

    response = client.get("/old/?page=2&q=a%26b")

    assert response.status_code == 301
    assert response["Location"] == "/articles/?kind=report&page=2&q=a%26b#list"


def test_the_redirect_lookup_is_one_query(client, django_assert_num_queries):
    Redirect.objects.point("/old/", "/articles/", source=Redirect.Source.BY_HAND)
    client.get("/elsewhere/")  # the 404 page's menus and the live pages' addresses, cached
    with django_assert_num_queries(1):
        assert client.get("/old/").status_code == 301
    with django_assert_num_queries(1):
        assert client.get("/nowhere/").status_code == 404


def test_a_save_without_changing_the_slug_costs_no_redirect_query():
    article = ArticleFactory()
    article.status = article.Status.ARCHIVED
    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["status", "updated_at"])
    # The update itself, then what the cache tags read (its hubs); the address is not asked.
    assert [q["sql"] for q in queries if "redirects_" in q["sql"]] == []
    assert sum(q["sql"].startswith("UPDATE") for q in queries) == 1


def test_the_home_page_is_never_an_old_address():
    assert "home page" in refusal("/", "/articles/")


def test_only_a_folder_redirect_takes_what_is_under_it(client):
    Redirect.objects.point("/reports/", "/articles/", source="by_hand")
    Redirect.objects.point("/briefs/", "/articles/?kind=policy_brief", source="by_hand")

    assert client.get("/reports/2019/")["Location"] == "/articles/2019/"
    assert client.get("/briefs/2019/").status_code == 404


def test_a_move_saved_through_any_door_is_recorded_not_only_the_admins(editor):
    article = ArticleFactory(slug="old")
    article.slug = "new"

    workflow.save(article, editor)

    assert Redirect.objects.target_of("/articles/old/") == "/articles/new/"
    assert Redirect.objects.get().source == Redirect.Source.AUTOMATIC


def test_an_address_with_control_characters_is_a_plain_404(client, django_assert_num_queries):
    # PostgreSQL refuses a NUL in a query: the redirect lookup must not send one.
    client.get("/elsewhere/")  # the 404 page's menus, cached
    with django_assert_num_queries(0):
        assert client.get("/no%00where/").status_code == 404
