from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache

from .models import PreviewLink
from .registry import render_preview


@never_cache
def shared_preview(request, token):
    """An outside reviewer's view of one unpublished item through a preview link."""
    link = PreviewLink.from_token(token)
    item = link.item if link is not None else None
    if item is None:
        raise Http404("No such preview link.")
    if not link.is_active:
        reason = "was withdrawn" if link.revoked_at else "has expired"
        response = render(
            request, "publishing/preview_gone.html", {"reason": reason, "link": link}, status=410
        )
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
    until = date_format(timezone.localtime(link.expires_at), "j F Y, H:i")
    return render_preview(
        request,
        item,
        f"You are seeing a draft shared with you. This link works until {until}; "
        "please do not pass it on.",
    )
