"""The inlines of the article form: authors, corrections and preview links."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from audit.models import AuditEvent, record

from ..models import ArticleAuthor, Correction, PreviewLink
from .forms import PreviewLinkForm


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class ArticleAuthorInline(admin.StackedInline):
    model = ArticleAuthor
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order: lower numbers first)"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["date", "text"]
    verbose_name_plural = (
        "public corrections (shown at the end of the article; fix typos without one)"
    )


class PreviewLinkInline(admin.StackedInline):  # stacked for its labels, as authors above
    model = PreviewLink
    form = PreviewLinkForm
    extra = 0
    fields = ["note", "expires_at", "link", "state", "revoke"]
    readonly_fields = ["link", "state"]
    verbose_name_plural = "preview links for outside reviewers (save the article to create one)"

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who was sent what stays

    @admin.display(description="link")
    def link(self, preview):
        if not preview.pk:
            return "Shown after saving."
        url = self.request.build_absolute_uri(preview.get_absolute_url())
        return format_html(
            '<input type="text" readonly value="{}" aria-label="Preview link" class="vTextField">',
            url,
        )

    @admin.display(description="state")
    def state(self, preview):
        if not preview.pk:
            return ""
        if preview.revoked_at:
            return "Revoked"
        return "Active" if preview.is_active else "Expired"

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request
        return super().get_formset(request, obj, **kwargs)


def save_preview_links(user, formset):
    """Save new and revoked preview links, auditing who was sent what and until when."""
    changed = formset.save(commit=False)  # also what the admin's change log reads
    for link_form in formset.forms:
        link = link_form.instance
        if not any(link is instance for instance in changed):
            continue
        if link.pk is None:
            link.created_by = user
            link.save()
            until = date_format(timezone.localtime(link.expires_at), "j M Y, H:i")
            record(
                user,
                AuditEvent.Action.PREVIEW_LINK,
                link.article,
                f"for {link.note}, until {until}",
            )
        elif link_form.cleaned_data.get("revoke"):
            link.revoked_at = timezone.now()
            link.save()
            record(
                user,
                AuditEvent.Action.REVOKE_PREVIEW_LINK,
                link.article,
                f"for {link.note}",
            )
        else:
            link.save()
