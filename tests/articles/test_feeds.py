"""Feeds, sitemap and robots.txt: valid, complete, and never showing unpublished work."""

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import feedparser
import pytest
from django.core.management import call_command

from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.fixture
def content():
    topic, region = TopicFactory(slug="maritime"), RegionFactory(slug="gulf")
    author = PersonFactory(slug="sarah", name="Sarah Whitcombe")
    article = ArticleFactory(
        title="Red Sea shipping",
        summary="Insurance is the battleground.",
        topics=[topic],
        regions=[region],
        authors=[author],
        hero_image=image_file(size=(1200, 600)),
        hero_alt="A tanker",
    )
    ArticleFactory(
        title="Secret draft", topics=[topic], regions=[region], authors=[author], draft=True
    )
    ArticleFactory(title="Embargoed report", topics=[topic], authors=[author], future=True)
    UpdateFactory(author=author, body="Spoke to the BBC about shipping")
    UpdateFactory(author=author, body="Tomorrow's update", future=True)
    return article


FEEDS = [
    "/feeds/articles",
    "/feeds/topics/maritime",
    "/feeds/regions/gulf",
    "/feeds/people/sarah",
]


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("form", [".rss", ".atom"])
def test_article_feeds_parse_cleanly_with_full_entries(client, content, url, form):
    feed = parse(client, url + form)
    assert [e.title for e in feed.entries] == ["Red Sea shipping"]
    entry = feed.entries[0]
    assert entry.summary == "Insurance is the battleground."
    assert entry.author == "Sarah Whitcombe"
    assert [tag.term for tag in entry.tags] == [content.topics.get().name]
    assert entry.published_parsed
    if form == ".atom":
        assert entry.updated  # RSS 2.0 has no element for the modified date
    assert entry.link.endswith(content.get_absolute_url())
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.type == "image/jpeg" and enclosure.href.startswith("http://testserver/")
    assert int(enclosure.length) > 0


@pytest.mark.parametrize("url", [*FEEDS, "/feeds/updates"])
@pytest.mark.parametrize("form", [".rss", ".atom"])
def test_feeds_carry_the_sites_name_from_the_settings(client, content, settings, url, form):
    settings.SITE_NAME = "Centre for Strategic Studies"
    feed = parse(client, url + form).feed
    assert feed.title.startswith("Centre for Strategic Studies: ")
    assert "Thinktank" not in feed.title + feed.get("subtitle", "")
    if url in ("/feeds/articles", "/feeds/updates"):
        assert "Centre for Strategic Studies" in feed.subtitle


@pytest.mark.parametrize("form", [".rss", ".atom"])
def test_the_updates_feed_lists_published_updates(client, content, form):
    feed = parse(client, "/feeds/updates" + form)
    assert [e.summary for e in feed.entries] == ["Spoke to the BBC about shipping"]


@pytest.mark.parametrize(
    "url", ["/feeds/topics/nope.rss", "/feeds/regions/nope.atom", "/feeds/people/nope.rss"]
)
def test_feeds_of_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_link_to_the_feeds_they_mirror(client, content):
    topic = content.topics.get()
    author = content.byline_people[0]
    for page, feed in [
        ("/articles/", "/feeds/articles.rss"),
        (topic.get_absolute_url(), "/feeds/topics/maritime.rss"),
        ("/regions/gulf/", "/feeds/regions/gulf.atom"),
        (author.get_absolute_url(), "/feeds/people/sarah.rss"),
        ("/updates/", "/feeds/updates.atom"),
    ]:
        html = client.get(page).content.decode()
        assert 'rel="alternate"' in html and f'href="{feed}"' in html, page


def urls_in(client, url):
    root = ET.fromstring(client.get(url).content)
    return [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_every_url_in_the_sitemap_answers_200_and_nothing_unpublished_is_listed(client):
    call_command("load_demo", verbosity=0)
    sections = urls_in(client, "/sitemap.xml")
    # pages, articles, people, topics, regions, series, updates, institution, events
    assert len(sections) == 9
    pages = [url for section in sections for url in urls_in(client, urlparse(section).path)]
    assert any(url.endswith("/articles/pakistan-libya-defence-ties/") for url in pages)
    assert not any("gulf-mediation-draft" in url for url in pages)
    for url in pages:
        assert client.get(urlparse(url).path).status_code == 200, url


def test_article_entries_in_the_sitemap_carry_lastmod(client, content):
    root = ET.fromstring(client.get("/sitemap-articles.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = root.findall(f"{ns}url")
    assert len(entries) == 1
    assert entries[0].find(f"{ns}lastmod").text.startswith(str(content.updated_at.year))


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
