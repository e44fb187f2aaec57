"""Topic and region pages as hubs: introduction, featured piece, latest, experts, follow links."""

import json
import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from seo.templatetags.seo import jsonld as render
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page_obj"].object_list]


def jsonld(html, schema_type):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (data,) = [b for b in map(json.loads, blocks) if b.get("@type") == schema_type]
    return data


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html.split("<main", 1)[1])]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


class TestTopicHub:
    def test_the_newest_featured_piece_leads_and_is_not_repeated_below(self, client):
        topic = TopicFactory()
        ArticleFactory(title="Old lead", topics=[topic], featured=True, published_at=days_ago(9))
        ArticleFactory(title="Lead", topics=[topic], featured=True, published_at=days_ago(5))
        ArticleFactory(title="Latest", topics=[topic], published_at=days_ago(1))
        ArticleFactory(title="Featured draft", topics=[topic], featured=True, draft=True)
        response = client.get(topic.get_absolute_url())
        html = response.content.decode()
        featured = html[html.index('id="featured-heading"') : html.index('id="articles-heading"')]
        assert "Lead<" in featured and "Old lead" not in featured
        assert titles(response) == ["Latest", "Old lead"]
        assert "Featured draft" not in html

    def test_without_a_featured_piece_the_latest_list_is_all_there_is(self, client):
        topic = TopicFactory()
        ArticleFactory(title="Only", topics=[topic])
        response = client.get(topic.get_absolute_url())
        assert 'id="featured-heading"' not in response.content.decode()
        assert titles(response) == ["Only"]

    def test_introduction_feeds_and_newsletter_are_linked(self, client):
        topic = TopicFactory(name="Energy", slug="energy", description="Oil, gas and power.")
        html = client.get(topic.get_absolute_url()).content.decode()
        assert "Oil, gas and power." in html
        assert 'href="/newsletter/?topic=energy"' in html
        assert 'href="/feeds/topics/energy.rss"' in html
        assert 'href="/feeds/topics/energy.atom"' in html

    def test_headings_are_in_order(self, client):
        topic = TopicFactory()
        ArticleFactory(topics=[topic], featured=True)
        ArticleFactory.create_batch(2, topics=[topic])
        PersonFactory().expertise.add(topic)
        UpdateFactory(topics=[topic])
        levels = headings(client.get(topic.get_absolute_url()).content.decode())
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in pairwise(levels))

    def test_a_collection_page_lists_the_latest_and_breadcrumbs_lead_home(self, client):
        topic = TopicFactory(name="Energy")
        ArticleFactory(title="On energy", topics=[topic])
        html = client.get(topic.get_absolute_url()).content.decode()
        page = jsonld(html, "CollectionPage")
        assert page["name"] == "Energy"
        assert page["mainEntity"]["itemListElement"][0]["name"] == "On energy"
        crumbs = jsonld(html, "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Home", "Topics", "Energy"]

    def test_query_count_with_a_featured_piece_is_bounded(
        self, client, django_assert_max_num_queries
    ):
        topic = TopicFactory()
        people = PersonFactory.create_batch(2)
        for person in people:
            person.expertise.add(topic)
        ArticleFactory.create_batch(2, topics=[topic], authors=people, featured=True)
        ArticleFactory.create_batch(12, topics=[topic], authors=people)
        UpdateFactory.create_batch(5, topics=[topic])
        # The featured piece costs its row and its bylines; the events box, one more.
        with django_assert_max_num_queries(13):
            client.get(topic.get_absolute_url())


