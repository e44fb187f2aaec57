import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers.forms import hidden_value

READER_IP = "203.0.113.9"


@pytest.fixture
def clock(time_machine):
    """Time stands still unless a test moves it, early in an hour, so the rate limits'
    windows never turn over mid-test."""
    time_machine.move_to(timezone.now().replace(hour=10, minute=5, second=0), tick=False)
    return time_machine


@pytest.fixture
def register(client, clock):
    """Fill in an event's registration form as a person would: open it, wait, send."""

    def register(event, email="reader@example.org", *, url=None, wait=5, ip=READER_IP, **fields):
        url = url or reverse("events:register", kwargs={"slug": event.slug})
        page = client.get(url, REMOTE_ADDR=ip)
        data = {
            "name": "Ayesha Khan",
            "email": email,
            "affiliation": "University of Lahore",
            "accessibility_needs": "",
            "shown": hidden_value(page, "shown"),
            "website": "",
            **fields,
        }
        clock.shift(wait)
        return client.post(url, data, REMOTE_ADDR=ip)

    return register


def event_links(body):
    """The site links in an email body, by kind."""
    found = re.findall(r"http://testserver(/\S+/)", body)
    kinds = {"confirm": [], "cancel": [], "page": [], "invited": [], "event": []}
    for link in found:
        if "/registration/confirm/" in link:
            kinds["confirm"].append(link)
        elif link.endswith("/cancel/"):
            kinds["cancel"].append(link)
        elif "/registration/" in link:
            kinds["page"].append(link)
        elif "/register/invited/" in link:
            kinds["invited"].append(link)
        else:
            kinds["event"].append(link)
    return kinds


def link(message, kind):
    body = message.body if hasattr(message, "body") else message
    (found,) = event_links(body)[kind]
    return found
