"""The events app's models, one module per concern (`from events.models import Event`)."""

from .events import SCHEDULE_FIELDS, Event, EventQuerySet, EventTopic, validate_time_zone
from .registrations import Invitation, Registration, RegistrationQuerySet, ReminderSent
from .speakers import EventSpeaker

__all__ = [
    "SCHEDULE_FIELDS",
    "Event",
    "EventQuerySet",
    "EventSpeaker",
    "EventTopic",
    "Invitation",
    "Registration",
    "RegistrationQuerySet",
    "ReminderSent",
    "validate_time_zone",
]
