"""Revision history, comparison and restore pages, and a revision on every save."""

import dataclasses
import functools

from django.contrib import messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    display_for_value,
    flatten_fieldsets,
    model_format_dict,
    unquote,
)
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst

from revisions.diff import compare
from revisions.models import Revision
from revisions.snapshots import for_model

from .. import workflow
from .common import _change_text, _reason, _url
from .deleting import TrashOnDeleteMixin, trash_selected
from .live_preview import LivePreviewMixin

REVISIONS_PER_PAGE = 50


def _keeping_revisions(func, description):
    """Wrap an admin action so the objects it changed get a revision."""

    @functools.wraps(func)
    def action(modeladmin, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        response = func(modeladmin, request, queryset)
        label = f"Action: {description % model_format_dict(modeladmin.opts)}"
        for obj in modeladmin.model._default_manager.filter(pk__in=pks).iterator(chunk_size=100):
            workflow.keep_revision(obj, request.user, label)
        return response

    return action


@dataclasses.dataclass
class Side:
    """One side of a comparison: a revision, or the current version."""

    data: dict
    revision: Revision | None = None
    moment: object = None

    def age(self):
        """Sorting key: older versions first, the current version last."""
        return (self.moment, self.revision.pk if self.revision else float("inf"))

    @property
    def label(self):
        if self.revision is None:
            return "Current version"
        return capfirst(self.revision.label)


class VersionedAdminMixin(LivePreviewMixin, TrashOnDeleteMixin):
    """Saves through the workflow (a revision of every save); history, compare and restore
    pages; deleting trashes; a live preview beside the form for models with a preview.

    The workflow saves the object, then its many-to-many fields and inlines
    (`save_relations`), then takes the revision, so it holds the byline as saved.
    """

    revision_history_template = "admin/revisions/history.html"
    revision_compare_template = "admin/revisions/compare.html"
    revision_restore_template = "admin/revisions/restore_confirmation.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.revision_compare_view),
                name="{}_{}_revision_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.revision_restore_view),
                name="{}_{}_revision_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    # Saving goes through the workflow, which keeps a revision -----------------------

    def save_model(self, request, obj, form, change):
        """Nothing yet: `save_related` saves the object and its relations in one go."""

    def save_related(self, request, form, formsets, change):
        def description():
            message = self.construct_change_message(request, form, formsets, not change)
            return "Created" if not change else _change_text(message) or "Saved"

        workflow.save(
            form.instance,
            request.user,
            description=description,
            relations=lambda: self.save_relations(request, form, formsets, change),
        )

    def save_relations(self, request, form, formsets, change):
        """The form's many-to-many fields and inlines (Django's `save_related`)."""
        super().save_related(request, form, formsets, change)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        for name, action in actions.items():
            if name == "delete_selected":
                actions[name] = dataclasses.replace(
                    action,
                    func=trash_selected,
                    description=trash_selected.short_description,
                    plural_description=trash_selected.plural_description,
                )
            else:
                func = _keeping_revisions(action.func, action.description)
                actions[name] = dataclasses.replace(action, func=func)
        return actions

    # History, compare, restore ----------------------------------------------------

    def _versioned_object(self, request, object_id, *, change=False):
        """(object, None) if the user may see (or with `change`, change) it; else (None, redirect).

        Raises PermissionDenied when the object exists but is not theirs to see.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if change:
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_view_or_change_permission(request, obj)
        if not allowed:
            raise PermissionDenied
        return obj, None

    def _context(self, request, obj, title, **extra):
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": display_for_value(str(obj), "—"),
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "can_restore": self.has_change_permission(request, obj),
            "preserved_filters": self.get_preserved_filters(request),
            "media": self.media,
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every revision of the object: who, when, what; pick two to compare."""
        obj, response = self._versioned_object(request, object_id)
        if response:
            return response
        revisions = Revision.objects.for_object(obj).select_related("user").defer("data")
        paginator = self.get_paginator(request, revisions, REVISIONS_PER_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        rows = list(page)
        if len(rows) > 1:
            default_a, default_b = rows[1].pk, rows[0].pk
        else:
            default_a, default_b = (rows[0].pk if rows else "current"), "current"
        context = self._context(
            request,
            obj,
            "History",
            revisions=page,
            rows=rows,
            page_range=paginator.get_elided_page_range(page.number),
            page_var=PAGE_VAR,
            pagination_required=paginator.num_pages > 1,
            default_a=default_a,
            default_b=default_b,
            **(extra_context or {}),
        )
        return TemplateResponse(request, self.revision_history_template, context)

    def _side(self, obj, choice):
        """The version `choice` names: "current" or the id of one of the object's revisions."""
        if choice == "current":
            return Side(for_model(self.model).serialize(obj), moment=timezone.now())
        revisions = Revision.objects.for_object(obj).select_related("user")
        if choice is None:
            revision = revisions.first()
            if revision is None:
                return self._side(obj, "current")
        elif choice.isascii() and choice.isdigit() and len(choice) < 19:
            revision = revisions.filter(pk=int(choice)).first()
        else:
            revision = None
        if revision is None:
            raise Http404("No such revision of this item.")
        return Side(revision.data, revision, revision.created_at)

    def revision_compare_view(self, request, object_id):
        """Two versions side by side: the older on the left, changes highlighted."""
        obj, response = self._versioned_object(request, object_id)
        if response:
            return response
        first = self._side(obj, request.GET.get("a"))
        second = self._side(obj, request.GET.get("b", "current"))
        left, right = sorted([first, second], key=Side.age)
        context = self._context(
            request,
            obj,
            "Compare versions",
            left=left,
            right=right,
            comparison=compare(for_model(self.model), left.data, right.data),
        )
        return TemplateResponse(request, self.revision_compare_template, context)

    def revision_fields(self, request, obj):
        """The fields and relations this user may change on `obj`: what a restore may touch."""
        fieldsets = self.get_fieldsets(request, obj)
        form = self.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))
        names = set(form.base_fields)
        for inline in self.get_inline_instances(request, obj):
            if all(
                check(request, obj)
                for check in (
                    inline.has_add_permission,
                    inline.has_change_permission,
                    inline.has_delete_permission,
                )
            ):
                names.update(
                    relation.key
                    for relation in for_model(self.model).relations
                    if relation.model is inline.model
                )
        return names

    def _restore_revision(self, request, obj, revision):
        """Restore `revision` on `obj`, tell the editor how it went, and redirect."""
        try:
            outcome = workflow.restore_revision(
                obj, revision, request.user, fields=self.revision_fields(request, obj)
            )
        except (IntegrityError, ValidationError) as refused:
            self.message_user(
                request,
                f"That version could not be restored: {_reason(refused)} Nothing was changed.",
                messages.ERROR,
            )
            return HttpResponseRedirect(_url(self.admin_site, obj, "history"))
        self.message_user(
            request,
            f"Restored {revision.label}. It is saved as a new revision, so the version it "
            "replaced is in the history too.",
            messages.SUCCESS,
        )
        for warning in outcome.warnings:
            self.message_user(request, warning, messages.WARNING)
        change_url = _url(self.admin_site, obj)
        return HttpResponseRedirect(
            add_preserved_filters(
                {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
                change_url,
            )
        )

    def revision_restore_view(self, request, object_id, revision_id):
        """GET: what restoring the revision would change; POST: restore it."""
        obj, response = self._versioned_object(request, object_id, change=True)
        if response:
            return response
        revision = (
            Revision.objects.for_object(obj).select_related("user").filter(pk=revision_id).first()
        )
        if revision is None:
            raise Http404("No such revision of this item.")
        if request.method == "POST":
            return self._restore_revision(request, obj, revision)
        snapshot = for_model(self.model)
        current = Side(snapshot.serialize(obj), moment=timezone.now())
        chosen = Side(revision.data, revision, revision.created_at)
        kept = [
            capfirst(self.opts.get_field(name).verbose_name)
            for name in snapshot.present(snapshot.state_fields)
        ]
        fields = self.revision_fields(request, obj)
        context = self._context(
            request,
            obj,
            "Restore this version?",
            revision=revision,
            left=current,
            right=chosen,
            comparison=compare(snapshot, current.data, revision.data),
            kept=kept,
            # Staff restoring their own profile: editor-only fields stay as they are.
            limited=any(
                field.editable and field.name not in fields | set(snapshot.state_fields)
                for field in snapshot.stored_fields()
            ),
        )
        return TemplateResponse(request, self.revision_restore_template, context)
