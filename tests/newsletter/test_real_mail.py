"""The newsletter's emails through a real SMTP server, read as a mail program reads them."""

import pytest

from newsletter.models import Subscriber
from tests.helpers.factories import TopicFactory
from tests.helpers.smtp import links, text_part

pytestmark = pytest.mark.django_db


def test_the_confirmation_email_arrives_and_its_links_work(client, sign_up, smtp_sink):
    defence = TopicFactory(name="Defence", slug="defence")
    sign_up("reader@example.org", [defence])

    (message,) = smtp_sink.wait_for(1)
    assert message["To"] == "reader@example.org"
    assert "Confirm your" in message["Subject"]
    assert "on: Defence" in text_part(message)
    confirm, unsubscribe = sorted(links(message))
    assert confirm.startswith("/newsletter/confirm/")
    assert unsubscribe.startswith("/newsletter/unsubscribe/")
    assert message["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert client.post(confirm).status_code == 200
    assert list(Subscriber.objects.confirmed().get().topics.all()) == [defence]
    assert client.post(unsubscribe).status_code == 200
    assert not Subscriber.objects.confirmed().exists()
