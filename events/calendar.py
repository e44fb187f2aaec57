"""iCalendar (.ics) files: one event's "Add to calendar", registrants' emails, and the
subscribable feeds.

Built with the icalendar library, which escapes text (commas, semicolons, line breaks)
so a hostile title or venue cannot add properties of its own. Each event keeps one UID
for ever (event-<pk>@<site host>), and its SEQUENCE goes up when the time or place
changes, so calendars update the entry they already have instead of adding another.
Times carry the event's own zone (TZID, with its VTIMEZONE).
"""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from .models import Event

STATUS = {
    Event.EventStatus.SCHEDULED: "CONFIRMED",
    Event.EventStatus.CANCELLED: "CANCELLED",
    # Postponed: the entry stays until the new date is known.
    Event.EventStatus.POSTPONED: "TENTATIVE",
}


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def uid(event):
    return f"event-{event.pk}@{site_host()}"


def location(event):
    if event.attendance_mode == Event.AttendanceMode.ONLINE:
        return "Online"
    place = ", ".join(
        part for part in [event.venue_name, " ".join(event.venue_address.split())] if part
    )
    if event.attendance_mode == Event.AttendanceMode.HYBRID:
        place += " and online"
    return place


def vevent(event, *, stream_url=""):
    """The VEVENT of `event`; `stream_url` only for someone entitled to it (a registrant)."""
    entry = icalendar.Event()
    entry.add("uid", uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)
    # Local times with the event's TZID (and its VTIMEZONE), as the organisers see them.
    entry.add("dtstart", event.local_starts_at.replace(microsecond=0))
    entry.add("dtend", event.local_ends_at.replace(microsecond=0))
    entry.add("location", location(event))
    url = absolute(event.get_absolute_url())
    entry.add("url", url)
    description = event.summary
    if stream_url:
        description = f"{description}\n\nJoin online: {stream_url}"
    entry.add("description", f"{description}\n\n{url}")
    entry.add("status", STATUS[event.event_status])
    return entry


def calendar(events, name, *, stream_url=""):
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # An X- property is untyped: say it is text, so it is escaped like the rest.
    cal.add("x-wr-calname", icalendar.vText(name))
    for event in events:
        cal.add_component(vevent(event, stream_url=stream_url))
    cal.add_missing_timezones()
    return cal.to_ical()


def event_ics(event, *, stream_url="") -> bytes:
    """One event as an .ics file: for "Add to calendar" and for registrants' emails (who
    alone get `stream_url`)."""
    return calendar([event], event.title, stream_url=stream_url)
