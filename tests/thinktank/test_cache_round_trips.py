"""What a hit costs: between changes, one cache round trip and no tag read.

A page or fragment whose computation began at the clock's current value is current
without reading the versions of its ~40 tags (core/cache/tags.py `still_current`). After
a change anywhere, the first hit reads them once and records that they were unchanged at
the new clock, so the next hits are one round trip again."""

import pytest
from django.test import Client

from core.cache import tags as cachetags
from tests.helpers.cache import count_round_trips
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    article = ArticleFactory(
        title="Defence ties", topics=[TopicFactory()], authors=[PersonFactory()]
    )
    url = article.get_absolute_url()
    assert client.get(url)["X-Cache"] == "miss"
    return url


def test_between_changes_a_hit_is_one_round_trip(client, page, monkeypatch):
    calls = count_round_trips(monkeypatch)
    for _ in range(3):
        assert client.get(page)["X-Cache"] == "hit"
    assert calls == ["get_many"] * 3


def test_after_an_unrelated_change_one_hit_reads_the_tags_and_the_next_do_not(
    client, page, monkeypatch, commit
):
    other = ArticleFactory(title="Elsewhere")
    with commit():
        other.title = "Elsewhere, corrected"
        other.save()
    calls = count_round_trips(monkeypatch)
    assert client.get(page)["X-Cache"] == "hit"
    assert calls == ["get_many", "get_many", "set"]  # page, its tags, the record
    calls.clear()
    assert client.get(page)["X-Cache"] == "hit"
    assert calls == ["get_many"]


def test_a_change_to_what_the_page_shows_still_retires_it(client, page, commit):
    from articles.models import Article

    article = Article.objects.get(title="Defence ties")
    with commit():
        article.title = "Defence ties, corrected"
        article.save()
    response = client.get(page)
    assert response["X-Cache"] == "miss"
    assert "Defence ties, corrected" in response.text


def test_a_page_checked_while_a_change_was_half_written_is_checked_again(client, page, monkeypatch):
    """A reader checks the page after a bump has moved the clock but before it has written
    the tags' new versions: the page looks unchanged at that clock, and is served. The
    bump moves the clock again once the versions are written, so the next reader
    checks the tags again and finds the change (on-commit hooks never run here)."""
    article_tag = next(
        name for name in client.get(page)["xkey"].split() if name.startswith("article:")
    )
    real_tick, answers = cachetags._tick, []

    def tick_then_read():
        clock = real_tick()
        if not answers:
            answers.append(Client().get(page)["X-Cache"])
        return clock

    monkeypatch.setattr(cachetags, "_tick", tick_then_read)
    cachetags.bump(article_tag)
    assert answers == ["hit"]
    assert client.get(page)["X-Cache"] == "miss"


def test_between_changes_kept_fragments_are_used_without_reading_their_tags(
    settings, page, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    reader = Client()
    reader.get(page)
    read_tags = []
    real_unchanged = cachetags.unchanged
    monkeypatch.setattr(
        cachetags, "unchanged", lambda *args: read_tags.append(args) or real_unchanged(*args)
    )
    assert "Defence ties" in reader.get(page).text
    assert read_tags == []
