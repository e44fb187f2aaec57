"""The events list, the event page and its calendars.

Lists and calendar feeds read `listed()`; the event's own page and its .ics read
`published()`, so an unlisted briefing is reachable by its link and nowhere else.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csp import csp_override

from articles.models import Article
from core.cache import cacheable, members_of, tag
from core.pagination import paginate
from taxonomy.models import Topic

from . import structured_data
from .calendar import calendar, event_ics
from .display import PAST, event_state, time_range
from .forms import EventFilterForm
from .models import Event
from .video import EMBED_HOSTS, embed_host_name

UPCOMING_ON_LIST = 24
CALENDAR_FEED_ITEMS = 200
ICS_TYPE = "text/calendar; charset=utf-8"


def event_page_csp():
    """The site's policy plus the video hosts, as frames, and uploaded audio, as media.

    Only event pages frame anything, and only the allowlisted players.
    """
    policy = dict(settings.SECURE_CSP)
    policy["frame-src"] = list(EMBED_HOSTS)
    policy["media-src"] = [source for source in policy["img-src"] if source != "data:"]
    return policy


@cacheable("list:events")
@transaction.non_atomic_requests
def event_list(request):
    form = EventFilterForm(request.GET)
    events = Event.objects.listed()
    if form.is_valid():
        events = events.filter_by(**form.filters())
        count_key = f"events-past:{form.cache_key()}"
    else:
        events, count_key = events.none(), None
    now = timezone.now()
    # Cards show no topics: the long texts are left behind, the speakers come along.
    cards = events.defer("description", "transcript").with_speakers()
    page_obj = paginate(request, cards.past(now), count_key=count_key, count_tags=["list:events"])
    upcoming = list(cards.upcoming(now)[:UPCOMING_ON_LIST]) if page_obj.number == 1 else []
    return render(
        request,
        "events/event_list.html",
        {"form": form, "upcoming": upcoming, "page_obj": page_obj, "now": now},
    )


def event_page_context(request, event):
    """Everything the event page shows, for the live page and for previews alike."""
    speakers = list(event.speakers.select_related("person"))
    state = event_state(event)
    # Its related articles and report appear when they are published, which names no tag
    # the page carries until then: any article going live or leaving retires it.
    tag("list:articles")
    return {
        "event": event,
        "speakers": speakers,
        "state": state,
        "is_past": state == PAST,
        "time_range": time_range(event),
        "topics": list(event.topics.all()),
        "regions": list(event.regions.all()),
        "related": list(event.related_articles.published().for_listing()[:4]),
        "report": Article.objects.published().filter(pk=event.report_id).first()
        if event.report_id
        else None,
        "video_host": embed_host_name(event.recording_video_url),
        "jsonld": structured_data.event(request, event, speakers, state),
        "crumbs": [(reverse("events:list"), "Events"), (None, event.title)],
    }


@csp_override(event_page_csp())
@cacheable
@transaction.non_atomic_requests
def event_detail(request, slug):
    # published(), not listed(): an unlisted event is reachable by its own link.
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "events/event_detail.html", event_page_context(request, event))


def render_preview(request, event, explanation, status=200):
    """An unpublished event on the public template: bannered, never cached or indexed."""
    context = event_page_context(request, event) | {"preview": {"explanation": explanation}}
    response = render(request, "events/event_detail.html", context, status=status)
    response._csp_config = event_page_csp()
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # The link itself is the credential: never send it on to sites the event links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def ics_response(content, filename):
    response = HttpResponse(content, content_type=ICS_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cacheable
@transaction.non_atomic_requests
def event_calendar(request, slug):
    """Add to calendar: this event as an .ics file."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return ics_response(event_ics(event), f"{event.slug}.ics")


def _feed(events, name):
    upcoming = events.upcoming().defer("description", "transcript")[:CALENDAR_FEED_ITEMS]
    response = HttpResponse(calendar(upcoming, name), content_type=ICS_TYPE)
    return response


@cacheable("list:events")
@transaction.non_atomic_requests
def events_calendar(request):
    """A subscribable calendar of every upcoming listed event."""
    return _feed(Event.objects.listed(), f"{settings.SITE_NAME} events")


@cacheable
@transaction.non_atomic_requests
def topic_calendar(request, slug):
    """A subscribable calendar of the upcoming listed events on one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    tag(members_of(topic))  # the topic's own tag is for its name: this lists its events
    return _feed(
        Event.objects.listed().filter(topics=topic), f"{settings.SITE_NAME} events: {topic.name}"
    )
