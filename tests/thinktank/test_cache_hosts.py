"""The page cache keeps each host's and scheme's copy apart, and never answers a foreign host.

Pages print their own address (canonical link, og:url, JSON-LD, feed links, the sitemap line
of robots.txt), so a copy rendered for one host is wrong, or hostile, on another.
"""

import pytest
from django.test import Client

from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTS = ["thinktank.example", "policy.example"]


@pytest.fixture
def article(settings):
    settings.ALLOWED_HOSTS = HOSTS
    return ArticleFactory(slug="on-hosts")


def get(url, host, secure=False):
    # A fresh client each time: no cookie may carry anything from one visit to the next.
    return Client().get(url, headers={"host": host}, secure=secure)


@pytest.mark.parametrize("url", ["article", "/feeds/articles.rss", "/robots.txt"])
def test_each_allowed_host_gets_its_own_addresses_from_a_warm_cache(article, url):
    url = article.get_absolute_url() if url == "article" else url
    first, second = HOSTS
    assert get(url, first).status_code == 200
    assert get(url, first)["X-Cache"] == "hit"

    for attempt in ("miss", "hit"):
        body = get(url, second).content.decode()
        assert f"http://{second}/" in body, attempt
        assert first not in body, attempt
    assert get(url, second)["X-Cache"] == "hit"


def test_the_article_page_names_the_requested_host_in_every_address(article):
    get(article.get_absolute_url(), HOSTS[0])
    html = get(article.get_absolute_url(), HOSTS[1]).content.decode()
    address = f"http://{HOSTS[1]}{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{address}">' in html
    assert f'<meta property="og:url" content="{address}">' in html
    assert f'"url": "{address}"' in html


@pytest.mark.parametrize("url", ["article", "/robots.txt", "/"])
def test_a_host_outside_allowed_hosts_is_refused_even_when_the_page_is_cached(article, url):
    url = article.get_absolute_url() if url == "article" else url
    get(url, HOSTS[0])
    assert get(url, HOSTS[0])["X-Cache"] == "hit"
    assert get(url, "evil.example").status_code == 400


def test_http_and_https_copies_are_kept_apart(article):
    url = article.get_absolute_url()
    get(url, HOSTS[0])
    assert get(url, HOSTS[0])["X-Cache"] == "hit"

    secure = get(url, HOSTS[0], secure=True)
    assert secure["X-Cache"] == "miss"
    assert f'<link rel="canonical" href="https://{HOSTS[0]}{url}">' in secure.content.decode()
    assert get(url, HOSTS[0], secure=True)["X-Cache"] == "hit"
    assert f"http://{HOSTS[0]}{url}" in get(url, HOSTS[0]).content.decode()
