"""Topic and region pages: indexes with published counts; hubs list what content apps register."""

import pytest
from django.urls import reverse

from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["page_obj"].object_list]


class TestTopics:
    def test_index_lists_topics_with_published_article_counts(self, client):
        topic = TopicFactory(name="Maritime security")
        ArticleFactory(topics=[topic])
        ArticleFactory(topics=[topic], draft=True)
        html = client.get("/topics/").content.decode()
        assert "Maritime security" in html
        assert "1 article<" in html

    def test_topic_page_shows_its_articles_updates_and_experts(self, client):
        topic = TopicFactory(name="Counter-terrorism", description="Armed groups.")
        expert = PersonFactory(name="Topic Expert")
        expert.expertise.add(topic)
        PersonFactory(name="Hidden Expert", is_active=False).expertise.add(topic)
        ArticleFactory(title="On topic", topics=[topic])
        ArticleFactory(title="Off topic")
        ArticleFactory(title="Draft on topic", topics=[topic], draft=True)
        UpdateFactory(body="An update on topic", topics=[topic])
        UpdateFactory(body="A future update", topics=[topic], future=True)
        response = client.get(topic.get_absolute_url())
        html = response.content.decode()
        assert titles(response) == ["On topic"]
        assert "Armed groups." in html
        assert "Topic Expert" in html
        assert "Hidden Expert" not in html
        assert "An update on topic" in html
        assert "A future update" not in html

    def test_unknown_topic_is_404(self, client):
        assert client.get("/topics/not-a-topic/").status_code == 404

    def test_topic_page_query_count_is_bounded(self, client, django_assert_max_num_queries):
        topic = TopicFactory()
        for person in PersonFactory.create_batch(4):
            person.expertise.add(topic)
        ArticleFactory.create_batch(6, topics=[topic], authors=PersonFactory.create_batch(2))
        UpdateFactory.create_batch(5, topics=[topic])
        # 10, 1 for the pages' menus and 1 for the events box.
        with django_assert_max_num_queries(12):
            client.get(topic.get_absolute_url())


class TestRegions:
    def test_index_and_region_page(self, client):
        region = RegionFactory(name="North Africa", description="Libya and neighbours.")
        author = PersonFactory(name="Region Writer")
        ArticleFactory(title="In region", regions=[region], authors=[author])
        ArticleFactory(title="Draft in region", regions=[region], draft=True)
        assert "North Africa" in client.get("/regions/").content.decode()
        response = client.get(region.get_absolute_url())
        assert titles(response) == ["In region"]
        assert "Libya and neighbours." in response.content.decode()
        assert "Region Writer" in response.content.decode()

    def test_experts_come_only_from_published_articles(self, client):
        region = RegionFactory()
        ArticleFactory(regions=[region], authors=[PersonFactory(name="Draft Only")], draft=True)
        assert "Draft Only" not in client.get(region.get_absolute_url()).content.decode()

    def test_region_page_query_count_is_bounded(self, client, django_assert_max_num_queries):
        region = RegionFactory()
        ArticleFactory.create_batch(3, regions=[region], authors=PersonFactory.create_batch(2))
        with django_assert_max_num_queries(11):
            client.get(region.get_absolute_url())
        ArticleFactory.create_batch(12, regions=[region], authors=PersonFactory.create_batch(3))
        with django_assert_max_num_queries(11):
            client.get(region.get_absolute_url())

    def test_unknown_region_is_404(self, client):
        assert client.get("/regions/atlantis/").status_code == 404


class TestTopicAddresses:
    def test_a_non_ascii_topic_slug_works(self, client):
        topic = TopicFactory(name="Sécurité", slug="sécurité")
        assert client.get(topic.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("path", ["/topics/a%00b/", "/topics/a%20b/", "/topics/%2F/"])
    def test_malformed_topic_addresses_are_404(self, client, path):
        assert client.get(path).status_code == 404


def test_a_topic_page_pages_its_articles_and_says_which_page_in_its_title(client):
    topic = TopicFactory(name="Arms control")
    ArticleFactory.create_batch(13, topics=[topic])
    first = client.get(topic.get_absolute_url())
    second = client.get(topic.get_absolute_url(), {"page": 2})
    assert len(titles(first)) == 12 and len(titles(second)) == 1
    assert "<title>Arms control (page 2) |" in second.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_a_region_nobody_has_written_on_has_no_sidebar(client):
    region = RegionFactory()
    ArticleFactory(regions=[region], authors=[])
    assert '<aside class="sidebar">' not in client.get(region.get_absolute_url()).content.decode()


def test_the_public_addresses_keep_their_place_under_the_taxonomy_names(client):
    topic, region = TopicFactory(slug="energy"), RegionFactory(slug="sahel")
    assert reverse("taxonomy:topic-list") == "/topics/"
    assert reverse("taxonomy:region-list") == "/regions/"
    assert topic.get_absolute_url() == "/topics/energy/"
    assert region.get_absolute_url() == "/regions/sahel/"
    for path in ("/feeds/topics/energy.rss", "/feeds/regions/sahel.atom", "/sitemap-topics.xml"):
        assert client.get(path).status_code == 200, path
