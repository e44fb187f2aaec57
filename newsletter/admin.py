import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from core.admin_tools import RelatedValuesFilter
from taxonomy.models import Topic

from . import bounces
from .models import Subscriber

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK = 2000


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Subscriber.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Subscriber.Status.values:
            return queryset.with_status(self.value())
        return queryset


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("problem", "Bounced or reported as spam"),
            ("bounced", "Bounced"),
            ("spam", "Reported as spam"),
            ("fine", "No problem"),
        ]

    def queryset(self, request, queryset):
        bounced, spam = Q(bounced_at__isnull=False), Q(complained_at__isnull=False)
        chosen = {
            "problem": bounced | spam,
            "bounced": bounced,
            "spam": spam,
            "fine": ~(bounced | spam),
        }
        return queryset.filter(chosen[self.value()]) if self.value() in chosen else queryset


class TopicFilter(RelatedValuesFilter):
    title = "topic"
    parameter_name = "topic"
    model = Topic
    lookup = "topics__slug"


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Readers sign themselves up and confirm by email; editors look, tidy up and export."""

    list_display = ["email", "state", "topic_names", "delivery", "created_at", "confirmed_at"]
    list_filter = [StatusFilter, DeliveryFilter, TopicFilter]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "topics",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "complained_at",
        "delivery_problem",
    ]
    # Editors choose topics for a reader; everything else is the reader's own doing.
    readonly_fields = [field for field in fields if field != "topics"]
    filter_horizontal = ["topics"]
    actions = ["export_selected", "mark_bounced", "sending_works"]
    list_per_page = 100
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def has_add_permission(self, request):
        # Only the reader can opt in, by confirming from their own inbox.
        return False

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export/", export, name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    @admin.display(description="status")
    def state(self, subscriber):
        return subscriber.status.label

    @admin.display(description="topics")
    def topic_names(self, subscriber):
        return ", ".join(topic.name for topic in subscriber.topics.all()) or "All topics"

    @admin.display(description="delivery problem")
    def delivery(self, subscriber):
        if subscriber.complained_at or subscriber.bounced_at:
            fallback = "Reported as spam" if subscriber.complained_at else "Bounced"
            return subscriber.delivery_problem or fallback
        return ""

    @admin.action(description="Mark as bounced (stop sending)", permissions=["change"])
    def mark_bounced(self, request, queryset):
        chosen = list(queryset.filter(bounced_at__isnull=True))
        bounces.mark(
            Subscriber.objects.filter(pk__in=[s.pk for s in chosen]),
            bounces.HARD,
            f"Bounced: marked by hand by {request.user.get_username()}",
        )
        for subscriber in chosen:
            self.log_change(request, subscriber, "Marked as bounced: nothing more is sent.")
        self.message_user(
            request, f"{_subscribers(len(chosen))} marked as bounced; nothing more is sent to them."
        )

    @admin.action(
        description="Sending works again (forget bounces and spam reports)",
        permissions=["change"],
    )
    def sending_works(self, request, queryset):
        chosen = list(queryset.with_delivery_problem())
        bounces.clear(Subscriber.objects.filter(pk__in=[s.pk for s in chosen]))
        for subscriber in chosen:
            self.log_change(
                request, subscriber, "Sending works again: bounce or spam report cleared."
            )
        level = messages.SUCCESS if chosen else messages.WARNING
        self.message_user(
            request, f"{_subscribers(len(chosen))} will get mailings again (if confirmed).", level
        )

    @admin.action(
        description="Export the confirmed among the selected subscribers (CSV)",
        permissions=["view"],
    )
    def export_selected(self, request, queryset):
        return export_csv(queryset)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return export_csv(Subscriber.objects.all())


def _subscribers(count):
    return f"{count} subscriber{'' if count == 1 else 's'}"


def export_csv(queryset):
    """Confirmed subscribers in `queryset` as a CSV download: email, topics, confirmed_at."""
    rows = (
        queryset.confirmed()
        .prefetch_related("topics")
        .order_by("confirmed_at", "pk")
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    writer = csv.writer(_Echo())

    def lines():
        # A byte-order mark, so spreadsheet programs read the file as UTF-8.
        yield "\ufeff" + writer.writerow(["email", "topics", "confirmed_at"])
        for subscriber in rows:
            topics = "; ".join(topic.name for topic in subscriber.topics.all()) or "All topics"
            yield writer.writerow(
                [
                    _cell(subscriber.email),
                    _cell(topics),
                    subscriber.confirmed_at.isoformat(timespec="seconds"),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"subscribers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    """`value`, made inert if a spreadsheet would take it for a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


from .mailing_admin import MailingAdmin  # noqa: E402, F401  (registers the mailings' admin)
