"""When a cached entry must end because scheduled content changes by the clock alone.

Scheduled items go public (and expire) with no write to announce it, so no entry may be
kept past the moment something it shows, or lists, changes. That moment is worked out per
tag: a page listing the articles of topic 4 ends when the next scheduled article of topic 4
goes live, not when any scheduled item does.

Content apps say what is scheduled with `register_scheduled_moments`; every app's moments
are asked together in one query, then the items due get their tags from `cache_tags()`.
The result ({tag: its moments}) is itself cached until the schedule changes (the
"schedule" tag, bumped by the publishing core).
"""

import bisect
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.core.cache import cache
from django.db.models import F, Value
from django.utils import timezone

from . import tags as cachetags

SCHEDULE = "schedule"  # bumped whenever a publish or expiry time readers depend on changes
SCHEDULE_KEY = "tag-schedule2"  # a new name whenever the shape of the entry changes
MOST_ITEMS = 200  # beyond this many scheduled moments, everything ends at the last one read
# How long before a render's start its schedule is worked out from: renders under way then
# (the page around a cached value, say) share it instead of asking again.
READS_OVERLAP = timedelta(minutes=5)

_sources = []


def register_scheduled_moments(moments_after):
    """`moments_after(moment)` returns querysets of the times after `moment` at which items
    change by the clock (each made with `moments()`). Content apps call this in `ready()`."""
    if moments_after not in _sources:
        _sources.append(moments_after)


def moments(queryset, field):
    """`queryset`'s values of the datetime `field`, with each row's item, in the shape one
    UNION of all takes. The item's `cache_tags()` name what changes at that moment."""
    return (
        queryset.order_by()
        .annotate(moment=F(field), label=Value(queryset.model._meta.label))
        .values_list("moment", "pk", "label")
    )


def _rows_after(now):
    querysets = [queryset for source in _sources for queryset in source(now)]
    if not querysets:
        return []
    first, *rest = querysets
    union = first.union(*rest) if rest else first
    return list(union.order_by("moment")[:MOST_ITEMS])


def changes_after(now):
    """{tag: the moments after `now`, in order, at which something carrying it changes}."""
    rows = _rows_after(now)
    due = defaultdict(lambda: defaultdict(list))
    for moment, pk, label in rows:
        due[label][pk].append(moment)
    changes = defaultdict(set)
    # Loaded to name their tags, not shown: they must not tag the entry being computed,
    # or a page whose data entry worked out the schedule would carry every scheduled item.
    with cachetags.only():
        for label, items in due.items():
            model = apps.get_model(label)
            relations = getattr(model, "CACHE_TAG_RELATIONS", ())  # what cache_tags() reads
            for item in model._base_manager.filter(pk__in=items).prefetch_related(*relations):
                for name in item.cache_tags():
                    changes[name].update(items[item.pk])
    if len(rows) == MOST_ITEMS:
        changes[cachetags.EVERYTHING].add(rows[-1][0])
    return {name: sorted(moments) for name, moments in changes.items()}


def _current(started):
    """The schedule for a render that started at `started`, from the cache while the
    schedule has not changed.

    It is worked out from a little before `started`, so one computed by a value cached
    inside a page serves the page itself, which started a moment earlier, and the other
    renders under way; moments that have passed are skipped when it is read.
    """
    kept_tags = [SCHEDULE, cachetags.EVERYTHING]
    entry = cache.get(SCHEDULE_KEY)
    if entry is not None:
        versions, computed_for, changes = entry
        if computed_for <= started and cachetags.unchanged(versions):
            return changes
    clock = cachetags.clock()
    computed_for = started - READS_OVERLAP
    changes = changes_after(computed_for)
    versions = cachetags.versions(kept_tags)
    if not cachetags.changed_since(versions, clock):
        cache.set(SCHEDULE_KEY, (versions, computed_for, changes))
    return changes


def seconds_left(tags, started, longest):
    """How long an entry carrying `tags`, read from the database at `started`, may be kept:
    at most `longest`, never past the next scheduled change to one of its tags."""
    changes = _current(started)
    due = []
    for name in tags:
        moments = changes.get(name)
        if moments:
            later = bisect.bisect_right(moments, started)
            if later < len(moments):
                due.append(moments[later])
    if not due:
        return longest
    return min(longest, int((min(due) - finished_at()).total_seconds()))


def finished_at():
    """Now, as the moment a render finished (a seam for tests of slow renders)."""
    return timezone.now()
