"""
Public pages cached whole, and never stale.

A cached page keeps the versions of the tags it was rendered with (core/cache): what it
showed ("article:12", "person:3") and what it lists ("list:articles", "home"). A hit is
valid only while every one of them is unchanged, so a change retires just the pages
showing what it touched, and no page outlives the next scheduled change to its tags.
Between changes, a hit is one cache round trip: the clock says nothing changed anywhere.

Only anonymous GET/HEAD requests use the cache; anyone carrying a session cookie
(editors, staff) always gets a fresh page marked private. Only responses of views marked
`cacheable` are stored. They carry their tags for a front cache that purges by tag
(`xkey` for Varnish, `Surrogate-Key` for Fastly, `Cache-Tag` for Cloudflare).

When a page misses, one request renders it; others asking for it meanwhile wait up to
RENDER_WAIT_SECONDS for that result before rendering it themselves.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from core.cache import collecting, mark_public, seconds_left
from core.cache import tags as cachetags

PAGE_KEY = "page3:{digest}"
CHECKED_KEY = "page3:{digest}:checked"  # (copy's stamp, clock at which its tags were read)
RENDERING_KEY = "rendering:{digest}"
MAX_CACHED_QUERY_LENGTH = 256
TAG_HEADERS = ("xkey", "Surrogate-Key")  # space-separated; Cache-Tag takes commas
WAIT_STEP_SECONDS = 0.02
# Kept under a page's key when its view is not cacheable (a form, a 404, /healthz), so the
# next requests render at once instead of queueing behind each other for a page that is
# never stored: Varnish's hit-for-pass. A later cacheable answer replaces it.
PASS = "pass"
PASS_SECONDS = 300


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            response = self.get_response(request)
            if self._is_personal(request, response):
                patch_cache_control(response, private=True, no_store=True)
            return response

        digest = self._digest(request)
        key = PAGE_KEY.format(digest=digest)
        # One round trip for the page, the clock and the record of its last check; one more
        # for its tags after a change anywhere (see _valid).
        checked = CHECKED_KEY.format(digest=digest)
        found = cache.get_many([key, checked, cachetags.CLOCK_KEY])
        cached = found.get(key)
        started_clock = found.get(cachetags.CLOCK_KEY) or cachetags.clock()
        if cached == PASS:
            return self._render(request, key, started_clock, passing=True)
        hit = self._valid(cached, started_clock, checked, found.get(checked))
        if hit is not None:
            return hit
        rendering = RENDERING_KEY.format(digest=digest)
        mine = cache.add(rendering, True, timeout=settings.RENDER_WAIT_SECONDS)
        if not mine and (hit := self._wait_for(key, checked)) is not None:
            return hit
        try:
            return self._render(request, key, started_clock)
        finally:
            if mine:
                cache.delete(rendering)

    def _render(self, request, key, started_clock, passing=False):
        started = timezone.now()
        with collecting(started_clock, started) as seen:
            response = self.get_response(request)
        if not self._may_store(response):
            if self._is_personal(request, response):
                patch_cache_control(response, private=True, no_store=True)
            if not passing:
                cache.set(key, PASS, PASS_SECONDS)
            return response
        versions = cachetags.versions(seen)
        timeout = seconds_left(seen, started, settings.PAGE_CACHE_SECONDS)
        # A tag bumped since the render began: it may have read rows the change replaced.
        # No cache keeps it, the front cache neither: its purge may have gone by already.
        overtaken = cachetags.changed_since(versions, started_clock)
        response.headers.setdefault("Last-Modified", http_date())
        self._tag(response, sorted(seen))
        mark_public(response, 0 if overtaken else min(settings.SHARED_CACHE_SECONDS, timeout))
        set_response_etag(response)
        if timeout > 0 and not overtaken:
            entry = self._to_cache(response, versions, timeout, started_clock)
            cache.set(key, entry, timeout)
        response.headers["X-Cache"] = "miss"
        return response

    def _valid(self, cached, now, checked_key, checked):
        """The response for `cached` if it is still current at clock `now`, else None.

        Until the next change anywhere, a page is current without reading its tags: the
        clock is where its render began, or where a request found its tags unchanged (the
        `checked` record). Otherwise its ~40 tag versions are read, and if none changed the
        record is moved to `now`, so that the next hits are one round trip again.
        """
        if not cached or cached == PASS:
            return None
        versions, expires_at, stamp, rendered_at = cached[0], cached[1], cached[6], cached[7]
        # The expiry is checked here too, not only left to the cache backend: Redis counts
        # whole seconds, and a scheduled item must appear on time.
        if time.time() >= expires_at:
            return None
        if not (cachetags.still_current(rendered_at, now) or checked == (stamp, now)):
            if not cachetags.unchanged(versions):
                return None
            cache.set(checked_key, (stamp, now), int(expires_at - time.time()) + 1)
        return self._from_cache(cached)

    def _wait_for(self, key, checked_key):
        """Another request is rendering this page: wait a bounded time for its result."""
        deadline = time.monotonic() + settings.RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            found = cache.get_many([key, checked_key, cachetags.CLOCK_KEY])
            now = found.get(cachetags.CLOCK_KEY) or cachetags.clock()
            hit = self._valid(found.get(key), now, checked_key, found.get(checked_key))
            if hit is not None:
                return hit
        return None

    def _digest(self, request):
        """The page's key: scheme, host and full path, as Django's own cache middleware keys.

        Pages print their host (canonical link, og:url, JSON-LD, feeds, robots.txt), so one
        host's copy must never reach another. get_host() checks ALLOWED_HOSTS first: a
        disallowed host gets its 400 (DisallowedHost) before any cache lookup, never a hit.
        """
        request.get_host()
        return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()

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

    def _tag(self, response, tags):
        for header in TAG_HEADERS:
            response.headers[header] = " ".join(tags)
        response.headers["Cache-Tag"] = ",".join(tags)

    def _to_cache(self, response, versions, timeout, rendered_at):
        # Every header comes back on a hit (X-Frame-Options, X-Robots-Tag, …); cookies
        # never reach here, as responses that set one are not stored.
        headers = dict(response.headers.items())
        # A page's own CSP (csp_override: event pages frame their video players) is
        # written by the CSP middleware after this one, so it is kept beside the headers.
        csp = getattr(response, "_csp_config", None)
        expires_at = time.time() + timeout
        # The stamp names this copy in the `checked` record, which outlives a replaced copy.
        stamp = secrets.token_hex(8)
        content = response.content
        status = response.status_code
        return versions, expires_at, status, headers, content, csp, stamp, rendered_at

    def _from_cache(self, cached):
        _versions, expires_at, status, headers, content, csp, _stamp, _at = cached
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response.headers[name] = value
        if csp is not None:
            response._csp_config = csp
        # A front cache may keep it only as long as this copy has left.
        left = int(expires_at - time.time())
        if left < settings.SHARED_CACHE_SECONDS:
            patch_cache_control(response, s_maxage=max(0, left))
        response.headers["X-Cache"] = "hit"
        return response
