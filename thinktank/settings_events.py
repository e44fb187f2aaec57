"""Event registration's settings, read from the environment as in settings.py (kept here so
settings.py stays under its size limit; README "Events" explains each)."""

import os as _os


def _env(name, default):
    return _os.environ.get(name) or default


# Registrants' personal data is deleted this many days after their event ends (the privacy
# notice says so).
EVENT_REGISTRATION_RETENTION_DAYS = int(_env("EVENT_REGISTRATION_RETENTION_DAYS", "90"))
# Links to confirm a registration work for this many days.
EVENT_CONFIRM_DAYS = int(_env("EVENT_CONFIRM_DAYS", "7"))
# Registrations are limited per client address (per hour) and confirmation emails per email
# address (per day); 0: no limit.
EVENT_REGISTRATIONS_PER_IP_PER_HOUR = int(_env("EVENT_REGISTRATIONS_PER_IP_PER_HOUR", "10"))
EVENT_EMAILS_PER_ADDRESS_PER_DAY = int(_env("EVENT_EMAILS_PER_ADDRESS_PER_DAY", "3"))
