"""The topic and region admins, and the topic pieces of every admin that tags with topics."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from taggit.managers import TaggableManager
from taggit.models import Tag

from core.admin_tools import RelatedValuesFilter
from redirects.address_admin import AddressChangeAdminMixin

from . import hubs
from .forms import TopicChoiceField
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
