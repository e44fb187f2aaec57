"""Editors and registrations: approve or decline requests, invite by pasting addresses,
export registrants as CSV and print a check-in list. Every state change goes through
events.registration; this module only asks and reports."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_tools import ReadOnlyAdminMixin

from . import registration as service
from .forms import InvitationForm
from .models import Event, Registration

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    ("name", "Name"),
    ("email", "Email"),
    ("affiliation", "Organisation"),
    ("accessibility_needs", "Accessibility needs"),
    ("get_status_display", "Status"),
    ("position", "Queue position"),
    ("created_at", "Registered"),
]


def neutralise(value):
    """A cell's text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def registrants_csv(event):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrants-{event.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow([label for _, label in CSV_COLUMNS])
    for registration in Registration.objects.for_event(event).order_by("status", "name", "pk"):
        row = []
        for name, _ in CSV_COLUMNS:
            value = getattr(registration, name)
            row.append(neutralise(value() if callable(value) else value))
        writer.writerow(row)
    return response


class RegistrationToolsMixin:
    """On the event admin: the invitations page, the CSV export and the check-in list."""

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:pk>/invite/", view(self.invite_view), name="events_event_invite"),
            path("<int:pk>/registrants.csv", view(self.export_view), name="events_event_export"),
            path("<int:pk>/check-in/", view(self.checkin_view), name="events_event_checkin"),
            *super().get_urls(),
        ]

    @admin.display(description="registrants")
    def registration_tools(self, event):
        if not event.pk:
            return "Save the event first."
        links = [
            (reverse("admin:events_event_export", args=[event.pk]), "Export registrants (CSV)"),
            (reverse("admin:events_event_checkin", args=[event.pk]), "Print the check-in list"),
            (
                reverse("admin:events_registration_changelist") + f"?event__id__exact={event.pk}",
                "Approve or decline registrations",
            ),
        ]
        if event.registration_mode == Event.RegistrationMode.INVITATION:
            links.insert(0, (reverse("admin:events_event_invite", args=[event.pk]), "Invite"))
        taken = Registration.objects.seats_taken(event)
        seats = f"{taken} of {event.capacity} seats taken" if event.capacity else f"{taken} seats"
        items = format_html("".join("<li><a href='{}'>{}</a></li>" for _ in links), *sum(links, ()))
        return format_html("<p>{}</p><ul>{}</ul>", seats, items)

    def _event_for(self, request, pk, *, change=False):
        event = get_object_or_404(Event, pk=pk)
        allowed = (
            self.has_change_permission(request, event)
            if change
            else self.has_view_permission(request, event)
        )
        if not allowed or not request.user.has_perm("events.view_registration"):
            raise PermissionDenied
        return event

    def export_view(self, request, pk):
        return registrants_csv(self._event_for(request, pk))

    def checkin_view(self, request, pk):
        event = self._event_for(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Check-in list: {event.title}",
            "opts": self.model._meta,
            "event": event,
            "registrations": Registration.objects.for_event(event)
            .holding_seats()
            .order_by("name", "pk"),
        }
        return TemplateResponse(request, "admin/events/event/checkin.html", context)

    def invite_view(self, request, pk):
        event = self._event_for(request, pk, change=True)
        if not request.user.has_perm("events.add_invitation"):
            raise PermissionDenied
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            invited, known = service.invite(event, form.cleaned_data["addresses"])
            message = f"{len(invited)} invitation(s) sent."
            if known:
                message += f" {known} address(es) were already invited and were skipped."
            self.message_user(request, message, messages.SUCCESS)
            return redirect("admin:events_event_change", event.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Invite to {event.title}",
            "opts": self.model._meta,
            "event": event,
            "form": form,
            "invited": event.invitations.order_by("email"),
        }
        if event.registration_mode != Event.RegistrationMode.INVITATION:
            context["mode_warning"] = True
        return TemplateResponse(request, "admin/events/event/invite.html", context)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Registrants, to read; editors approve or decline requests with the actions."""

    list_display = ["name", "email", "affiliation", "event", "status", "position", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["event"]
    search_fields = ["name", "email", "affiliation", "event__title"]
    autocomplete_fields = ["event"]
    actions = ["approve", "decline"]

    def has_decide_permission(self, request):
        return request.user.has_perm("events.change_registration")

    @admin.action(description="Approve selected requests (each is emailed)", permissions=["decide"])
    def approve(self, request, queryset):
        approved, waiting = service.approve(list(queryset))
        self.message_user(request, f"{approved} request(s) approved; each registrant is emailed.")
        if waiting:
            self.message_user(
                request,
                f"{waiting} request(s) stay in the queue: the event is full. Approve them "
                "when seats free up.",
                messages.WARNING,
            )

    @admin.action(description="Decline selected requests (each is emailed)", permissions=["decide"])
    def decline(self, request, queryset):
        declined = service.decline(list(queryset))
        self.message_user(request, f"{declined} request(s) declined; each registrant is emailed.")
