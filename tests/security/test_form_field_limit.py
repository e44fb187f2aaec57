"""Requests are refused past Django's 1,000 form fields, and no real form comes near it."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleImage, Correction
from publishing.models import PreviewLink
from tests.helpers.admin import ARTICLES
from tests.helpers.factories import ArticleFactory, PersonFactory, RegionFactory, TopicFactory
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db

LIMIT = 1000


def field_count(data):
    return sum(len(value) if isinstance(value, list) else 1 for value in data.values())


@pytest.fixture
def largest_article():
    """A report as big as the admin form gets in practice: ten authors, the sixty images a
    Word import may bring, ten corrections, fifty preview links, ten topics and regions."""
    article = ArticleFactory(
        authors=[PersonFactory() for _ in range(10)],
        topics=[TopicFactory() for _ in range(10)],
        regions=[RegionFactory() for _ in range(10)],
    )
    # Rows only: the form lists images by name and size without opening the files.
    ArticleImage.objects.bulk_create(
        ArticleImage(article=article, image=f"articles/body/{n}.png", width=8, height=8, alt="")
        for n in range(60)
    )
    for n in range(10):
        Correction.objects.create(article=article, text=f"Correction {n}.")
    expires = timezone.now() + timedelta(days=7)
    PreviewLink.objects.bulk_create(
        PreviewLink(item=article, note=f"Reviewer {n}", expires_at=expires) for n in range(50)
    )
    return article


def test_the_largest_realistic_article_form_saves(editor_client, largest_article):
    url = f"{ARTICLES}{largest_article.pk}/change/"
    data = form_data(editor_client.get(url), title="Still saves")
    assert 500 < field_count(data) < LIMIT
    assert editor_client.post(url, data).status_code == 302
    largest_article.refresh_from_db()
    assert largest_article.title == "Still saves"


def test_its_autosave_is_kept_too(editor_client, largest_article):
    url = f"{ARTICLES}{largest_article.pk}/"
    data = form_data(editor_client.get(f"{url}change/"), title="Half-written")
    assert editor_client.post(f"{url}autosave/", data).status_code == 200


def test_an_action_on_every_row_a_changelist_can_show_runs(editor_client):
    # 200 is the admin's "Show all" ceiling (list_max_show_all).
    rows = Article.objects.bulk_create(
        Article(title=f"Draft {n}", slug=f"draft-{n}", summary="S.") for n in range(200)
    )
    data = {"action": "publish", ACTION_CHECKBOX_NAME: [str(article.pk) for article in rows]}
    assert editor_client.post(ARTICLES, data).status_code == 302
    assert not Article.objects.exclude(status=Article.Status.PUBLISHED).exists()


def test_a_form_padded_past_the_limit_is_refused_with_400_and_nothing_saved(editor_client):
    article = ArticleFactory(title="Original")
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(editor_client.get(url), title="Padded")
    data.update({f"padding-{n}": "x" for n in range(LIMIT + 1 - field_count(data))})
    assert field_count(data) == LIMIT + 1
    assert editor_client.post(url, data).status_code == 400
    article.refresh_from_db()
    assert article.title == "Original"


def test_a_query_string_past_the_limit_is_400_for_readers():
    query = "&".join(f"f{n}=x" for n in range(LIMIT + 1))
    assert Client().get(f"/search/?{query}").status_code == 400
