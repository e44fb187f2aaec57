"""Topics in the admin forms of every app that tags with them."""

from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from taggit.managers import TaggableManager

from articles.forms import TopicChoiceField


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
