"""Password reset does the same work for every address, so its timing reveals no accounts.

Timing itself is not measured (too noisy for a test); the code path is: an unknown address
renders the same templates and reaches the same sending step as a known one, which then
sends nothing.
"""

import re

import pytest
from django.core import mail

from accounts import password_reset
from tests.helpers.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
KNOWN = "editor@thinktank.example"
UNKNOWN = "nobody@thinktank.example"


@pytest.fixture
def account(db):
    return UserFactory(username="editor", email=KNOWN, is_staff=True)


@pytest.fixture
def sent(monkeypatch):
    """Every message handed to the sending step, which still runs as usual."""
    handed = []
    send = password_reset.send_reset_message

    def spy(message):
        handed.append(message)
        send(message)

    monkeypatch.setattr(password_reset, "send_reset_message", spy)
    return handed


def ask_for_reset(client, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    return response


def email_templates(response):
    return [t.name for t in response.templates if t.name.startswith("registration/password_")]


def test_an_unknown_address_renders_the_same_message_and_sends_nothing(client, account, sent):
    known = ask_for_reset(client, KNOWN)
    unknown = ask_for_reset(client, UNKNOWN)

    assert email_templates(unknown) == email_templates(known)
    assert email_templates(unknown) == [
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
    ]
    assert [message.to for message in sent] == [[KNOWN], []]
    assert sent[0].subject == sent[1].subject
    assert [message.to for message in mail.outbox] == [[KNOWN]]


def test_an_address_whose_account_cannot_reset_is_treated_as_unknown(client, sent):
    UserFactory(email="gone@thinktank.example", is_active=False)
    ask_for_reset(client, "gone@thinktank.example")
    assert [message.to for message in sent] == [[]]
    assert mail.outbox == []


def test_a_known_address_gets_a_link_that_sets_a_new_password(client, account, sent):
    ask_for_reset(client, KNOWN.upper())
    (message,) = mail.outbox
    assert message.to == [KNOWN]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)[1]

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


def test_a_failing_mail_server_is_logged_not_shown(client, account, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert ask_for_reset(client, KNOWN).status_code == 302
    assert "Failed to send a password reset email" in caplog.text
