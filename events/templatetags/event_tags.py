from django import template

from events.display import zone_label

register = template.Library()


@register.filter
def zone(moment):
    """'PKT (UTC+5)': the zone a local time is in, named for readers."""
    return zone_label(moment)


@register.inclusion_tag("events/includes/home_strip.html")
def upcoming_events_strip(count=3):
    """The home page's strip of the next few listed events (one query)."""
    from events.models import Event

    events = Event.objects.listed().upcoming().defer("description", "transcript")[:count]
    return {"events": list(events)}
