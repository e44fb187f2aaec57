from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from articles.forms import ArticleFilterForm
from articles.models import Article, Update, front_page_stories
from core.cache import cacheable, cached_for_content
from core.pagination import DEFAULT_PER_PAGE
from events.models import Event
from pages.models import Page
from people.models import Person
from search.query import clean_query, search
from taxonomy.models import Region, Topic

LATEST_COUNT = 6
UPDATES_COUNT = 4
EXPERTS_COUNT = 4


@cacheable("home", "list:articles", "list:updates", "list:events", "list:people")
@transaction.non_atomic_requests
def home(request):
    # Lazy: the home fragment (templates/home.html) shows them, and once it is cached the
    # page reads none of them.
    stories = SimpleLazyObject(front_page_stories)
    return render(
        request,
        "home.html",
        {
            "lead": SimpleLazyObject(lambda: stories[0] if stories else None),
            "secondary": SimpleLazyObject(lambda: stories[1:]),
            "latest": SimpleLazyObject(
                lambda: list(
                    Article.objects.published()
                    .for_listing()
                    .exclude(pk__in=[story.pk for story in stories])[:LATEST_COUNT]
                )
            ),
            "updates": Update.objects.published().for_listing()[:UPDATES_COUNT],
            # Which are busiest changes as articles are published: they carry the list.
            "topics": SimpleLazyObject(
                lambda: cached_for_content("home-topics", _busiest_topics, tags=["list:articles"])
            ),
            "regions": SimpleLazyObject(
                lambda: cached_for_content("home-regions", _busiest_regions, tags=["list:articles"])
            ),
            "experts": Person.objects.active().exclude(photo="")[:EXPERTS_COUNT],
        },
    )


def _busiest_topics():
    return list(
        Topic.objects.with_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:12]
    )


def _busiest_regions():
    return list(
        Region.objects.with_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:12]
    )


SEARCH_TYPES = {
    "all": "Everything",
    "article": "Analysis",
    "person": "Experts",
    "update": "Updates",
    "event": "Events",
    "topic": "Topics",
    "page": "About us",
}


# Results change with any edit to what is searched (the publishing core bumps "search")
# and as scheduled items go live or expire (what their lists' tags say).
SEARCHED_LISTS = ["articles", "events", "pages", "people", "regions", "topics", "updates"]


@cacheable("search", *(f"list:{name}" for name in SEARCHED_LISTS))
@transaction.non_atomic_requests
def search_page(request):
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("type", "all")
    kind = kind if kind in SEARCH_TYPES else "all"
    form = ArticleFilterForm(request.GET)
    articles = Article.objects.published()
    articles = articles.filter_by(**form.filters()) if form.is_valid() else articles.none()
    sources = {
        "article": articles.for_listing(),
        "person": Person.objects.active(),
        "update": Update.objects.published().for_listing(),
        # listed(): an unlisted briefing is never found, only reached by its link.
        "event": Event.objects.listed().defer("transcript"),
        "topic": Topic.objects.all(),
        "page": Page.objects.published(),
    }
    context = {
        "query": query,
        "kind": kind,
        "kind_label": SEARCH_TYPES["article" if kind == "all" else kind],
        "types": SEARCH_TYPES,
        "form": form,
    }
    if query:
        paged = "article" if kind == "all" else kind
        results = search(paged, query, sources[paged])
        context["page_obj"] = Paginator(results, DEFAULT_PER_PAGE).get_page(request.GET.get("page"))
        if kind == "all":
            context["people"] = search("person", query, sources["person"])[:4]
            context["topics"] = search("topic", query, sources["topic"])[:6]
            context["updates"] = search("update", query, sources["update"])[:3]
            context["pages"] = search("page", query, sources["page"])[:3]
            context["events"] = search("event", query, sources["event"])[:3]
    response = render(request, "search.html", context)
    if query:
        # Result pages are for readers, not for search engines to index again.
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@transaction.non_atomic_requests  # a constant answer: no transaction, no database
def healthz(request):
    """For load balancers: answers without touching the database.

    Being a constant response through the whole middleware stack, it is also
    the benchmark's floor.
    """
    return HttpResponse("ok", content_type="text/plain")


@cacheable
@transaction.non_atomic_requests
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "Disallow: /updates/new/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@transaction.non_atomic_requests
def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
