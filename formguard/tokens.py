"""Signed tokens for the secret links that public forms send by email (confirm, cancel,
invitations), shared by every app that sends them.

Signed with SECRET_KEY and a salt per kind of link, so a token cannot be forged, altered or
carried to another kind of link. `make_token` tokens carry the moment they were made, so
they expire; `sign_value` ones last as long as what they name. Signed values are readable
by whoever holds them: put ids and times in them, never an email address.
"""

from django.core import signing


def make_token(data, salt, *, compress=False):
    """A signed, timestamped token carrying `data` (JSON-ready)."""
    return signing.dumps(data, salt=salt, compress=compress)


def read_token(token, salt, max_age):
    """The data in `token`, if it is ours and younger than `max_age` (seconds or timedelta).

    Raises signing.SignatureExpired when older, signing.BadSignature when altered.
    """
    return signing.loads(token or "", salt=salt, max_age=max_age)


def sign_value(value, salt):
    """`value` (a string or number) with a signature: a link that does not expire."""
    return signing.Signer(salt=salt).sign(str(value))


def unsign_value(signed, salt):
    """The string `sign_value` signed, or None if it was altered."""
    try:
        return signing.Signer(salt=salt).unsign(signed or "")
    except signing.BadSignature:
        return None
