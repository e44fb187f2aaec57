"""Editors compose, preview, test, schedule and send mailings in the admin, without a shell."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from newsletter.delivery import start_sending
from newsletter.models import Delivery, Mailing
from newsletter.tasks import send_scheduled
from tests.helpers.factories import ArticleFactory, SubscriberFactory, TopicFactory
from tests.helpers.mailings import MAILINGS, a_mailing, mailing_form

pytestmark = pytest.mark.django_db


def page(response):
    return response.content.decode()


def test_an_editor_composes_a_draft_and_previews_the_email(editor_client):
    article = ArticleFactory(title="On ports")
    response = editor_client.post(f"{MAILINGS}add/", mailing_form([article]), follow=True)
    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.DRAFT
    assert mailing.ordered_articles() == [article]
    assert "Open the email as it will look" in page(
        editor_client.get(f"{MAILINGS}{mailing.pk}/change/")
    )
    assert response.status_code == 200

    preview = editor_client.get(f"{MAILINGS}{mailing.pk}/preview/")
    assert preview.status_code == 200
    assert "On ports" in page(preview) and "<script" not in page(preview)
    policy = preview["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "'unsafe-hashes' 'sha256-" in policy


def test_the_preview_is_for_editors_only(client, staff_user):
    mailing = a_mailing([ArticleFactory()])
    assert client.get(f"{MAILINGS}{mailing.pk}/preview/").status_code == 302
    client.force_login(staff_user)
    assert client.get(f"{MAILINGS}{mailing.pk}/preview/").status_code == 403


def test_send_a_test_to_me_reaches_the_editor_only(editor, editor_client, smtp_sink):
    editor.email = "editor@example.org"
    editor.save()
    SubscriberFactory()
    response = editor_client.post(
        f"{MAILINGS}add/", mailing_form([ArticleFactory()], button="_send_test"), follow=True
    )
    assert "A test was sent to editor@example.org" in page(response)
    (message,) = smtp_sink.wait_for(1)
    assert message["To"] == "editor@example.org"
    assert message["Subject"] == "[Test] Our week in analysis"
    assert Mailing.objects.get().status == Mailing.Status.DRAFT
    assert not Delivery.objects.exists()


def test_a_mailing_without_articles_or_audience_is_refused_in_plain_words(editor_client):
    no_articles = editor_client.post(f"{MAILINGS}add/", mailing_form([], button="_send_now"))
    assert "Choose at least one published article" in page(no_articles)
    SubscriberFactory(topics=[TopicFactory(name="Trade")])
    nobody = TopicFactory(name="Nobody reads this")
    form = mailing_form(
        [ArticleFactory()], button="_send_now", audience="topics", topics=[nobody.pk]
    )
    assert "Nobody would receive this mailing" in page(editor_client.post(f"{MAILINGS}add/", form))
    no_topics = mailing_form([ArticleFactory()], button="_send_now", audience="topics")
    assert "Choose at least one topic" in page(editor_client.post(f"{MAILINGS}add/", no_topics))
    assert not Mailing.objects.exists()


def test_only_published_articles_can_be_chosen(editor_client):
    SubscriberFactory()
    form = mailing_form([ArticleFactory(draft=True)], button="_send_now")
    assert "Only published articles" in page(editor_client.post(f"{MAILINGS}add/", form))


def test_schedule_sends_it_at_its_time_in_the_site_time_zone(editor_client, settings, smtp_sink):
    settings.TIME_ZONE = "Europe/London"
    SubscriberFactory(email="reader@example.org")
    when = timezone.localtime(timezone.now() + timedelta(hours=2))
    form = mailing_form(
        [ArticleFactory()],
        button="_schedule",
        scheduled_for_0=when.strftime("%Y-%m-%d"),
        scheduled_for_1=when.strftime("%H:%M:%S"),
    )
    response = editor_client.post(f"{MAILINGS}add/", form, follow=True)
    assert "Scheduled: it goes out" in page(response)
    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.SCHEDULED
    assert abs(mailing.scheduled_for - when) < timedelta(seconds=1)

    assert send_scheduled.call() == 0  # not yet
    Mailing.objects.update(scheduled_for=timezone.now() - timedelta(seconds=1))
    assert send_scheduled.call() == 1
    assert [message["To"] for message in smtp_sink.wait_for(1)] == ["reader@example.org"]
    assert send_scheduled.call() == 0  # once


def test_schedule_needs_a_future_time(editor_client):
    past = timezone.localtime() - timedelta(hours=1)
    form = mailing_form(
        [ArticleFactory()],
        button="_schedule",
        scheduled_for_0=past.strftime("%Y-%m-%d"),
        scheduled_for_1=past.strftime("%H:%M:%S"),
    )
    SubscriberFactory()
    assert "Choose a time in the future" in page(editor_client.post(f"{MAILINGS}add/", form))


def test_send_now_is_audited_and_the_sent_mailing_is_read_only(editor, editor_client, smtp_sink):
    SubscriberFactory.create_batch(3)
    SubscriberFactory(unsubscribed=True)
    editor_client.post(f"{MAILINGS}add/", mailing_form([ArticleFactory()], button="_send_now"))
    smtp_sink.wait_for(3)
    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.SENT and mailing.sent_at
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEND_MAILING)
    assert event.user == editor and event.detail == "To 3 subscribers"

    change = page(editor_client.get(f"{MAILINGS}{mailing.pk}/change/"))
    assert "Queued: 0 · Sending: 0 · Sent: 3 · Failed: 0 · Uncertain: 0" in change
    assert 'name="_send_now"' not in change and 'name="subject"' not in change
    again = editor_client.post(
        f"{MAILINGS}{mailing.pk}/change/", mailing_form([ArticleFactory()], button="_send_now")
    )
    assert again.status_code == 403
    assert len(smtp_sink.messages) == 3
    assert editor_client.post(f"{MAILINGS}{mailing.pk}/delete/").status_code == 403


def test_the_list_shows_counts_in_a_fixed_number_of_queries(editor_client, smtp_sink):
    SubscriberFactory.create_batch(2)
    for n in range(3):
        start_sending(a_mailing([ArticleFactory()], subject=f"Mailing {n}"), None)
    a_mailing([ArticleFactory()], subject="A draft")
    with CaptureQueriesContext(connection) as few:
        response = editor_client.get(MAILINGS)
    a_mailing([ArticleFactory()], subject="Another draft")
    with CaptureQueriesContext(connection) as more:
        editor_client.get(MAILINGS)
    assert len(more) == len(few) <= 16  # session, user, permissions, the list, its filters
    assert page(response).count("2 of 2") == 3


def test_send_digest_now_from_the_list(editor_client, smtp_sink):
    defence = TopicFactory(name="Defence")
    subscriber = SubscriberFactory(email="reader@example.org", topics=[defence])
    ArticleFactory(title="New on defence", topics=[defence], published_at=timezone.now())
    Subscriber = type(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )
    listing = page(editor_client.get(MAILINGS))
    assert "Send digest now" in listing
    response = editor_client.post(f"{MAILINGS}send-digest/", follow=True)
    assert "The topic digest is on its way" in page(response)
    (message,) = smtp_sink.wait_for(1)
    assert message["Subject"] == "New analysis in your topics"
    assert Mailing.objects.get().kind == Mailing.Kind.DIGEST
    assert editor_client.get(f"{MAILINGS}send-digest/").status_code == 405
