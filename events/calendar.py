"""An event as an iCalendar file (RFC 5545), for "Add to calendar" and registrants' emails.

The UID is stable (event-<pk>@<site host>) and SEQUENCE is the event's, raised whenever its
time or place changes, so a calendar that imported the file before updates its entry
instead of adding a second one. Times carry the event's own zone (TZID, with its VTIMEZONE).
The icalendar library escapes every text value, so a hostile title or venue stays text.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event):
    return f"event-{event.pk}@{site_host()}"


def event_component(event, *, stream_url=""):
    """The VEVENT of `event`; `stream_url` only for someone entitled to it (a registrant)."""
    component = CalendarEvent()
    component.add("uid", event_uid(event))
    component.add("sequence", event.sequence)
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.local_starts_at)
    component.add("dtend", event.local_ends_at)
    component.add("summary", event.title)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    component.add("url", url)
    description = event.summary
    if stream_url:
        description = f"{description}\n\nJoin online: {stream_url}"
    component.add("description", f"{description}\n\n{url}")
    place = ", ".join(filter(None, [event.venue_name, " ".join(event.venue_address.split())]))
    if place:
        component.add("location", place)
    elif stream_url:
        component.add("location", stream_url)
    if event.is_cancelled:
        component.add("status", "CANCELLED")
    elif event.event_status == event.EventStatus.POSTPONED:
        component.add("status", "TENTATIVE")
    else:
        component.add("status", "CONFIRMED")
    return component


def calendar_of(components, *, method=None):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    for component in components:
        calendar.add_component(component)
    # A VTIMEZONE for each TZID used, so every calendar program reads the times alike.
    calendar.add_missing_timezones()
    return calendar


def event_ics(event, *, stream_url="", method=None):
    """The .ics file of one event, as bytes."""
    return calendar_of([event_component(event, stream_url=stream_url)], method=method).to_ical()
