"""Retries with exponential backoff for errors that pass (a mail server down, a timeout).

A task says which errors are worth another try by carrying a policy:

    @task(queue_name="email")
    @retrying(on=is_transient_mail_error, attempts="EMAIL_ATTEMPTS")
    def send_email(message): ...

(`@retrying_mail` is that policy, for every task that sends email.)

The worker (`tasks.worker`) reads the policy when the task raises: a passing error with
attempts left puts the task back in the queue to run after the next delay, its error kept
on the row for editors to see; anything else fails the task for good. The immediate backend
(tests, TASKS_BACKEND=immediate) runs a task once and never retries.
"""

import random
import smtplib
import socket
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings

MAX_DELAY = timedelta(hours=1)


@dataclass(frozen=True)
class RetryPolicy:
    """Which errors to retry (exception classes, or a predicate), how often, how slowly."""

    on: tuple | object = ()
    attempts: int | str = 1  # runs in all, the first included; or the name of a setting
    # The first wait: a timedelta, the name of a setting in seconds, or None for
    # settings.TASKS_RETRY_SECONDS.
    first_delay: timedelta | str | None = None
    max_delay: timedelta = MAX_DELAY
    jitter: float = field(default=0.2)  # ± this share, so retries of many tasks spread out

    def should_retry(self, error, attempt):
        """True if `error`, raised by run number `attempt` (1 for the first), earns another."""
        if attempt >= self.most_runs():
            return False
        if callable(self.on) and not isinstance(self.on, type):
            return bool(self.on(error))
        return isinstance(error, self.on)

    def most_runs(self):
        if isinstance(self.attempts, str):
            return int(getattr(settings, self.attempts))
        return self.attempts

    def delay(self, attempt):
        """How long to wait after run number `attempt` failed: doubling, capped, jittered."""
        first = self.first_delay or "TASKS_RETRY_SECONDS"
        if isinstance(first, str):
            first = timedelta(seconds=float(getattr(settings, first)))
        base = min(first * 2 ** (attempt - 1), self.max_delay)
        return base * (1 + random.uniform(-self.jitter, self.jitter))


NO_RETRY = RetryPolicy()


def retrying(**policy):
    """Give a task function a RetryPolicy; put it under `@task`, which must see the function."""

    def decorate(function):
        function.retry_policy = RetryPolicy(**policy)
        return function

    return decorate


def policy_of(task):
    """The task's RetryPolicy (`retrying`), or none: one run."""
    return getattr(task.func, "retry_policy", NO_RETRY)


def is_transient_mail_error(error):
    """An SMTP failure that may go away: no connection, a timeout, or a 4xx reply.

    A 5xx reply (address refused, message rejected) will be the same next time.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | TimeoutError
        | ConnectionError
        | socket.gaierror,
    )


# The policy of every task that sends email: passing failures, EMAIL_ATTEMPTS runs in all.
retrying_mail = retrying(on=is_transient_mail_error, attempts="EMAIL_ATTEMPTS")
