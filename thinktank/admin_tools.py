"""Pieces shared by the admin classes of both apps."""

from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminFileWidget,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.db import models
from django.utils.html import format_html
from taggit.managers import TaggableManager

from articles.forms import TopicChoiceField

THUMBNAIL_SIZE = 56


def thumbnail(image, alt=""):
    """A small preview of an uploaded image for changelists, or a dash."""
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="admin-thumbnail">',
        image.url,
        alt,
        THUMBNAIL_SIZE,
        THUMBNAIL_SIZE,
    )


class LabelledFileWidget(AdminFileWidget):
    """The admin's file input, named by its field's <label>.

    Django's admin puts file fields in a <fieldset> with a <legend>, which leaves the file
    input itself without a label for screen readers; this renders the usual <label for>.
    The "Clear" checkbox keeps its own label.
    """

    use_fieldset = False


# formfield_overrides for every admin with uploads: images, and report PDFs (a FileField).
IMAGE_FIELD_OVERRIDES = {
    models.ImageField: {"widget": LabelledFileWidget},
    models.FileField: {"widget": LabelledFileWidget},
}


class TopicAutocompleteMixin:
    """Edit taggit topics with the admin's autocomplete instead of a free-text box.

    Topics are a curated taxonomy with their own pages, so editors pick existing
    ones (and can add a new one with the "+" button) rather than typing names
    that silently create near-duplicates.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            widget = AutocompleteSelectMultiple(db_field, self.admin_site)
            topic_admin = self.admin_site._registry.get(db_field.related_model)
            can_add = bool(topic_admin and topic_admin.has_add_permission(request))
            return TopicChoiceField(
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
                widget=RelatedFieldWidgetWrapper(
                    widget,
                    db_field.remote_field,
                    self.admin_site,
                    can_add_related=can_add,
                    can_change_related=False,
                    can_delete_related=False,
                    can_view_related=False,
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RelatedValuesFilter(admin.SimpleListFilter):
    """A sidebar filter over a related model, by slug. Subclasses set the details."""

    model = None
    lookup = ""

    def lookups(self, request, model_admin):
        return list(self.model.objects.order_by("name").values_list("slug", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()}).distinct()
        return queryset