class TestRegionHub:
    def test_people_who_list_the_region_are_its_experts(self, client):
        region = RegionFactory(name="Sahel")
        expert = PersonFactory(name="Listed Expert")
        expert.regions.add(region)
        writer = PersonFactory(name="Occasional Writer")
        ArticleFactory(regions=[region], authors=[writer, expert])
        PersonFactory(name="Hidden Expert", is_active=False).regions.add(region)
        html = client.get(region.get_absolute_url()).content.decode()
        experts = html[html.index('id="experts-heading"') : html.index('id="writers-heading"')]
        writers = html[html.index('id="writers-heading"') :]
        assert "Listed Expert" in experts and "Occasional Writer" not in experts
        assert "Occasional Writer" in writers.split("</section>")[0]
        assert "Listed Expert" not in writers.split("</section>")[0]
        assert "Hidden Expert" not in html
        assert 'href="/people/?region=' in html

    def test_region_page_query_count_is_bounded(self, client, django_assert_max_num_queries):
        region = RegionFactory()
        people = PersonFactory.create_batch(3)
        for person in people:
            person.regions.add(region)
        ArticleFactory(regions=[region], authors=people, featured=True)
        ArticleFactory.create_batch(13, regions=[region], authors=PersonFactory.create_batch(2))
        with django_assert_max_num_queries(12):
            client.get(region.get_absolute_url())


class TestUpdates:
    def test_the_stream_has_a_heading_per_update(self, client):
        UpdateFactory(body="Testified before the committee\nMore detail follows.")
        html = client.get("/updates/").content.decode()
        assert re.search(r'<h2 class="update__title"><a href="/updates/\d+/">Testified', html)
        # The heading's line is not repeated in the body.
        assert html.split("<main", 1)[1].count("Testified before the committee") == 1
        assert "More detail follows." in html

    def test_a_single_update_has_a_visible_heading_and_breadcrumbs(self, client):
        update = UpdateFactory(body="New report out today\nRead it here.")
        html = client.get(update.get_absolute_url()).content.decode()
        assert '<h1 class="update-header__title">New report out today</h1>' in html
        assert "visually-hidden" not in html.split("<h1", 1)[1].split(">", 1)[0]
        crumbs = jsonld(html, "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Home", "Updates", "New report out today"]


class TestWholeSeconds:
    def test_every_datetime_on_lists_and_hubs_is_to_the_second(self, client):
        topic = TopicFactory()
        moment = timezone.now().replace(microsecond=123456) - timedelta(days=1)
        ArticleFactory(topics=[topic], published_at=moment, featured=True)
        ArticleFactory(topics=[topic], published_at=moment - timedelta(hours=1))
        UpdateFactory(topics=[topic], published_at=moment)
        for url in ("/articles/", topic.get_absolute_url(), "/updates/"):
            html = client.get(url).content.decode()
            stamps = re.findall(r'datetime="([^"]+)"', html)
            assert stamps, url
            for stamp in stamps:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
            assert "123456" not in html and ".123" not in html

    def test_json_ld_dates_are_whole_seconds_whatever_a_builder_returns(self):
        moment = timezone.now().replace(microsecond=654321)
        text = render({"dateCreated": moment})
        stamp = json.loads(re.search(r">(.*)<", text).group(1))["dateCreated"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp)


class TestCollectionPages:
    def test_series_pages_list_their_parts_in_order(self, client):
        first, second = ArticleFactory(title="Part one"), ArticleFactory(title="Part two")
        series = SeriesFactory(title="Sahel study", articles=[first, second])
        html = client.get(series.get_absolute_url()).content.decode()
        items = jsonld(html, "CollectionPage")["mainEntity"]["itemListElement"]
        assert [item["name"] for item in items] == ["Part one", "Part two"]
        assert [c["name"] for c in jsonld(html, "BreadcrumbList")["itemListElement"]] == [
            "Home",
            "Series",
            "Sahel study",
        ]
        listed = jsonld(client.get("/series/").content.decode(), "CollectionPage")
        assert listed["mainEntity"]["itemListElement"][0]["name"] == "Sahel study"

    def test_topic_and_region_indexes_are_collection_pages(self, client):
        ArticleFactory(topics=[TopicFactory(name="Energy")], regions=[RegionFactory(name="Gulf")])
        topics = jsonld(client.get("/topics/").content.decode(), "CollectionPage")
        regions = jsonld(client.get("/regions/").content.decode(), "CollectionPage")
        assert topics["mainEntity"]["itemListElement"][0]["name"] == "Energy"
        assert regions["mainEntity"]["itemListElement"][0]["name"] == "Gulf"
