"""Topics and regions: the two ways readers browse the analysis."""

from django.db import models
from django.db.models import Count
from django.urls import reverse
from taggit.models import NaturalKeyManager, TagBase

from core.cache import ChangeTrackingQuerySet


def _published_articles(prefix):
    """`articles.published_q`, imported when a count runs: articles point at topics, not back."""
    from .articles import published_q

    return published_q(prefix)


class TopicQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        # Aggregating drops Meta.ordering; keep it, or paged lists come unordered.
        return self.annotate(
            article_count=Count(
                "article_links", filter=_published_articles("article_links__content_object__")
            )
        ).order_by("name")


class Topic(TagBase):
    """A subject readers follow, e.g. "Counter-terrorism". Has its own page."""

    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the topic on its page."
    )

    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("articles:topic-detail", kwargs={"slug": self.slug})


class RegionQuerySet(ChangeTrackingQuerySet):
    def with_article_counts(self):
        return self.annotate(
            article_count=Count("articles", filter=_published_articles("articles__"))
        ).order_by("name")


class Region(models.Model):
    """A part of the world the analysis covers, e.g. "North Africa"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the region on its page."
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:region-detail", kwargs={"slug": self.slug})
