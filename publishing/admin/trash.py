"""The trash in the admin: what was deleted, restoring it, deleting it permanently."""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from revisions import snapshots
from revisions.diff import describe
from revisions.models import TrashedItem
from revisions.snapshots import RestoreConflict

from .. import workflow
from .common import _reason, _url


@admin.action(
    permissions=["delete"],
    description=gettext_lazy("Delete selected items permanently"),
)
def delete_permanently(modeladmin, request, queryset):
    """Django's "delete selected" (its confirmation page), deleting for good."""
    if request.POST.get("post"):
        _objects, _counts, perms_needed, _protected = modeladmin.get_deleted_objects(
            queryset, request
        )
        if perms_needed:
            raise PermissionDenied
        count = len(queryset)
        if count:
            modeladmin.delete_queryset(request, queryset)
            modeladmin.message_user(
                request,
                f"{count} item{'' if count == 1 else 's'} deleted permanently.",
                messages.SUCCESS,
            )
        return None
    return delete_selected(modeladmin, request, queryset)


@admin.register(TrashedItem)
class TrashedItemAdmin(admin.ModelAdmin):
    """Deleted articles and profiles: restore them, or delete them permanently."""

    list_display = ["object_repr", "kind", "deleted_by", "deleted_at"]
    list_filter = [
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "deleted_at",
        ("deleted_by", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr"]
    list_select_related = ["content_type", "deleted_by"]
    date_hierarchy = "deleted_at"
    actions = ["restore_selected"]
    fields = ["object_repr", "kind", "deleted_by", "deleted_at", "contents"]
    readonly_fields = fields
    list_per_page = 50

    def get_urls(self):
        return [
            path(
                "<path:object_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="revisions_trasheditem_restore",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"],
                func=delete_permanently,
                description=delete_permanently.short_description,
                plural_description=delete_permanently.plural_description,
            )
        return actions

    def get_queryset(self, request):
        # Snapshots hold whole articles: load one only when it is used.
        return super().get_queryset(request).defer("data")

    # Permissions: the trash's own, and those on the kind of item.

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request, obj=None):
        if not request.user.has_perm("revisions.restore_trasheditem"):
            return False
        return obj is None or self._item_admin_allows(request, obj, "add")

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self._item_admin_allows(request, obj, "delete")

    def _item_admin_allows(self, request, item, permission):
        model = item.model
        if model is None or not self.admin_site.is_registered(model):
            return False
        model_admin = self.admin_site.get_model_admin(model)
        if permission == "add":
            return model_admin.has_add_permission(request)
        return model_admin.has_delete_permission(request)

    # Pages

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Trash", **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        extra = {
            "can_restore": item is not None and self.has_restore_permission(request, item),
            "revision_count": item.revisions().count() if item else 0,
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def render_delete_form(self, request, context):
        context["revision_count"] = context["object"].revisions().count()
        return super().render_delete_form(request, context)

    @admin.display(description="type", ordering="content_type__model")
    def kind(self, item):
        model = item.model
        return capfirst(model._meta.verbose_name) if model else item.content_type.name

    @admin.display(description="contents")
    def contents(self, item):
        if not snapshots.is_registered(item.model):
            return "—"
        lines = describe(item.snapshot, item.data)
        return format_html(
            '<dl class="revisions-contents">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", lines),
        )

    def delete_model(self, request, obj):
        obj.delete_permanently(request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("content_type"):
            item.delete_permanently(request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, f"“{obj_display}” was deleted permanently.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:revisions_trasheditem_changelist")
        )

    # Restoring

    def _restore(self, request, items):
        """Restore `items`, people before articles; report to the editor; return what came back."""
        order = snapshots.restore_order()
        restored = []
        for item in sorted(items, key=lambda item: order.index(item.model)):
            if not self.has_restore_permission(request, item):
                self.message_user(request, f"You may not restore “{item}”.", messages.ERROR)
                continue
            try:
                outcome = workflow.restore_from_trash(item, request.user)
                obj, warnings = outcome.item, outcome.warnings
            except (RestoreConflict, ValidationError) as refused:
                self.message_user(
                    request, f"“{item}” was not restored. {_reason(refused)}", messages.ERROR
                )
                continue
            restored.append(obj)
            for warning in warnings:
                self.message_user(request, f"“{obj}”: {warning}", messages.WARNING)
        if restored:
            links = format_html_join(
                ", ",
                "{}",
                (
                    (format_html('<a href="{}">{}</a>', url, obj) if url else str(obj),)
                    for obj in restored
                    for url in [self._url_if_allowed(request, obj)]
                ),
            )
            self.message_user(request, format_html("Restored: {}.", links), messages.SUCCESS)
        return restored

    def _url_if_allowed(self, request, obj):
        model_admin = self.admin_site.get_model_admin(type(obj))
        return (
            _url(self.admin_site, obj) if model_admin.has_change_permission(request, obj) else None
        )

    @admin.action(description="Restore selected items", permissions=["restore"])
    def restore_selected(self, request, queryset):
        self._restore(request, list(queryset.select_related("content_type")))

    def restore_view(self, request, object_id):
        """POST: restore one item (the button on its page)."""
        if not self.has_restore_permission(request):
            raise PermissionDenied
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_restore_permission(request, item):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        restored = self._restore(request, [item])
        if restored and (url := self._url_if_allowed(request, restored[0])):
            return HttpResponseRedirect(url)
        if restored:
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:revisions_trasheditem_changelist")
            )
        return HttpResponseRedirect(_url(self.admin_site, item))
