"""Rendered fragments (a card, a byline, an article's body) kept per version of what they show.

A fragment is a `cached_for_content` entry: it carries the tags of the objects it is keyed
by and of every row loaded while it renders, and is valid only while all of them keep
their versions. A hit tags the enclosing page with them, so the page cache retires a page
whenever one of its fragments would have been retired.

A fragment must show nothing but what its key names: no request, user, form, host or clock
unless it is part of the key. Previews never read or write fragments: their objects carry
unsaved changes under the live object's key.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.safestring import mark_safe

from .entries import cached_for_content
from .tags import object_tag

FRAGMENT_NAME = "fragment1:{}"
LONGEST_READABLE_KEY = 150


@cache
def templates_version():
    """A digest of every template's text: a release that changes one names new fragments,
    as fragments written by the previous release live on in a shared cache. (Give
    FRAGMENTS_VERSION a new value when only the code that renders them changes.)"""
    digest = hashlib.sha256(str(getattr(settings, "FRAGMENTS_VERSION", "")).encode())
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def key_part(value):
    """How one part of a fragment's key is written: a row by its tag, anything else as text."""
    if isinstance(value, models.Model):
        return object_tag(value)
    return str(value)


def fragment(name, parts, render, *, tags=(), inherit=True):
    """`render()` (HTML), remembered while the objects among `parts`, the rows it loads and
    `tags` are unchanged. Any part that is a model instance names the fragment and tags it.

    A fragment may show rows its page loaded before it (a list's rows, read for the page's
    head, shown in its body), so it also carries the page's tags so far: more than it
    needs at times, never less. A fragment that shows nothing read before it (a site
    header) is not `inherit`ed those tags, or it would carry each page's."""
    if any(getattr(part, "unsaved_preview", False) for part in parts):
        return render()
    key = ":".join([name, templates_version(), *map(key_part, parts)])
    if len(key) > LONGEST_READABLE_KEY:
        key = f"{name}:{hashlib.sha256(key.encode()).hexdigest()}"
    tags = [*tags, *(object_tag(part) for part in parts if isinstance(part, models.Model))]
    return mark_safe(
        cached_for_content(
            FRAGMENT_NAME.format(key), render, tags=tags, inherit=inherit, local=True
        )
    )
