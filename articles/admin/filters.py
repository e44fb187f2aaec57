"""List filters shared by the articles app's admins."""

from django.contrib import admin

from core.admin_tools import RelatedValuesFilter
from people.models import Person


class AuthorFilter(RelatedValuesFilter):
    title = "author"
    parameter_name = "author"
    model = Person
    lookup = "authors__slug"


class UpdateAuthorFilter(AuthorFilter):
    lookup = "author__slug"


class MineFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "My articles")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(bylines__person__user=request.user)
        return queryset
