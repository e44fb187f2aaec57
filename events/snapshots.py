"""What a revision of an event holds, and how its relations come back.

Registered with revisions in EventsConfig.ready(); see revisions/snapshots.py.
"""

from people.models import Person
from revisions.relations import ManyToMany, OwnedRows, Relation, Tags
from revisions.snapshots import Snapshot

from .models import Event, EventSpeaker, EventTopic, Invitation, Registration

SPEAKER_FIELDS = ("order", "role", "person_id", "guest_name", "guest_affiliation")


class Speakers(Relation):
    """The speakers in order: people by id (and name, for reading old versions), or guests."""

    key, label, model, target = "speakers", "speakers", EventSpeaker, Person

    def dump(self, event):
        rows = EventSpeaker.objects.filter(event=event).select_related("person")
        return [
            {
                "id": row.person_id,
                "name": row.name,
                **{field: getattr(row, field) for field in SPEAKER_FIELDS},
            }
            for row in rows
        ]

    def identity(self, item):
        return (item["id"], item["guest_name"], item["role"])

    def load(self, event, items):
        people, warnings = self.present([item for item in items if item["id"]])
        kept = {item["id"] for item in people}
        wanted = [item for item in items if not item["id"] or item["id"] in kept]
        rows = EventSpeaker.objects.filter(event=event)
        if [self.identity(item) for item in wanted] != [
            self.identity(item) for item in self.dump(event)
        ]:
            rows.delete()
            for item in wanted:
                # One by one, not in bulk: each save retires cached pages.
                EventSpeaker.objects.create(
                    event=event, **{field: item[field] for field in SPEAKER_FIELDS}
                )
        return warnings


class Registrations(OwnedRows):
    """Registrants' data, edited by them, not by editors: kept for the trash only."""

    key, label, model, owner_field = "registrations", "registrations", Registration, "event"
    fields = (
        "name",
        "email",
        "affiliation",
        "accessibility_needs",
        "status",
        "created_at",
        "confirmed_at",
        "decided_at",
        "position",
        "nonce",
    )

    def display(self, item):
        return item["name"]


class Invitations(OwnedRows):
    key, label, model, owner_field = "invitations", "invitations", Invitation, "event"
    fields = ("email", "created_at", "used_at")

    def display(self, item):
        return item["email"]


class EventSnapshot(Snapshot):
    model = Event
    relations = (
        Speakers(),
        Tags("topics", "topics", EventTopic),
        ManyToMany(Event, "regions", "regions"),
        ManyToMany(Event, "related_articles", "related articles"),
        Registrations(),
        Invitations(),
    )
    # `sequence` only goes up (calendars drop a lower one): restoring a revision keeps it.
    state_fields = ("status", "published_at", "expires_at", "event_status", "sequence")
    text_fields = ("title", "summary", "venue_name", "venue_address")
    html_fields = ("description", "transcript")
