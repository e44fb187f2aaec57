"""A database made by an earlier release migrates forward and still serves the demo site.

fixtures/ holds the demo site as an earlier release left it (its README names the commit):
a SQLite file, a PostgreSQL dump and the uploaded files. Each test site starts from a copy,
runs `manage.py migrate --noinput` with today's code, as an operator upgrading would, and
then answers the public pages, search, feeds, sitemaps and the admin log-in through the
production settings (DEBUG off), in processes of its own.

The SQLite sites run in every pass, once with the uploads restored and once without them
(a copy of production's database without its media must still serve every page). The
PostgreSQL site runs only when the suite itself runs on PostgreSQL (`make test-postgres`):
it replays the dump into a scratch database next to the test database, and drops it after.
"""

import json
import os
import re
import sys
import tarfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
import pytest
from django.contrib import admin

from tests.migration_forward.scratch_site import (
    MEDIA_FIXTURE,
    POSTGRES_FIXTURE,
    SQLITE_FIXTURE,
    manage,
    psql,
    run,
    scratch_database,
    site_env,
    unpack,
)

ARTICLE = "/articles/pakistan-libya-defence-ties/"
ARTICLE_TITLE = "Haftar at GHQ: Pakistan and Libya Renew Their Defence Ties"
REPORT = "/articles/sahel-after-the-withdrawals/"
DRAFT = "/articles/gulf-mediation-draft/"
TOPIC = "/topics/military-diplomacy/"
PERSON = "/people/amina-rahman/"
DEMO_LOGIN = {"username": "editor", "password": "thinktank-demo"}

# Sent in this order; the log-in carries over to the admin pages after it.
REQUESTS = [
    {"path": "/"},
    {"path": ARTICLE},
    {"path": REPORT},
    {"path": f"{REPORT}pdf/"},
    {"path": DRAFT},
    {"path": "/articles/"},
    {"path": TOPIC},
    {"path": PERSON},
    {"path": "/people/"},
    {"path": "/search/?q=Haftar"},
    {"path": "/search/?q=Rahman"},
    {"path": "/feeds/articles.rss"},
    {"path": "/feeds/articles.atom"},
    {"path": "/feeds/topics/military-diplomacy.rss"},
    {"path": "/sitemap.xml"},
    {"path": "/sitemap-articles.xml"},
    {"path": "/admin/login/"},
    {"method": "post", "path": "/accounts/login/", "data": DEMO_LOGIN},
    {"path": "/admin/", "follow": r"^/admin/\w+/\w+/$"},
]
ADMIN_LIST = re.compile(r"^/admin/\w+/\w+/$")


@dataclass
class MigratedSite:
    pages: dict
    media: dict
    permissions: dict
    with_media: bool

    def get(self, path):
        return self.pages[("get", path)]


def migrate_and_visit(env, with_media):
    """`manage.py migrate`, then every request in REQUESTS, in processes of their own."""
    if with_media:
        with tarfile.open(MEDIA_FIXTURE) as tar:
            tar.extractall(env["DJANGO_MEDIA_ROOT"], filter="data")
    manage(env, "migrate", "--noinput")
    visit = [sys.executable, "-m", "tests.migration_forward.fetch_pages"]
    found = json.loads(run(visit, env, stdin=json.dumps(REQUESTS).encode()))
    return MigratedSite(
        pages={
            (page["request"].get("method", "get"), page["request"]["path"]): page
            for page in found["pages"]
        },
        media=found["media"],
        permissions=found["permissions"],
        with_media=with_media,
    )


def postgres_server_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in {"postgres", "postgresql"} else None


SITES = {
    "sqlite-with-media": ("sqlite", True),
    "sqlite-without-media": ("sqlite", False),
    "postgresql-with-media": ("postgresql", True),
}


@pytest.fixture(scope="module", params=list(SITES))
def site(request, tmp_path_factory):
    database, with_media = SITES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    if database == "sqlite":
        env = site_env(folder)
        unpack(SQLITE_FIXTURE, env["SQLITE_PATH"])
        yield migrate_and_visit(env, with_media)
        return
    server_url = postgres_server_url()
    if server_url is None:
        pytest.skip(
            "The PostgreSQL dump is migrated only when the suite runs on PostgreSQL "
            "(DATABASE_URL=postgres://…, as `make test-postgres` sets)."
        )
    with scratch_database(server_url) as url:
        dump = folder / "dump.sql"
        unpack(POSTGRES_FIXTURE, dump)
        psql(url, "--file", dump)
        yield migrate_and_visit(site_env(folder, database_url=url), with_media)


