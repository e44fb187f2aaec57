"""
Public pages cached whole, and never stale.

Every cached page is keyed by the *content generation*: a number bumped after
any change to published content commits (saves, deletes, tag and m2m changes,
queryset updates). A change therefore retires every cached page at once: the
next request renders afresh. Publishing is rare next to reading, so this coarse
rule costs little and cannot miss a page that shows the changed content.

Scheduled content needs no change to go live, so no page is cached past the
moment the next scheduled article or update becomes visible.

Only anonymous GET/HEAD requests use the cache; anyone carrying a session
cookie (editors, staff) always gets a fresh page marked private. Views opt in
with `cacheable`; public pages that only read also opt out of the request
transaction with Django's `transaction.non_atomic_requests` (see settings).
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

GENERATION_KEY = "content:generation"
NEXT_CHANGE_KEY = "content:next-change:{generation}"
PAGE_KEY = "page:{digest}"
MAX_CACHED_QUERY_LENGTH = 256

_batched = ContextVar("content_changes_batched", default=False)


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


def _next_scheduled_time(now):
    from articles.models import Article, Update

    scheduled = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .values_list("published_at", flat=True)
        .union(
            Update.objects.filter(published_at__gt=now)
            .order_by()
            .values_list("published_at", flat=True)
        )
        .order_by("published_at")
    )
    return scheduled.first()


def cached_for_content(name, compute):
    """`compute()`, remembered until content changes or scheduled content goes live.

    For values that are slow to work out and the same for every reader, such as
    counts over the whole archive. Give a value a new `name` whenever its shape
    changes: entries written by the previous release live on in a shared cache.
    """
    generation = content_generation()
    key = f"data:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        started = timezone.now()
        value = compute()
        timeout = cache_timeout(generation, started, settings.DATA_CACHE_SECONDS)
        if timeout > 0:
            cache.set(key, value, timeout)
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


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            response = self.get_response(request)
            if self._is_personal(request, response):
                patch_cache_control(response, private=True, no_store=True)
            return response

        key = self._page_key(request)
        # One round trip to the cache for both the generation and the page.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or content_generation()
        cached = found.get(key)
        # The expiry is checked here too, not only left to the cache backend:
        # Redis counts whole seconds, and a scheduled item must appear on time.
        if cached and cached[0] == generation and time.time() < cached[1]:
            return self._from_cache(cached)

        started = timezone.now()
        response = self.get_response(request)
        if self._may_store(response):
            response.headers.setdefault("Last-Modified", http_date())
            mark_public(response)
            set_response_etag(response)
            timeout = cache_timeout(generation, started, settings.PAGE_CACHE_SECONDS)
            if timeout > 0:
                cache.set(key, self._to_cache(response, generation, timeout), timeout)
        elif self._is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _page_key(self, request):
        """The page's key: scheme, host and full path, as Django's own cache middleware keys.

        Pages print their host (canonical link, og:url, JSON-LD, feeds, robots.txt), so one
        host's copy must never reach another. get_host() checks ALLOWED_HOSTS first: a
        disallowed host gets its 400 (DisallowedHost) before any cache lookup, never a hit.
        """
        request.get_host()
        url = request.build_absolute_uri()
        return PAGE_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())

    def _may_use_cache(self, request):
        # Any anonymous GET is looked up, whatever view it reaches: only responses marked
        # `cacheable` are ever stored, so elsewhere the lookup is one cache read that misses.
        return (
            request.method in ("GET", "HEAD")
            # Junk parameters must not fill the cache with copies of one page.
            and len(request.META.get("QUERY_STRING", "")) <= MAX_CACHED_QUERY_LENGTH
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and settings.PAGE_CACHE_SECONDS > 0
        )

    def _may_store(self, response):
        return (
            getattr(response, "cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        )

    def _is_personal(self, request, response):
        user = getattr(request, "user", None)
        return bool(response.cookies) or (user is not None and user.is_authenticated)

    def _to_cache(self, response, generation, timeout):
        # Every header comes back on a hit (X-Frame-Options, X-Robots-Tag, …); cookies
        # never reach here, as responses that set one are not stored.
        headers = dict(response.headers.items())
        expires_at = time.time() + timeout
        return generation, expires_at, response.status_code, headers, response.content

    def _from_cache(self, cached):
        _generation, _expires_at, status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response.headers[name] = value
        response.headers["X-Cache"] = "hit"
        return response
