"""Old addresses answer 301 with their new ones: the last word on a not-found page."""

from django.http import HttpResponsePermanentRedirect

from .models import Redirect


class RedirectFallbackMiddleware:
    """Like django.contrib.redirects' fallback, it acts only on 404 responses, so a live
    page always wins over a redirect and found pages cost no look-up. The reader's query
    string is kept, and what is under a moved page follows it (`destination`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = Redirect.objects.destination(request.path)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        if query:
            path, hash_mark, fragment = target.partition("#")
            target = f"{path}{'&' if '?' in path else '?'}{query}{hash_mark}{fragment}"
        return HttpResponsePermanentRedirect(target)
