"""Events: launches, panels, lectures and the rest, on the publishing core."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models import HERO_RENDITIONS
from assets.audio import AudioField, validate_audio
from assets.hero import (
    hero_alt_field,
    hero_caption_field,
    hero_image_field,
    hero_size_field,
    renditions_field,
)
from assets.renditions import RenditionsMixin, focal_field
from assets.uploads import UploadPath
from core.cache import ChangeTrackingQuerySet
from core.richtext import RichTextField
from publishing.models import Publishable, PublishableQuerySet, related_tags
from taxonomy.models import Region, Topic

from ..video import embed_url

# A change to any of these is a change of time or place: calendars are told (SEQUENCE)
# and registrants are sent a notice.
SCHEDULE_FIELDS = (
    "starts_at",
    "ends_at",
    "time_zone",
    "attendance_mode",
    "venue_name",
    "venue_address",
)


def validate_time_zone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "“%(name)s” is not a time zone we know. Choose one from the list, such as "
            "Asia/Karachi or Europe/London.",
            code="time_zone",
            params={"name": name},
        ) from None


class EventQuerySet(PublishableQuerySet, ChangeTrackingQuerySet):
    def listed(self):
        """Published and listed: what lists, feeds, search and the sitemap show.

        Unlisted events (closed-door briefings) are reachable by their own link only.
        """
        return self.published().filter(listed=True)

    def upcoming(self, now=None):
        """Not over yet (so happening now counts), soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Over, most recent first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")

    def filter_by(self, *, topic=None, region=None, kind=None, year=None):
        qs = self
        if topic:
            qs = qs.filter(topics=topic)
        if region:
            qs = qs.filter(regions=region)
        if kind:
            qs = qs.filter(kind=kind)
        if year:
            qs = qs.filter(starts_at__year=year)
        return qs

    def with_speakers(self):
        from .speakers import EventSpeaker

        speakers = EventSpeaker.objects.select_related("person")
        return self.prefetch_related(Prefetch("speakers", queryset=speakers))

    def for_listing(self):
        """What a list card shows, in a fixed number of queries (no long texts)."""
        return self.defer("description", "transcript").prefetch_related("topics")


