"""A signed note of when a form was shown, for the timing check of public forms.

Signed with SECRET_KEY and a salt per kind of form, so it cannot be forged, altered or
carried to another kind of form, and it carries the moment it was made, so it expires.
It holds a time and nothing else.
"""

import time

from django.core import signing


def form_stamp(salt):
    """A signed note of when a form was shown."""
    return signing.dumps(time.time(), salt=salt)


def form_age(stamp, max_age, salt):
    """Seconds since the form carrying `stamp` was shown.

    Raises signing.SignatureExpired when older than `max_age` seconds and
    signing.BadSignature when missing or forged.
    """
    shown_at = signing.loads(stamp or "", salt=salt, max_age=max_age)
    if not isinstance(shown_at, int | float):
        raise signing.BadSignature("Unexpected form stamp contents.")
    return time.time() - shown_at
