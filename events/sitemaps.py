from django.contrib.sitemaps import Sitemap

from .models import Event


class EventSitemap(Sitemap):
    """Listed events only: an unlisted briefing is reachable by its link alone."""

    limit = 5000

    def items(self):
        return Event.objects.listed().only("slug", "updated_at").order_by("-starts_at", "-pk")

    def lastmod(self, event):
        return event.updated_at
