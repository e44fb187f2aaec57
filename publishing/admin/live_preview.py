"""The live preview: the unsaved change form shown on the public template, beside the form.

Wagtail's approach. static/js/live_preview.js posts the form here (POST) about a second
after the editor stops typing; this builds the item and its relations from the form
without writing anything, renders it with the preview its app registered
(`publishing.registry.register_preview`), and keeps the page in the cache for this user;
the panel's <iframe> then loads it (GET). Only that GET may be framed, and only by the
admin itself: `X-Frame-Options: SAMEORIGIN` and `frame-ancestors 'self'` on that response
alone; every other response keeps `DENY` and `'none'`.

Files chosen in the form are not sent (the script leaves them out), so a new image shows
after the next save, and the panel says so.
"""

from django.conf import settings
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.text import capfirst

from .. import registry

KEEP_SECONDS = 60 * 60
PENDING_FILES = "_live_preview_pending_files"  # the script's note: files were left out


def _framable_by_the_admin(response):
    """Let the admin's own pages, and nobody else, show `response` in a frame."""
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _ordered(items, model):
    """`items` in the model's default order (Meta.ordering), as the page would list them."""
    for name in reversed(model._meta.ordering if model else []):
        reverse_order, attr = name.startswith("-"), name.lstrip("-")
        if attr == "?":
            continue
        attr = "pk" if attr == "id" else attr
        items = sorted(
            items,
            key=lambda item, attr=attr: (getattr(item, attr) is None, getattr(item, attr) or 0),
            reverse=reverse_order,
        )
    return items


class LivePreviewMixin:
    """Adds the live preview to the change form of a model with a registered preview."""

    live_preview_template = "admin/publishing/change_form.html"

    def has_live_preview(self):
        return registry.has_preview(self.model)

    def _live_preview_name(self, add):
        info = self.opts.app_label, self.opts.model_name
        return "{}_{}_live_preview".format(*info) + ("_add" if add else "")

    def get_urls(self):
        if not self.has_live_preview():
            return super().get_urls()
        view = self.admin_site.admin_view(self.live_preview_view)
        return [
            path("add/live-preview/", view, name=self._live_preview_name(add=True)),
            path("<path:object_id>/live-preview/", view, name=self._live_preview_name(add=False)),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not self.has_live_preview():
            return super().render_change_form(request, context, add, change, form_url, obj)
        may_edit = self.has_change_permission(request, obj) if obj else add
        if may_edit and not context.get("is_popup"):
            args = [] if add else [obj.pk]
            context["live_preview_url"] = reverse(
                f"{self.admin_site.name}:{self._live_preview_name(add)}", args=args
            )
        if self.change_form_template is None:
            opts = self.opts
            self.change_form_template = [
                f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
                f"admin/{opts.app_label}/change_form.html",
                self.live_preview_template,
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The view ------------------------------------------------------------------------

    def _live_preview_object(self, request, object_id):
        """The stored object the form edits (None when adding); only if this user may edit it."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item, or it is not yours to edit.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _live_preview_key(self, request, object_id):
        return f"live-preview:{request.user.pk}:{self.opts.label_lower}:{object_id or 'add'}"

    def live_preview_view(self, request, object_id=None):
        obj = self._live_preview_object(request, object_id)
        key = self._live_preview_key(request, object_id)
        if request.method == "GET":
            html = cache.get(key)
            if html is None:
                html = render_to_string("admin/publishing/live_preview_empty.html")
            return _framable_by_the_admin(HttpResponse(html))
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "POST"])
        item, errors = self.live_preview_item(request, obj)
        if errors:
            return JsonResponse({"ok": False, "errors": errors})
        explanation = "Live preview of unsaved changes: nothing here is saved until you press Save."
        if request.POST.get(PENDING_FILES):
            explanation += " Images you have chosen appear here after you save."
        page = registry.render_preview(request, item, explanation)
        cache.set(key, page.content.decode(page.charset), KEEP_SECONDS)
        return JsonResponse({"ok": True})

    # Building the unsaved item ---------------------------------------------------------

    def live_preview_item(self, request, obj):
        """(the item as the posted form has it, None) or (None, what to fix, in words).

        Nothing is written: the form and inlines are validated, never saved, and their
        values are put where the templates read relations (the prefetch cache).
        """
        add = obj is None
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(
            request, obj, change=not add, fields=flatten_fieldsets(fieldsets)
        )
        form = form_class(request.POST, instance=obj)
        formsets, _inlines = self._create_formsets(request, form.instance, change=not add)
        valid = form.is_valid()
        if not (all_valid(formsets) and valid):
            return None, _errors(form, formsets)
        item = form.instance
        relations = self.live_preview_relations(request, form, formsets)
        if item.pk is None:
            # Related managers refuse an item without a primary key. No row has 0, so any
            # relation not filled in below reads as empty; the item is never saved.
            item.pk = 0
        item.unsaved_preview = True  # for the page: its relations are the form's, not stored
        cached = getattr(item, "_prefetched_objects_cache", {})
        item._prefetched_objects_cache = {**cached, **relations}
        return item, None

    def live_preview_relations(self, request, form, formsets):
        """{relation name: [related objects]} as the form has them, in the page's order."""
        relations = {}
        for field in (*form.instance._meta.many_to_many, *form.instance._meta.private_fields):
            if getattr(field, "many_to_many", False) and field.name in form.cleaned_data:
                values = form.cleaned_data[field.name]
                relations[field.name] = _ordered(list(values or []), field.related_model)
        for formset in formsets:
            fk = getattr(formset, "fk", None)
            if fk is None:
                continue  # generic relations (preview links) are not on the page
            rows = [
                row.instance
                for row in formset.forms
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ]
            relations[fk.remote_field.get_accessor_name()] = _ordered(rows, formset.model)
        # Topics and regions typed in to be created on save (taxonomy's topic mixin).
        new_terms = getattr(self, "preview_new_terms", None)
        for relation, terms in (new_terms(request, form) if new_terms else {}).items():
            existing = relations.get(relation, [])
            relations[relation] = _ordered([*existing, *terms], type(terms[0]) if terms else None)
        return relations


def _errors(form, formsets):
    """Every error on the form and its inlines, as "Label: message" lines."""
    lines = []

    def add(form_, prefix=""):
        for name, messages in form_.errors.items():
            field = form_.fields.get(name)
            label = capfirst(field.label) if field is not None and field.label else None
            for message in messages:
                lines.append(f"{prefix}{label}: {message}" if label else f"{prefix}{message}")

    add(form)
    for formset in formsets:
        title = capfirst(formset.model._meta.verbose_name)
        for number, row in enumerate(formset.forms, start=1):
            add(row, f"{title} {number}, ")
        lines.extend(
            f"{capfirst(formset.model._meta.verbose_name_plural)}: {message}"
            for message in formset.non_form_errors()
        )
    return lines or ["The form has a problem the preview cannot show."]
