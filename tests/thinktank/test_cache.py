"""Public pages are cached for anonymous readers and never stale."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from articles.models import Article
from tests.helpers.factories import ArticleFactory, PersonFactory, TopicFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def test_a_repeat_visit_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Cache"] == "hit"
    assert article.title in response.content.decode()


def test_public_pages_carry_cdn_friendly_cache_headers(client):
    response = client.get("/")
    for directive in ("public", "max-age=0", "s-maxage=30"):
        assert directive in response["Cache-Control"]
    # Old copies are never served to save work (a front cache's grace is for outages).
    assert "stale-while-revalidate" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_an_unchanged_page_answers_304(client):
    article = ArticleFactory()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_a_changed_page_answers_200_to_an_old_etag(client, commit):
    article = ArticleFactory(title="First title")
    etag = client.get(article.get_absolute_url())["ETag"]
    with commit():
        article.title = "Second title"
        article.save()
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Second title" in response.content.decode()


def pages_showing(article, topic, author):
    return [
        "/",
        "/articles/",
        article.get_absolute_url(),
        topic.get_absolute_url(),
        author.get_absolute_url(),
    ]


def test_an_edit_shows_on_every_page_on_the_next_request(client, commit):
    topic, author = TopicFactory(), PersonFactory()
    article = ArticleFactory(title="Before edit", topics=[topic], authors=[author])
    pages = pages_showing(article, topic, author)
    for url in pages:
        assert "Before edit" in client.get(url).content.decode()
    with commit():
        article.title = "After edit"
        article.save()
    for url in pages:
        html = client.get(url).content.decode()
        assert "After edit" in html, url
        assert "Before edit" not in html, url


def test_unpublishing_from_the_admin_takes_effect_at_once(editor_client, commit):
    client = Client()  # an anonymous reader, apart from the editor's session
    topic, author = TopicFactory(), PersonFactory()
    article = ArticleFactory(title="Withdrawn piece", topics=[topic], authors=[author])
    pages = pages_showing(article, topic, author)
    for url in pages:
        client.get(url)
    with commit():
        editor_client.post(
            "/admin/articles/article/",
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in pages[:2] + pages[3:]:
        assert "Withdrawn piece" not in client.get(url).content.decode(), url


def test_publishing_shows_on_the_lists_at_once(client, commit):
    topic = TopicFactory()
    draft = ArticleFactory(title="Fresh analysis", topics=[topic], draft=True)
    assert "Fresh analysis" not in client.get(topic.get_absolute_url()).content.decode()
    with commit():
        draft.status = Article.Status.PUBLISHED
        draft.save()
    assert "Fresh analysis" in client.get(topic.get_absolute_url()).content.decode()
    assert "Fresh analysis" in client.get("/articles/").content.decode()


def test_retagging_shows_on_topic_pages_at_once(client, commit):
    old, new = TopicFactory(), TopicFactory()
    article = ArticleFactory(title="Moved piece", topics=[old])
    client.get(new.get_absolute_url())
    with commit():
        article.topics.set([new])
    assert "Moved piece" in client.get(new.get_absolute_url()).content.decode()
    assert "Moved piece" not in client.get(old.get_absolute_url()).content.decode()


def test_scheduled_content_appears_on_time_without_clearing_the_cache(client):
    go_live = timezone.now() + timedelta(minutes=5)
    ArticleFactory(title="Scheduled analysis", published_at=go_live)
    UpdateFactory(body="Scheduled update", published_at=go_live + timedelta(minutes=1))
    assert "Scheduled analysis" not in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "hit"
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert "Scheduled analysis" in client.get("/").content.decode()
        assert "Scheduled update" not in client.get("/").content.decode()
    with time_machine.travel(go_live + timedelta(minutes=1, seconds=1)):
        assert "Scheduled update" in client.get("/").content.decode()


def test_logged_in_people_always_get_fresh_private_pages(client, editor, commit):
    article = ArticleFactory(title="Original")
    client.get(article.get_absolute_url())
    client.force_login(editor)
    Article.objects.filter(pk=article.pk).update(title="Changed quietly")
    response = client.get(article.get_absolute_url())
    assert "Changed quietly" in response.content.decode()
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_forms_and_the_admin_are_never_cached(staff_client, editor_client):
    assert "no-store" in staff_client.get("/updates/new/")["Cache-Control"]
    assert "no-store" in editor_client.get("/admin/")["Cache-Control"]


def test_the_login_page_is_not_kept_in_the_shared_cache(client):
    client.get("/accounts/login/")
    assert "X-Cache" not in client.get("/accounts/login/")


def test_not_found_pages_are_not_cached(client, commit):
    assert client.get("/articles/coming-soon/").status_code == 404
    with commit():
        ArticleFactory(slug="coming-soon")
    assert client.get("/articles/coming-soon/").status_code == 200


def test_adding_an_author_shows_on_their_profile_at_once(client, commit):
    author = PersonFactory()
    article = ArticleFactory(title="Newly credited piece")
    assert "Newly credited piece" not in client.get(author.get_absolute_url()).content.decode()
    with commit():
        article.authors.add(author)
    assert "Newly credited piece" in client.get(author.get_absolute_url()).content.decode()


def test_cached_pages_keep_every_security_and_robots_header(client):
    ArticleFactory(title="Haftar")
    for url in ("/", "/search/?q=Haftar"):
        fresh = client.get(url)
        hit = client.get(url)
        assert hit["X-Cache"] == "hit"
        for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
            assert hit[header] == fresh[header], (url, header)
    assert client.get("/search/?q=Haftar")["X-Robots-Tag"] == "noindex"


def test_a_scheduled_item_due_during_a_render_is_not_cached_past_its_time(client, monkeypatch):
    """The render reads the database before the item is due, and finishes after."""
    from core.cache import schedule

    due = timezone.now() + timedelta(seconds=30)
    ArticleFactory(title="Due mid-render", published_at=due)
    # Every read happens before the item is due; every render finishes after.
    monkeypatch.setattr(schedule, "finished_at", lambda: due + timedelta(seconds=1))
    assert "Due mid-render" not in client.get("/articles/").content.decode()
    monkeypatch.undo()
    with time_machine.travel(due + timedelta(seconds=2)):
        assert "Due mid-render" in client.get("/articles/").content.decode()


def test_a_page_a_change_overtook_mid_render_is_kept_by_no_cache(client, monkeypatch):
    """The render read the article before the change; a front cache may see it after its
    purge, so it is told to keep it no time at all."""
    from core.cache import tags as cachetags

    article = ArticleFactory()
    read_versions = cachetags.versions

    def changed_first(tags, found=None):
        cachetags.bump(f"article:{article.pk}")
        return read_versions(tags, found)

    monkeypatch.setattr(cachetags, "versions", changed_first)
    overtaken = client.get(article.get_absolute_url())
    monkeypatch.undo()
    assert "s-maxage=0" in overtaken["Cache-Control"]
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    assert "s-maxage=30" in client.get(article.get_absolute_url())["Cache-Control"]


def test_junk_query_strings_are_served_but_not_cached(client):
    url = "/articles/?" + "x" * 300 + "=1"
    assert client.get(url).status_code == 200
    assert "X-Cache" not in client.get(url)


def fresh_url(path):
    """`path` under a query string no earlier test used, so nothing is cached for it yet."""
    return f"{path}?visit={uuid.uuid4().hex}"


@pytest.mark.parametrize(
    ("path", "cached", "in_transaction"),
    [
        ("/both/", True, False),
        ("/cacheable/", True, True),
        ("/non-atomic/", False, False),
        ("/neither/", False, True),
    ],
)
def test_cacheable_and_outside_the_transaction_are_separate_marks(
    client, settings, path, cached, in_transaction
):
    settings.ROOT_URLCONF = "tests.thinktank.cache_marks_urls"
    url = fresh_url(path)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    first = client.get(url)
    assert int(first.content) == outside + in_transaction
    assert (client.get(url).get("X-Cache") == "hit") is cached


@pytest.fixture
def root_resolutions(monkeypatch):
    """The paths the root URL resolver is asked about, in order."""
    root, resolve, asked = get_resolver(), URLResolver.resolve, []

    def counting(self, path):
        if self is root:
            asked.append(path)
        return resolve(self, path)

    monkeypatch.setattr(URLResolver, "resolve", counting)
    return asked


def test_the_cache_reads_its_mark_from_the_response_not_from_the_url(client, root_resolutions):
    url = fresh_url("/articles/")
    assert client.get(url)["X-Cache"] == "miss"
    assert root_resolutions == ["/articles/"]  # Django's own resolution, once
    root_resolutions.clear()
    assert client.get(url)["X-Cache"] == "hit"
    assert root_resolutions == []


def test_pages_without_the_mark_are_resolved_once_and_never_cached(client, root_resolutions):
    url = fresh_url("/accounts/login/")
    client.get(url)
    assert "X-Cache" not in client.get(url)
    assert root_resolutions == ["/accounts/login/", "/accounts/login/"]


def test_a_cached_count_ends_at_the_next_scheduled_moment_whatever_the_backend_keeps(
    client, monkeypatch
):
    """Redis keeps entries by its own clock, in whole seconds; the count must not wait."""
    from django.core.cache import cache

    keep_forever = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout=None, **kwargs: keep_forever(key, value, None)
    )
    go_live = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    topic = TopicFactory(name="Sahel security")
    ArticleFactory(topics=[topic])
    ArticleFactory(topics=[topic], published_at=go_live)
    assert "1 article" in client.get("/topics/").text
    with time_machine.travel(go_live):
        assert "2 articles" in client.get("/topics/").text


def test_working_out_the_schedule_tags_the_entry_with_no_scheduled_item():
    """The schedule is worked out while a page renders; the items it loads to learn their
    tags are not on the page, so their edits must not retire it."""
    from django.core.cache import cache

    from core.cache import cached_for_content, collecting

    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=3))
    cache.clear()  # the schedule is worked out afresh, inside the render below
    with collecting() as page:
        cached_for_content(f"count:{uuid.uuid4().hex}", lambda: 1, tags=["list:articles"])
    assert "list:articles" in page
    assert f"article:{scheduled.pk}" not in page
