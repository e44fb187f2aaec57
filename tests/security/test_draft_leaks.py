"""Drafts, future-dated and expired work never leak, through any public door."""

import pytest

from articles.models import Article
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    UpdateFactory,
    pdf_file,
)

pytestmark = pytest.mark.django_db

SECRET = "Embargoedword"


@pytest.fixture(params=["draft", "future", "expired"])
def hidden(request):
    """A published neighbour, and a hidden article sharing its author, topic and region."""
    author = PersonFactory(name="Nadia Expert", slug="nadia")
    topic, region = TopicFactory(slug="sanctions"), RegionFactory(slug="levant")
    live = ArticleFactory(slug="live", authors=[author], topics=[topic], regions=[region])
    secret = ArticleFactory(
        title=f"{SECRET} findings",
        slug="embargoed",
        summary=f"{SECRET} summary",
        kind=Article.Kind.REPORT,
        pdf=pdf_file(),
        authors=[author],
        topics=[topic],
        regions=[region],
        **{request.param: True},
    )
    SeriesFactory(slug="study", articles=[live, secret])
    UpdateFactory(body=f"{SECRET} update", author=author, future=True)
    return secret


DOORS = [
    "/",
    "/articles/",
    "/articles/?author=nadia",
    "/articles/?topic=sanctions",
    "/articles/live/",
    "/topics/",
    "/topics/sanctions/",
    "/regions/levant/",
    "/people/nadia/",
    "/updates/",
    "/series/study/",
    f"/search/?q={SECRET}",
    f"/search/?q={SECRET}&type=update",
    "/feeds/articles.rss",
    "/feeds/articles.atom",
    "/feeds/updates.rss",
    "/feeds/topics/sanctions.rss",
    "/feeds/regions/levant.atom",
    "/feeds/people/nadia.rss",
    "/sitemap-articles.xml",
    "/sitemap-updates.xml",
]


@pytest.mark.parametrize("url", DOORS)
def test_no_list_feed_box_or_index_mentions_hidden_work(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for text in (f"{SECRET} findings", f"{SECRET} summary", f"{SECRET} update"):
        assert text not in body  # the search page echoes the bare query word
    assert "/articles/embargoed/" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/articles/embargoed/",
        "/articles/embargoed/pdf/",
        "/articles/embargoed/cite.bib",
        "/articles/embargoed/cite.ris",
        "/articles/embargoed/?preview=1",
    ],
)
def test_the_hidden_articles_own_urls_answer_404(client, hidden, url):
    assert client.get(url).status_code == 404


def test_counts_do_not_reveal_hidden_work(client, hidden):
    html = client.get("/topics/").content.decode()
    assert "1 article<" in html


def test_a_hidden_update_has_no_page(client, hidden):
    from articles.models import Update

    update = Update.objects.get(body__startswith=SECRET)
    assert client.get(update.get_absolute_url()).status_code == 404


def test_a_logged_in_staff_member_sees_no_more_on_public_pages(staff_client, hidden):
    assert staff_client.get("/articles/embargoed/").status_code == 404
    assert f"{SECRET} findings" not in staff_client.get("/articles/").content.decode()
