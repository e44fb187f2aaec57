"""Signed confirmation links (the sign-up form's signed time is formguard's).

Signed with SECRET_KEY (with their own salt), so they cannot be forged or
altered, and carrying the moment they were made, so they expire. Signed values
are readable by whoever holds them: they carry ids and times, never an email
address.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"


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


MAILING_SALT = "newsletter.mailing"


def mailing_token(mailing_id):
    """The part of a mailing's unsubscribe links that says which mailing they came from."""
    return signing.Signer(salt=MAILING_SALT).sign(str(mailing_id))


def read_mailing_token(value):
    """The mailing id in `value`, or None if it was altered."""
    try:
        return int(signing.Signer(salt=MAILING_SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None
