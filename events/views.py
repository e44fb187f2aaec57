"""The event page (minimal for now: the public pages are built on this)."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from core.cache import cacheable

from .models import Event


def event_page_context(request, event):
    """Everything the event page shows, for the live page and for previews alike."""
    return {"event": event, "speakers": list(event.speakers.select_related("person"))}


@cacheable
@transaction.non_atomic_requests
def event_detail(request, slug):
    # published(), not listed(): an unlisted event is reachable by its own link.
    event = get_object_or_404(Event.objects.published().prefetch_related("topics"), slug=slug)
    return render(request, "events/event_detail.html", event_page_context(request, event))


def render_preview(request, event, explanation, status=200):
    """An unpublished event on the public template: bannered, never cached or indexed."""
    context = event_page_context(request, event) | {"preview": {"explanation": explanation}}
    response = render(request, "events/event_detail.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # The link itself is the credential: never send it on to sites the event links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
