"""Every public door where readers could see an article (see publishing/doors.py).

Registered in ArticlesConfig.ready(). A new page, feed or box that shows articles joins
this list, and the publishing contract test then checks that no hidden article is seen
there.
"""

import re
from urllib.parse import urlencode

from django.urls import reverse

from publishing.doors import Door, DoorUnreachable

from .models import Article


def listed(article):
    """What betrays an article in a list, feed, sitemap or box: a link to it, its title."""
    return [article.get_absolute_url(), article.title]


def linked(article):
    """Only the link: where the title could appear anyway (the search echoes its query)."""
    return [article.get_absolute_url()]


def _first(article, relation):
    item = getattr(article, relation).first()
    if item is None:
        raise DoorUnreachable(f"the article needs one of its {relation} to be checked here")
    return item


def _lead_author(article):
    people = article.byline_people
    if not people:
        raise DoorUnreachable("the article needs an author to be checked here")
    return people[0]


def _series(article):
    try:
        return article.series_entry.series
    except Article.series_entry.RelatedObjectDoesNotExist:
        raise DoorUnreachable("the article needs a series to be checked here") from None


def _neighbour(article):
    """Another live article by the same lead author: its page has the 'more by' box."""
    author = _lead_author(article)
    other = Article.objects.published().filter(authors=author).exclude(pk=article.pk).first()
    if other is None:
        raise DoorUnreachable("the article needs a live article by the same author")
    return other.get_absolute_url()


def counted(link, others):
    """An index entry linking to `link` whose count includes the article (others + 1).

    The topic, region and series indexes name each with its count of live articles
    (templates/includes/taxonomy_list.html): a hidden article must not raise a count.
    """
    count = others + 1
    return re.compile(
        rf'href="{re.escape(link)}"(?:(?!</li>).)*?>{count} articles?<',
        re.DOTALL,
    )


def _count_in(relation):
    def shows(article):
        item = _series(article) if relation == "series" else _first(article, relation)
        others = Article.objects.published().exclude(pk=article.pk)
        if relation == "series":
            others = others.filter(series_entry__series=item)
        else:
            others = others.filter(**{relation: item})
        return [counted(item.get_absolute_url(), others.count())]

    return shows


def _search(**params):
    def address(article):
        return f"{reverse('search')}?{urlencode({'q': article.title, **params})}"

    return address


def _by_slug(url_name, related):
    def address(article):
        return reverse(url_name, kwargs={"slug": related(article).slug})

    return address


def _feed(name, related):
    """A feed of the articles of one topic, region or author: the RSS and the Atom form."""
    return [
        Door(f"{name}{form}", _by_slug(f"{name}{form}", related), listed) for form in ("", "-atom")
    ]


def _listing(**filters):
    def address(article):
        query = {key: related(article).slug for key, related in filters.items()}
        return (
            f"{reverse('articles:list')}?{urlencode(query)}" if query else reverse("articles:list")
        )

    return address


def _document(article):
    if not article.has_document:
        raise DoorUnreachable("the article needs a PDF (a report or policy brief)")
    return article.get_document_url()


def _citation(fmt):
    def address(article):
        return reverse("articles:citation", kwargs={"slug": article.slug, "fmt": fmt})

    return address


def topic(article):
    return _first(article, "topics")


def region(article):
    return _first(article, "regions")


DOORS = [
    # Its own addresses.
    Door("articles:detail", Article.get_absolute_url),
    Door("articles:document", _document),
    Door("articles:citation", _citation("bib"), label="articles:citation (BibTeX)"),
    Door("articles:citation", _citation("ris"), label="articles:citation (RIS)"),
    # Lists, boxes and counts.
    Door("home", lambda article: reverse("home"), listed),
    Door("articles:list", _listing(), listed),
    Door("articles:list", _listing(author=_lead_author), listed, label="articles:list (author)"),
    Door("articles:list", _listing(topic=topic), listed, label="articles:list (topic)"),
    Door("articles:detail", _neighbour, linked, label="articles:detail (more by, related)"),
    Door("taxonomy:topic-detail", _by_slug("taxonomy:topic-detail", topic), listed),
    Door(
        "taxonomy:topic-list", lambda article: reverse("taxonomy:topic-list"), _count_in("topics")
    ),
    Door("taxonomy:region-detail", _by_slug("taxonomy:region-detail", region), listed),
    Door(
        "taxonomy:region-list",
        lambda article: reverse("taxonomy:region-list"),
        _count_in("regions"),
    ),
    Door("articles:series-detail", _by_slug("articles:series-detail", _series), listed),
    Door(
        "articles:series-list", lambda article: reverse("articles:series-list"), _count_in("series")
    ),
    Door("people:detail", _by_slug("people:detail", _lead_author), listed),
    Door("search", _search(), linked),
    Door("search", _search(type="article"), linked, label="search (analysis)"),
    # Feeds and the sitemap.
    Door("feed-articles", lambda article: reverse("feed-articles"), listed),
    Door("feed-articles-atom", lambda article: reverse("feed-articles-atom"), listed),
    *_feed("feed-topic", topic),
    *_feed("feed-region", region),
    *_feed("feed-person", _lead_author),
    Door(
        "sitemap-section",
        lambda article: reverse("sitemap-section", kwargs={"section": "articles"}),
        linked,
    ),
]
