"""The event admin: the publishing core's mixins, ordered speakers, registrations to read."""

import zoneinfo
from datetime import UTC

from django import forms
from django.contrib import admin
from django.utils import timezone

from assets.admin_tools import IMAGE_FIELD_OVERRIDES
from core.admin_tools import RECORD_FIELDSET
from publishing import workflow
from publishing.admin import (
    EditorialNoteInline,
    PreviewAdminMixin,
    PreviewLinkInline,
    PublishableAdminMixin,
    PublishingActionsMixin,
    save_preview_links,
)
from publishing.models import PreviewLink
from redirects.address_admin import AddressChangeAdminMixin
from taxonomy.admin import TopicAutocompleteMixin

from .models import Event, EventSpeaker, Registration
from .registration_admin import RegistrationToolsMixin

TIME_ZONE_CHOICES = [("", "Choose a time zone")] + [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class EventAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        help_text=Event._meta.get_field("time_zone").help_text,
        error_messages={"required": "Choose the time zone the event happens in."},
    )

    # Editors give the times as the event's own clock shows them; they are stored in UTC.
    LOCAL_TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.time_zone:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in self.LOCAL_TIMES:
                if value := getattr(self.instance, name):
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        if name:
            zone = zoneinfo.ZoneInfo(name)
            for field in self.LOCAL_TIMES:
                if cleaned.get(field):
                    cleaned[field] = self._in_zone(field, cleaned[field], zone)
        return cleaned

    def _in_zone(self, field, value, zone):
        """The wall-clock time the editor typed (the form read it in the site's zone), as
        a moment in the event's zone; a time the clocks skip is an error."""
        wall = timezone.localtime(value).replace(tzinfo=None)
        moment = wall.replace(tzinfo=zone)
        # Round the moment through UTC: a skipped time comes back an hour later.
        if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
            self.add_error(field, "The clocks go forward then and skip this time: choose another.")
        setattr(self.instance, field, moment)
        return moment


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class EventSpeakerInline(admin.StackedInline):
    model = EventSpeaker
    autocomplete_fields = ["person"]
    fields = ["order", "role", "person", ("guest_name", "guest_affiliation")]
    extra = 1
    verbose_name_plural = "speakers and moderator (in order: lower numbers first)"


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["name", "email", "affiliation", "status", "position", "created_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = "registrations (read only)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(
    RegistrationToolsMixin,
    PreviewAdminMixin,
    PublishingActionsMixin,
    AddressChangeAdminMixin,
    PublishableAdminMixin,
    TopicAutocompleteMixin,
    admin.ModelAdmin,
):
    form = EventAdminForm
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regions", "related_articles", "report"]
    readonly_fields = [
        "sequence",
        "registration_tools",
        "created_at",
        "updated_at",
    ]
    save_on_top = True
    formfield_overrides = IMAGE_FIELD_OVERRIDES
    list_display = ["title", "kind", "starts_at", "event_status", "state", "listed"]
    list_filter = ["status", "event_status", "kind", "listed", "registration_mode"]
    search_fields = ["title", "summary", "slug", "venue_name"]
    date_hierarchy = "starts_at"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "description"]}),
        (
            "When",
            {
                "fields": ["starts_at", "ends_at", "time_zone", "event_status", "sequence"],
                "description": "Enter every time of the event, registration included, as "
                "clocks show it in the event's time zone; readers see them so, with the "
                "zone named.",
            },
        ),
        (
            "Where",
            {
                "fields": [
                    "attendance_mode",
                    "venue_name",
                    "venue_address",
                    "map_url",
                    "stream_url",
                ]
            },
        ),
        (
            "Registration",
            {
                "fields": [
                    "registration_mode",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "listed",
                    "registration_tools",
                ]
            },
        ),
        (
            "Image",
            {
                "fields": [
                    "hero_image",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                    ("hero_focal_x", "hero_focal_y"),
                ]
            },
        ),
        ("Topics, regions and related analysis", {"fields": ["topics", "regions"]}),
        (
            "Afterwards",
            {
                "fields": [
                    "recording_video_url",
                    "recording_audio",
                    "transcript",
                    "report",
                    "related_articles",
                ]
            },
        ),
        # State, publish and expiry dates: the publishing panel's buttons (publishing/admin).
        RECORD_FIELDSET,
    ]
    inlines = [EventSpeakerInline, PreviewLinkInline, RegistrationInline, EditorialNoteInline]

    # Events have no contributors: only those who may publish them edit them, and the
    # workflow checks that again on every change.

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user, Event)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.may_edit(request.user, obj))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            save_preview_links(request.user, formset)
        else:
            super().save_formset(request, form, formset, change)

    @admin.display(description="status", ordering="status")
    def state(self, event):
        return " · ".join(filter(None, [event.state_label(), event.expiry_label()]))
