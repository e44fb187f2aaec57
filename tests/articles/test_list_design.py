"""/articles/ as readers use it: filters before results, a count, a sort, clean addresses."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, image_file

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page_obj"].object_list]


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def jsonld(html, schema_type):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (data,) = [b for b in map(json.loads, blocks) if b.get("@type") == schema_type]
    return data


@pytest.fixture
def three_days():
    now = timezone.now()
    for day, title in enumerate(["Newest sanctions", "Middle piece", "Oldest sanctions"]):
        ArticleFactory(title=title, published_at=now - timedelta(days=day + 1))


class TestCleanAddresses:
    def test_the_submitted_form_redirects_to_the_address_without_empty_fields(self, client):
        TopicFactory(slug="defence")
        response = client.get("/articles/?q=&topic=defence&region=&kind=&year=&sort=newest")
        assert response.status_code == 301
        assert response["Location"] == "/articles/?topic=defence"

    def test_an_all_empty_form_redirects_to_the_plain_list(self, client):
        response = client.get("/articles/?q=&topic=&region=&kind=&year=&sort=")
        assert (response.status_code, response["Location"]) == (301, "/articles/")

    def test_a_clean_address_is_answered_directly(self, client):
        assert client.get("/articles/?sort=oldest").status_code == 200

    def test_page_one_and_the_default_sort_are_dropped(self, client):
        response = client.get("/articles/?page=1&sort=newest&kind=report")
        assert response["Location"] == "/articles/?kind=report"
        response = client.get("/articles/?q=sanctions&sort=relevance")
        assert response["Location"] == "/articles/?q=sanctions"

    def test_the_first_page_link_carries_no_page_parameter(self, client):
        ArticleFactory.create_batch(25)
        html = client.get("/articles/?page=2").content.decode()
        assert 'rel="prev" href="/articles/"' in html


class TestCountAndSort:
    def test_the_result_count_heads_the_results(self, client, three_days):
        html = client.get("/articles/").content.decode()
        assert re.search(r'<h2 id="results-heading"[^>]*>3 articles</h2>', html)

    def test_newest_first_by_default_and_oldest_first_on_request(self, client, three_days):
        assert titles(client.get("/articles/")) == [
            "Newest sanctions",
            "Middle piece",
            "Oldest sanctions",
        ]
        assert titles(client.get("/articles/?sort=oldest")) == [
            "Oldest sanctions",
            "Middle piece",
            "Newest sanctions",
        ]

    def test_searching_sorts_by_best_match_and_offers_it(self, client, three_days):
        response = client.get("/articles/?q=sanctions")
        assert set(titles(response)) == {"Newest sanctions", "Oldest sanctions"}
        html = response.content.decode()
        assert '<option value="relevance" selected>Best match</option>' in html
        assert "2 articles for" in html

    def test_search_matches_can_be_sorted_by_date(self, client, three_days):
        response = client.get("/articles/?q=sanctions&sort=oldest")
        assert titles(response) == ["Oldest sanctions", "Newest sanctions"]

    def test_best_match_is_not_offered_without_words_to_match(self, client, three_days):
        html = client.get("/articles/").content.decode()
        assert 'value="relevance"' not in html
        # A link that asks for it anyway is answered, newest first.
        assert titles(client.get("/articles/?sort=relevance"))[0] == "Newest sanctions"

    @pytest.mark.parametrize(
        "query", ["sort=sideways", "sort=%00", "q=" + "x" * 500, "q=%00%01", "sort[]=x"]
    )
    def test_bad_sort_or_search_input_is_never_an_error(self, client, query, three_days):
        response = client.get(f"/articles/?{query}", follow=True)
        assert response.status_code == 200


class TestPageShape:
    def test_filters_come_before_the_results_and_headings_are_in_order(self, client):
        ArticleFactory.create_batch(2)
        html = client.get("/articles/").content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert main.index('class="filter-panel"') < main.index('id="results-heading"')
        assert headings(main)[:3] == [1, 2, 2]
        assert set(headings(main)[3:]) == {3}
        assert "<h4" not in main

    def test_the_filters_fold_on_phones_and_open_when_some_apply(self, client):
        TopicFactory(slug="defence")
        assert '<details class="filter-panel">' in client.get("/articles/").content.decode()
        html = client.get("/articles/?topic=defence").content.decode()
        assert '<details class="filter-panel" open>' in html
        assert "(1 active)" in html

    def test_cards_show_their_kind_and_a_thumbnail(self, client):
        ArticleFactory(
            title="Pictured",
            kind=Article.Kind.REPORT,
            hero_image=image_file(size=(800, 450)),
            hero_alt="A harbour",
        )
        html = client.get("/articles/").content.decode()
        assert '<p class="card__kind">Report' in html
        assert 'class="card__image"' in html and 'alt="A harbour"' in html

    def test_the_list_is_a_collection_page_of_its_items(self, client, three_days):
        data = jsonld(client.get("/articles/?sort=oldest").content.decode(), "CollectionPage")
        items = data["mainEntity"]["itemListElement"]
        assert items[0]["name"] == "Oldest sanctions"
        assert [item["position"] for item in items] == [1, 2, 3]
        assert items[0]["url"].startswith("http://testserver/articles/")

    def test_page_two_numbers_on_from_page_one(self, client):
        ArticleFactory.create_batch(14)
        data = jsonld(client.get("/articles/?page=2").content.decode(), "CollectionPage")
        assert data["mainEntity"]["itemListElement"][0]["position"] == 13

    def test_query_count_is_bounded_with_search_and_sort(
        self, client, django_assert_max_num_queries
    ):
        topic = TopicFactory()
        people = [PersonFactory(photo=image_file()) for _ in range(2)]
        ArticleFactory.create_batch(12, topics=[topic], authors=people, title="Sanctions brief")
        with django_assert_max_num_queries(11):
            client.get(f"/articles/?topic={topic.slug}&sort=oldest")
        with django_assert_max_num_queries(11):
            client.get(f"/articles/?q=sanctions&topic={topic.slug}")
        with django_assert_max_num_queries(11):
            client.get(f"/articles/?q=sanctions&topic={topic.slug}&sort=newest")
