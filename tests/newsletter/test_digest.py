"""The topic digest: new, still-published articles in each subscriber's topics; never empty."""

from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from newsletter.digest import digest_schedule, send_digest
from newsletter.models import Delivery, Mailing, Subscriber
from tasks import schedule
from tests.helpers.factories import ArticleFactory, SubscriberFactory, TopicFactory
from tests.helpers.smtp import text_part

pytestmark = pytest.mark.django_db

DAYS_AGO = timedelta(days=3)
FIRST_RUN = SimpleNamespace(attempt=1)  # the task's context, as a worker's first run gives


def subscriber(email, topics=(), **fields):
    person = SubscriberFactory(email=email, topics=topics)
    Subscriber.objects.filter(pk=person.pk).update(confirmed_at=timezone.now() - DAYS_AGO, **fields)
    return person


def received(sink):
    return {message["To"]: text_part(message) for message in sink.messages}


@pytest.fixture
def topics():
    return TopicFactory(name="Defence"), TopicFactory(name="Trade")


def test_each_subscriber_gets_new_articles_in_their_topics(topics, smtp_sink):
    defence, trade = topics
    subscriber("defence@example.org", [defence])
    subscriber("trade@example.org", [trade])
    subscriber("all@example.org")
    ArticleFactory(title="Tanks", topics=[defence], published_at=timezone.now())
    ArticleFactory(title="Tariffs", topics=[trade], published_at=timezone.now())

    assert send_digest.call() == 3
    mail = received(smtp_sink)
    assert "Tanks" in mail["defence@example.org"] and "Tariffs" not in mail["defence@example.org"]
    assert "Tariffs" in mail["trade@example.org"] and "Tanks" not in mail["trade@example.org"]
    assert "Tanks" in mail["all@example.org"] and "Tariffs" in mail["all@example.org"]
    assert {message["Subject"] for message in smtp_sink.messages} == {"New analysis in your topics"}


def test_nobody_gets_an_empty_digest(topics, smtp_sink):
    defence, trade = topics
    subscriber("trade@example.org", [trade])
    ArticleFactory(title="Tanks", topics=[defence], published_at=timezone.now())
    ArticleFactory(title="Old", topics=[trade], published_at=timezone.now() - 2 * DAYS_AGO)
    assert send_digest.call() == 0
    assert smtp_sink.messages == [] and not Mailing.objects.exists()


def test_articles_unpublished_before_sending_are_left_out(topics, smtp_sink, task_queue):
    from newsletter.delivery import send_batch

    defence, trade = topics
    subscriber("one@example.org")
    subscriber("two@example.org", [trade])
    kept = ArticleFactory(title="Kept", topics=[defence], published_at=timezone.now())
    gone = ArticleFactory(title="Withdrawn", topics=[trade], published_at=timezone.now())
    assert send_digest.call() == 2  # queued, not sent: the tasks wait in the database
    gone.status = gone.Status.DRAFT
    gone.save()
    digest = Mailing.objects.get()
    send_batch.call(FIRST_RUN, digest.pk, 0)

    mail = received(smtp_sink)
    assert list(mail) == ["one@example.org"]  # two had only the withdrawn one
    assert "Kept" in mail["one@example.org"] and "Withdrawn" not in mail["one@example.org"]
    states = dict(Delivery.objects.values_list("subscriber__email", "state"))
    assert states == {"one@example.org": "sent", "two@example.org": "skipped"}
    assert kept.pk in Delivery.objects.get(subscriber__email="one@example.org").article_ids


def test_the_last_digest_time_advances_and_nothing_is_sent_twice(topics, smtp_sink):
    subscriber("reader@example.org")
    ArticleFactory(title="First", published_at=timezone.now() - timedelta(minutes=5))
    assert send_digest.call() == 1
    first = Subscriber.objects.get().last_digest_at
    assert first == Mailing.objects.get().sent_at

    assert send_digest.call() == 0  # nothing new since
    ArticleFactory(title="Second", published_at=timezone.now())
    assert send_digest.call() == 1
    assert Subscriber.objects.get().last_digest_at > first
    latest = sorted(smtp_sink.messages, key=lambda m: m["Date"])[-1]
    assert "Second" in text_part(latest) and "First" not in text_part(latest)


def test_unconfirmed_and_unsubscribed_readers_get_no_digest(smtp_sink):
    SubscriberFactory(email="pending@example.org", pending=True)
    subscriber("gone@example.org", unsubscribed_at=timezone.now())
    ArticleFactory(published_at=timezone.now())
    assert send_digest.call() == 0


def test_the_digest_runs_weekly_at_the_configured_day_and_time(settings):
    settings.NEWSLETTER_DIGEST_DAY = "thursday"
    settings.NEWSLETTER_DIGEST_TIME = "07:30"
    assert digest_schedule() == schedule.weekly(schedule.THURSDAY, time(7, 30))
    settings.NEWSLETTER_DIGEST_DAY = "daily"
    assert digest_schedule() == schedule.daily(time(7, 30))
    assert "newsletter.digest" in schedule.jobs()


def test_a_digest_pressed_twice_before_the_first_went_out_repeats_nothing(
    topics, smtp_sink, task_queue
):
    from newsletter.delivery import send_batch

    subscriber("reader@example.org")
    gone = subscriber("gone@example.org")
    ArticleFactory(title="First", published_at=timezone.now() - timedelta(minutes=5))
    assert send_digest.call() == 2  # queued, not sent yet
    gone.delete()  # their delivery stays, with no subscriber
    subscriber("late@example.org")
    assert send_digest.call() == 1  # only the newcomer: the reader's is on its way
    for mailing in Mailing.objects.all():
        send_batch.call(FIRST_RUN, mailing.pk, 0)
    mail = received(smtp_sink)
    assert sorted(mail) == ["late@example.org", "reader@example.org"]
    assert [text.count("First") for text in mail.values()] == [1, 1]
