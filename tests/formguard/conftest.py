import pytest
from django.utils import timezone

from tests.helpers.forms import hidden_value

from . import tiny_site

READER_IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _tiny_site(settings, db):
    settings.ROOT_URLCONF = "tests.formguard.tiny_site"
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", tiny_site.TEMPLATES),
                    "django.template.loaders.app_directories.Loader",
                ]
            },
        }
    ]
    tiny_site.received.clear()


@pytest.fixture
def clock(time_machine):
    """Time stands still unless a test moves it on, early in an hour, so the rate limits'
    hourly window never turns over in the middle of a test."""
    time_machine.move_to(timezone.now().replace(hour=10, minute=5, second=0), tick=False)
    return time_machine


@pytest.fixture
def send(client, clock):
    """Fill in the form as a person would: open the page, take a few seconds, send.

    Keyword arguments replace or add fields (`website="x"` fills in the bot trap).
    """

    def send(name="Amina", *, wait=5, ip=READER_IP, url="/note/", headers=None, **fields):
        page = client.get(url, REMOTE_ADDR=ip)
        data = {"name": name, "shown": hidden_value(page, "shown"), "website": "", **fields}
        clock.shift(wait)
        return client.post(url, data, REMOTE_ADDR=ip, headers=headers)

    return send
