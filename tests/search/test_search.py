"""Search at /search/: one page, the same behaviour on SQLite (FTS5) and PostgreSQL."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, UpdateFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's"
)


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["page_obj"].object_list]


def test_haftar_finds_the_demo_article_first_with_a_highlighted_snippet(client):
    call_command("load_demo", verbosity=0)
    response = results(client, "Haftar")
    first = response.context["page_obj"].object_list[0]
    assert first.slug == "pakistan-libya-defence-ties"
    assert "<mark>Haftar</mark>" in response.content.decode()


def test_an_experts_name_finds_their_profile(client):
    PersonFactory(name="Amina Rahman", role="Senior Fellow")
    PersonFactory(name="Omar Haddad")
    response = results(client, "Rahman")
    assert [p.name for p in response.context["people"]] == ["Amina Rahman"]
    assert [p.name for p in results(client, "Rahman", type="person").context["page_obj"]] == [
        "Amina Rahman"
    ]


@on_postgres
def test_a_misspelt_name_still_finds_the_expert(client):
    PersonFactory(name="Amina Rahman")
    assert [p.name for p in results(client, "Rahmaan").context["people"]] == ["Amina Rahman"]


def test_drafts_and_future_articles_never_appear(client):
    ArticleFactory(title="Zanzibar draft", draft=True)
    ArticleFactory(title="Zanzibar embargoed", future=True)
    UpdateFactory(body="Zanzibar scheduled update", future=True)
    PersonFactory(name="Zanzibar Hidden", is_active=False)
    response = results(client, "Zanzibar")
    assert titles(response) == []
    assert response.context["page_obj"].paginator.count == 0
    for box in ("people", "topics", "updates"):
        assert list(response.context[box]) == []


def test_title_matches_rank_above_body_matches(client):
    ArticleFactory(
        title="Drones over the Sahel",
        body="<p>Nothing else.</p>",
        published_at=timezone.now() - timedelta(days=30),
    )
    ArticleFactory(title="Another piece", body="<p>A note on drones in passing.</p>")
    assert titles(results(client, "drones")) == ["Drones over the Sahel", "Another piece"]


def test_equal_matches_put_the_newer_first(client):
    ArticleFactory(title="Older Tripoli note", published_at=timezone.now() - timedelta(days=9))
    ArticleFactory(title="Newer Tripoli note", published_at=timezone.now() - timedelta(days=1))
    assert titles(results(client, "Tripoli")) == ["Newer Tripoli note", "Older Tripoli note"]


def test_words_match_their_other_forms(client):
    ArticleFactory(title="The general visited Rawalpindi")
    assert titles(results(client, "visits")) == ["The general visited Rawalpindi"]


def test_quotes_search_for_an_exact_phrase(client):
    ArticleFactory(title="Defence cooperation grows")
    ArticleFactory(title="Cooperation on defence budgets")
    assert titles(results(client, '"defence cooperation"')) == ["Defence cooperation grows"]
    assert len(titles(results(client, "defence cooperation"))) == 2


def test_article_filters_apply_to_search(client):
    topic = TopicFactory(slug="sahel-topic")
    ArticleFactory(title="Mali report", kind=Article.Kind.REPORT, topics=[topic])
    ArticleFactory(title="Mali commentary", kind=Article.Kind.COMMENTARY)
    assert titles(results(client, "Mali", kind="report")) == ["Mali report"]
    assert titles(results(client, "Mali", topic="sahel-topic")) == ["Mali report"]
    assert titles(results(client, "Mali", topic="no-such-topic")) == []


def test_results_are_paginated(client):
    ArticleFactory.create_batch(14, title="Benghazi briefing")
    assert len(titles(results(client, "Benghazi"))) == 12
    assert len(titles(results(client, "Benghazi", page="2"))) == 2
    assert len(titles(results(client, "Benghazi", page="abc"))) == 12


def test_each_type_has_its_own_results(client):
    UpdateFactory(body="Spoke about Misrata on the radio")
    TopicFactory(name="Misrata militias")
    update_page = results(client, "Misrata", type="update")
    assert [u.body for u in update_page.context["page_obj"]] == ["Spoke about Misrata on the radio"]
    topic_page = results(client, "Misrata", type="topic")
    assert [t.name for t in topic_page.context["page_obj"]] == ["Misrata militias"]
    assert results(client, "Misrata", type="nonsense").context["kind"] == "all"


def test_snippets_escape_what_the_article_says(client):
    ArticleFactory(body="<p>Haftar wrote &lt;script&gt;alert(1)&lt;/script&gt; here.</p>")
    html = results(client, "Haftar").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "!!! ??? ... %%%",
        '"',
        'AND OR NOT * ^ : ( ) NEAR("a" "b")',
        "'; DROP TABLE articles_article; --",
        "ليبيا وباكستان",
        "پاکستان اور لیبیا",
        "\x00",
        "-haftar",
    ],
)
def test_hostile_or_odd_queries_give_a_clean_page(client, query):
    ArticleFactory(title="Haftar visits")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_arabic_text_is_found(client):
    ArticleFactory(title="ليبيا وباكستان: تعاون دفاعي")
    assert len(titles(results(client, "ليبيا"))) == 1


def test_search_query_count_is_bounded(client, django_assert_max_num_queries):
    people = PersonFactory.create_batch(2, name="Sahel Expert")
    ArticleFactory.create_batch(3, title="Sahel analysis", authors=people, topics=[TopicFactory()])
    UpdateFactory.create_batch(2, body="Sahel update")
    client.get("/search/", {"q": "Sahel"})  # fills the archive-wide caches
    # 12, and 1 for the events box beside the results.
    with django_assert_max_num_queries(13):
        client.get("/search/", {"q": "Sahel", "page": "1"})
    ArticleFactory.create_batch(12, title="Sahel analysis", authors=people)
    client.get("/search/", {"q": "Sahel"})
    with django_assert_max_num_queries(13):
        client.get("/search/", {"q": "Sahel", "page": "1"})


def test_search_result_pages_are_not_indexed(client):
    assert "noindex" in results(client, "anything")["X-Robots-Tag"]


def test_a_nul_character_in_the_query_is_ignored(client):
    ArticleFactory(title="Libya briefing")
    assert titles(results(client, "libya\x00")) == ["Libya briefing"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index is kept by triggers")
def test_search_keeps_working_after_a_migration_rebuilt_a_table(client):
    # A migration adding a column on SQLite rebuilds the table, dropping its triggers.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_search_insert")
    call_command("migrate", verbosity=0)
    ArticleFactory(title="Tripoli port deal", slug="tripoli-port-deal")
    assert titles(results(client, "Tripoli")) == ["Tripoli port deal"]
