from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from assets.media_views import document_response
from core.cache import cacheable, cached_for_content, members_of
from core.pagination import DEFAULT_PER_PAGE, paginate
from core.querystrings import without_empty_parameters
from people.models import Person
from publishing import workflow
from search.query import search

from .citations import Citation
from .forms import ArticleFilterForm, UpdateForm
from .models import Article, Series, Update


@cacheable("list:articles")
@transaction.non_atomic_requests
def article_list(request):
    articles = Article.objects.published()
    if request.GET.keys() <= {"page"}:
        # The whole archive, newest first: nothing to validate, and the form (whose menus
        # take a few cached values) is made only if the list's fragment is rendered.
        if redirect_to := without_empty_parameters(request, [("page", "1")]):
            return redirect_to
        form = SimpleLazyObject(lambda: _validated(ArticleFilterForm(request.GET)))
        page_obj = paginate(
            request, articles.for_listing(), count_key="articles:", count_tags=["list:articles"]
        )
        return render(request, "articles/article_list.html", {"form": form, "page_obj": page_obj})
    form = ArticleFilterForm(request.GET)
    defaults = [("page", "1"), ("sort", form.default_sort)]
    if redirect_to := without_empty_parameters(request, defaults):
        return redirect_to
    if not form.is_valid():
        page_obj = paginate(request, articles.none())
    elif form.query:
        page_obj = _search_results(request, form, articles.filter_by(**form.filters()))
    else:
        articles = articles.filter_by(**form.filters())
        if form.ordering == form.OLDEST:
            # The list index read backwards: as fast as newest first.
            articles = articles.order_by("published_at", "pk")
        count_key = f"articles:{form.cache_key()}"
        page_obj = paginate(
            request, articles.for_listing(), count_key=count_key, count_tags=["list:articles"]
        )
    return render(request, "articles/article_list.html", {"form": form, "page_obj": page_obj})


def _validated(form):
    form.is_valid()
    return form


def _search_results(request, form, articles):
    """The list searched by its `q`: best match first, or the matches by date."""
    results = search("article", form.query, articles.for_listing())
    if form.ordering == form.RELEVANCE:
        return Paginator(results, DEFAULT_PER_PAGE).get_page(request.GET.get("page"))
    order = ("published_at", "pk") if form.ordering == form.OLDEST else ("-published_at", "-pk")
    matches = articles.filter(pk__in=results.ids()).order_by(*order)
    return paginate(request, matches.for_listing())


@cacheable
@transaction.non_atomic_requests
def article_detail(request, slug):
    # The row and its series: its byline, topics and boxes load when the fragments showing
    # them (templates/articles/article_detail.html) are rendered, not when they are cached.
    article = get_object_or_404(
        Article.objects.published().select_related("series_entry__series"), slug=slug
    )
    return render(request, "articles/article_detail.html", article_page_context(request, article))


def article_page_context(request, article):
    """Everything the article page shows, for the live page and for previews alike.

    Lazy: what a cached fragment already shows is never computed."""
    # A live preview's unsaved topics and byline are not the stored article's.
    unsaved = getattr(article, "unsaved_preview", False)

    @cache
    def boxes():
        if unsaved:
            ids = _boxes(article)
        else:
            ids = cached_for_content(
                f"related-and-more-by:{article.pk}",
                lambda: _boxes(article),
                # Ids, not rows: the boxes change when an article joins one of these hubs.
                tags=[
                    *map(members_of, article.topics.all()),
                    *map(members_of, article.regions.all()),
                    *map(members_of, article.byline_people[:1]),
                ],
            )
        # One query fills both boxes; published() drops anything unpublished since.
        shown = Article.objects.published().for_listing().in_bulk(ids["related"] + ids["more_by"])
        return {name: [shown[pk] for pk in ids[name] if pk in shown] for name in ids}

    return {
        "article": article,
        # What the page's fragments show, read in the queries for_page() takes.
        "load_relations": lambda: prefetch_related_objects([article], *Article.page_relations()),
        "related": SimpleLazyObject(lambda: boxes()["related"]),
        "more_by": SimpleLazyObject(lambda: boxes()["more_by"]),
        "citation": SimpleLazyObject(
            lambda: Citation(article, request.build_absolute_uri(article.get_absolute_url()))
        ),
        "series": SimpleLazyObject(article.series_navigation),
        # Most articles have none; corrected_at says whether to look.
        "corrections": SimpleLazyObject(
            lambda: list(article.corrections.all()) if article.corrected_at or unsaved else []
        ),
        "crumbs": [(reverse("articles:list"), "Analysis"), (None, article.title)],
    }


