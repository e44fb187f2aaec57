from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse

MAX_FRAGMENT_QUERY_LENGTH = 256

# The header's sections, and the address prefixes whose pages belong to each: an article
# page belongs to Analysis, a profile to Experts.
SECTIONS = (
    ("articles:list", "Analysis", ("/articles/", "/series/")),
    ("taxonomy:topic-list", "Topics", ("/topics/",)),
    ("taxonomy:region-list", "Regions", ("/regions/",)),
    ("people:list", "Experts", ("/people/",)),
    ("events:list", "Events", ("/events/",)),
    ("articles:update-list", "Updates", ("/updates/",)),
)


def site(request):
    """The site's name, and the page's canonical address for search engines.

    The canonical address drops every parameter but a page number beyond the
    first; a list narrowed by filters is marked noindex, so each list is
    indexed once.
    """
    page = request.GET.get("page", "")
    canonical = request.build_absolute_uri(request.path)
    if page.isascii() and page.isdigit() and int(page) > 1:
        canonical += f"?page={int(page)}"
    return {
        "site_name": settings.SITE_NAME,
        # The same, under a name Django's own views (the login page's site_name) leave alone.
        "site_brand": settings.SITE_NAME,
        "canonical_url": canonical,
        "noindex": any(key != "page" for key in request.GET),
        "organisation": settings.SITE_ORGANISATION,
        "wordmark_template": settings.SITE_WORDMARK_TEMPLATE,
        "sections": _sections(request.path),
        # Names the header's and footer's fragments: they show the institution's settings.
        "site_identity": repr(
            (settings.SITE_NAME, settings.SITE_WORDMARK_TEMPLATE, settings.SITE_ORGANISATION)
        ),
        # What names a cached fragment of this address (core.cache.fragments): lists print
        # their parameters back (filters, pagination links). None, so no fragment, for the
        # junk-length queries the page cache refuses too.
        "fragment_path": (
            request.get_full_path()
            if len(request.META.get("QUERY_STRING", "")) <= MAX_FRAGMENT_QUERY_LENGTH
            else None
        ),
    }


@cache
def _section_urls(script_prefix):
    """The sections' addresses, reversed once per prefix the site is served under."""
    return [reverse(name) for name, _label, _prefixes in SECTIONS]


def _sections(path):
    """The header's links; `current` is "page" on the section's own page and "true" on the
    pages inside it, the values of aria-current."""
    sections = []
    for (_name, label, prefixes), url in zip(
        SECTIONS, _section_urls(get_script_prefix()), strict=True
    ):
        current = "page" if path == url else ""
        if not current and path.startswith(prefixes):
            current = "true"
        sections.append({"url": url, "label": label, "current": current})
    return sections
