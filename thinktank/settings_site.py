"""Who publishes the site, as the header and footer show it (kept here so settings.py stays
readable). Every value reads an environment variable; the defaults are plainly demo values
(example.org addresses, a UK drama-reserved phone number) for a fresh clone."""

import os as _os


def _env(name, default):
    return _os.environ.get(name) or default


# The template drawing the logo in the header and footer. An institution replaces the demo
# wordmark with its own by pointing this at a template holding its SVG.
SITE_WORDMARK_TEMPLATE = _env("SITE_WORDMARK_TEMPLATE", "includes/wordmark.html")

SITE_ORGANISATION = {
    "name": _env("SITE_ORGANISATION_NAME", _env("SITE_NAME", "Thinktank")),
    "description": _env(
        "SITE_DESCRIPTION",
        "Independent research and analysis on security, defence and foreign policy.",
    ),
    # Lines of the postal address, separated by "|" in the variable.
    "address": _env("SITE_POSTAL_ADDRESS", "1 Example Square|London WC1A 1AA|United Kingdom").split(
        "|"
    ),
    "email": _env("SITE_CONTACT_EMAIL", "info@example.org"),
    "phone": _env("SITE_CONTACT_PHONE", "+44 20 7946 0000"),
    "press_email": _env("SITE_PRESS_EMAIL", "press@example.org"),
    "press_phone": _env("SITE_PRESS_PHONE", "+44 20 7946 0001"),
    # "Label=https://…" pairs separated by "|".
    "social": [
        tuple(pair.split("=", 1))
        for pair in _env(
            "SITE_SOCIAL_LINKS",
            "Bluesky=https://bsky.app/profile/example.org|"
            "LinkedIn=https://www.linkedin.com/company/example|"
            "YouTube=https://www.youtube.com/@example",
        ).split("|")
        if "=" in pair
    ],
}
