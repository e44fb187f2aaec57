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
    return lambda hub: Article.objects.published().filter(**{by: hub}).for_listing()


def _updates(by):
    return lambda hub: Update.objects.published().filter(**{by: hub}).for_listing()


def region_writers(region):
    """Active people with published articles on `region`, the most prolific first."""
    return (
        Person.objects.active()
        .filter(articles__in=Article.objects.published().filter(regions=region))
        .annotate(article_count=Count("articles", distinct=True))
        .order_by("-article_count", "sort_order", "name")
    )


def register():
    articles, updates = "articles/hubs/articles.html", "articles/hubs/updates.html"
    hubs.register(Topic, hubs.Section("articles", articles, _articles("topics"), paged=True))
    hubs.register(
        Topic,
        hubs.Section(
            "updates", updates, _updates("topics"), place=hubs.ASIDE, order=20, limit=HUB_UPDATES
        ),
    )
    hubs.register(Region, hubs.Section("articles", articles, _articles("regions"), paged=True))
    hubs.register(
        Region,
        hubs.Section(
            "experts",
            "articles/hubs/writers.html",
            region_writers,
            place=hubs.ASIDE,
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
