"""A mailing as a mail program reads it: headers, both parts, and links that work."""

import re

import pytest

from newsletter.models import Delivery, Mailing, Subscriber
from tests.helpers.factories import ArticleFactory, SubscriberFactory, TopicFactory
from tests.helpers.mailings import MAILINGS, mailing_form
from tests.helpers.smtp import links, text_part

pytestmark = pytest.mark.django_db


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture
def sent(editor_client, smtp_sink, settings):
    """Send now: one mailing with two articles to two subscribers, through the sink."""
    settings.NEWSLETTER_ORGANISATION = "Thinktank Institute"
    settings.NEWSLETTER_POSTAL_ADDRESS = "1 Policy Row, London"
    first = ArticleFactory(title="First piece", slug="first-piece", summary="Why it matters.")
    second = ArticleFactory(title="Second piece", slug="second-piece")
    SubscriberFactory(email="one@example.org")
    SubscriberFactory(email="two@example.org")
    response = editor_client.post(
        f"{MAILINGS}add/", mailing_form([first, second], button="_send_now"), follow=True
    )
    assert "Sending to 2 subscribers" in response.content.decode()
    return sorted(smtp_sink.wait_for(2), key=lambda message: message["To"])


def test_each_subscriber_gets_html_and_plain_text_with_their_own_unsubscribe(sent):
    one, two = sent
    assert one["To"] == "one@example.org" and two["To"] == "two@example.org"
    assert one["Subject"] == "Our week in analysis"
    assert one.get_content_type() == "multipart/alternative"
    text, html = text_part(one), html_part(one)
    assert text.index("First piece") < text.index("Second piece")
    assert "Three pieces worth your time." in text
    assert "Thinktank Institute" in text and "1 Policy Row, London" in html
    assert "<link" not in html and "<img" not in html and "<script" not in html
    assert 'href="/' not in html  # every link is absolute
    unsubscribe = [link for link in links(one) if "/unsubscribe/" in link]
    assert len(unsubscribe) == 1
    assert one["List-Unsubscribe"] == f"<http://testserver{unsubscribe[0]}>"
    assert one["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert one["List-Unsubscribe"] != two["List-Unsubscribe"]
    assert f"http://testserver{unsubscribe[0]}" in html


def test_the_links_open_the_article_and_unsubscribe_with_one_click(client, sent):
    one, two = sent
    article = next(link for link in links(one) if link.startswith("/articles/"))
    assert client.get(article).status_code == 200
    leave = next(link for link in links(one) if "/unsubscribe/" in link)
    page = client.get(leave)
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    one_click = client.post(leave, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert Subscriber.objects.get(email="one@example.org").unsubscribed_at
    other = next(link for link in links(two) if "/unsubscribe/" in link)
    assert client.post(other).status_code == 200
    assert not Subscriber.objects.deliverable().exists()


def test_unsubscribes_through_a_mailing_are_counted_for_it(client, editor_client, sent):
    one, _ = sent
    leave = next(link for link in links(one) if "/unsubscribe/" in link)
    client.post(leave)
    client.post(leave)  # twice is still one
    mailing = Mailing.objects.get()
    assert mailing.deliveries.filter(unsubscribed_at__isnull=False).count() == 1
    page = editor_client.get(f"{MAILINGS}{mailing.pk}/change/").content.decode()
    assert "Sent: 2" in page and "Unsubscribed since: 1" in page


def test_an_altered_mailing_part_of_the_link_still_unsubscribes_but_counts_nothing(client, sent):
    one, _ = sent
    leave = next(link for link in links(one) if "/unsubscribe/" in link)
    forged = re.sub(r"/([^/]+)/$", "/999:forged/", leave)
    assert client.post(forged).status_code == 200
    assert not Delivery.objects.filter(unsubscribed_at__isnull=False).exists()


def test_subject_and_introduction_cannot_inject_headers_or_markup(editor_client, smtp_sink):
    article = ArticleFactory()
    SubscriberFactory(email="reader@example.org")
    form = mailing_form(
        [article],
        button="_send_now",
        subject="Hello\r\nBcc: victim@example.org <b>bold</b>",
        introduction='<p onclick="x()">Hi<script>alert(1)</script> <a href="/about/">us</a></p>',
    )
    editor_client.post(f"{MAILINGS}add/", form)
    (message,) = smtp_sink.wait_for(1)
    assert message["Subject"] == "Hello Bcc: victim@example.org bold"
    assert message["Bcc"] is None
    assert [rcpt for rcpt, _ in smtp_sink.received] == [["reader@example.org"]]
    html = html_part(message)
    assert "<script" not in html and "onclick" not in html
    assert 'href="http://testserver/about/"' in html


def test_a_mailing_to_topics_reaches_their_subscribers_and_those_of_every_topic(
    editor_client, smtp_sink
):
    defence, trade = TopicFactory(name="Defence"), TopicFactory(name="Trade")
    SubscriberFactory(email="defence@example.org", topics=[defence])
    SubscriberFactory(email="trade@example.org", topics=[trade])
    SubscriberFactory(email="everything@example.org")
    SubscriberFactory(email="pending@example.org", pending=True)
    SubscriberFactory(email="gone@example.org", unsubscribed=True, topics=[defence])
    form = mailing_form(
        [ArticleFactory()], button="_send_now", audience="topics", topics=[defence.pk]
    )
    editor_client.post(f"{MAILINGS}add/", form)
    smtp_sink.wait_for(2)
    assert sorted(message["To"] for message in smtp_sink.messages) == [
        "defence@example.org",
        "everything@example.org",
    ]
