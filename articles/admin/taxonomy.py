"""The topic and region admins."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from ..models import Region, Topic


class CountingChangeList(ChangeList):
    """Counts published articles on the list page only, not in the autocomplete."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).with_article_counts()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]

    def get_changelist(self, request, **kwargs):
        return CountingChangeList

    @admin.display(description="published articles", ordering="article_count")
    def article_count(self, topic):
        return topic.article_count


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_changelist(self, request, **kwargs):
        return CountingChangeList

    @admin.display(description="published articles", ordering="article_count")
    def article_count(self, region):
        return region.article_count
