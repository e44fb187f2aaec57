"""The topic digest: "New analysis in your topics", on NEWSLETTER_DIGEST_DAY at
NEWSLETTER_DIGEST_TIME (registered with the scheduler in apps.py), or when an editor presses
"Send digest now".

Each run is a Mailing of its own. Each subscriber gets the articles published since their
last digest (or since they confirmed) in their topics (none chosen: every topic), newest
first; whoever has nothing new gets nothing. At send time the articles are checked again,
so one unpublished meanwhile is left out, and a digest left with none is not sent.
"""

from datetime import time

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Coalesce
from django.tasks import task
from django.utils import timezone

from articles.models import Article, ArticleTopic
from audit.models import AuditEvent, record
from tasks import schedule

from .delivery import CHUNK, queue_deliveries
from .models import Delivery, Mailing, Subscriber

SUBJECT = "New analysis in your topics"
DAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}


def digest_schedule():
    """When the digest goes out, from the settings (the site's time zone)."""
    at = time.fromisoformat(settings.NEWSLETTER_DIGEST_TIME)
    if settings.NEWSLETTER_DIGEST_DAY == "daily":
        return schedule.daily(at)
    return schedule.weekly(DAYS[settings.NEWSLETTER_DIGEST_DAY], at)


@task(queue_name="email")
def send_digest(user_id=None):
    """Queue this digest for everyone with something new; returns how many get one."""
    now = timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.create(
            kind=Mailing.Kind.DIGEST,
            status=Mailing.Status.SENT,
            subject=SUBJECT,
            sent_at=now,
            created_by_id=user_id,
        )
        count = queue_deliveries(mailing, digest_rows(mailing, now))
        if not count:
            mailing.delete()  # nobody had anything new: no empty mailing in the list
            return 0
        detail = f"Topic digest to {count} subscriber{'s' if count != 1 else ''}"
        record(_user(user_id), AuditEvent.Action.SEND_MAILING, mailing, detail)
    return count


def _user(user_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def digest_rows(mailing, now):
    """An unsaved delivery for each subscriber with new articles in their topics.

    A subscriber whose previous digest is still on its way is left for the next one, which
    starts where that one ends: two digests pressed in a row never repeat an article.
    """
    pending = Delivery.objects.filter(
        mailing__kind=Mailing.Kind.DIGEST,
        state__in=[Delivery.State.QUEUED, Delivery.State.SENDING],
        subscriber__isnull=False,  # NOT IN over a NULL would exclude everyone
    ).values("subscriber_id")
    subscribers = Subscriber.objects.deliverable().exclude(pk__in=pending)
    since = Coalesce("last_digest_at", "confirmed_at")
    earliest = subscribers.aggregate(earliest=Min(since))["earliest"]
    if earliest is None:
        return
    articles = new_articles(earliest, now)
    if not articles:
        return
    chosen = Subscriber.topics.through.objects
    rows = subscribers.order_by("pk").values_list("pk", "last_digest_at", "confirmed_at")
    batch = []
    for row in rows.iterator(CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield from _rows_for(mailing, batch, articles, chosen)
            batch = []
    yield from _rows_for(mailing, batch, articles, chosen)


def _rows_for(mailing, subscribers, articles, chosen):
    topics = {}
    links = chosen.filter(subscriber_id__in=[pk for pk, _, _ in subscribers])
    for subscriber_id, topic_id in links.values_list("subscriber_id", "topic_id"):
        topics.setdefault(subscriber_id, set()).add(topic_id)
    for pk, last_digest_at, confirmed_at in subscribers:
        since = last_digest_at or confirmed_at
        wanted = topics.get(pk)
        ids = [
            article_id
            for article_id, published_at, article_topics in articles
            if published_at > since and (not wanted or wanted & article_topics)
        ]
        if ids:
            yield Delivery(mailing=mailing, subscriber_id=pk, article_ids=ids)


def new_articles(since, now):
    """(id, publish date, topic ids) of articles readers can see published after `since`."""
    found = list(
        Article.objects.published()
        .filter(published_at__gt=since, published_at__lte=now)
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at")
    )
    topics = {}
    links = ArticleTopic.objects.filter(content_object_id__in=[pk for pk, _ in found])
    for article_id, topic_id in links.values_list("content_object_id", "tag_id"):
        topics.setdefault(article_id, set()).add(topic_id)
    return [(pk, published_at, topics.get(pk, set())) for pk, published_at in found]
