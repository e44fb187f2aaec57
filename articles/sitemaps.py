"""Sitemap sections for articles, series and updates.

Only what readers may see, each with its last change. The project's root URLs combine
these with the other apps' sections into one sitemap index.
"""

from django.contrib.sitemaps import Sitemap

from .models import Article, Series, Update


class ArticleSitemap(Sitemap):
    limit = 5000  # per sitemap page; the index lists the pages

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


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
