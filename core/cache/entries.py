"""Values cached for every reader (counts, lists of topics, rendered fragments), and the
marks views and responses carry for the page cache (thinktank/page_cache.py)."""

import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import schedule
from . import tags as cachetags

LOCAL_ENTRIES = 512  # rendered fragments this process keeps beside the shared cache
_local = OrderedDict()
_local_lock = threading.Lock()


def cached_for_content(name, compute, *, tags, inherit=False, local=False):
    """`compute()`, remembered while nothing it shows changes.

    The entry carries `tags` (what it depends on that no row it loads names: the lists it
    counts, say) and every tag collected while computing (each row loaded
    through a CacheTagged model adds its own); a hit adds them to the enclosing page, so a
    page using a cached value is retired with it. Give a value a new `name` whenever its
    shape changes: entries written by the previous release live on in a shared cache.

    With `inherit`, the value may show rows the enclosing entry loaded before it (a
    fragment of a page showing the rows its view read): it also carries the enclosing
    entry's tags so far, and counts as begun when that entry began.

    With `local`, this process also keeps the entry (for immutable values: rendered HTML):
    a hit then costs no round trip while the clock stands still, and otherwise one, for
    its tags' versions, which are checked all the same, instead of two and an unpickling.
    """
    key = f"data4:{name}"
    outer_tags, clock, started = cachetags.enclosing() or ((), None, None)
    if (entry := _valid(_local.get(key) if local else None, clock)) is None:
        if (entry := _valid(cache.get(key), clock)) is not None and local:
            _keep_locally(key, entry)
    if entry is not None:
        cachetags.tag(*entry[1])
        return entry[2]
    if inherit:
        tags = [*tags, *outer_tags]
    # Counted from the enclosing entry's start when there is one: never later than it
    # really began, one clock read serves the whole render, and one schedule
    # (core/cache/schedule.py) every entry of it.
    clock = cachetags.clock() if clock is None else clock
    started = timezone.now() if started is None else started
    with cachetags.collecting(clock, started) as seen:
        seen.update(tags)
        value = compute()
    versions = cachetags.versions(seen)
    if cachetags.changed_since(versions, clock):
        return value  # something it read changed meanwhile: use it, but do not keep it
    timeout = schedule.seconds_left(seen, started, settings.DATA_CACHE_SECONDS)
    if timeout > 0:
        entry = (time.time() + timeout, versions, value, clock)
        cache.set(key, entry, timeout)
        if local:
            _keep_locally(key, entry)
    return value


def _valid(entry, now):
    """`entry` if it is still current for a computation that began at clock `now`."""
    # The entry carries its own end, checked here too: Redis counts whole seconds, and a
    # scheduled item must be counted on time.
    if entry is None or time.time() >= entry[0]:
        return None
    # Computed since the clock last moved (as most are, between changes): current without
    # reading its tags' versions.
    if cachetags.still_current(entry[3], now) or cachetags.unchanged(entry[1]):
        return entry
    return None


def forget_local():
    """Drop the entries this process keeps (tests empty the cache between them)."""
    with _local_lock:
        _local.clear()


def _keep_locally(key, entry):
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def cacheable(*tags, rows=True):
    """Let the page cache keep this view's successful answers to anonymous readers.

    `@cacheable("list:articles")` also tags the page with what it lists, so publishing an
    article retires it; every row the view loads through a CacheTagged model tags it too
    (with `rows=False`, the page carries `tags` alone). The mark rides on the response, so
    the middleware learns it without resolving the URL a second time. Only for views whose
    answer is the same for every anonymous reader and changes only with published content
    (and scheduled items going live).
    """

    if len(tags) == 1 and callable(tags[0]):
        return cacheable()(tags[0])

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if rows and cachetags.enclosing() is None:
                # Not collected for the page cache (it is off, or the reader has a session):
                # collected all the same, for the fragments of the page (core.cache.fragments).
                with cachetags.collecting(cachetags.clock(), timezone.now()):
                    cachetags.tag(*tags)
                    response = view(request, *args, **kwargs)
            elif rows:
                cachetags.tag(*tags)
                response = view(request, *args, **kwargs)
            else:
                with cachetags.only(*tags):
                    response = view(request, *args, **kwargs)
            response.cacheable = True
            return response

        return wrapped

    return decorate


def mark_public(response, shared_seconds=None):
    """Let browsers and shared caches (Varnish, a CDN) keep `response`, as public pages are.

    A shared cache that purges by tag may keep it for `shared_seconds` (until the next
    scheduled change to what it shows); browsers revalidate with the ETag.
    """
    seconds = settings.SHARED_CACHE_SECONDS if shared_seconds is None else shared_seconds
    patch_cache_control(
        response,
        public=True,
        max_age=settings.BROWSER_CACHE_SECONDS,
        s_maxage=max(0, seconds),
    )
    patch_vary_headers(response, ["Cookie"])
