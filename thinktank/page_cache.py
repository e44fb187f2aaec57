"""
Public pages cached whole, and never stale.

A cached page is kept under the content generation (core/cache.py), so any change
to published content retires every page at once, and no page outlives the moment
the next scheduled item goes public.

Only anonymous GET/HEAD requests use the cache; anyone carrying a session
cookie (editors, staff) always gets a fresh page marked private. Only responses
of views marked `cacheable` are stored.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from core.cache import GENERATION_KEY, cache_timeout, content_generation, mark_public

PAGE_KEY = "page:{digest}"
MAX_CACHED_QUERY_LENGTH = 256


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
        # A page's own CSP (csp_override: event pages frame their video players) is
        # written by the CSP middleware after this one, so it is kept beside the headers.
        csp = getattr(response, "_csp_config", None)
        return generation, expires_at, response.status_code, headers, response.content, csp

    def _from_cache(self, cached):
        _generation, _expires_at, status, headers, content, *kept = cached
        csp = kept[0] if kept else None  # entries stored before the CSP was kept
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response.headers[name] = value
        if csp is not None:
            response._csp_config = csp
        response.headers["X-Cache"] = "hit"
        return response
