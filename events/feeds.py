"""The events feed (RSS and Atom): listed events, the most recently announced first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from .display import time_range
from .models import Event

ITEMS = 30


class EventFeed(Feed):
    cache_tags = ("list:events",)  # for the page cache, beside each item's own

    def title(self):
        return f"{settings.SITE_NAME}: events"

    def description(self):
        return f"Launches, panels, lectures and roundtables at {settings.SITE_NAME}."

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.listed().for_listing().order_by("-published_at", "-pk")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_absolute_url()

    def item_description(self, item):
        when = f"{item.local_starts_at:%A %-d %B %Y}, {time_range(item)}"
        return f"{when}. {item.summary}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
