"""Sitemap sections: only what readers may see, each with its last change."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Region, Series, Topic, Update
from people.models import Person


class ArticleSitemap(Sitemap):
    limit = 5000  # per sitemap page; the index lists the pages

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.active().only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.order_by("name")


class RegionSitemap(Sitemap):
    def items(self):
        return Region.objects.order_by("name")


class SeriesSitemap(Sitemap):
    def items(self):
        return (
            Series.objects.filter(entries__article__in=Article.objects.published())
            .distinct()
            .only("slug", "updated_at")
        )

    def lastmod(self, series):
        return series.updated_at


class UpdateSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Update.objects.published().only("pk", "updated_at")

    def lastmod(self, update):
        return update.updated_at


class PageSitemap(Sitemap):
    """The site's own index pages."""

    def items(self):
        return [
            "home",
            "articles:list",
            "people:list",
            "articles:topic-list",
            "articles:region-list",
            "articles:series-list",
            "articles:update-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "series": SeriesSitemap,
    "updates": UpdateSitemap,
}
