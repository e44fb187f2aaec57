"""Stored and reflected XSS: editor-typed text is escaped wherever it appears."""

import pytest

from articles.models import Article
from people.models import PersonLink
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    UpdateFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

PAYLOAD = "\"'><script>alert('xss')</script><img src=x onerror=alert(1)>"
# What would run if the payload reached a page unescaped.
LIVE_MARKUP = ["<script>alert('xss')", "<img src=x onerror"]


def assert_inert(response):
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    for markup in LIVE_MARKUP:
        assert markup not in body, f"unescaped {markup!r}"


@pytest.fixture
def hostile(db):
    """One of everything, every editor-typed text field carrying the payload."""
    topic = TopicFactory(name=f"Topic {PAYLOAD}", slug="hostile-topic", description=PAYLOAD)
    region = RegionFactory(name=f"Region {PAYLOAD}", slug="hostile-region", description=PAYLOAD)
    person = PersonFactory(
        name=f"Person {PAYLOAD}", slug="hostile-person", role=PAYLOAD, short_bio=PAYLOAD
    )
    person.expertise.add(topic)
    PersonLink.objects.create(person=person, label=PAYLOAD, url="https://example.org/")
    article = ArticleFactory(
        title=f"Article {PAYLOAD}",
        slug="hostile-article",
        kind=Article.Kind.REPORT,
        summary=PAYLOAD,
        hero_image=image_file(),
        hero_alt=PAYLOAD,
        hero_caption=PAYLOAD,
        hero_credit=PAYLOAD,
        authors=[person],
        topics=[topic],
        regions=[region],
    )
    ArticleFactory(slug="neighbour", topics=[topic], regions=[region], authors=[person])
    update = UpdateFactory(
        body=f"Update {PAYLOAD}", author=person, image=image_file(), image_alt=PAYLOAD
    )
    series = SeriesFactory(
        title=f"Series {PAYLOAD}", slug="hostile-series", description=PAYLOAD, articles=[article]
    )
    return {"article": article, "person": person, "update": update, "series": series}


PUBLIC_URLS = [
    "/",
    "/articles/",
    "/articles/hostile-article/",
    "/articles/neighbour/",
    "/topics/",
    "/topics/hostile-topic/",
    "/regions/",
    "/regions/hostile-region/",
    "/people/",
    "/people/hostile-person/",
    "/updates/",
    "/series/",
    "/series/hostile-series/",
    "/search/?q=Article",
    "/search/?q=Person&type=person",
    "/search/?q=Topic&type=topic",
    "/search/?q=Update&type=update",
    "/feeds/articles.rss",
    "/feeds/articles.atom",
    "/feeds/updates.rss",
    "/feeds/topics/hostile-topic.atom",
    "/feeds/regions/hostile-region.rss",
    "/feeds/people/hostile-person.rss",
    "/sitemap-articles.xml",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_stored_text_is_escaped_on_every_public_page_and_feed(client, hostile, url):
    assert_inert(client.get(url))


def test_the_update_page_escapes_its_text(client, hostile):
    assert_inert(client.get(hostile["update"].get_absolute_url()))


def test_json_ld_cannot_be_closed_early(client, hostile):
    html = client.get("/articles/hostile-article/").content.decode()
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld  # "<" is written \u003c inside the JSON


def test_meta_tags_escape_quotes(client, hostile):
    html = client.get("/articles/hostile-article/").content.decode()
    assert '<meta property="og:title" content="Article &quot;&#x27;&gt;&lt;script&gt;' in html


def test_citation_downloads_are_not_html(client, hostile):
    for fmt in ("bib", "ris"):
        response = client.get(f"/articles/hostile-article/cite.{fmt}")
        assert not response["Content-Type"].startswith("text/html")
        assert response["Content-Disposition"].startswith("attachment")


ADMIN_URLS = [
    "/admin/articles/article/",
    "/admin/articles/article/{article}/change/",
    "/admin/articles/article/{article}/history/",
    "/admin/articles/article/{article}/delete/",
    "/admin/taxonomy/topic/",
    "/admin/taxonomy/region/",
    "/admin/articles/update/",
    "/admin/articles/update/{update}/change/",
    "/admin/articles/series/",
    "/admin/articles/series/{series}/change/",
    "/admin/people/person/",
    "/admin/people/person/{person}/change/",
    "/admin/people/person/{person}/delete/",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_stored_text_is_escaped_in_the_admin(editor_client, hostile, url):
    ids = {name: obj.pk for name, obj in hostile.items()}
    assert_inert(editor_client.get(url.format(**ids)))


def test_the_admin_message_after_saving_escapes_the_title(editor_client, hostile):
    article = hostile["article"]
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
        follow=True,
    )
    assert_inert(response)
    response = editor_client.get(f"/admin/articles/article/{article.pk}/history/")
    assert_inert(response)


@pytest.mark.parametrize(
    "url",
    [
        f"/search/?q={PAYLOAD}",
        f"/articles/?topic={PAYLOAD}&kind={PAYLOAD}",
        f"/people/?expertise={PAYLOAD}",
        f"/accounts/login/?next={PAYLOAD}",
        f"/newsletter/?topic={PAYLOAD}",
    ],
)
def test_reflected_input_is_escaped(client, url):
    assert_inert(client.get(url))
