"""Which errors earn another try, and how long the worker waits before it."""

import smtplib
from datetime import timedelta

import pytest

from tasks.retry import RetryPolicy, is_transient_mail_error

TRANSIENT = [
    ConnectionRefusedError(),
    TimeoutError(),
    smtplib.SMTPServerDisconnected("gone"),
    smtplib.SMTPResponseException(421, b"try later"),
    smtplib.SMTPConnectError(421, b"busy"),
    smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}),
]
PERMANENT = [
    smtplib.SMTPResponseException(554, b"rejected"),
    smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}),
    smtplib.SMTPRecipientsRefused(
        {"a@example.org": (450, b"busy"), "b@example.org": (550, b"no such user")}
    ),
    ValueError("a bug"),
]


@pytest.mark.parametrize("error", TRANSIENT, ids=repr)
def test_passing_mail_errors_are_retried(error):
    assert is_transient_mail_error(error)


@pytest.mark.parametrize("error", PERMANENT, ids=repr)
def test_lasting_mail_errors_and_bugs_are_not(error):
    assert not is_transient_mail_error(error)


def test_a_policy_retries_its_errors_until_its_attempts_are_spent():
    policy = RetryPolicy(on=(ConnectionError,), attempts=3)
    assert policy.should_retry(ConnectionRefusedError(), attempt=1)
    assert policy.should_retry(ConnectionRefusedError(), attempt=2)
    assert not policy.should_retry(ConnectionRefusedError(), attempt=3)
    assert not policy.should_retry(KeyError(), attempt=1)


def test_attempts_can_come_from_a_setting(settings):
    policy = RetryPolicy(on=(ConnectionError,), attempts="EMAIL_ATTEMPTS")
    settings.EMAIL_ATTEMPTS = 2
    assert policy.should_retry(ConnectionError(), attempt=1)
    assert not policy.should_retry(ConnectionError(), attempt=2)


def test_the_delay_doubles_up_to_a_ceiling_with_some_jitter():
    policy = RetryPolicy(
        first_delay=timedelta(seconds=10), max_delay=timedelta(seconds=60), jitter=0
    )
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]
    jittery = RetryPolicy(first_delay=timedelta(seconds=100), jitter=0.2)
    delays = {jittery.delay(1).total_seconds() for _ in range(20)}
    assert all(80 <= d <= 120 for d in delays) and len(delays) > 1


def test_the_first_delay_can_come_from_a_setting(settings):
    policy = RetryPolicy(first_delay="QUICK_RETRY_SECONDS", jitter=0)
    settings.QUICK_RETRY_SECONDS = 0.25
    assert [policy.delay(n).total_seconds() for n in (1, 2)] == [0.25, 0.5]
