"""Which addresses at the root of the site a page may not take: those the site already uses.

Pages answer at the root (`/about/`), after every other URL pattern, so a page whose
address another view answers would never be seen, and one that takes a section's name
(`/articles/`) would shadow every address under it once that section moves. The URLconf
is asked, not a list kept by hand: a section added later is reserved from its first day.
"""

import re

from django.conf import settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve

# Sections on their way (events come next), and the file prefixes served outside Django.
ALWAYS_RESERVED = {"events", "static", "media", "private-media"}
PAGE_URL_NAME = "pages:detail"
_LITERAL = re.compile(r"^\^?([-\w.]+)")


def _first_segments(resolver, prefix=""):
    """The literal first segment of every route of the root URLconf ("articles", "feeds")."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^")
        if isinstance(entry, URLResolver):
            if route and "/" in route:
                yield route.split("/", 1)[0]
            else:
                yield from _first_segments(entry, route)
        elif match := _LITERAL.match(route):
            # The pages' own pattern starts with a group, so it reserves nothing.
            yield match.group(1).split("/", 1)[0]


def _prefix(url):
    return (url or "").strip("/").split("/", 1)[0]


def root_prefixes():
    """Every first path segment the site uses for something other than pages."""
    prefixes = set(_first_segments(get_resolver()))
    prefixes.update(ALWAYS_RESERVED)
    prefixes.update(filter(None, (_prefix(settings.STATIC_URL), _prefix(settings.MEDIA_URL))))
    return {prefix.lower() for prefix in prefixes if prefix}


def answered_elsewhere(path):
    """The name of the view that answers `/path/` instead of a page, or None."""
    try:
        match = resolve(f"/{path}/")
    except Resolver404:
        return None
    if match.view_name == PAGE_URL_NAME:
        return None
    return match.view_name or match._func_path


def reserved_reason(path):
    """Why a page may not live at `/path/`, in an editor's words, or ''."""
    first = path.split("/", 1)[0].lower()
    if first in root_prefixes():
        return (
            f"“{first}” is already used by the site (/{first}/…), so a page there would "
            "never be seen. Choose another slug, for example “about-{first}”."
        )
    if answered_elsewhere(path):
        return f"The address /{path}/ is already used by the site. Choose another slug."
    return ""
