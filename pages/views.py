from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from core.cache import cacheable

from .context_processors import live_pages
from .models import Page


def _ancestor_paths(path):
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def page_context(page):
    """What the page shows, for the live page and previews alike: only live pages around it."""
    live = Page.objects.published().only("title", "path", "menu_order")
    ancestors = list(live.filter(path__in=_ancestor_paths(page.path)).order_by("path"))
    children = list(live.filter(parent=page).order_by("menu_order", "title")) if page.pk else []
    crumbs = [(ancestor.get_absolute_url(), ancestor.title) for ancestor in ancestors]
    return {"page": page, "children": children, "crumbs": [*crumbs, (None, page.title)]}


@cacheable
@transaction.non_atomic_requests
def page_detail(request, path):
    """A page at the root of the site; any other address reaching here is a real 404, so
    the redirects kept for moved addresses can still answer it."""
    # Most addresses reaching here are no page at all: the cached list of live addresses
    # answers them without a query, before the redirects are asked.
    if path not in live_pages()["paths"]:
        raise Http404("No page here.")
    page = Page.objects.published().filter(path=path).first()
    if page is None:
        raise Http404("No page here.")
    return render(request, "pages/page_detail.html", page_context(page))


def render_preview(request, page, explanation, status=200):
    """An unpublished page on the public template: bannered, never cached or indexed."""
    context = page_context(page) | {"preview": {"explanation": explanation}}
    response = render(request, "pages/page_detail.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
