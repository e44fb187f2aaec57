"""The publishable base: what readers may see of an item, and when.

An item is visible from its publish time until its expiry time, only while published.
Expiry is scheduling in reverse: at that moment the item leaves every public door.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from articles.schedule import next_scheduled_time
from audit.models import AuditEvent
from publishing.models import published_q
from tests.helpers.admin import ARTICLES, article_form, run_action
from tests.helpers.factories import ArticleFactory, PersonFactory, UpdateFactory
from tests.helpers.forms import form_data

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
LAST_WEEK = NOON - timedelta(days=7)


@pytest.fixture
def at_noon():
    with time_machine.travel(NOON, tick=False):
        yield


def visible(article):
    return Article.objects.published().filter(pk=article.pk).exists()


def picker(moment):
    """A time as the publishing panel's date and time picker sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# The reader door -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "seen"),
    [
        ({"status": "draft", "published_at": None}, False),
        ({"status": "in_review", "published_at": LAST_WEEK}, False),
        ({"status": "archived", "published_at": LAST_WEEK}, False),
        ({"published_at": NOON + SECOND}, False),
        ({"published_at": NOON}, True),
        ({"published_at": LAST_WEEK}, True),
        ({"published_at": LAST_WEEK, "expires_at": NOON + SECOND}, True),
        ({"published_at": LAST_WEEK, "expires_at": NOON}, False),
        ({"published_at": LAST_WEEK, "expires_at": NOON - SECOND}, False),
    ],
    ids=[
        "draft",
        "in-review",
        "archived",
        "future",
        "publish-time-now",
        "past",
        "live-one-second-before-expiry",
        "expired-at-this-moment",
        "expired-one-second-ago",
    ],
)
def test_published_shows_readers_only_live_unexpired_items(at_noon, fields, seen):
    article = ArticleFactory(**fields)
    assert visible(article) is seen
    assert article.is_live is seen


def test_published_q_applies_expiry_across_relations(at_noon):
    person = PersonFactory()
    live = ArticleFactory(published_at=LAST_WEEK, expires_at=NOON + SECOND, authors=[person])
    ArticleFactory(published_at=LAST_WEEK, expires_at=NOON - SECOND, authors=[person])
    bylines = ArticleAuthor.objects.filter(published_q("article__"))
    assert [byline.article_id for byline in bylines] == [live.pk]


def test_an_item_leaves_at_its_expiry_to_the_second():
    article = ArticleFactory(published_at=LAST_WEEK, expires_at=NOON)
    with time_machine.travel(NOON - SECOND, tick=False):
        assert visible(article) and article.is_live and not article.is_expired
    with time_machine.travel(NOON + SECOND, tick=False):
        assert not visible(article) and not article.is_live and article.is_expired


def test_state_labels_say_when_an_item_goes_out_and_comes_off(at_noon, settings):
    settings.TIME_ZONE = "UTC"
    scheduled = ArticleFactory(published_at=NOON + timedelta(hours=2))
    expired = ArticleFactory(published_at=LAST_WEEK, expires_at=NOON - timedelta(hours=1))
    expiring = ArticleFactory(published_at=LAST_WEEK, expires_at=NOON + timedelta(days=1))
    assert scheduled.state_label() == "Scheduled for 1 Jun 2026, 14:00 (in 2\xa0hours)"
    assert expired.state_label() == "Expired on 1 Jun 2026, 11:00"
    assert expiring.state_label() == "Published"
    assert expiring.expiry_label() == "Expires on 2 Jun 2026, 12:00"
    assert ArticleFactory(draft=True).state_label() == "Draft"
    assert ArticleFactory(status="in_review").state_label() == "In review"
    assert ArticleFactory(status="archived").state_label() == "Archived"


# The database's rules --------------------------------------------------------------------


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
    return True


def test_the_database_refuses_an_expiry_at_or_before_the_publish_time():
    article = ArticleFactory(published_at=LAST_WEEK)
    rows = Article.objects.filter(pk=article.pk)
    assert refused(lambda: rows.update(expires_at=LAST_WEEK))
    assert refused(lambda: rows.update(expires_at=LAST_WEEK - SECOND))
    assert rows.update(expires_at=LAST_WEEK + SECOND) == 1


def test_the_database_refuses_a_published_item_without_a_publish_time():
    article = ArticleFactory()
    assert refused(lambda: Article.objects.filter(pk=article.pk).update(published_at=None))


def test_the_shared_base_keeps_the_articles_constraint_name():
    names = {constraint.name for constraint in Article._meta.constraints}
    assert {
        "published_article_has_publish_date",
        "articles_article_expires_after_publish_date",
    } <= names


# Every public door -----------------------------------------------------------------------


EXPIRED = "Expiredword"


@pytest.fixture
def expired_article():
    ArticleFactory(slug="neighbour")
    return ArticleFactory(
        title=f"{EXPIRED} findings",
        slug="gone",
        summary=f"{EXPIRED} summary",
        published_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - SECOND,
    )


