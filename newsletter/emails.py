"""Emails to subscribers. Every one carries a one-click way out (RFC 8058).

They are rendered in the request, which knows the site's address, and sent by a worker
(`tasks.email`), which retries while the mail server is away.
"""

import email.policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from tasks.email import enqueue_email

from .tokens import confirmation_token


class _OneLineHeader(UnstructuredHeader):
    """A header written on one line, as given (well under the 998-character limit).

    Python folds a long header that has no spaces by turning it into RFC 2047
    encoded words, and mail programs then no longer find the URL in
    List-Unsubscribe, so they offer no unsubscribe button.
    """

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


class ListEmail(EmailMessage):
    """An email whose List-Unsubscribe header reaches mail programs intact."""

    def message(self, *, policy=email.policy.default):
        headers = HeaderRegistry()
        headers.map_to_type("list-unsubscribe", _OneLineHeader)
        return super().message(policy=policy.clone(header_factory=headers))


def unsubscribe_url(request, subscriber):
    return request.build_absolute_uri(
        reverse("newsletter:unsubscribe", kwargs={"token": subscriber.token})
    )


def unsubscribe_headers(url):
    """Headers that let mail programs show their own "Unsubscribe" button.

    The button POSTs "List-Unsubscribe=One-Click" to `url`, with no cookies.
    Send them in a `ListEmail`.
    """
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_confirmation(request, subscriber, topics):
    """Ask the address's owner to confirm a subscription to `topics` (none: every topic)."""
    confirm_url = request.build_absolute_uri(
        reverse("newsletter:confirm", kwargs={"token": confirmation_token(subscriber, topics)})
    )
    leave_url = unsubscribe_url(request, subscriber)
    context = {
        "site_name": settings.SITE_NAME,
        "topics": topics,
        "confirm_url": confirm_url,
        "unsubscribe_url": leave_url,
        "days": settings.NEWSLETTER_CONFIRM_DAYS,
        "already_subscribed": subscriber.status == subscriber.Status.CONFIRMED,
    }
    subject = render_to_string("newsletter/email/confirm_subject.txt", context)
    message = ListEmail(
        subject=" ".join(subject.split()),
        body=render_to_string("newsletter/email/confirm.txt", context),
        to=[subscriber.email],
        headers=unsubscribe_headers(leave_url),
    )
    enqueue_email(message)
