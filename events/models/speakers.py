"""Who speaks at an event, in order: people from the directory, or guests."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .events import Event


class EventSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", "Speaker"
        MODERATOR = "moderator", "Moderator"
        CHAIR = "chair", "Chair"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SPEAKER)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_roles",
        help_text="Someone in our directory: their profile is linked.",
    )
    guest_name = models.CharField(
        max_length=200, blank=True, help_text="Or a guest who has no profile with us."
    )
    guest_affiliation = models.CharField(
        max_length=200, blank=True, help_text="The guest's title and organisation."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "speaker"
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(guest_name=""))
                | (Q(person__isnull=True) & ~Q(guest_name="")),
                name="event_speaker_person_or_guest",
                violation_error_message="Choose a person from the directory, or name a guest: "
                "one of the two.",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="unique_event_speaker_person",
                violation_error_message="This person is already on the event.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display().lower()})"

    def clean(self):
        self.guest_name = self.guest_name.strip()
        if self.person_id and (self.guest_name or self.guest_affiliation):
            raise ValidationError(
                {"guest_name": "Choose a person from the directory or name a guest, not both."}
            )
        if not self.person_id and not self.guest_name:
            raise ValidationError(
                {"person": "Choose a person from the directory, or name a guest below."}
            )

    @property
    def name(self):
        return self.person.name if self.person_id else self.guest_name

    @property
    def affiliation(self):
        return self.person.role if self.person_id else self.guest_affiliation
