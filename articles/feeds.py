"""RSS 2.0 and Atom feeds: all analysis, each topic, region and author, and updates.

The author feed lists articles, so it lives here too (articles may import people, not
the reverse). The project's root URLs wire the feeds.

Every feed reads `published()`, so drafts and scheduled items never appear.
"""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure

from assets.renditions import current_entries
from people.models import Person
from taxonomy.models import Region, Topic

from .models import Article, Update

ITEMS = 30
current_request = ContextVar("current_request")


class PublishedItemFeed(Feed):
    """Items with a public page, a publish date and a modified date."""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class ArticleFeed(PublishedItemFeed):
    cache_tags = ("list:articles",)  # for the page cache, beside each item's own
    """All published analysis, newest first."""

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest analysis"

    def description(self, obj=None):
        return f"Analysis, commentary, reports and policy briefs from {settings.SITE_NAME}."

    def link(self, obj=None):
        return reverse("articles:list")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_listing().prefetch_related("topics")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_updateddate(self, item):
        return item.modified_at  # corrections count; silent typo fixes do not

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return ", ".join(person.name for person in item.byline_people) or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_enclosures(self, item):
        entries = current_entries(item.hero_image, item.hero_image_renditions, "hero")
        if not entries:
            return []
        entry = next((e for e in entries if e["w"] >= 960), entries[-1])
        fmt = "png" if "png" in entry else "jpeg"
        request = current_request.get()
        url = request.build_absolute_uri(item.hero_image.storage.url(entry[fmt]))
        length = entry.get("bytes", {}).get(fmt, 0)
        return [Enclosure(url, str(length), f"image/{fmt}")]

    def get_feed(self, obj, request):
        # Feed instances are shared between threads; the request travels in a context var.
        token = current_request.set(request)
        try:
            return super().get_feed(obj, request)
        finally:
            current_request.reset(token)


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return obj.description or f"Analysis on {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(topics=obj)


class RegionFeed(TopicFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def articles(self, obj):
        return Article.objects.published().filter(regions=obj)


class AuthorFeed(TopicFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.active(), slug=slug)

    def description(self, obj):
        return f"Analysis by {obj.name}, {obj.role}." if obj.role else f"Analysis by {obj.name}."

    def articles(self, obj):
        return Article.objects.published().filter(authors=obj)


class UpdateFeed(PublishedItemFeed):
    cache_tags = ("list:updates",)

    def title(self):
        return f"{settings.SITE_NAME}: updates"

    def description(self):
        return f"News from {settings.SITE_NAME}: testimony, new reports, events and media."

    def link(self):
        return reverse("articles:update-list")

    def items(self):
        return Update.objects.published().for_listing()[:ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.body

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


def atom(feed_class):
    """The Atom twin of an RSS feed class (its description becomes the Atom subtitle)."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )
