"""Every public door where readers could see a page (see publishing/doors.py).

Registered in PagesConfig.ready(); the publishing contract test checks each of them.
"""

import re
from urllib.parse import urlencode

from django.urls import reverse

from publishing.doors import Door, DoorUnreachable


def _href(page):
    # The exact link: a sub-page's address starts with its parent's.
    return f'href="{page.get_absolute_url()}"'


def listed(page):
    return [_href(page), page.title]


def linked(page):
    """Only the link: where the title could appear anyway (the search echoes its query)."""
    return [_href(page)]


def located(page):
    """The sitemap's entry: the page's full address, ending where the entry ends."""
    return [re.compile(re.escape(page.get_absolute_url()) + "</loc>")]


def _parent(page):
    if page.parent is None:
        raise DoorUnreachable("the page needs a live parent page to be checked here")
    return page.parent.get_absolute_url()


def _in_menus(page):
    if not (page.show_in_header or page.show_in_footer):
        raise DoorUnreachable("the page needs a place in a menu to be checked here")
    return reverse("home")


def _search(**params):
    def address(page):
        return f"{reverse('search')}?{urlencode({'q': page.title, **params})}"

    return address


DOORS = [
    Door("pages:detail", lambda page: page.get_absolute_url()),
    Door("pages:detail", _parent, listed, label="pages:detail (parent's sub-pages)"),
    # The menus are on every page; the home page stands for them all.
    Door("home", _in_menus, linked, label="home (header and footer menus)"),
    Door("search", _search(), linked, label="search (pages)"),
    Door("search", _search(type="page"), linked, label="search (pages only)"),
    Door(
        "sitemap-section",
        lambda page: reverse("sitemap-section", kwargs={"section": "institution"}),
        located,
        label="sitemap-section (pages)",
    ),
]
