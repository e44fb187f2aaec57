"""Optional two-factor sign-in: off, password alone; on, password and a current code."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, drift=offset):06d}"


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)


def log_in(client, door, password, token=""):
    return client.post(door, {"username": "editor", "password": password, "otp_token": token})


@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_without_two_factor_the_password_alone_signs_in(client, editor, password, door):
    assert log_in(client, door, password).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_with_two_factor_the_password_alone_is_refused(client, device, password, door):
    response = log_in(client, door, password)
    assert response.status_code == 200
    assert "enter the code your authenticator app shows now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def asks_for_the_code(response):
    html = response.content.decode()
    return '<label for="id_otp_token">' in html and 'name="otp_token"' in html


@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_both_log_in_pages_ask_for_the_code_before_and_after_it_was_missing(
    client, device, password, door
):
    assert asks_for_the_code(client.get(door))
    refused = log_in(client, door, password)
    assert "enter the code your authenticator app shows now" in refused.content.decode()
    assert asks_for_the_code(refused)


def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(client, device, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "/accounts/login/", password, "000000").status_code == 200
    assert log_in(client, "/accounts/login/", password, "000000").status_code == 429
    assert log_in(client, "/accounts/login/", password, code(device)).status_code == 429


def test_the_current_code_signs_in_and_opens_the_admin(client, device, password):
    assert log_in(client, "/admin/login/", password, code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_code_cannot_open_the_admin(client, editor, device):
    client.force_login(editor)  # e.g. a session from before two-factor was turned on
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_turning_it_on_needs_a_code_from_the_app(editor_client, editor):
    page = editor_client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "otpauth://totp/" in page.content.decode()
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = editor_client.post("/accounts/two-factor/", {"code": "123456"})
    assert "did not match" in wrong.content.decode()
    # After a wrong code django-otp makes the next try wait a moment (2 s, doubling).
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = editor_client.post("/accounts/two-factor/", {"code": code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed
    assert editor_client.get("/admin/").status_code == 200  # this session gave the code


def test_turning_it_off_needs_a_current_code(editor, password):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    client = Client()
    log_in(client, "/accounts/login/", password, code(device))
    device.refresh_from_db()
    client.post("/accounts/two-factor/", {"code": "999999"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    device.last_t = -1  # let the same 30-second code be used again in this test
    device.save()
    assert client.post("/accounts/two-factor/", {"code": code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_the_settings_page_is_for_signed_in_people_only(client):
    assert client.get("/accounts/two-factor/").status_code == 302
