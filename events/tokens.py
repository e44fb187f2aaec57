"""The secrets in registrants' and invitees' links, on formguard's shared tokens.

A registration's links name its id and its nonce: a new nonce (when a cancelled row is
used again) retires every link sent before. They carry ids, never an email address.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from formguard.tokens import make_token, read_token, sign_value, unsign_value

CONFIRM_SALT = "events.confirm"
MANAGE_SALT = "events.registration"
INVITATION_SALT = "events.invitation"


def confirmation_token(registration):
    return make_token({"r": registration.pk, "n": registration.nonce}, CONFIRM_SALT)


def read_confirmation_token(token):
    """(registration id, nonce). Raises signing.SignatureExpired or signing.BadSignature."""
    data = read_token(token, CONFIRM_SALT, timedelta(days=settings.EVENT_CONFIRM_DAYS))
    try:
        return int(data["r"]), str(data["n"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Unexpected confirmation token contents.") from error


def manage_token(registration):
    """The secret of a registrant's own page and cancel link: good until the nonce changes."""
    return sign_value(f"{registration.pk}.{registration.nonce}", MANAGE_SALT)


def read_manage_token(token):
    """(registration id, nonce), or None if altered."""
    value = unsign_value(token, MANAGE_SALT)
    pk, _, nonce = (value or "").partition(".")
    return (int(pk), nonce) if pk.isdigit() and nonce else None


def invitation_token(invitation):
    return sign_value(invitation.pk, INVITATION_SALT)


def read_invitation_token(token):
    """The invitation id, or None if altered."""
    value = unsign_value(token, INVITATION_SALT)
    return int(value) if value and value.isdigit() else None
