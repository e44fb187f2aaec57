"""The article list page: its columns, filters and search."""

from django.contrib import admin

from assets.admin_tools import thumbnail
from publishing.admin.desk import DeskFilter
from taxonomy.admin import TopicFilter

from .filters import AuthorFilter, MineFilter


class ArticleListMixin:
    list_display = [
        "image",
        "title",
        "kind",
        "state",
        "byline",
        "published_at",
        "updated_at",
        "featured",
    ]
    list_display_links = ["image", "title"]
    list_filter = [
        DeskFilter,
        "status",
        MineFilter,
        "kind",
        "featured",
        TopicFilter,
        "regions",
        AuthorFilter,
    ]
    search_fields = ["title", "summary", "slug", "authors__name"]
    date_hierarchy = "published_at"
    list_per_page = 50

    @admin.display(description="image")
    def image(self, article):
        return thumbnail(article.hero_image, article.hero_alt)

    @admin.display(description="status", ordering="status")
    def state(self, article):
        return " · ".join(filter(None, [article.state_label(), article.expiry_label()]))

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(person.name for person in article.byline_people) or "—"
