"""Deleting moves to the trash: the admin action, the delete pages, and what stops a deletion."""

import dataclasses
from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import NestedObjects, model_ngettext
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from revisions.snapshots import protection_hint

from .. import workflow
from .common import _trash_link, _url

MAX_USES_LISTED = 10


@admin.action(
    permissions=["delete"],
    description=gettext_lazy("Move selected %(verbose_name_plural)s to the trash"),
)
def trash_selected(modeladmin, request, queryset):
    """Django's "delete selected", moving the objects to the trash instead."""
    if request.POST.get("post"):
        _objects, _counts, perms_needed, protected = modeladmin.get_deleted_objects(
            queryset, request
        )
        if not protected:
            if perms_needed:
                raise PermissionDenied
            count = len(queryset)
            if count:
                modeladmin.log_deletions(request, queryset)
                modeladmin.delete_queryset(request, queryset)
                text = f"{count} {model_ngettext(modeladmin.opts, count)} moved to the trash."
                modeladmin.message_user(
                    request, _trash_link(request, modeladmin.admin_site, text), messages.SUCCESS
                )
            return None
    response = delete_selected(modeladmin, request, queryset)
    if response is not None and response.context_data.get("protected"):
        response.context_data["where_used"] = modeladmin.where_used(request, queryset)
    return response


@dataclasses.dataclass
class Use:
    """Objects of one kind that stop a deletion, as the editor is told about them."""

    role: str  # "author"
    noun: str  # "articles"
    items: list  # (label, admin url or None)
    count: int
    hint: str

    @property
    def more(self):
        return self.count - len(self.items)


class TrashOnDeleteMixin:
    """Deleting an object (its page, or the action) moves it to the trash.

    Part of `VersionedAdminMixin`; when something protects the object, the
    delete page says where it is used and what to do about it.
    """

    delete_confirmation_template = "admin/revisions/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/revisions/delete_selected_confirmation.html"

    def delete_model(self, request, obj):
        workflow.trash(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            workflow.trash(obj, request.user)

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        text = f"The {self.opts.verbose_name} “{obj_display}” was moved to the trash."
        self.message_user(request, _trash_link(request, self.admin_site, text), messages.SUCCESS)
        if self.has_change_permission(request, None):
            url = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
            url = add_preserved_filters(
                {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, url
            )
        else:
            url = reverse(f"{self.admin_site.name}:index")
        return HttpResponseRedirect(url)

    def render_delete_form(self, request, context):
        if context.get("protected"):
            context["where_used"] = self.where_used(request, [context["object"]])
        return super().render_delete_form(request, context)

    def where_used(self, request, objs):
        """What stops `objs` being deleted, grouped: "Author of 3 articles: …"."""
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(list(objs))
        by_model = defaultdict(list)
        for blocker in collector.protected:
            by_model[type(blocker)].append(blocker)
        uses = []
        for blocker_model, blockers in by_model.items():
            role, owner_field = self._role_of(blocker_model)
            if owner_field:
                prefetch_related_objects(blockers, owner_field)
                owners = [getattr(blocker, owner_field) for blocker in blockers]
            else:
                owners = blockers
            owners = sorted(set(owners), key=str)
            noun_model = type(owners[0])._meta
            noun = noun_model.verbose_name if len(owners) == 1 else noun_model.verbose_name_plural
            listed = [
                (str(owner), self._admin_url_for(request, owner))
                for owner in owners[:MAX_USES_LISTED]
            ]
            uses.append(
                Use(
                    role=str(role),
                    noun=str(noun),
                    items=listed,
                    count=len(owners),
                    hint=protection_hint(self.model, blocker_model)
                    or "Change or delete these first.",
                )
            )
        return uses

    def _role_of(self, blocker_model):
        """(role of the deleted object, field leading to what the editor opens) for a blocker.

        A byline (not in the admin itself) leads to its article, and the person
        is its "author"; an update (in the admin) is opened itself, the person
        being its "author" field.
        """
        if self.admin_site.is_registered(blocker_model):
            for model_field in blocker_model._meta.concrete_fields:
                if model_field.is_relation and model_field.related_model is self.model:
                    return model_field.verbose_name, None
        for model_field in blocker_model._meta.concrete_fields:
            if (
                model_field.is_relation
                and model_field.related_model is not self.model
                and self.admin_site.is_registered(model_field.related_model)
            ):
                return blocker_model._meta.verbose_name, model_field.name
        return blocker_model._meta.verbose_name, None

    def _admin_url_for(self, request, obj):
        model_admin = self.admin_site.get_model_admin(type(obj))
        if model_admin.has_view_or_change_permission(request, obj):
            return _url(self.admin_site, obj)
        return None