def _boxes(article, size=3):
    """The ids of the "More by" box and of the related box, which repeats none of them."""
    more_by = list(Article.objects.more_by(article, limit=size).values_list("pk", flat=True))
    # Asked for enough to fill the box whatever "More by" has taken.
    candidates = Article.objects.related_ids(article, limit=size + len(more_by))
    related = [pk for pk in candidates if pk not in more_by]
    return {"related": related[:size], "more_by": more_by}


def render_preview(request, article, explanation, status=200):
    """An unpublished article on the public template: bannered, never cached or indexed."""
    context = article_page_context(request, article) | {"preview": {"explanation": explanation}}
    response = render(request, "articles/article_detail.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # The link itself is the credential: never send it on to sites the article links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@transaction.non_atomic_requests
def article_document(request, slug):
    """The report's PDF, as a download named after the article: the only way readers get it."""
    article = get_object_or_404(Article.objects.published().only("slug", "kind", "pdf"), slug=slug)
    if not article.has_document:
        raise Http404("This article has no PDF.")
    return document_response(article.pdf, filename=f"{article.slug}.pdf")


@cacheable("list:series")
@transaction.non_atomic_requests
def series_list(request):
    # Counts change as parts are published: any article's listing may move one.
    series = cached_for_content(
        "series",
        lambda: list(Series.objects.with_article_counts().filter(article_count__gt=0)),
        tags=["list:series", "list:articles"],
    )
    return render(request, "articles/series_list.html", {"series_list": series})


@cacheable
@transaction.non_atomic_requests
def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    return render(
        request,
        "articles/series_detail.html",
        {
            "series": series,
            "articles": series.published_articles().for_listing(),
            "crumbs": [(reverse("articles:series-list"), "Series"), (None, series.title)],
        },
    )


@cacheable("list:updates")
@transaction.non_atomic_requests
def update_list(request):
    updates = Update.objects.published().for_listing()
    return render(
        request,
        "articles/update_list.html",
        {"page_obj": paginate(request, updates, count_key="updates", count_tags=["list:updates"])},
    )


@cacheable
@transaction.non_atomic_requests
def update_detail(request, pk):
    update = get_object_or_404(Update.objects.published().for_listing(), pk=pk)
    return render(
        request,
        "articles/update_detail.html",
        {
            "update": update,
            "can_edit": update.can_be_edited_by(request.user),
            "crumbs": [(reverse("articles:update-list"), "Updates"), (None, update.headline)],
        },
    )


def _own_person(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise PermissionDenied(
            "Your account is not linked to a person profile, so updates cannot be published "
            "under your name. Ask an editor to link your account to your profile."
        )
    return person


@login_required
@permission_required("articles.add_update", raise_exception=True)
def update_create(request):
    author = _own_person(request)
    form = UpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.author = author
        update = form.save(commit=False)
        workflow.save(update, request.user, relations=form.save_m2m)
        messages.success(request, "Your update is published.")
        return redirect(update)
    return render(request, "articles/update_form.html", {"form": form, "author": author})


def _own_update(request, pk, allowed):
    update = get_object_or_404(Update.objects.select_related("author"), pk=pk)
    if not allowed(update, request.user):
        raise PermissionDenied("You can only change or delete your own updates.")
    return update


@login_required
def update_edit(request, pk):
    update = _own_update(request, pk, Update.can_be_edited_by)
    form = UpdateForm(request.POST or None, request.FILES or None, instance=update)
    if request.method == "POST" and form.is_valid():
        workflow.save(form.save(commit=False), request.user, relations=form.save_m2m)
        messages.success(request, "Your changes are saved.")
        return redirect(update)
    return render(request, "articles/update_form.html", {"form": form, "author": update.author})


@login_required
@require_http_methods(["GET", "POST"])
def update_delete(request, pk):
    update = _own_update(request, pk, Update.can_be_deleted_by)
    if request.method == "POST":
        workflow.trash(update, request.user)
        messages.success(request, "The update is deleted. Editors can restore it from the trash.")
        return redirect("articles:update-list")
    return render(request, "articles/update_confirm_delete.html", {"update": update})


CITATION_FORMATS = {
    "bib": ("bibtex", "application/x-bibtex"),
    "ris": ("ris", "application/x-research-info-systems"),
}


@cacheable
@transaction.non_atomic_requests
def article_citation(request, slug, fmt):
    article = get_object_or_404(Article.objects.published().with_bylines(), slug=slug)
    method, content_type = CITATION_FORMATS[fmt]
    citation = Citation(article, request.build_absolute_uri(article.get_absolute_url()))
    response = HttpResponse(
        getattr(citation, method)(), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.{fmt}"'
    return response
