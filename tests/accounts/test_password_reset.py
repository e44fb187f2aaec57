"""Password reset does the same work for every address, so its timing reveals no accounts.

Timing itself is not measured (too noisy for a test); the code path is: the request queues
one task with the address, known or not, and renders and sends nothing; the task, in a
worker, looks the address up and sends a link only to an account.
"""

import pytest
from django.core import mail
from django.db import connection
from django.tasks import default_task_backend
from django.test.utils import CaptureQueriesContext

from tests.helpers.factories import UserFactory
from tests.helpers.smtp import links, text_part

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
KNOWN = "editor@thinktank.example"
UNKNOWN = "nobody@thinktank.example"


@pytest.fixture
def account(db):
    return UserFactory(username="editor", email=KNOWN, is_staff=True)


@pytest.fixture
def kept_tasks(settings):
    """Tasks are kept, not run: what the request itself does, and nothing more."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}
    }
    return default_task_backend


def ask_for_reset(client, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    return response


def email_templates(response):
    return [t.name for t in response.templates if t.name.startswith("registration/password_")]


def test_the_request_does_the_same_for_a_known_and_an_unknown_address(client, account, kept_tasks):
    with CaptureQueriesContext(connection) as known_queries:
        known = ask_for_reset(client, KNOWN)
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = ask_for_reset(client, UNKNOWN)

    # No query looks the address up (the request's savepoint alone): the same, whoever asks.
    assert len(known_queries) == len(unknown_queries)
    assert not any("auth_user" in q["sql"] for q in [*known_queries, *unknown_queries])
    assert email_templates(known) == email_templates(unknown) == []
    queued = [(r.task.module_path, r.args, r.kwargs) for r in kept_tasks.results]
    kwargs = {"domain": "testserver", "use_https": False}
    assert queued == [
        ("accounts.tasks.send_password_reset", [KNOWN], kwargs),
        ("accounts.tasks.send_password_reset", [UNKNOWN], kwargs),
    ]
    assert mail.outbox == []


def test_the_task_sends_nothing_for_an_unknown_or_inactive_address(client, account):
    UserFactory(email="gone@thinktank.example", is_active=False)
    ask_for_reset(client, UNKNOWN)
    ask_for_reset(client, "gone@thinktank.example")
    assert mail.outbox == []
    ask_for_reset(client, KNOWN)
    assert [message.to for message in mail.outbox] == [[KNOWN]]


def test_a_known_address_gets_a_link_that_sets_a_new_password(client, account, smtp_sink):
    ask_for_reset(client, KNOWN.upper())
    (message,) = smtp_sink.wait_for(1)
    assert message["To"] == KNOWN
    (link,) = [path for path in links(message) if path.startswith("/accounts/reset/")]
    assert "testserver" in text_part(message)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    new_password = "a-fresh-long-passphrase"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert done.url == "/accounts/reset/done/"
    account.refresh_from_db()
    assert account.check_password(new_password)


def test_a_failing_mail_server_is_logged_not_shown(client, account, settings, caplog):
    settings.MAILERS = {  # nothing listens on port 1: the connection is refused
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    assert ask_for_reset(client, KNOWN).status_code == 302
    assert "send_password_reset" in caplog.text
    assert "ConnectionRefusedError" in caplog.text
