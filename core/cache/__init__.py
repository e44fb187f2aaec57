"""Cached content that is never stale: the primitives under the page cache.

Every cached page and value carries tags naming what it showed (core/cache/tags.py); a
change bumps the tags it touches, which retires just those entries. Scheduled content
needs no write to go live, so nothing is kept past the next scheduled change to one of its
tags (core/cache/schedule.py). This package knows no content: content apps say what their
changes touch with `watch` (or through the publishing core) and what is scheduled with
`register_scheduled_moments`.

Views opt into the page cache (thinktank/page_cache.py) with `cacheable`; public pages
that only read also opt out of the request transaction with Django's
`transaction.non_atomic_requests` (see settings).
"""

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from .entries import cacheable, cached_for_content, mark_public
from .schedule import SCHEDULE, moments, register_scheduled_moments, seconds_left
from .tags import (
    EVERYTHING,
    CacheTagged,
    bump,
    clock,
    collecting,
    members_of,
    members_tag,
    object_tag,
    on_bump,
    one_change,
    tag,
    versions,
)

__all__ = [
    "EVERYTHING",
    "SCHEDULE",
    "CacheTagged",
    "ChangeTrackingQuerySet",
    "bump",
    "cacheable",
    "cached_for_content",
    "clock",
    "collecting",
    "filed_under",
    "mark_public",
    "members_of",
    "members_tag",
    "moments",
    "object_tag",
    "on_bump",
    "one_change",
    "register_scheduled_moments",
    "seconds_left",
    "tag",
    "versions",
    "watch",
]

MOST_ROWS_NAMED = 500  # a bulk update of more rows than this retires everything


def watch(model, tags_of, *, related=None):
    """Bump `tags_of(instance)` after every save and delete of `model`.

    `related(instance, model, pks)` gives the tags of an m2m change sent by `model` as the
    through model (default: the own tags of the rows on both sides).
    """
    uid = f"cache-tags-{model._meta.label}"

    def saved(instance, **kwargs):
        bump(*tags_of(instance))

    def changed_m2m(instance, action, model, pk_set, **kwargs):
        if action.startswith("post_"):
            if related is not None:
                bump(*related(instance, model, pk_set))
            else:
                # `instance` is the row on either side, not a row of the through model.
                name = model._meta.model_name
                bump(object_tag(instance), *(f"{name}:{pk}" for pk in pk_set or ()))

    post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(saved, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
    m2m_changed.connect(changed_m2m, sender=model, dispatch_uid=f"{uid}-m2m", weak=False)


def filed_under(hub):
    """`watch`'s `related` for a through model filing items under `hub` rows (an update's
    topics, a person's regions): an m2m change bumps each item's own tag and each hub row's
    members tag ("topic-items:4"), not the hub row's own, which its name alone carries."""

    def related(instance, model, pks):
        name = model._meta.model_name
        if isinstance(instance, hub):
            return {members_of(instance), *(f"{name}:{pk}" for pk in pks or ())}
        return {object_tag(instance), *(members_tag(name, pk) for pk in pks or ())}

    return related


class ChangeTrackingQuerySet(models.QuerySet):
    """Queryset writes skip model signals; these retire the cached entries all the same."""

    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True)[: MOST_ROWS_NAMED + 1])
        rows = super().update(**kwargs)
        name = self.model._meta.model_name
        if len(pks) > MOST_ROWS_NAMED:
            bump(EVERYTHING)
        else:
            bump(*(f"{name}:{pk}" for pk in pks))
        return rows

    def bulk_create(self, *args, **kwargs):
        objs = super().bulk_create(*args, **kwargs)
        bump(EVERYTHING)
        return objs

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        bump(EVERYTHING)
        return rows
