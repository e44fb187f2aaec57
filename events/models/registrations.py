"""Who registered for an event, and who was invited: the data, not the flows.

Personal data: every row here is deleted a set number of days after its event
(EVENT_REGISTRATION_RETENTION_DAYS), by a scheduled task.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from .events import Event


def new_nonce():
    """A fresh secret for a registration's signed links: a new one revokes the old links."""
    return secrets.token_urlsafe(16)


class RegistrationQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def holding_seats(self):
        """Registrations that take a seat: confirmed ones (in approval mode, approved ones)."""
        return self.filter(status__in=Registration.SEAT_STATUSES)

    def seats_taken(self, event=None):
        qs = self.for_event(event) if event is not None else self
        return qs.holding_seats().count()

    def waitlist(self):
        """Waiting for a seat, first come first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("position", "pk")

    def awaiting_approval(self):
        return self.filter(status=Registration.Status.PENDING_APPROVAL).order_by("created_at")

    def active(self):
        """Everyone still coming or hoping to: not cancelled or declined."""
        return self.exclude(status__in=Registration.ENDED_STATUSES)

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING_CONFIRMATION = "pending_confirmation", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waitlist"
        PENDING_APPROVAL = "pending_approval", "Waiting for approval"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    # Only these take one of the event's seats.
    SEAT_STATUSES = (Status.CONFIRMED,)
    ENDED_STATUSES = (Status.DECLINED, Status.CANCELLED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    affiliation = models.CharField(max_length=200, blank=True)
    accessibility_needs = models.TextField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.PENDING_CONFIRMATION
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When an editor approved or declined it, or the registrant cancelled.
    decided_at = models.DateTimeField(null=True, blank=True)
    # The place in the waitlist (or in the approval queue): lower goes first.
    position = models.PositiveIntegerField(null=True, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="unique_event_registration_email",
                violation_error_message="This address is already registered for this event.",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(position__isnull=False),
                name="waitlisted_registration_has_position",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "position"], name="registration_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name} for “{self.event}”"

    def save(self, *args, **kwargs):
        self.email = self.email.strip()
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """An address invited to an invitation-only event; its signed link lets it register."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="unique_event_invitation_email",
                violation_error_message="This address is already invited to this event.",
            ),
        ]

    def __str__(self):
        return f"{self.email} invited to “{self.event}”"


class ReminderSent(models.Model):
    """A reminder a registrant was sent, for the start time it named: never sent twice, and
    a moved event's reminders go out again for its new time."""

    class Kind(models.TextChoices):
        DAY = "day", "24 hours before"
        HOUR = "hour", "1 hour before"

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "starts_at"], name="unique_reminder_per_start"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder to {self.registration_id}"
