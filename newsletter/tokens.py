"""Signed values: confirmation links, and the time a sign-up form was shown.

Both are signed with SECRET_KEY (each with its own salt), so they cannot be
forged or altered, and both carry the moment they were made, so they expire.
Signed values are readable by whoever holds them: they carry ids and times,
never an email address.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
FORM_SALT = "newsletter.form"


def confirmation_token(subscriber, topics):
    """The secret of a confirmation link: who confirms, for which topics."""
    return signing.dumps(
        {"s": subscriber.pk, "t": sorted(topic.pk for topic in topics)},
        salt=CONFIRM_SALT,
        compress=True,  # shorter links when many topics are chosen
    )


def read_confirmation_token(token):
    """(subscriber id, topic ids) from a confirmation link's token.

    Raises signing.SignatureExpired once the link is older than
    NEWSLETTER_CONFIRM_DAYS, and signing.BadSignature if it was altered.
    """
    data = signing.loads(
        token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    )
    try:
        return int(data["s"]), [int(pk) for pk in data["t"]]
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Unexpected confirmation token contents.") from error


def form_stamp():
    """A signed note of when a sign-up form was shown."""
    return signing.dumps(time.time(), salt=FORM_SALT)


def form_age(stamp, max_age):
    """Seconds since the form carrying `stamp` was shown.

    Raises signing.SignatureExpired when older than `max_age` seconds and
    signing.BadSignature when missing or forged.
    """
    shown_at = signing.loads(stamp or "", salt=FORM_SALT, max_age=max_age)
    if not isinstance(shown_at, int | float):
        raise signing.BadSignature("Unexpected form stamp contents.")
    return time.time() - shown_at