class Event(RenditionsMixin, Publishable):
    class Kind(models.TextChoices):
        LAUNCH = "launch", "Launch"
        PANEL = "panel", "Panel discussion"
        LECTURE = "lecture", "Lecture"
        ROUNDTABLE = "roundtable", "Roundtable"
        WEBINAR = "webinar", "Webinar"
        BRIEFING = "briefing", "Closed-door briefing"

    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "In person and online"

    class RegistrationMode(models.TextChoices):
        OPEN = "open", "Open: anyone may register"
        APPROVAL = "approval", "Approval: an editor approves each registration"
        INVITATION = "invitation", "Invitation only: personal links"
        NONE = "none", "None: no registration"

    class EventStatus(models.TextChoices):
        """Whether it takes place: apart from publishing, a cancelled event stays published."""

        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="The event’s web address: /events/this-slug/. Filled in from the title; "
        "avoid changing it once published, invitations and calendars link to it.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PANEL)
    summary = models.TextField(
        max_length=400,
        help_text="Plain text, one to three sentences. Shown in lists and to search engines.",
    )
    description = RichTextField(blank=True, help_text="What the event is about, and for whom.")
    hero_image = hero_image_field(
        "events",
        "Shown at the top of the event page, ideally 1600 × 900 pixels. "
        "JPEG, PNG, WebP or GIF, at most 10 MB.",
    )
    hero_width = hero_size_field()
    hero_height = hero_size_field()
    hero_alt = hero_alt_field()
    hero_caption = hero_caption_field()
    hero_focal_x = focal_field("x")
    hero_focal_y = focal_field("y")
    hero_image_renditions = renditions_field()
    hero_credit = models.CharField("image credit", max_length=200, blank=True)

    # When: stored in UTC; shown to readers in the event's own zone.
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="Where the event happens (for online events, the organisers' zone). "
        "Readers see the times in this zone, with its name.",
    )
    # Where.
    attendance_mode = models.CharField(
        max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(max_length=500, blank=True)
    map_url = models.URLField("map link", max_length=500, blank=True)
    stream_url = models.URLField(
        "stream link",
        max_length=500,
        blank=True,
        help_text="Private: shown only to confirmed registrants, on their confirmation page "
        "and in their emails.",
    )
    event_status = models.CharField(
        "takes place",
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text="Cancel or postpone here, and leave the event published: readers and "
        "registrants are told.",
    )
    # Calendars' SEQUENCE: raised whenever the time or the place changes.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # Subjects.
    topics = TaggableManager(
        through="EventTopic", blank=True, help_text="Pick two to four.", ordering=["name"]
    )
    regions = models.ManyToManyField(Region, related_name="events", blank=True)
    related_articles = models.ManyToManyField("articles.Article", related_name="events", blank=True)

    # Registration.
    registration_mode = models.CharField(
        max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; leave empty for no limit."
    )
    registration_opens_at = models.DateTimeField(
        "registration opens", null=True, blank=True, help_text="Empty: as soon as published."
    )
    registration_closes_at = models.DateTimeField(
        "registration closes", null=True, blank=True, help_text="Empty: when the event starts."
    )
    listed = models.BooleanField(
        default=True,
        help_text="Untick for closed-door briefings: reachable only by their link, never in "
        "lists, feeds, search or the sitemap.",
    )

    # Afterwards.
    recording_video_url = models.URLField(
        "recording (video)",
        max_length=500,
        blank=True,
        help_text="A YouTube or Vimeo address; it is embedded from their privacy-enhanced players.",
    )
    recording_audio = AudioField(
        "recording (audio)",
        upload_to=UploadPath("recordings"),
        blank=True,
        validators=[validate_audio],
        help_text="MP3 or M4A, at most 200 MB.",
    )
    transcript = RichTextField(blank=True)
    report = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="launch_events",
        help_text="The report or analysis that came out of the event.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()
    # Lists filter by kind and year and sort by start; pages change as registration opens.
    CACHE_LISTED_BY = (
        *Publishable.CACHE_LISTED_BY,
        *("kind", "listed", "starts_at", "ends_at", "registration_opens_at"),
        "registration_closes_at",
    )
    CACHE_TAG_RELATIONS = ("topics", "regions", "speakers")

    RENDITIONS = {"hero_image": (HERO_RENDITIONS, "hero")}

    class Meta(Publishable.Meta):
        ordering = ["-starts_at", "-pk"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="The event must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("ends_at")),
                name="event_registration_closes_by_end",
                violation_error_message="Registration must close before the event ends.",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="event_registration_opens_first",
                violation_error_message="Registration must open before it closes.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message="Give at least one seat, or leave it empty.",
            ),
        ]
        indexes = [
            # The lists: listed, published events by start time (upcoming ascending, the
            # archive descending both read it), the expiry riding along for published().
            models.Index(
                fields=["listed", "status", "starts_at", "ends_at", "expires_at"],
                name="event_list_idx",
            ),
            models.Index(fields=["kind", "status", "starts_at"], name="event_kind_starts_idx"),
        ]
        permissions = [("publish_event", "Can publish, schedule, unpublish and archive events")]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        event = super().from_db(db, field_names, values, *args, **kwargs)
        # Only a full row is compared on save: reading a deferred field would cost a query.
        if all(name in field_names for name in SCHEDULE_FIELDS):
            event._stored_schedule = event._schedule()
        return event

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        if not self.get_deferred_fields().intersection(SCHEDULE_FIELDS):
            self._stored_schedule = self._schedule()

    def save(self, *args, **kwargs):
        self.recording_video_url = embed_url(self.recording_video_url)
        stored = getattr(self, "_stored_schedule", None)
        # Set for code running after the save (notices to registrants).
        self.schedule_changed = stored is not None and stored != self._schedule()
        if self.schedule_changed:
            self.sequence += 1
        super().save(*args, **kwargs)
        self._stored_schedule = self._schedule()

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()  # publish and expiry dates
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the image for readers who cannot see it."
        if not self.time_zone:
            errors["time_zone"] = (
                "Choose the time zone the event happens in; readers see its times in it."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = (
                "The event ends before it starts. Check the date and time it ends; for an "
                "event running past midnight, give the next day's date."
            )
        errors.update(self._place_errors())
        errors.update(self._registration_errors())
        try:
            self.recording_video_url = embed_url(self.recording_video_url)
        except ValidationError as error:
            errors["recording_video_url"] = error.messages
        if errors:
            raise ValidationError(errors)

    def _place_errors(self):
        errors = {}
        in_person = self.attendance_mode != self.AttendanceMode.ONLINE
        if in_person and not self.venue_name.strip():
            errors["venue_name"] = "Name the venue, or choose online attendance."
        if self.attendance_mode == self.AttendanceMode.ONLINE and self.venue_name.strip():
            errors["attendance_mode"] = (
                "An online event has no venue: choose “In person and online”, or clear the venue."
            )
        return errors

    def _registration_errors(self):
        errors = {}
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = (
                "Registration closes after the event ends. Choose a time before the end, or "
                "leave it empty to close when the event starts."
            )
        if opens and closes and opens >= closes:
            errors["registration_opens_at"] = (
                "Registration opens after it closes. Choose an earlier opening time."
            )
        if self.registration_mode == self.RegistrationMode.NONE and self.capacity:
            errors["capacity"] = "Without registration nobody takes a seat: clear the capacity."
        return errors

    def _schedule(self):
        return tuple(getattr(self, name) for name in SCHEDULE_FIELDS)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_cancelled(self):
        return self.event_status == self.EventStatus.CANCELLED

    def is_over(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def registration_is_open(self, now=None):
        """Whether the form takes registrations now (capacity aside: full means waitlist)."""
        now = now or timezone.now()
        closes = self.registration_closes_at or self.starts_at
        opens = self.registration_opens_at
        return (
            self.registration_mode != self.RegistrationMode.NONE
            and self.event_status == self.EventStatus.SCHEDULED
            and (opens is None or opens <= now)
            and now < closes
        )

    @property
    def speaker_people(self):
        return [speaker.person for speaker in self.speakers.all() if speaker.person_id]

    def cache_tags(self):
        """This event's page, the lists, and the hub pages it appears on."""
        return {
            *super().cache_tags(),
            *related_tags(self, "topics", "topic"),
            *related_tags(self, "regions", "region"),
            *related_tags(self, "speakers", "person", "person_id"),
        }


class EventTopic(TaggedItemBase):
    content_object = models.ForeignKey(Event, on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="event_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_event_topic")
        ]
