"""
Cached content that is never stale: the primitives under the page cache.

Everything cached is keyed by the *content generation*: a number bumped after
any change to published content commits (saves, deletes, tag and m2m changes,
queryset updates). A change therefore retires every cached page and value at
once: the next request computes afresh. Publishing is rare next to reading, so
this coarse rule costs little and cannot miss a page that shows the changed
content.

Scheduled content needs no change to go live, so nothing is cached past the
moment the next scheduled item becomes visible; content apps say when that is
with `register_scheduled_moments` (this module knows no content).

Views opt into the page cache (thinktank/page_cache.py) with `cacheable`;
public pages that only read also opt out of the request transaction with
Django's `transaction.non_atomic_requests` (see settings).
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "content:generation"
NEXT_CHANGE_KEY = "content:next-change:{generation}"

_batched = ContextVar("content_changes_batched", default=False)
_scheduled_sources = []  # filled by content apps: see register_scheduled_source
_scheduled_moments = []  # and register_scheduled_moments


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, so an evicted counter never reuses a number.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed(**kwargs):
    """Retire every cached page now, and again once the transaction commits.

    The second bump matters: a reader rendering between the first bump and the
    commit still sees the old rows and may cache them under the new generation.
    """
    if _batched.get():
        return
    _bump()
    transaction.on_commit(_bump)


@contextmanager
def one_content_change():
    """Count every write inside as one content change, announced at the end.

    For bulk loads (a restore), where a bump per row would cost a cache round
    trip for each of thousands of rows. Only this thread's writes are batched.
    """
    token = _batched.set(True)
    try:
        yield
    finally:
        _batched.reset(token)
    content_changed()


def retire_pages_on_changes_to(*watched):
    """Connect `content_changed` to every save, delete and m2m change of `watched`.

    Pass the content models and their through models (m2m changes are sent by
    the through model).
    """
    for model in watched:
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"{uid}-m2m")


class ChangeTrackingQuerySet(models.QuerySet):
    """Bulk writes skip model signals; these retire cached pages all the same."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        content_changed()
        return rows

    def bulk_create(self, *args, **kwargs):
        objs = super().bulk_create(*args, **kwargs)
        content_changed()
        return objs

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        content_changed()
        return rows


def cache_timeout(generation, started, longest):
    """How long something rendered from `started` on may be kept: at most `longest`.

    Never past the first scheduled item due after `started` (the moment the
    rendering read the database), even if that moment came during the render.
    """
    key = NEXT_CHANGE_KEY.format(generation=generation)
    next_change = cache.get(key, "missing")
    if next_change == "missing" or (next_change is not None and next_change <= started):
        next_change = _next_scheduled_time(started)
        cache.set(key, next_change, timeout=settings.PAGE_CACHE_SECONDS)
    if next_change is None:
        return longest
    return min(longest, int((next_change - _finished_at()).total_seconds()))


def _finished_at():
    """Now, as the moment a render finished (a seam for tests of slow renders)."""
    return timezone.now()


def register_scheduled_source(next_after):
    """Tell the cache when an app's scheduled content goes public.

    `next_after(moment)` returns the first time after `moment` at which something the
    app has scheduled becomes visible, or None. Content apps call this in `ready()`.
    """
    if next_after not in _scheduled_sources:
        _scheduled_sources.append(next_after)


def register_scheduled_moments(moments_after):
    """Like `register_scheduled_source`, as querysets: `moments_after(moment)` returns
    querysets of the times after `moment` (each made with `moments()`), and every app's
    are asked together in one query, so a new content type costs no query of its own."""
    if moments_after not in _scheduled_moments:
        _scheduled_moments.append(moments_after)


def moments(queryset, field):
    """`queryset`'s values of the datetime `field`, in the shape one UNION of all takes."""
    return queryset.order_by().annotate(moment=F(field)).values_list("moment", flat=True)


def _next_scheduled_time(now):
    due = [moment for source in _scheduled_sources if (moment := source(now)) is not None]
    querysets = [queryset for source in _scheduled_moments for queryset in source(now)]
    if querysets:
        first, *rest = querysets
        moment = first.union(*rest).order_by("moment").first() if rest else first.first()
        if moment is not None:
            due.append(moment)
    return min(due, default=None)


def cached_for_content(name, compute):
    """`compute()`, remembered until content changes or scheduled content goes live.

    For values that are slow to work out and the same for every reader, such as
    counts over the whole archive. Give a value a new `name` whenever its shape
    changes: entries written by the previous release live on in a shared cache.
    """
    generation = content_generation()
    # The entry carries its own end, checked here as the page cache checks its pages:
    # Redis counts whole seconds, and a scheduled item must be counted on time.
    key = f"data2:{generation}:{name}"
    entry = cache.get(key)
    if entry is not None and time.time() < entry[0]:
        return entry[1]
    started = timezone.now()
    value = compute()
    timeout = cache_timeout(generation, started, settings.DATA_CACHE_SECONDS)
    if timeout > 0:
        cache.set(key, (time.time() + timeout, value), timeout)
    return value


def cacheable(view):
    """Let the page cache keep this view's successful answers to anonymous readers.

    The mark rides on the response, so the middleware learns it without resolving the
    URL a second time. Only for views whose answer is the same for every anonymous
    reader and changes only with published content (and scheduled items going live).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.cacheable = True
        return response

    return wrapped


def mark_public(response):
    """Let browsers and shared caches (a CDN) keep `response` briefly, as public pages are.

    Shared caches keep it for SHARED_CACHE_SECONDS, so a change (an unpublished report,
    say) reaches every reader within that time.
    """
    patch_cache_control(
        response,
        public=True,
        max_age=settings.BROWSER_CACHE_SECONDS,
        s_maxage=settings.SHARED_CACHE_SECONDS,
        stale_while_revalidate=settings.SHARED_CACHE_SECONDS,
    )
    patch_vary_headers(response, ["Cookie"])
