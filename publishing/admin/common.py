"""Helpers shared by the revision pages, the trash-on-delete mixin and the trash."""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html


def _url(admin_site, obj, view="change"):
    opts = obj._meta
    try:
        return reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)]
        )
    except NoReverseMatch:
        return None


def _trash_link(request, admin_site, text):
    """`text`, followed by a link to the trash for those who may open it."""
    if not request.user.has_perm("revisions.view_trasheditem"):
        return text
    url = reverse(f"{admin_site.name}:revisions_trasheditem_changelist")
    return format_html('{} <a href="{}">Open the trash</a> to restore it.', text, url)


def _reason(error):
    """Why a restore was refused, in the editor's words."""
    if isinstance(error, IntegrityError):
        return "it clashes with something saved since."
    if isinstance(error, ValidationError):
        # Content kept from before today's limits (rich text too large or too deep).
        return " ".join(error.messages)
    return str(error)


def _change_text(message):
    """The admin's change message ("Changed Title and Body.") as plain text."""
    if not message:
        return ""
    return LogEntry(change_message=json.dumps(message)).get_change_message()
