"""The header and footer menus: the live pages editors placed there, for every template."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.cache import cached_for_content

from .models import Page


def _live_pages():
    """Every live page's title and path, and which of them each menu lists, in one query.

    An institution has tens of pages, not thousands: fetching them all lets the menus and
    `{% page_url %}` share one cached value.
    """
    # Values, not rows: a loaded row would tag the menus (on every page) with each page's own
    # tag, so any edit to any page would retire the whole site. They carry "menus" instead.
    pages = (
        Page.objects.published()
        .order_by("menu_order", "title")
        .values_list("title", "path", "show_in_header", "show_in_footer")
    )
    header, footer, paths = [], [], set()
    for title, path, in_header, in_footer in pages:
        entry = (title, reverse("pages:detail", kwargs={"path": path}))
        paths.add(path)
        if in_header:
            header.append(entry)
        if in_footer:
            footer.append(entry)
    return {"header": header, "footer": footer, "paths": paths}


def live_pages():
    """Cached until content changes or a scheduled page goes live or expires."""
    return cached_for_content("pages-live", _live_pages, tags=["menus"])


def menus(request):
    # Lazy: pages that show no menu (the admin, feeds) ask nothing, and once cached the
    # menus cost no query at all.
    return {
        "header_menu": SimpleLazyObject(lambda: live_pages()["header"]),
        "footer_menu": SimpleLazyObject(lambda: live_pages()["footer"]),
    }
