"""The publishable model base: states, publish and expiry times, and what readers may see.

Every content type readers see (articles today; events and pages next) inherits
`Publishable`, so the rule for "visible to readers" is written once, in `published_q()`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil

PUBLISHED = "published"


def published_q(prefix="", now=None):
    """The condition for an item readers may see, optionally across a relation (`prefix`).

    Published, with a publish time that has passed and an expiry time that has not.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": PUBLISHED, f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


def _when(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: the one door every public page, list, feed and index uses."""
        return self.filter(published_q())


class Publishable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = PUBLISHED, "Published"
        ARCHIVED = "archived", "Archived"

    # What a contributor without the publish permission may set.
    CONTRIBUTOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="Readers see it, once published, from this moment. Left empty, it is set "
        "to the moment you publish.",
    )
    expires_at = models.DateTimeField(
        "expiry date",
        null=True,
        blank=True,
        help_text="Leave empty to keep it published. At this moment it leaves the site, "
        "as if unpublished.",
    )
    # The history of publication, kept by publishing; readers' dates come from published_at.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            # The name reads "published_article_has_publish_date" for articles, as it did
            # when articles owned the rule: the database keeps its constraint.
            models.CheckConstraint(
                condition=~Q(status=PUBLISHED) | Q(published_at__isnull=False),
                name="published_%(class)s_has_publish_date",
                violation_error_message="Give it a publish date, or make it a draft.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="%(app_label)s_%(class)s_expires_after_publish_date",
                violation_error_message="The expiry date must come after the publish date.",
            ),
        ]

    def save(self, *args, **kwargs):
        self.stamp_publish_date()
        super().save(*args, **kwargs)

    def clean(self):
        self.stamp_publish_date()  # before forms check the constraints
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {
                    "expires_at": f"This is before it is published ({_when(self.published_at)}). "
                    "Choose a later expiry date, or leave it empty to keep it published."
                }
            )

    def stamp_publish_date(self):
        """Published with the date left empty means published now; an item published by any
        way (a loader, the shell) has a first and last publication time from then on."""
        if self.status != PUBLISHED:
            return
        self.published_at = self.published_at or timezone.now()
        self.first_published_at = self.first_published_at or self.published_at
        self.last_published_at = self.last_published_at or self.published_at

    def mark_published(self, now=None):
        """Publish: now, or at the publish time already set; records when it went out."""
        now = now or timezone.now()
        self.status = PUBLISHED
        self.published_at = self.published_at or now
        self.first_published_at = self.first_published_at or self.published_at
        self.last_published_at = max(now, self.published_at)

    @property
    def is_expired(self):
        return (
            self.status == PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def is_live(self):
        return (
            self.status == PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.is_expired
        )

    @property
    def is_scheduled(self):
        return (
            self.status == PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def state_label(self):
        """'Draft', 'In review', 'Published', 'Archived', 'Scheduled for … (in …)' or
        'Expired on …'."""
        if self.is_scheduled:
            return f"Scheduled for {_when(self.published_at)} (in {timeuntil(self.published_at)})"
        if self.is_expired:
            return f"Expired on {_when(self.expires_at)}"
        return self.get_status_display()

    def expiry_label(self):
        """'Expires on …' while an expiry is still to come, else ''."""
        if self.status == PUBLISHED and self.expires_at and not self.is_expired:
            return f"Expires on {_when(self.expires_at)}"
        return ""
