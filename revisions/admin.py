"""Revision history, comparison, restore and the trash, in the admin.

`VersionedAdminMixin` goes first in the bases of the admin of a model with a
snapshot (`snapshots.SNAPSHOTS`): `class ArticleAdmin(VersionedAdminMixin, …)`.
Every page it adds checks the object's own admin permissions on the server:
seeing history needs view (or change) permission on that object, restoring
needs change permission, and restoring changes only what the editor could
change in the form.
"""

import dataclasses
import functools
import json
from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    NestedObjects,
    display_for_value,
    flatten_fieldsets,
    model_format_dict,
    model_ngettext,
    quote,
    unquote,
)
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from .diff import compare, describe
from .models import Revision, TrashedItem
from .snapshots import SNAPSHOTS, RestoreConflict, for_model

REVISIONS_PER_PAGE = 50
MAX_USES_LISTED = 10


def _url(admin_site, obj, view="change"):
    opts = obj._meta
    try:
        return reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)]
        )
    except NoReverseMatch:
        return None


def _trash_link(request, admin_site, text):
    """`text`, followed by a link to the trash for those who may open it."""
    if not request.user.has_perm("revisions.view_trasheditem"):
        return text
    url = reverse(f"{admin_site.name}:revisions_trasheditem_changelist")
    return format_html('{} <a href="{}">Open the trash</a> to restore it.', text, url)


def _keeping_revisions(func, description):
    """Wrap an admin action so the objects it changed get a revision."""

    @functools.wraps(func)
    def action(modeladmin, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        response = func(modeladmin, request, queryset)
        label = f"Action: {description % model_format_dict(modeladmin.opts)}"
        for obj in modeladmin.model._default_manager.filter(pk__in=pks).iterator(chunk_size=100):
            Revision.objects.snapshot(obj, request.user, label)
        return response

    return action


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


class VersionedAdminMixin:
    """Keeps a revision of every save; history, compare and restore pages; deleting trashes.

    Revisions are taken after the admin saved the form, its many-to-many fields
    and its inlines (`save_related`), so they hold the byline as saved.
    """

    delete_confirmation_template = "admin/revisions/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/revisions/delete_selected_confirmation.html"
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

    # Saving keeps a revision ------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            self._keep_the_original(obj)
        super().save_model(request, obj, form, change)

    def _keep_the_original(self, obj):
        """Before the first tracked change of an older object, keep it as it was."""
        if Revision.objects.for_object(obj).exists():
            return
        original = self.model._default_manager.filter(pk=obj.pk).first()
        if original is not None:
            Revision.objects.snapshot(
                original,
                None,
                "As it was before its history was kept",
                force=True,
                created_at=getattr(original, "updated_at", None),
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        message = self.construct_change_message(request, form, formsets, not change)
        description = "Created" if not change else _change_text(message) or "Saved"
        Revision.objects.snapshot(form.instance, request.user, description)

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
        snapshot = for_model(self.model)
        if request.method == "POST":
            try:
                warnings = revision.restore(
                    obj, request.user, fields=self.revision_fields(request, obj)
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
            for warning in warnings:
                self.message_user(request, warning, messages.WARNING)
            change_url = _url(self.admin_site, obj)
            return HttpResponseRedirect(
                add_preserved_filters(
                    {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
                    change_url,
                )
            )
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

    # Deleting moves to the trash ----------------------------------------------------

    def delete_model(self, request, obj):
        TrashedItem.objects.trash(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            TrashedItem.objects.trash(obj, request.user)

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
        hints = for_model(self.model).protected_hints
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
                    hint=hints.get(blocker_model, "Change or delete these first."),
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


def _reason(error):
    """Why a restore was refused, in the editor's words."""
    if isinstance(error, IntegrityError):
        return "it clashes with something saved since."
    if isinstance(error, ValidationError):
        # Content kept from before today's limits (rich text too large or too deep).
        return " ".join(error.messages)
    return str(error)


def _change_text(message):
    """The admin's change message ("Changed Title and Body.") as plain text."""
    if not message:
        return ""
    return LogEntry(change_message=json.dumps(message)).get_change_message()


# The trash ------------------------------------------------------------------------------


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
        if item.model not in SNAPSHOTS:
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
        order = list(SNAPSHOTS)
        restored = []
        for item in sorted(items, key=lambda item: order.index(item.model)):
            if not self.has_restore_permission(request, item):
                self.message_user(request, f"You may not restore “{item}”.", messages.ERROR)
                continue
            try:
                obj, warnings = item.restore(request.user)
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
