"""What events give the topic, region and person pages (taxonomy.hubs).

Registered in `EventsConfig.ready()`; every list goes through `listed()`.
"""

from django.db.models import Case, F, Value, When
from django.utils import timezone

from people.models import Person
from taxonomy import hubs
from taxonomy.models import Region, Topic

from .models import Event

HUB_EVENTS = 4


def upcoming_then_recent(events, now=None):
    """Upcoming events soonest first, then past ones most recent first."""
    now = now or timezone.now()
    return events.annotate(
        is_past=Case(When(ends_at__gt=now, then=Value(0)), default=Value(1)),
        upcoming_start=Case(When(ends_at__gt=now, then=F("starts_at")), output_field=None),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")


def _events(**by):
    def items(hub):
        events = Event.objects.listed().filter(**dict.fromkeys(by.values(), hub))
        return upcoming_then_recent(events).defer("description", "transcript")

    return items


def register():
    template = "events/hubs/events.html"
    for model, relation in ((Topic, "topics"), (Region, "regions"), (Person, "speakers__person")):
        hubs.register(
            model,
            hubs.Section(
                "events",
                template,
                _events(by=relation),
                place=hubs.ASIDE,
                order=10,
                limit=HUB_EVENTS,
            ),
        )