@pytest.mark.parametrize(
    "url",
    ["/articles/", "/feeds/articles.rss", "/sitemap-articles.xml", f"/search/?q={EXPIRED}"],
)
def test_an_expired_article_is_in_no_list_feed_sitemap_or_search(client, expired_article, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "/articles/gone/" not in response.content.decode()
    assert f"{EXPIRED} findings" not in response.content.decode()


def test_an_expired_articles_page_is_gone(client, expired_article):
    assert client.get("/articles/gone/").status_code == 404


def test_a_cached_page_is_not_kept_past_the_next_expiry():
    now = timezone.now()
    ArticleFactory(published_at=now - timedelta(days=1), expires_at=now + timedelta(hours=3))
    ArticleFactory(published_at=now + timedelta(hours=5))
    UpdateFactory(published_at=now + timedelta(hours=4))
    ArticleFactory(draft=True, expires_at=now + timedelta(hours=1))  # not published
    assert next_scheduled_time(now) == now + timedelta(hours=3)


def test_an_article_leaves_the_cached_pages_at_its_expiry(client):
    start = timezone.now()
    ArticleFactory(
        slug="brief", published_at=start - timedelta(days=1), expires_at=start + 60 * SECOND
    )
    with time_machine.travel(start, tick=False):
        assert "/articles/brief/" in client.get("/articles/").content.decode()
    with time_machine.travel(start + 61 * SECOND, tick=False):
        assert "/articles/brief/" not in client.get("/articles/").content.decode()
        assert client.get("/articles/brief/").status_code == 404


# The admin -------------------------------------------------------------------------------


def test_an_editor_sets_an_expiry_and_the_list_shows_it(editor_client, settings):
    settings.TIME_ZONE = "UTC"
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    expiry = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    data = form_data(
        editor_client.get(f"{ARTICLES}{article.pk}/change/"),
        expire_at=picker(expiry),
        _set_expiry="Set expiry",
    )
    response = editor_client.post(f"{ARTICLES}{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.expires_at == expiry
    listing = editor_client.get(ARTICLES).content.decode()
    assert re.search(r"Live</span><span class=\"status-detail\">Expires on \d+ \w+ \d{4}", listing)


def test_an_expiry_before_the_publish_date_is_a_clear_form_error(editor_client):
    published = timezone.now() + timedelta(days=1)
    article = ArticleFactory(published_at=published)  # scheduled for tomorrow
    data = form_data(
        editor_client.get(f"{ARTICLES}{article.pk}/change/"),
        expire_at=picker(published - timedelta(hours=1)),
        _set_expiry="Set expiry",
    )
    response = editor_client.post(f"{ARTICLES}{article.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["expire_at"]
    assert "This is before it is published" in errors[0]
    article.refresh_from_db()
    assert article.expires_at is None


def test_the_editor_sees_the_expiry_picker_with_the_time_zone_named(editor_client, settings):
    settings.TIME_ZONE = "Asia/Karachi"
    page = editor_client.get(f"{ARTICLES}add/").content.decode()
    assert "Take it off the site at (Asia/Karachi time)" in page
    assert 'type="datetime-local" name="expire_at"' in page


def test_a_contributor_cannot_set_an_expiry(staff_client):
    response = staff_client.post(
        f"{ARTICLES}add/",
        article_form(expire_at=picker(timezone.now() + timedelta(days=3)), _set_expiry="Set"),
    )
    assert response.status_code == 302
    assert Article.objects.get().expires_at is None
    assert 'name="expire_at"' not in staff_client.get(f"{ARTICLES}add/").content.decode()


def test_bulk_publish_records_first_and_last_publication_and_audits(editor_client):
    first = timezone.now() - timedelta(days=30)
    returning = ArticleFactory(
        status="draft", published_at=first, first_published_at=first, last_published_at=first
    )
    new = ArticleFactory(draft=True)
    run_action(editor_client, "publish", [returning, new])
    returning.refresh_from_db()
    new.refresh_from_db()
    assert returning.first_published_at == first
    assert returning.last_published_at > first
    assert new.first_published_at == new.published_at
    assert new.last_published_at >= new.published_at
    for article in (returning, new):
        events = AuditEvent.objects.for_object(article)
        assert [event.action for event in events] == [AuditEvent.Action.PUBLISH]


def test_publishing_through_the_form_records_the_first_publication(editor_client):
    article = ArticleFactory(draft=True)
    data = form_data(editor_client.get(f"{ARTICLES}{article.pk}/change/"), _publish="Publish")
    editor_client.post(f"{ARTICLES}{article.pk}/change/", data)
    article.refresh_from_db()
    assert article.is_live
    assert article.first_published_at == article.published_at
    assert article.last_published_at is not None


def test_an_item_published_by_plain_save_records_its_publication(at_noon):
    article = Article.objects.create(title="Loaded", slug="loaded", summary=".", status="published")
    assert article.published_at == article.first_published_at == article.last_published_at == NOON
