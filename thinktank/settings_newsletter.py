"""The newsletter's settings (sign-up, mailings, the topic digest), read from the environment
as in settings.py (kept here so settings.py stays readable; README "Newsletter" explains
each)."""

import os as _os


def _env(name, default):
    return _os.environ.get(name) or default


# Sign-up: confirmation links last this many days; sign-ups are limited per client address
# and confirmation emails per email address (0: no limit).
NEWSLETTER_CONFIRM_DAYS = int(_env("NEWSLETTER_CONFIRM_DAYS", "7"))
NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = int(_env("NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR", "5"))
NEWSLETTER_EMAILS_PER_ADDRESS_PER_DAY = int(_env("NEWSLETTER_EMAILS_PER_ADDRESS_PER_DAY", "3"))
# The site's address, for links in emails a worker writes without a request to ask.
SITE_URL = _env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Every mailing's footer: who sends it and where they are (anti-spam laws ask for both).
NEWSLETTER_ORGANISATION = _env("NEWSLETTER_ORGANISATION", _env("SITE_NAME", "Thinktank"))
NEWSLETTER_POSTAL_ADDRESS = _env("NEWSLETTER_POSTAL_ADDRESS", "Postal address not set")
# The topic digest: a day of the week ("monday" … "sunday", or "daily") and a time (HH:MM,
# in TIME_ZONE).
NEWSLETTER_DIGEST_DAY = _env("NEWSLETTER_DIGEST_DAY", "monday").strip().lower()
NEWSLETTER_DIGEST_TIME = _env("NEWSLETTER_DIGEST_TIME", "08:00")
# Mailings go out in batches of this many recipients, one task and one SMTP connection each.
NEWSLETTER_BATCH_SIZE = int(_env("NEWSLETTER_BATCH_SIZE", "500"))
# Messages per second over all workers together (0: as fast as the server takes them).
NEWSLETTER_SEND_RATE = float(_env("NEWSLETTER_SEND_RATE", "0"))
