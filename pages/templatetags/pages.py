from django import template
from django.urls import reverse

from ..context_processors import live_pages

register = template.Library()


@register.simple_tag
def page_url(path):
    """The address of the live page at `path` ("privacy"), or "" while there is none:
    other apps' templates link a page an editor may not have written (yet)."""
    path = path.strip("/")
    if path in live_pages()["paths"]:
        return reverse("pages:detail", kwargs={"path": path})
    return ""
