"""Editing comfort on the article form: byline order, topics by that name, new terms inline."""

import pytest

from articles.models import Article
from taxonomy.models import Region, Topic
from tests.helpers.admin import ARTICLES, UPDATES, article_form
from tests.helpers.factories import ArticleFactory, PersonFactory, RegionFactory, TopicFactory
from tests.helpers.forms import form_data, management_form

pytestmark = pytest.mark.django_db


def _byline_rows(*people, orders=None):
    orders = orders or [0] * len(people)
    rows = management_form("bylines", len(people))
    for index, (person, order) in enumerate(zip(people, orders, strict=True)):
        rows |= {f"bylines-{index}-person": str(person.pk), f"bylines-{index}-order": str(order)}
    return rows


def test_two_new_authors_both_left_at_order_0_get_0_and_1_in_row_order(editor_client):
    first, second = PersonFactory(name="Ali"), PersonFactory(name="Bina")
    response = editor_client.post(f"{ARTICLES}add/", article_form(**_byline_rows(first, second)))
    assert response.status_code == 302
    article = Article.objects.get()
    assert list(article.bylines.values_list("person__name", "order")) == [("Ali", 0), ("Bina", 1)]


def test_order_numbers_decide_and_are_renumbered_without_gaps(editor_client):
    first, second, third = (PersonFactory(name=name) for name in ["Ali", "Bina", "Chen"])
    rows = _byline_rows(first, second, third, orders=[7, 3, 7])
    assert editor_client.post(f"{ARTICLES}add/", article_form(**rows)).status_code == 302
    article = Article.objects.get()
    assert list(article.bylines.values_list("person__name", "order")) == [
        ("Bina", 0),
        ("Ali", 1),
        ("Chen", 2),
    ]


def test_removing_an_author_closes_the_gap_in_the_order(editor_client):
    people = [PersonFactory(name=name) for name in ["Ali", "Bina", "Chen"]]
    article = ArticleFactory(authors=people)
    url = f"{ARTICLES}{article.pk}/change/"
    response = editor_client.post(
        url, form_data(editor_client.get(url), **{"bylines-0-DELETE": "on"})
    )
    assert response.status_code == 302
    assert list(article.bylines.values_list("person__name", "order")) == [("Bina", 0), ("Chen", 1)]


@pytest.mark.parametrize("url", [f"{ARTICLES}add/", f"{UPDATES}add/"])
def test_the_admin_says_topics_never_tags(editor_client, url):
    page = editor_client.get(url).content.decode()
    assert '<label for="id_topics">Topics:</label>' in page
    assert "Tags" not in page
    assert "tags." not in page  # taggit's "A comma-separated list of tags."


def test_new_topics_and_regions_typed_on_the_form_are_created_and_added(editor_client):
    existing = TopicFactory(name="Counter-terrorism")
    RegionFactory(name="North Africa", slug="north-africa")
    data = article_form(
        new_topics="Energy security, counter-TERRORISM, , Energy security",
        new_regions="Sahel, north africa",
    )
    assert editor_client.post(f"{ARTICLES}add/", data).status_code == 302
    article = Article.objects.get()
    assert sorted(article.topics.values_list("name", flat=True)) == [
        "Counter-terrorism",
        "Energy security",
    ]
    assert existing in article.topics.all()
    assert Topic.objects.count() == 2
    assert Topic.objects.get(name="Energy security").slug == "energy-security"
    assert sorted(article.regions.values_list("name", flat=True)) == ["North Africa", "Sahel"]
    assert Region.objects.get(name="Sahel").slug == "sahel"


def test_a_new_region_whose_slug_is_taken_gets_a_free_one(editor_client):
    RegionFactory(name="Gulf", slug="the-gulf")
    data = article_form(new_regions="The Gulf!")
    assert editor_client.post(f"{ARTICLES}add/", data).status_code == 302
    assert Region.objects.get(name="The Gulf!").slug == "the-gulf-2"


def test_an_overlong_new_topic_is_a_form_error_and_nothing_is_saved(editor_client):
    response = editor_client.post(f"{ARTICLES}add/", article_form(new_topics="x" * 101))
    assert response.status_code == 200
    assert "too long for a name" in response.content.decode()
    assert not Article.objects.exists()
    assert not Topic.objects.exists()
