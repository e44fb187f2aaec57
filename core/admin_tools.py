"""Admin pieces with no knowledge of any content type."""

from django.contrib import admin

# The created and updated times, read-only and folded away, at the foot of an edit form.
RECORD_FIELDSET = ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]})


class ReadOnlyAdminMixin:
    """A record to read, never to add, change or delete from the admin (the audit log)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
