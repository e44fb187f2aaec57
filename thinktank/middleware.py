"""Request guards that apply before any view runs."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat


class RequestSizeLimitMiddleware:
    """Refuse request bodies over MAX_REQUEST_BYTES before they are read.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploads
    of any size to disk; this bounds the whole body by its declared length.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Malformed Content-Length.", status=400, content_type="text/plain")
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                f"This upload is too large: the limit is "
                f"{filesizeformat(settings.MAX_REQUEST_BYTES)} per request.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
