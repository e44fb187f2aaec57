"""Every public door where readers could see an event (see publishing/doors.py).

Registered in EventsConfig.ready(); the publishing contract test checks each. Lists,
feeds, calendars, hubs and the sitemap read `listed()`; the event's own page and its
.ics read `published()`, so an unlisted event is reachable by its link alone.
"""

from urllib.parse import urlencode

from django.urls import reverse

from publishing.doors import Door, DoorUnreachable

from .models import Event


def listed(event):
    """What betrays an event in a list, feed, sitemap or hub: a link to it, its title."""
    return [event.get_absolute_url(), event.title]


def in_calendar(event):
    """An event in an .ics feed: its page's address (the title may be folded)."""
    return [f"event-{event.pk}@"]


def _first(event, relation):
    item = getattr(event, relation).first()
    if item is None:
        raise DoorUnreachable(f"the event needs one of its {relation} to be checked here")
    return item


def _speaker(event):
    speaker = event.speakers.exclude(person=None).select_related("person").first()
    if speaker is None:
        raise DoorUnreachable("the event needs a speaker from the directory")
    return speaker.person


def _upcoming(event):
    if event.is_over():
        raise DoorUnreachable("calendar feeds list upcoming events only")


def _by_slug(url_name, related):
    def address(event):
        return reverse(url_name, kwargs={"slug": related(event).slug})

    return address


def _topic_calendar(event):
    _upcoming(event)
    return reverse("events:topic-calendar", kwargs={"slug": _first(event, "topics").slug})


def _calendar(event):
    _upcoming(event)
    return reverse("events:calendar")


def _list(**filters):
    def address(event):
        query = {key: related(event).slug for key, related in filters.items()}
        base = reverse("events:list")
        return f"{base}?{urlencode(query)}" if query else base

    return address


def _search(**params):
    def address(event):
        return f"{reverse('search')}?{urlencode({'q': event.title, **params})}"

    return address


DOORS = [
    # Its own addresses.
    Door("events:detail", Event.get_absolute_url),
    # Registering for it, and the page after: 200 while it is live, 404 once it is not.
    Door("events:register", lambda event: reverse("events:register", args=[event.slug])),
    Door("events:check-inbox", lambda event: reverse("events:check-inbox", args=[event.slug])),
    Door("events:event-calendar", lambda e: reverse("events:event-calendar", args=[e.slug])),
    # Lists, hubs, calendars, feeds and the sitemap.
    Door("events:list", _list(), listed),
    Door(
        "events:list",
        _list(topic=lambda e: _first(e, "topics")),
        listed,
        label="events:list (topic)",
    ),
    Door("events:calendar", _calendar, in_calendar),
    Door("events:topic-calendar", _topic_calendar, in_calendar),
    Door("home", lambda e: reverse("home"), listed, label="home (events)"),
    Door(
        "taxonomy:topic-detail",
        _by_slug("taxonomy:topic-detail", lambda e: _first(e, "topics")),
        listed,
        label="taxonomy:topic-detail (events)",
    ),
    Door(
        "taxonomy:region-detail",
        _by_slug("taxonomy:region-detail", lambda e: _first(e, "regions")),
        listed,
        label="taxonomy:region-detail (events)",
    ),
    Door("people:detail", _by_slug("people:detail", _speaker), listed, label="people (events)"),
    Door("search", _search(), lambda e: [e.get_absolute_url()], label="search (events box)"),
    Door(
        "search",
        _search(type="event"),
        lambda e: [e.get_absolute_url()],
        label="search (events)",
    ),
    Door("feed-events", lambda e: reverse("feed-events"), listed),
    Door("feed-events-atom", lambda e: reverse("feed-events-atom"), listed),
    Door(
        "sitemap-section",
        lambda e: reverse("sitemap-section", kwargs={"section": "events"}),
        lambda e: [e.get_absolute_url()],
        label="sitemap-section (events)",
    ),
]
