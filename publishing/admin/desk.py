"""The changelist filter behind the admin home's "see all" links (publishing/dashboard.py)."""

from django.contrib import admin
from django.utils import timezone

from .. import dashboard


class DeskFilter(admin.SimpleListFilter):
    """The desk's lists (my drafts, awaiting review, scheduled, …) as a list filter."""

    title = "desk"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        if dashboard.entry_for(model_admin.model) is None:
            return []
        return [
            (desk_list.key, desk_list.title)
            for desk_list in dashboard.visible_lists(request.user, model_admin.model)
        ]

    def queryset(self, request, queryset):
        entry = dashboard.entry_for(queryset.model)
        if entry is None or self.value() not in dashboard.LISTS_BY_KEY:
            return queryset
        return queryset.filter(dashboard.list_q(entry, self.value(), request.user, timezone.now()))
