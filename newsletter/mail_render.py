"""A mailing as an email: rendered once, then personalised per recipient by its links only.

The HTML part carries its styles inline (mail programs drop style sheets) and no images,
so it reads the same with remote content blocked; every link is absolute (SITE_URL), as a
worker has no request to ask for the site's address. The plain-text part says the same.
"""

import email.policy
import re
from dataclasses import dataclass
from email.utils import make_msgid
from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, strip_tags

from .emails import ListEmail, unsubscribe_headers
from .tokens import mailing_token

# Stands for the recipient's unsubscribe address until a message is personalised.
PLACEHOLDER = "https://unsubscribe.invalid/recipient"
TOKEN_SLOT = "recipient-token"
ADDRESS_SLOT = "recipient@address.invalid"
MESSAGE_ID_SLOT = "<message-id@slot.invalid>"
RELATIVE_LINK_RE = re.compile(r'(href|src)="/(?!/)')
BLOCK_END_RE = re.compile(r"</(p|h2|h3|li|blockquote|figure)>|<br\s*/?>")


class MailingEmail(ListEmail, EmailMultiAlternatives):
    """HTML with a plain-text alternative, and List-Unsubscribe kept on one line."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def render(mailing, articles, *, heading=None):
    """The mailing with `articles` (in order) for any recipient, links to personalise."""
    introduction = RELATIVE_LINK_RE.sub(rf'\1="{settings.SITE_URL}/', mailing.introduction or "")
    context = {
        "subject": mailing.subject,
        "heading": heading or mailing.subject,
        "introduction": introduction,
        "introduction_text": html_to_text(introduction),
        "articles": [
            {"title": a.title, "summary": a.summary, "url": absolute(a.get_absolute_url())}
            for a in articles
        ],
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "organisation": settings.NEWSLETTER_ORGANISATION,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
        "preferences_url": absolute(reverse("newsletter:subscribe")),
        "unsubscribe_url": PLACEHOLDER,
    }
    return Rendered(
        subject=mailing.subject,
        text=render_to_string("newsletter/email/mailing.txt", context),
        html=render_to_string("newsletter/email/mailing.html", context),
    )


def html_to_text(html):
    text = unescape(strip_tags(BLOCK_END_RE.sub("\n\n", html)))
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def unsubscribe_link_maker(mailing):
    """A function from a subscriber's token to their unsubscribe address for `mailing`.

    The address names the mailing (signed), so the mailing can count who left through it.
    """
    path = reverse(
        "newsletter:unsubscribe-from",
        kwargs={"token": TOKEN_SLOT, "via": mailing_token(mailing.pk)},
    )
    template = absolute(path)
    return lambda token: template.replace(TOKEN_SLOT, token, 1)


def personalise(rendered, address, unsubscribe_url, *, subject_prefix=""):
    """The message for one recipient: the rendering with their own unsubscribe links."""
    message = MailingEmail(
        subject=f"{subject_prefix}{rendered.subject}",
        body=rendered.text.replace(PLACEHOLDER, unsubscribe_url),
        to=[address],
        headers=unsubscribe_headers(unsubscribe_url),
    )
    message.attach_alternative(
        rendered.html.replace(PLACEHOLDER, escape(unsubscribe_url)), "text/html"
    )
    return message


class WireTemplate:
    """The whole message as SMTP carries it, made once, with slots for each recipient's
    address, links and Message-ID: serialising a MIME message costs milliseconds, filling
    the slots microseconds. `usable` is False when the encoding chosen for a part would have
    cut a slot (then each message is built in full)."""

    def __init__(self, rendered, domain):
        message = personalise(rendered, ADDRESS_SLOT, PLACEHOLDER)
        message.extra_headers["Message-ID"] = MESSAGE_ID_SLOT
        self.raw = message.message(policy=email.policy.SMTP).as_bytes()
        self.domain = domain
        self.usable = (
            self.raw.count(PLACEHOLDER.encode()) == 3  # List-Unsubscribe, text and HTML
            and self.raw.count(ADDRESS_SLOT.encode()) == 1
            and self.raw.count(MESSAGE_ID_SLOT.encode()) == 1
        )

    def fits(self, address, url):
        """True if `address` and `url` go into the slots unchanged by any encoding."""
        return self.usable and address.isascii() and url.isascii() and escape(url) == url

    def fill(self, address, url):
        return (
            self.raw.replace(ADDRESS_SLOT.encode(), address.encode(), 1)
            .replace(PLACEHOLDER.encode(), url.encode())
            .replace(MESSAGE_ID_SLOT.encode(), make_msgid(domain=self.domain).encode(), 1)
        )
