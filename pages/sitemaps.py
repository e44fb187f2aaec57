from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    """The institution's live pages, each with its last change."""

    def items(self):
        return Page.objects.published().only("path", "updated_at").order_by("path")

    def lastmod(self, page):
        return page.updated_at
