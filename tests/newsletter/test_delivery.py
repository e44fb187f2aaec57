"""Delivery records: each recipient once, decided at send time, and a global send rate."""

import time
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter.delivery import SendRate, queue_mailing, send_batch, start_sending
from newsletter.models import Delivery, Subscriber
from tests.helpers.factories import ArticleFactory, SubscriberFactory
from tests.helpers.mailings import a_mailing

pytestmark = pytest.mark.django_db

FIRST_RUN = SimpleNamespace(attempt=1)  # the task's context, as a worker's first run gives
State = Delivery.State


@pytest.fixture
def queued(task_queue):
    """A mailing to five subscribers, its deliveries written but not yet sent."""
    people = [SubscriberFactory(email=f"reader{n}@example.org") for n in range(5)]
    mailing = a_mailing([ArticleFactory()])
    start_sending(mailing, None)
    assert queue_mailing.call(mailing.pk) == 5
    return mailing, people


def recipients(sink):
    return sorted(message["To"] for message in sink.messages)


def test_a_batch_run_again_sends_the_queued_and_leaves_the_interrupted_uncertain(queued, smtp_sink):
    mailing, people = queued
    interrupted = Delivery.objects.filter(subscriber__in=people[:2])
    interrupted.update(state=State.SENDING)  # as a worker killed mid-send leaves them
    Delivery.objects.filter(subscriber=people[2]).update(state=State.SENT)

    send_batch.call(FIRST_RUN, mailing.pk, 0)
    assert recipients(smtp_sink) == ["reader3@example.org", "reader4@example.org"]
    states = dict(Delivery.objects.values_list("subscriber__email", "state"))
    assert states == {
        "reader0@example.org": "uncertain",
        "reader1@example.org": "uncertain",
        "reader2@example.org": "sent",
        "reader3@example.org": "sent",
        "reader4@example.org": "sent",
    }
    send_batch.call(FIRST_RUN, mailing.pk, 0)
    assert len(smtp_sink.messages) == 2  # nothing resent


def test_readers_who_leave_after_it_was_queued_get_nothing(queued, smtp_sink):
    mailing, people = queued
    people[0].unsubscribe()
    Subscriber.objects.filter(pk=people[1].pk).update(confirmed_at=None)
    people[2].delete()

    send_batch.call(FIRST_RUN, mailing.pk, 0)
    assert recipients(smtp_sink) == ["reader3@example.org", "reader4@example.org"]
    assert Delivery.objects.filter(state=State.SKIPPED).count() == 3


def test_nobody_is_queued_twice_for_one_mailing(queued):
    mailing, people = queued
    assert queue_mailing.call(mailing.pk) == 0
    assert Delivery.objects.count() == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(mailing=mailing, subscriber=people[0], batch=0)


def test_batches_follow_the_batch_size(settings, task_queue):
    settings.NEWSLETTER_BATCH_SIZE = 2
    SubscriberFactory.create_batch(5)
    mailing = a_mailing([ArticleFactory()])
    start_sending(mailing, None)
    queue_mailing.call(mailing.pk)
    batches = sorted(Delivery.objects.values_list("batch", flat=True))
    assert batches == [0, 0, 1, 1, 2]


def test_the_last_failed_attempt_marks_the_batch_failed(queued, settings):
    mailing, _ = queued
    settings.MAILERS = {  # nothing listens on port 9: connections are refused
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(ConnectionRefusedError):
        send_batch.call(FIRST_RUN, mailing.pk, 0)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"queued"}  # retried later
    last = SimpleNamespace(attempt=settings.EMAIL_ATTEMPTS)
    with pytest.raises(ConnectionRefusedError):
        send_batch.call(last, mailing.pk, 0)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"failed"}


def test_the_send_rate_holds_messages_to_so_many_a_second():
    SendRate(0).wait()  # off: returns at once
    rate = SendRate(20)
    started = time.monotonic()
    for _ in range(41):
        rate.wait()
    assert time.monotonic() - started > 1.0


def test_an_unsubscribe_updates_only_that_mailings_delivery(queued, client):
    mailing, people = queued
    other = a_mailing([ArticleFactory()])
    Delivery.objects.create(mailing=other, subscriber=people[0], batch=0)
    from newsletter.mail_render import unsubscribe_link_maker

    link = unsubscribe_link_maker(mailing)(people[0].token).removeprefix("http://testserver")
    client.post(link)
    assert Delivery.objects.get(mailing=mailing, subscriber=people[0]).unsubscribed_at
    assert not Delivery.objects.get(mailing=other).unsubscribed_at
    assert Subscriber.objects.get(pk=people[0].pk).unsubscribed_at <= timezone.now()


def test_a_connection_lost_after_a_message_was_handed_over_never_sends_it_twice(
    queued, smtp_sink, monkeypatch
):
    """The server took the message, then the line dropped before its reply reached us."""
    import smtplib

    mailing, _people = queued
    real_sendmail = smtplib.SMTP.sendmail

    def deliver_then_drop(self, sender, recipients, message, *args, **kwargs):
        real_sendmail(self, sender, recipients, message, *args, **kwargs)
        if recipients == ["reader1@example.org"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return {}

    monkeypatch.setattr(smtplib.SMTP, "sendmail", deliver_then_drop)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_batch.call(FIRST_RUN, mailing.pk, 0)
    monkeypatch.setattr(smtplib.SMTP, "sendmail", real_sendmail)
    send_batch.call(FIRST_RUN, mailing.pk, 0)  # the worker's retry

    assert recipients(smtp_sink) == [f"reader{n}@example.org" for n in range(5)]
    assert Delivery.objects.get(subscriber__email="reader1@example.org").state == "uncertain"
