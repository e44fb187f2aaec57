"""Metadata for sharing and indexing: canonical links, OpenGraph, JSON-LD."""

import json
import re

import pytest

from articles.models import Article
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, image_file

pytestmark = pytest.mark.django_db


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def of_type(html, schema_type):
    """The one JSON-LD block of `schema_type` (a page also has its BreadcrumbList)."""
    (data,) = [block for block in jsonld(html) if block.get("@type") == schema_type]
    return data


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize(
    "kind, schema_type",
    [
        (Article.Kind.NEWS, "NewsArticle"),
        (Article.Kind.REPORT, "Report"),
        (Article.Kind.POLICY_BRIEF, "Report"),
        (Article.Kind.ANALYSIS, "ScholarlyArticle"),
    ],
)
def test_articles_carry_json_ld_of_their_kind(client, kind, schema_type):
    author = PersonFactory(name="Amina Rahman", role="Senior Fellow")
    article = ArticleFactory(
        kind=kind,
        authors=[author],
        topics=[TopicFactory(name="Defence")],
        hero_image=image_file(size=(1200, 600)),
        hero_alt="x",
    )
    data = of_type(client.get(article.get_absolute_url()).content.decode(), schema_type)
    assert data["headline"] == article.title
    assert data["description"] == article.summary
    assert data["datePublished"].startswith(str(article.published_at.year))
    assert data["dateModified"]
    assert data["image"].startswith("http://testserver/media/renditions/")
    assert data["publisher"]["@type"] == "Organization"
    (person,) = data["author"]
    assert person == {
        "@type": "Person",
        "name": "Amina Rahman",
        "jobTitle": "Senior Fellow",
        "affiliation": data["publisher"],
        "url": f"http://testserver{author.get_absolute_url()}",
    }


def test_editor_text_cannot_break_out_of_json_ld(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>", summary="& <b>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert jsonld(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_people_pages_carry_person_json_ld(client):
    person = PersonFactory(name="Leila Benali", role="Fellow")
    person.links.create(label="Scholar", url="https://scholar.example.org/lb")
    data = of_type(client.get(person.get_absolute_url()).content.decode(), "Person")
    assert (data["@type"], data["name"], data["jobTitle"]) == ("Person", "Leila Benali", "Fellow")
    assert data["sameAs"] == ["https://scholar.example.org/lb"]


def test_the_home_page_describes_the_organisation_and_its_search(client):
    (blocks,) = jsonld(client.get("/").content.decode())
    types = {block["@type"]: block for block in blocks}
    assert set(types) == {"Organization", "WebSite"}
    action = types["WebSite"]["potentialAction"]
    assert action["target"] == "http://testserver/search/?q={search_term_string}"


def test_articles_share_with_their_title_summary_and_image(client):
    article = ArticleFactory(
        title="Haftar at GHQ",
        summary="A renewed defence relationship.",
        hero_image=image_file(size=(1200, 600)),
        hero_alt="Two generals",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == "Haftar at GHQ"
    assert meta(html, "og:description") == "A renewed defence relationship."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:image").startswith("http://testserver/media/renditions/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html


def test_lists_are_indexed_once(client):
    ArticleFactory.create_batch(13)
    page_two = client.get("/articles/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/?page=2">' in page_two
    assert "noindex" not in page_two
    filtered = client.get("/articles/?kind=report&page=1", follow=True).content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/">' in filtered
    assert '<meta name="robots" content="noindex, follow">' in filtered
