"""The series admin: a series and its articles in reading order."""

from django.contrib import admin
from django.db.models import Count

from redirects.address_admin import AddressChangeAdminMixin

from ..models import Series, SeriesEntry


class SeriesEntryInline(admin.TabularInline):
    model = SeriesEntry
    autocomplete_fields = ["article"]
    fields = ["article", "position"]
    extra = 1


@admin.register(Series)
class SeriesAdmin(AddressChangeAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "parts"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "description"]
    inlines = [SeriesEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(part_count=Count("entries"))

    @admin.display(description="articles", ordering="part_count")
    def parts(self, series):
        return series.part_count

    def view_on_site(self, series):
        return series.get_absolute_url()
