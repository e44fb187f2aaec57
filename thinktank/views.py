from django.http import HttpResponse
from django.shortcuts import render

from articles.models import Article, Topic, Update
from thinktank.cache import cached_for_content, public_page

FEATURED_COUNT = 3
LATEST_COUNT = 6
UPDATES_COUNT = 5


@public_page
def home(request):
    articles = Article.objects.published().for_listing()
    featured = list(articles.filter(featured=True)[:FEATURED_COUNT])
    latest = articles.exclude(pk__in=[article.pk for article in featured])[:LATEST_COUNT]
    return render(
        request,
        "home.html",
        {
            "featured": featured,
            "latest": latest,
            "updates": Update.objects.published().for_listing()[:UPDATES_COUNT],
            "topics": cached_for_content("home-topics", _busiest_topics),
        },
    )


def _busiest_topics():
    return list(
        Topic.objects.with_article_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:12]
    )


def healthz(request):
    """For load balancers: answers without touching the database.

    Being a constant response through the whole middleware stack, it is also
    the benchmark's floor.
    """
    return HttpResponse("ok", content_type="text/plain")
