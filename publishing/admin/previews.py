"""Previews in the admin: the preview page and preview links, for any publishable item."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import workflow
from ..models import PreviewLink
from ..registry import render_preview
from .times import long_when, relative

PREVIEW_DAYS = 7


class PreviewLinkForm(forms.ModelForm):
    class Meta:
        model = PreviewLink
        fields = ["note", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expires_at"].initial = timezone.now() + timedelta(days=PREVIEW_DAYS)

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at and not self.instance.pk and expires_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return expires_at


class PreviewLinkFormSet(BaseGenericInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        return "preview_links"  # the name the field ids had when links were articles' own


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class PreviewLinkInline(GenericStackedInline):
    model = PreviewLink
    form = PreviewLinkForm
    formset = PreviewLinkFormSet
    extra = 0
    fields = ["note", "expires_at", "link", "state"]
    readonly_fields = ["link", "state"]
    verbose_name_plural = "preview links for outside reviewers (save the form to create one)"

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who was sent what stays

    @admin.display(description="link")
    def link(self, preview):
        if not preview.pk:
            return "Shown after saving."
        url = self.request.build_absolute_uri(preview.get_absolute_url())
        code_id = f"preview-link-{preview.pk}"
        revoke = ""
        if preview.is_active:
            # A button of the change form sent to its own address: it revokes without
            # saving the form (a <form> of its own cannot sit inside the change form).
            revoke_url = reverse(
                f"{self.admin_site.name}:{self.parent_model._meta.app_label}_"
                f"{self.parent_model._meta.model_name}_revoke_preview_link",
                args=[preview.object_id, preview.pk],
            )
            revoke = format_html(
                '<button type="submit" formaction="{}" formmethod="post" formnovalidate '
                'class="button" aria-describedby="{}">Revoke</button>',
                revoke_url,
                code_id,
            )
        return format_html(
            '<code class="preview-link-url" id="{}">{}</code>'
            '<span class="preview-link-buttons">'
            '<button type="button" class="button" data-copy-target="{}" hidden '
            'aria-describedby="{}">Copy</button>{}'
            '<span class="preview-link-copied" role="status"></span></span>',
            code_id,
            url,
            code_id,
            code_id,
            revoke,
        )

    @admin.display(description="state")
    def state(self, preview):
        if not preview.pk:
            return ""
        if preview.revoked_at:
            return f"Revoked on {long_when(preview.revoked_at)}"
        verb = "Works until" if preview.is_active else "Expired on"
        return (
            f"{verb} {long_when(preview.expires_at, zone=False)} ({relative(preview.expires_at)})"
        )

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request
        return super().get_formset(request, obj, **kwargs)


def save_preview_links(user, formset):
    """Create new links through the workflow, which audits them (revoking is a button:
    `PublishableAdminMixin.revoke_preview_link_view`)."""
    changed = formset.save(commit=False)  # also what the admin's change log reads
    for link_form in formset.forms:
        link = link_form.instance
        if not any(link is instance for instance in changed):
            continue
        if link.pk is None:
            outcome = workflow.create_preview_link(
                formset.instance,
                user,
                note=link.note,
                expires_at=link.expires_at,
            )
            link_form.instance = outcome.item
        else:
            link.save(update_fields=["note", "expires_at"])


class PreviewAdminMixin:
    """A "Preview" page for an item's admin: the public page as readers will see it,
    rendered by what the content app gave `publishing.registry.register_preview`."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        item = self.get_object(request, object_id)
        if item is None:
            raise Http404("No such item, or it is not yours to see.")
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        return render_preview(
            request,
            item,
            f"This is how readers will see it once published. Current state: {item.state_label()}.",
        )

    @admin.display(description="publication")
    def publication(self, item):
        if not item.pk:
            return "Not saved yet."
        info = self.opts.app_label, self.opts.model_name
        preview = reverse("admin:{}_{}_preview".format(*info), args=[item.pk])
        return format_html('{} · <a href="{}">Preview</a>', item.state_label(), preview)

    def view_on_site(self, item):
        # Drafts have no public page yet; a button leading to a 404 would mislead.
        return item.get_absolute_url() if item.is_live else None
