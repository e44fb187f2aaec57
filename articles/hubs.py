"""What articles and updates give the topic, region and person pages (taxonomy.hubs).

Registered in `ArticlesConfig.ready()`; every list goes through `published()`.
"""

from django.db.models import Count

from people.models import Person
from taxonomy import hubs
from taxonomy.models import Region, Topic

from .models import Article, Update, published_q

HUB_UPDATES = 5
REGION_WRITERS = 8


def _articles(by):
    # Cards show no topics: the bylines are all they need besides the row.
    return lambda hub: Article.objects.published().filter(**{by: hub}).defer("body").with_bylines()


def _lead(by):
    """A hub's featured piece: its newest article that editors marked featured."""
    return lambda hub: (
        Article.objects.published().filter(**{by: hub}, featured=True).defer("body").with_bylines()
    )


def _latest(by):
    """A hub's latest analysis, without the featured piece that leads the page."""

    def items(hub):
        on_hub = Article.objects.published().filter(**{by: hub})
        lead = on_hub.filter(featured=True).order_by("-published_at", "-pk").values("pk")[:1]
        # Cards show no topics: the bylines are all they need besides the row.
        return on_hub.exclude(pk__in=lead).defer("body").with_bylines()

    return items


def _updates(by):
    return lambda hub: Update.objects.published().filter(**{by: hub}).for_listing()


def region_writers(region):
    """Active people with published articles on `region`, the most prolific first.

    Those who list the region among their own (people's "experts" section) are there already.
    """
    return (
        Person.objects.active()
        .filter(articles__in=Article.objects.published().filter(regions=region))
        .exclude(regions=region)
        .annotate(article_count=Count("articles", distinct=True))
        .order_by("-article_count", "sort_order", "name")
    )


def register():
    articles, updates = "articles/hubs/articles.html", "articles/hubs/updates.html"
    lead = "articles/hubs/featured.html"
    for model, by in ((Topic, "topics"), (Region, "regions")):
        hubs.register(model, hubs.Section("featured", lead, _lead(by), order=0, limit=1))
        hubs.register(model, hubs.Section("articles", articles, _latest(by), paged=True))
    hubs.register(
        Topic,
        hubs.Section(
            "updates", updates, _updates("topics"), place=hubs.ASIDE, order=20, limit=HUB_UPDATES
        ),
    )
    hubs.register(
        Region,
        hubs.Section(
            "writers",
            "articles/hubs/writers.html",
            region_writers,
            place=hubs.ASIDE,
            order=15,
            limit=REGION_WRITERS,
        ),
    )
    hubs.register(
        Person,
        hubs.Section(
            "articles", "articles/hubs/person_articles.html", _articles("authors"), paged=True
        ),
    )
    hubs.register(
        Person,
        hubs.Section("updates", updates, _updates("author"), place=hubs.ASIDE, limit=HUB_UPDATES),
    )
    hubs.register_count(Topic, _article_count("article_links", "article_links__content_object__"))
    hubs.register_count(Region, _article_count("articles", "articles__"))


def _article_count(relation, prefix):
    return hubs.Count(
        "article_count",
        "published articles",
        lambda: Count(relation, filter=published_q(prefix), distinct=True),
    )
