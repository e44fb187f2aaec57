"""Logging in: throttled per username and address, with answers that reveal nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN_DOORS = ["/accounts/login/", "/admin/login/"]


def attempt(client, door, password, username="editor", address="203.0.113.7", **headers):
    return client.post(
        door,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, door, times, **kwargs):
    """Wrong passwords: the form answers until the limit, whose attempt is refused."""
    for number in range(1, times + 1):
        expected = 429 if number == settings.AXES_FAILURE_LIMIT else 200
        assert attempt(client, door, "wrong-password", **kwargs).status_code == expected


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_five_wrong_passwords_lock_even_the_right_one_out(client, editor, password, door):
    fail(client, door, 5)
    response = attempt(client, door, password)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address_so_no_one_can_lock_an_editor_out_from_elsewhere(
    client, editor, password
):
    fail(client, "/accounts/login/", 5)
    response = attempt(client, "/accounts/login/", password, address="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, editor, password):
    fail(client, "/accounts/login/", 5, **{"X-Forwarded-For": "10.0.0.1"})
    forged = attempt(client, "/accounts/login/", password, **{"X-Forwarded-For": "10.9.9.9"})
    assert forged.status_code == 429


def test_behind_a_trusted_proxy_the_client_is_read_from_the_proxys_entry(
    client, editor, password, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(client, "/accounts/login/", 5, address=proxy, **{"X-Forwarded-For": "203.0.113.9"})
    # The client prepends a fake address; the proxy's own entry (last) still counts.
    forged = attempt(
        client,
        "/accounts/login/",
        password,
        address=proxy,
        **{"X-Forwarded-For": "1.2.3.4, 203.0.113.9"},
    )
    assert forged.status_code == 429
    other_reader = attempt(
        client, "/accounts/login/", password, address=proxy, **{"X-Forwarded-For": "203.0.113.10"}
    )
    assert other_reader.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor, password):
    fail(client, "/accounts/login/", 5)
    assert attempt(client, "/accounts/login/", password).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "/accounts/login/", password).status_code == 302


def test_a_success_resets_the_count(client, editor, password):
    fail(client, "/accounts/login/", 4)
    assert attempt(client, "/accounts/login/", password).status_code == 302
    client.logout()
    fail(client, "/accounts/login/", 4)
    assert attempt(client, "/accounts/login/", password).status_code == 302


def test_unknown_users_and_wrong_passwords_get_the_same_answer(client, editor):
    def page(username):
        html = attempt(client, "/accounts/login/", "wrong-password", username=username)
        text = html.content.decode()
        return text.replace(username, "NAME").split("csrfmiddlewaretoken")[0] + text.split(
            'name="csrfmiddlewaretoken"'
        )[1].split(">", 1)[1].replace(username, "NAME")

    assert page("editor") == page("nobody-at-all")


def test_passwords_need_twelve_characters(editor_client, editor):
    response = editor_client.post(
        "/admin/password_change/",
        {"old_password": "x", "new_password1": "Sh0rt!pass", "new_password2": "Sh0rt!pass"},
    )
    assert "at least 12 characters" in response.content.decode()
