"""Structured data (schema.org JSON-LD): the site's own, and the pieces every page's uses.

What an article or a person page says comes from its app, registered with
`register_structured_data` in the app's ready().
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assets.renditions import current_entries

# kind -> build(request, obj): what `{% structured_data kind obj %}` prints for that kind.
_builders = {}


def register_structured_data(kind, build):
    """Let `{% structured_data kind obj %}` describe `obj` with `build(request, obj)`."""
    _builders[kind] = build


def structured_data(kind, request, obj=None):
    """The JSON-LD for a page: the site's (kind "site") or the one registered for `kind`."""
    if kind == "site":
        return site(request)
    return _builders[kind](request, obj)


def iso_datetime(value):
    """A time for machines (HTML's datetime attribute, meta tags, JSON-LD), to the second.

    ISO 8601 in the site's time zone. Times saved "now" carry microseconds, but HTML allows
    at most three digits of a fraction and no reader needs any.
    """
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def organization(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
    }


def site(request):
    return [
        {"@context": "https://schema.org", **organization(request)},
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": request.build_absolute_uri(reverse("search")) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        },
    ]


def image_url(request, image, renditions, spec):
    """The absolute URL of the largest rendition (JPEG/PNG, as crawlers prefer)."""
    entries = current_entries(image, renditions, spec)
    if not entries:
        return None
    entry = entries[-1]
    fmt = "png" if "png" in entry else "jpeg"
    return request.build_absolute_uri(image.storage.url(entry[fmt]))


def _absolute(request, url):
    return request.build_absolute_uri(url or request.path)


def breadcrumb_list(request, crumbs):
    """schema.org BreadcrumbList for the trail `includes/breadcrumbs.html` shows.

    `crumbs` are (url, label) pairs after Home; the current page's url is None.
    """
    trail = [(reverse("home"), "Home"), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(label),
                "item": _absolute(request, url),
            }
            for position, (url, label) in enumerate(trail, start=1)
        ],
    }


def collection_page(request, name, items, description="", start=1):
    """schema.org CollectionPage whose ItemList is what the page lists, in page order.

    `items` are objects with get_absolute_url(); `start` is the first one's position in
    the whole list, so page 2 of a list continues page 1's numbering.
    """
    items = list(items)
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": str(name),
        "url": _absolute(request, None),
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": _absolute(request, "/"),
        },
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": _absolute(request, item.get_absolute_url()),
                    "name": str(item),
                }
                for position, item in enumerate(items, start=start)
            ],
        },
    }
    if description:
        data["description"] = str(description)
    return data
