"""Mailings and the topic digest: the settings, read from the environment as in settings.py
(kept here so settings.py stays readable; README "Newsletter" explains each)."""

import os


def env(name, default):
    return os.environ.get(name) or default


# The site's address, for links in emails a worker writes without a request to ask.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Every mailing's footer: who sends it and where they are (anti-spam laws ask for both).
NEWSLETTER_ORGANISATION = env("NEWSLETTER_ORGANISATION", env("SITE_NAME", "Thinktank"))
NEWSLETTER_POSTAL_ADDRESS = env("NEWSLETTER_POSTAL_ADDRESS", "Postal address not set")
# The topic digest: a day of the week ("monday" … "sunday", or "daily") and a time (HH:MM,
# in TIME_ZONE).
NEWSLETTER_DIGEST_DAY = env("NEWSLETTER_DIGEST_DAY", "monday").strip().lower()
NEWSLETTER_DIGEST_TIME = env("NEWSLETTER_DIGEST_TIME", "08:00")
# Mailings go out in batches of this many recipients, one task and one SMTP connection each.
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "500"))
# Messages per second over all workers together (0: as fast as the server takes them).
NEWSLETTER_SEND_RATE = float(env("NEWSLETTER_SEND_RATE", "0"))
