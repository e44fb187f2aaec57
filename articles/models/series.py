"""Series: articles meant to be read in order."""

from django.db import models
from django.db.models import Count
from django.urls import reverse

from core.cache import CacheTagged, ChangeTrackingQuerySet

from .articles import Article, published_q


class SeriesQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        return self.annotate(
            article_count=Count("entries", filter=published_q("entries__article__"))
        ).order_by("title")


class Series(CacheTagged, models.Model):
    """Articles meant to be read in order, e.g. a five-part study of Gulf security."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the series on its page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series-detail", kwargs={"slug": self.slug})

    def published_articles(self):
        """The series' live articles in reading order."""
        return (
            Article.objects.published()
            .filter(series_entry__series=self)
            .order_by("series_entry__position", "series_entry__pk")
        )


class SeriesEntry(models.Model):
    """An article's place in its series. An article belongs to one series at most."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="entries")
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="series_entry")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "article in the series"
        verbose_name_plural = "articles (in reading order: lower numbers first)"
        indexes = [models.Index(fields=["series", "position"], name="series_entry_order_idx")]

    def __str__(self):
        return f"{self.article} in {self.series}"
