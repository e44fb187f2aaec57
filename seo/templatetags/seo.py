"""Tags for page metadata: JSON-LD blocks, sharing images and machine-readable times."""

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from seo import metadata

register = template.Library()

# As in Django's json_script: these cannot close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class _WholeSeconds(DjangoJSONEncoder):
    """Dates in JSON-LD to the second, like every other machine-readable time here."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return metadata.iso_datetime(o)
        return super().default(o)


# `<time datetime>` and meta tags use this, never `date:'c'` (which keeps microseconds).
register.filter("iso_datetime", metadata.iso_datetime)


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> block; editor text cannot break out of it."""
    text = json.dumps(data, cls=_WholeSeconds, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def share_image(context, image, renditions, spec):
    return metadata.image_url(context["request"], image, renditions, spec) or ""


@register.simple_tag(takes_context=True)
def structured_data(context, kind, obj=None):
    return jsonld(metadata.structured_data(kind, context["request"], obj))


@register.simple_tag(takes_context=True)
def breadcrumb_list(context, crumbs):
    """The BreadcrumbList of the trail `includes/breadcrumbs.html` shows."""
    return jsonld(metadata.breadcrumb_list(context["request"], crumbs or []))


@register.simple_tag(takes_context=True)
def collection_page(context, name, items, description=""):
    """A CollectionPage listing `items`: a page of a Paginator numbers on from earlier pages."""
    start = items.start_index() if hasattr(items, "start_index") else 1
    items = items.object_list if hasattr(items, "object_list") else items
    return jsonld(
        metadata.collection_page(context["request"], name, items, description, start=start)
    )
