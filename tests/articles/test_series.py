"""Series: articles meant to be read in order, with a page and previous/next links."""

import pytest

from articles.models import Series
from tests.helpers.factories import ArticleFactory, SeriesFactory
from tests.helpers.forms import management_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts():
    """A three-part series whose middle part has a draft fourth part after it."""
    first, second, third = (
        ArticleFactory(title=f"Part {n}", slug=f"part-{n}") for n in ("one", "two", "three")
    )
    draft = ArticleFactory(title="Part four", slug="part-four", draft=True)
    SeriesFactory(
        title="Gulf security", slug="gulf-security", articles=[first, second, third, draft]
    )
    return first, second, third


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_article_says_where_it_sits_in_its_series(client, parts):
    html = page(client, "/articles/part-two/")
    assert "Part 2 of 3 in the series" in html
    assert 'href="/series/gulf-security/"' in html
    assert '<a class="series-nav__previous" href="/articles/part-one/" rel="prev">' in html
    assert '<a class="series-nav__next" href="/articles/part-three/" rel="next">' in html


def test_the_ends_of_a_series_link_one_way_and_drafts_are_skipped(client, parts):
    first, last = page(client, "/articles/part-one/"), page(client, "/articles/part-three/")
    assert "Part 1 of 3" in first and 'rel="prev"' not in first
    assert "Part 3 of 3" in last and 'rel="next"' not in last
    assert "part-four" not in last


def test_the_series_page_lists_the_published_parts_in_reading_order(client, parts):
    html = page(client, "/series/gulf-security/")
    assert html.index("Part one") < html.index("Part two") < html.index("Part three")
    assert "Part four" not in html


def test_the_series_list_shows_only_series_with_something_published(client, parts):
    SeriesFactory(title="Unfinished", articles=[ArticleFactory(draft=True)])
    html = page(client, "/series/")
    assert "Gulf security" in html
    assert "3 articles" in html
    assert "Unfinished" not in html


def test_an_unknown_series_is_a_404(client):
    assert client.get("/series/no-such-series/").status_code == 404


def test_an_article_outside_any_series_shows_no_series_navigation(client):
    ArticleFactory(slug="alone")
    assert "in the series" not in page(client, "/articles/alone/")


def test_series_pages_are_in_the_sitemap(client, parts):
    SeriesFactory(slug="unfinished", articles=[ArticleFactory(draft=True)])
    xml = page(client, "/sitemap-series.xml")
    assert "/series/gulf-security/" in xml
    assert "/series/unfinished/" not in xml


def test_the_article_page_query_count_stays_bounded_in_a_series(
    client, parts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page(client, "/articles/part-two/")


def test_editor_builds_a_series_in_the_admin(editor_client, client):
    one, two = ArticleFactory(slug="one"), ArticleFactory(slug="two")
    response = editor_client.post(
        "/admin/articles/series/add/",
        {
            "title": "Sahel in transition",
            "slug": "sahel-in-transition",
            "description": "Three essays.",
            **management_form("entries", 2),
            "entries-0-article": str(two.pk),
            "entries-0-position": "2",
            "entries-1-article": str(one.pk),
            "entries-1-position": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    series = Series.objects.get()
    assert list(series.published_articles()) == [one, two]
    assert "Part 1 of 2" in page(client, "/articles/one/")


def test_an_article_can_belong_to_one_series_only(editor_client):
    article = ArticleFactory()
    SeriesFactory(articles=[article])
    response = editor_client.post(
        "/admin/articles/series/add/",
        {
            "title": "Another",
            "slug": "another",
            **management_form("entries", 1),
            "entries-0-article": str(article.pk),
            "entries-0-position": "1",
        },
    )
    assert response.status_code == 200
    assert "already exists" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert Series.objects.count() == 1
