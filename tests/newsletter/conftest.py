import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers.forms import hidden_value

SUBSCRIBE = reverse("newsletter:subscribe")
READER_IP = "203.0.113.7"


@pytest.fixture
def clock(time_machine):
    """Time stands still unless a test moves it on, early in an hour and a day, so the
    rate limits' clock windows never turn over in the middle of a test."""
    time_machine.move_to(timezone.now().replace(hour=10, minute=5, second=0), tick=False)
    return time_machine


@pytest.fixture
def sign_up(client, clock):
    """Fill in the sign-up form as a person would: open the page, take a few seconds, send.

    Keyword arguments replace or add fields (`website="x"` fills in the bot trap).
    """

    def sign_up(email, topics=(), *, wait=5, ip=READER_IP, headers=None, **fields):
        page = client.get(SUBSCRIBE, REMOTE_ADDR=ip)
        data = {
            "email": email,
            "topics": [topic.pk for topic in topics],
            "shown": hidden_value(page, "shown"),
            "website": "",
            **fields,
        }
        clock.shift(wait)
        return client.post(SUBSCRIBE, data, REMOTE_ADDR=ip, headers=headers)

    return sign_up


def links(message):
    """The confirmation and unsubscribe links in an email, as paths."""
    found = re.findall(r"http://testserver(/newsletter/\S+/)", message.body)
    confirm = [link for link in found if link.startswith("/newsletter/confirm/")]
    unsubscribe = [link for link in found if link.startswith("/newsletter/unsubscribe/")]
    assert len(confirm) == 1 and len(unsubscribe) == 1, message.body
    return confirm[0], unsubscribe[0]
