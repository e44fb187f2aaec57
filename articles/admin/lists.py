"""The article list page: its columns, filters and search.

The columns fit a 1280-pixel screen beside the filters: titles wrap to two lines at most
(publishing.css), dates are short, and the state is a badge.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from assets.admin_tools import thumbnail
from publishing.admin import badge_html
from publishing.admin.desk import DeskFilter
from taxonomy.admin import TopicFilter

from .filters import AuthorFilter, MineFilter


def _short_date(moment):
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}"><span>{}</span> <span>{}</span></time>',
        local.isoformat(),
        date_format(local, "j M Y"),
        date_format(local, "H:i"),
    )


class ArticleListMixin:
    # Kind and "featured" sit under the title: as columns of their own they pushed the
    # dates off a 1280-pixel screen.
    list_display = ["image", "headline", "state", "byline", "publish_date", "last_update"]
    list_display_links = ["image", "headline"]
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

    @admin.display(description="title", ordering="title")
    def headline(self, article):
        # The whole title stays in the page (for search and screen readers); CSS shows two lines.
        featured = " · Featured" if article.featured else ""
        return format_html(
            '<span class="line-clamp" title="{}">{}</span><span class="list-meta">{}{}</span>',
            article,
            article,
            article.get_kind_display(),
            featured,
        )

    @admin.display(description="status", ordering="status")
    def state(self, article):
        return badge_html(article)

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(person.name for person in article.byline_people) or "—"

    @admin.display(description="published", ordering="published_at")
    def publish_date(self, article):
        return _short_date(article.published_at)

    @admin.display(description="updated", ordering="updated_at")
    def last_update(self, article):
        return _short_date(article.updated_at)
