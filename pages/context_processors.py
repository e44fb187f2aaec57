"""The header and footer menus: the live pages editors placed there, for every template."""

from django.utils.functional import SimpleLazyObject

from core.cache import cached_for_content

from .models import Page


def _menu(name):
    def compute():
        pages = getattr(Page.objects, name)().only("title", "path")
        return [(page.title, page.get_absolute_url()) for page in pages]

    # Lazy: pages that show no menu (the admin, feeds) ask nothing; cached until content
    # changes or a scheduled page goes live, so a menu costs no query on most requests.
    return SimpleLazyObject(lambda: cached_for_content(f"pages-menu:{name}", compute))


def menus(request):
    return {"header_menu": _menu("in_header"), "footer_menu": _menu("in_footer")}
