"""The topic and region admins, and the topic pieces of every admin that tags with topics."""

import operator
from functools import reduce

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.db.models import Q
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag

from core.admin_tools import RelatedValuesFilter
from redirects.address_admin import AddressChangeAdminMixin

from . import hubs
from .forms import NewTermsField, TopicChoiceField
from .models import Region, Topic

# Topics replace taggit's generic tags; hide its unused model from editors.
admin.site.unregister(Tag)


class TopicFilter(RelatedValuesFilter):
    """The list sidebar's filter by topic, for models tagged with `topics`."""

    title = "topic"
    parameter_name = "topic"
    model = Topic
    lookup = "topics__slug"


class TopicAutocompleteMixin:
    """Edit taggit topics with the admin's autocomplete instead of a free-text box; new
    topics and regions are typed into a "New topics" or "New regions" box beside them.

    Topics are a curated taxonomy with their own pages, so editors pick existing ones
    rather than typing names that silently create near-duplicates. A new one is named in
    the box next to the list and created when the form is saved (an existing topic of the
    same name is used instead): no popup window to lose track of.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            widget = AutocompleteSelectMultiple(db_field, self.admin_site)
            return TopicChoiceField(
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
                widget=widget,
            )
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper) and db_field.related_model is Region:
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def new_term_fields(self, request):
        """{form field: (relation, Topic or Region)} for the terms this user may create."""
        fields = {}
        for field in self.model._meta.get_fields():
            model = getattr(field, "related_model", None)
            taggable = isinstance(field, TaggableManager) and model is Topic
            if not (taggable or (field.many_to_many and model is Region)):
                continue
            term_admin = self.admin_site._registry.get(model)
            if term_admin and term_admin.has_add_permission(request):
                fields[f"new_{field.name}"] = (field.name, model)
        return fields

    def get_fieldsets(self, request, obj=None):
        new_fields = self.new_term_fields(request)
        after = {relation: name for name, (relation, _model) in new_fields.items()}
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            fields = []
            for entry in options.get("fields", []):
                fields.append(entry)
                if entry in after:
                    fields.append(after[entry])
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        extra = {
            name: NewTermsField(
                label=f"New {'topics' if model is Topic else 'regions'}",
                help_text=f"Not in the list? Type new {model._meta.verbose_name_plural}, "
                "separated by commas: they are created and added when you save.",
            )
            for name, (_relation, model) in self.new_term_fields(request).items()
        }
        if extra:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (base,), extra)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for name, (relation, model) in self.new_term_fields(request).items():
            names = form.cleaned_data.get(name) or []
            if names:
                getattr(form.instance, relation).add(*terms_named(model, names, create=True))

    def preview_new_terms(self, request, form):
        """{relation: unsaved terms} the form names, for a preview that writes nothing."""
        return {
            relation: terms_named(model, form.cleaned_data.get(name) or [])
            for name, (relation, model) in self.new_term_fields(request).items()
            if name in form.cleaned_data
        }


def terms_named(model, names, *, create=False):
    """The topics or regions called `names` (any case); missing ones created, or unsaved."""
    if not names:
        return []
    matching = reduce(operator.or_, (Q(name__iexact=name) for name in names))
    existing = {term.name.casefold(): term for term in model.objects.filter(matching)}
    terms = []
    for name in names:
        term = existing.get(name.casefold())
        if term is None:
            term = model(name=name, slug=_free_slug(model, name))
            if create:
                term.save()
        terms.append(term)
    return terms


def _free_slug(model, name):
    base = slugify(name)[:90] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class CountingChangeList(ChangeList):
    """Counts (published articles...) on the list page only, not in the autocomplete."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).with_counts()


def _count_column(count):
    def column(obj):
        return getattr(obj, count.name)

    column.__name__ = count.name  # the cell's class: field-article_count
    return admin.display(description=count.label, ordering=count.name)(column)


class HubAdmin(AddressChangeAdminMixin, admin.ModelAdmin):
    """A list with a column for each count content apps register (`hubs.register_count`)."""

    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_list_display(self, request):
        return ["name", "slug", *(_count_column(c) for c in hubs.counts(self.model))]

    def get_changelist(self, request, **kwargs):
        return CountingChangeList


@admin.register(Topic)
class TopicAdmin(HubAdmin):
    fields = ["name", "slug", "description"]


@admin.register(Region)
class RegionAdmin(HubAdmin):
    pass
