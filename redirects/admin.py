"""The Redirects screen: list and search, add by hand, import a CSV file, delete."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from . import importing
from .models import Redirect


class RedirectImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="One redirect a row: the old address, a comma, the new address, e.g. "
        "/articles/old-title/,/articles/new-title/. A first row reading old_path,new_path "
        "is skipped.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        self.rows = importing.read_rows(self.cleaned_data["file"])
        return self.cleaned_data["file"]


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "new_path"]
    fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"
    list_per_page = 100
    change_list_template = "admin/redirects/redirect/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="redirects_redirect_import"), *super().get_urls()]

    def save_model(self, request, obj, form, change):
        # A chain that ended at this old address now ends at its new one.
        obj.save_collapsed()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RedirectImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = importing.import_rows(form.rows)
            added = sum(row.added for row in report)
            refused = len(report) - added
            level = messages.SUCCESS if not refused else messages.WARNING
            self.message_user(
                request,
                f"{added} redirect{'s' if added != 1 else ''} added, "
                f"{refused} row{'s' if refused != 1 else ''} refused"
                + (": the reasons are in the table below." if refused else "."),
                level,
            )
            form = RedirectImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import redirects from a CSV file",
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)
