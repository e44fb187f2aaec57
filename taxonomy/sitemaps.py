"""Sitemap sections for topic and region pages; the root URLs combine them with the rest."""

from django.contrib.sitemaps import Sitemap

from .models import Region, Topic


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.order_by("name")


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.order_by("name")
