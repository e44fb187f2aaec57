"""The newsletter's signed links, on formguard's shared tokens (formguard/tokens.py).

They carry ids and times, never an email address.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from formguard.tokens import make_token, read_token, sign_value, unsign_value

CONFIRM_SALT = "newsletter.confirm"


def confirmation_token(subscriber, topics):
    """The secret of a confirmation link: who confirms, for which topics."""
    return make_token(
        {"s": subscriber.pk, "t": sorted(topic.pk for topic in topics)},
        CONFIRM_SALT,
        compress=True,  # shorter links when many topics are chosen
    )


def read_confirmation_token(token):
    """(subscriber id, topic ids) from a confirmation link's token.

    Raises signing.SignatureExpired once the link is older than
    NEWSLETTER_CONFIRM_DAYS, and signing.BadSignature if it was altered.
    """
    data = read_token(token, CONFIRM_SALT, timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS))
    try:
        return int(data["s"]), [int(pk) for pk in data["t"]]
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Unexpected confirmation token contents.") from error


MAILING_SALT = "newsletter.mailing"


def mailing_token(mailing_id):
    """The part of a mailing's unsubscribe links that says which mailing they came from."""
    return sign_value(mailing_id, MAILING_SALT)


def read_mailing_token(value):
    """The mailing id in `value`, or None if it was altered."""
    try:
        return int(unsign_value(value, MAILING_SALT))
    except (TypeError, ValueError):
        return None
