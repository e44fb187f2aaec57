"""Topics and regions: the two ways readers browse the analysis.

Their tables are still `articles_topic` and `articles_region`: the models moved here from
the articles app without moving a row (taxonomy/migrations/0001_initial.py).
"""

from django.db import models
from django.urls import reverse
from taggit.models import NaturalKeyManager, TagBase

from core.cache import CacheTagged, ChangeTrackingQuerySet, cached_for_content, members_of, tag

from . import hubs


class HubQuerySet(ChangeTrackingQuerySet):
    def with_counts(self):
        """Each row with what content apps count for it (`hubs.register_count`).

        Aggregating drops Meta.ordering; keep it, or paged lists come unordered.
        """
        return self.annotate(**hubs.count_annotations(self.model)).order_by("name")


class Topic(CacheTagged, TagBase):
    """A subject readers follow, e.g. "Counter-terrorism". Has its own page."""

    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the topic on its page."
    )

    objects = NaturalKeyManager.from_queryset(HubQuerySet)()

    class Meta:
        db_table = "articles_topic"
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("taxonomy:topic-detail", kwargs={"slug": self.slug})


class Region(CacheTagged, models.Model):
    """A part of the world the analysis covers, e.g. "North Africa"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences introducing the region on its page."
    )

    objects = HubQuerySet.as_manager()

    class Meta:
        db_table = "articles_region"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("taxonomy:region-detail", kwargs={"slug": self.slug})


def counted(model):
    """Every topic or region with its counts, for an index. A count changes as items join
    or leave the row's list, which its members tag names ("topic-items:4"), not its own."""
    rows = list(model.objects.with_counts())
    tag(*map(members_of, rows))
    return rows


def filter_choices(model):
    """(slug, name) of every topic or region, for the filter menus of the lists: cached
    until one is added, renamed or removed."""
    return cached_for_content(
        f"{model._meta.model_name}-choices",
        lambda: list(model.objects.values_list("slug", "name")),
        tags=[f"list:{model._meta.model_name}s"],
    )
