"""What the admin of any publishable model shares: who may do what, the state actions,
and the preview of an unpublished item.

`PublishableRulesMixin` goes before `PublishableAdminMixin` (the panel, panel.py) in
the bases. The rules are the workflow's (publishing/workflow.py), which checks them again
on every change: editors hold `<app>.publish_<model>`; contributors (staff without it)
edit their own work and submit it for review. The admin asks the same functions only to
decide what to show.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from .. import workflow
from ..registry import render_preview


def _plural(modeladmin, count):
    opts = modeladmin.opts
    return opts.verbose_name if count == 1 else opts.verbose_name_plural


class PublishableRulesMixin:
    actions = ["submit_for_review", "publish", "unpublish", "archive"]
    # The fields only editors may change; contributors see them read-only.
    editor_only_fields = ("published_at", "expires_at")

    # Who may do what ---------------------------------------------------------------

    def can_publish(self, request):
        return workflow.may_publish(request.user, self.model)

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.may_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "publication"]
        if not self.can_publish(request):
            fields += [name for name in self.editor_only_fields if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.can_publish(request) and "status" in form.base_fields:
            # A forged POST of "published" fails validation like any other bad choice.
            status = form.base_fields["status"]
            status.choices = [
                (value, label)
                for value, label in self.model.Status.choices
                if value in self.model.CONTRIBUTOR_STATUSES
            ]
            status.help_text = (
                "Choose “In review” when it is ready: an editor will review and publish it."
            )
        return form

    # Moving items between states from the list ---------------------------------------

    def _bulk_transition(self, request, queryset, move, message):
        count = sum(move(item, request.user).changed for item in queryset)
        self.message_user(
            request,
            message.format(count=count, items=_plural(self, count)),
            messages.SUCCESS,
        )

    @admin.action(description="Submit selected %(verbose_name_plural)s for review")
    def submit_for_review(self, request, queryset):
        self._bulk_transition(
            request,
            queryset.filter(status=self.model.Status.DRAFT),
            workflow.submit,
            "{count} {items} submitted for review.",
        )

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.publish,
            "{count} {items} published. Any with a future publish date go live at that time.",
        )

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.unpublish,
            "{count} {items} moved back to draft; readers no longer see them.",
        )

    @admin.action(
        description="Archive selected %(verbose_name_plural)s (off the site, kept)",
        permissions=["publish"],
    )
    def archive(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            workflow.archive,
            "{count} {items} archived; readers no longer see them.",
        )

    # Preview ---------------------------------------------------------------------------

    def _preview_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_preview"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=self._preview_url_name(),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        item = self.get_object(request, object_id)
        if item is None:
            raise Http404(f"No such {self.opts.verbose_name}, or it is not yours to see.")
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
        try:
            preview = reverse(f"{self.admin_site.name}:{self._preview_url_name()}", args=[item.pk])
        except NoReverseMatch:
            return item.state_label()
        return format_html('{} · <a href="{}">Preview</a>', item.state_label(), preview)

    def view_on_site(self, item):
        # Drafts have no public page yet; a button leading to a 404 would mislead.
        return item.get_absolute_url() if item.is_live else None
