"""The sitemap section of people's profiles: only active people, with their last change."""

from django.contrib.sitemaps import Sitemap

from .models import Person


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.active().only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at
