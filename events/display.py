"""What readers are told about an event's time and state, in the event's own zone."""

from dataclasses import dataclass

from django.utils import timezone

from .models import Event, Registration


def zone_label(moment):
    """'PKT (UTC+5)', 'IST (UTC+5:30)', or 'UTC−3' where the zone has no abbreviation."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    name = moment.tzname() or ""
    if name == "UTC":
        return name
    # zoneinfo names zones without an abbreviation by their offset ('+05'): say it once.
    if not name or name[0] in "+-":
        return utc
    return f"{name} ({utc})"


def time_range(event):
    """'09:30–11:00 PKT (UTC+5)', or both dates when the event runs past midnight."""
    start, end = event.local_starts_at, event.local_ends_at
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M} {zone_label(start)}"
    return f"{start:%-d %B %Y, %H:%M} – {end:%-d %B %Y, %H:%M} {zone_label(end)}"


@dataclass(frozen=True)
class State:
    key: str  # a CSS modifier and what tests read
    label: str


CANCELLED = State("cancelled", "Cancelled")
POSTPONED = State("postponed", "Postponed")
NOW = State("now", "Happening now")
PAST = State("past", "Past event")
OPEN = State("open", "Registration open")
FULL = State("full", "Full: join the waitlist")
CLOSED = State("closed", "Registration closed")
INVITATION = State("invitation", "By invitation")
UPCOMING = State("upcoming", "Upcoming")


def event_state(event, now=None, seats_taken=None):
    """The one state the event page shows. `seats_taken` spares a query when known."""
    now = now or timezone.now()
    if event.event_status == Event.EventStatus.CANCELLED:
        return CANCELLED
    if event.event_status == Event.EventStatus.POSTPONED:
        return POSTPONED
    if event.ends_at <= now:
        return PAST
    if event.starts_at <= now:
        return NOW
    if event.registration_mode == Event.RegistrationMode.NONE:
        return UPCOMING
    if event.registration_is_open(now):
        # Only personal links register: telling everyone "open" would mislead.
        if event.registration_mode == Event.RegistrationMode.INVITATION:
            return INVITATION
        if event.capacity:
            if seats_taken is None:
                seats_taken = Registration.objects.seats_taken(event)
            if seats_taken >= event.capacity:
                return FULL
        return OPEN
    if event.registration_opens_at and now < event.registration_opens_at:
        return UPCOMING
    return CLOSED