def links(html):
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_home_page_leads_with_the_featured_demo_article(site):
    home = site.get("/")
    assert home["status"] == 200
    assert ARTICLE_TITLE in home["body"]
    assert ARTICLE in links(home["body"])


def test_the_demo_article_keeps_its_text_headings_authors_and_topics(site):
    page = site.get(ARTICLE)
    assert page["status"] == 200
    html = page["body"]
    assert ARTICLE_TITLE in html
    assert "Lieutenant General Saddam Khalifa Haftar" in html
    assert '<h2 id="strategic-dialogue-on-defense-collaboration">' in html
    assert {PERSON, "/people/leila-benali/", TOPIC} <= links(html)


def test_the_article_list_shows_published_articles_and_never_the_draft(site):
    page = site.get("/articles/")
    assert page["status"] == 200
    assert {ARTICLE, REPORT} <= links(page["body"])
    assert DRAFT not in links(page["body"])
    assert site.get(DRAFT)["status"] == 404


def test_a_topic_page_lists_its_articles(site):
    page = site.get(TOPIC)
    assert page["status"] == 200
    assert "Military diplomacy" in page["body"]
    assert ARTICLE in links(page["body"])


def test_a_person_page_shows_the_profile_and_their_articles(site):
    page = site.get(PERSON)
    assert page["status"] == 200
    assert "Dr Amina Rahman" in page["body"]
    assert ARTICLE in links(page["body"])
    assert PERSON in links(site.get("/people/")["body"])


def test_search_still_finds_the_article_by_a_name_in_its_text(site):
    page = site.get("/search/?q=Haftar")
    assert page["status"] == 200
    assert ARTICLE in links(page["body"])
    assert "<mark>Haftar</mark>" in page["body"]
    assert DRAFT not in links(page["body"])


def test_search_still_finds_people(site):
    page = site.get("/search/?q=Rahman")
    assert page["status"] == 200
    assert PERSON in links(page["body"])


@pytest.mark.parametrize(
    "path", ["/feeds/articles.rss", "/feeds/articles.atom", "/feeds/topics/military-diplomacy.rss"]
)
def test_feeds_list_the_demo_article(site, path):
    page = site.get(path)
    assert page["status"] == 200
    feed = feedparser.parse(page["body"])
    assert not feed.bozo, feed.bozo_exception
    assert ARTICLE_TITLE in [entry.title for entry in feed.entries]
    assert all(DRAFT not in entry.link for entry in feed.entries)


def test_the_sitemaps_list_the_published_articles(site):
    index = site.get("/sitemap.xml")
    assert index["status"] == 200
    assert "/sitemap-articles.xml" in index["body"]
    articles = site.get("/sitemap-articles.xml")
    assert articles["status"] == 200
    assert f"{ARTICLE}</loc>" in articles["body"]
    assert DRAFT not in articles["body"]


def test_the_demo_editor_still_logs_in_and_opens_the_admin(site):
    assert site.get("/admin/login/")["status"] == 200
    login = site.pages[("post", "/accounts/login/")]
    assert login["status"] == 302, "the demo editor's password no longer works"
    admin = site.get("/admin/")
    assert admin["status"] == 200
    assert "Articles" in admin["body"]


def test_uploads_are_served_when_present_and_pages_answer_without_them(site):
    report_pdf = site.get(f"{REPORT}pdf/")
    photo_or_hero = [path for path in site.media if not path.endswith(".pdf")]
    assert photo_or_hero, "the pages no longer show the demo's photos and hero images"
    assert site.get(REPORT)["status"] == 200
    if site.with_media:
        assert (report_pdf["status"], report_pdf["starts"][:5]) == (200, "%PDF-")
        assert {path: found["status"] for path, found in site.media.items()} == dict.fromkeys(
            site.media, 200
        )
    else:
        assert report_pdf["status"] == 404
        assert {found["status"] for found in site.media.values()} == {404}


def test_every_admin_list_offered_to_the_demo_editor_opens(site):
    lists = {path: page for (_, path), page in site.pages.items() if ADMIN_LIST.match(path)}
    assert len(lists) >= 3, "the admin index offers the editor almost nothing"
    # A one-object screen (the Home page's) answers its list address with its only form.
    single = {
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "single_object", False)
    }
    expected = {path: 302 if path in single else 200 for path in lists}
    assert {path: page["status"] for path, page in lists.items()} == expected
    assert any(ARTICLE_TITLE in page["body"] for page in lists.values())


def test_the_demo_accounts_keep_their_roles(site):
    assert {"publish_article", "change_article", "change_person"} <= set(site.permissions["editor"])
    assert {"add_update", "change_article"} <= set(site.permissions["staff"])
    assert "publish_article" not in site.permissions["staff"]
