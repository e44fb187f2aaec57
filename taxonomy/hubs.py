"""What content apps have for a topic, a region or a person: the hub registry.

Topic, region and person pages are hubs: they list content their own app does not own
("what do you have for topic 4?"). Content apps answer in their `AppConfig.ready()`, so a
hub page never imports them and a new content type joins every hub by registering:

    hubs.register(Topic, hubs.Section("updates", "articles/hubs/updates.html", updates_on,
                                      place=hubs.ASIDE, limit=5))
    hubs.register_count(Topic, hubs.Count("article_count", "published articles", expression))

A section's `items(hub)` is a queryset through the listed model's `published()` door,
with what its template shows already selected or prefetched, so each section costs the
same few queries however many items it shows (a paged one's total is cached). Counts are
aggregates annotated on the hubs' own query, so an index of topics stays one query.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import SimpleLazyObject

from core.cache import members_of, tag
from core.pagination import paginate

MAIN, ASIDE = "main", "aside"


@dataclass(frozen=True)
class Section:
    """One list on a hub page, e.g. a topic's articles or its experts."""

    name: str  # unique per hub model: "articles", "updates", "experts"
    template: str  # gets `hub`, `hub_noun` ("topic") and `items` (`page_obj` when paged)
    items: Callable[[Any], Any]  # hub -> queryset of what the section lists
    place: str = MAIN  # the page's main column or its sidebar
    order: int = 100  # lower comes first in its place
    limit: int | None = None  # at most this many; None with `paged` for the page's list
    paged: bool = False  # the page's one paged list (?page=); the others show `limit` items


@dataclass(frozen=True)
class Count:
    """A number shown for each hub on index pages and in the admin, e.g. its articles."""

    name: str  # the annotation: "article_count"
    label: str  # the admin's column heading: "published articles"
    expression: Callable[[], Any]  # -> an aggregate over the hub model's relations


@dataclass
class FilledSection:
    section: Section
    items: Any  # a list, or the Page of a paged section

    @property
    def template(self):
        return self.section.template


_sections = defaultdict(dict)  # model label -> {name: Section}
_counts = defaultdict(dict)  # model label -> {name: Count}


def _label(model):
    return model._meta.label_lower


def register(model, section):
    """Show `section` on the page of every `model` instance (Topic, Region, Person)."""
    if section.place not in (MAIN, ASIDE):
        raise ValueError(f"A section goes in {MAIN!r} or {ASIDE!r}, not {section.place!r}.")
    registered = _sections[_label(model)]
    if section.name in registered:
        raise ValueError(f"{_label(model)} already has a section named {section.name!r}.")
    if section.paged and any(other.paged for other in registered.values()):
        raise ValueError(f"{_label(model)} pages already have their one paged section.")
    registered[section.name] = section


def register_count(model, count):
    """Annotate `count` on `model`'s index queries (`with_counts()`)."""
    if count.name in _counts[_label(model)]:
        raise ValueError(f"{_label(model)} already has a count named {count.name!r}.")
    _counts[_label(model)][count.name] = count


def sections(model):
    """`model`'s sections in page order: the main column's, then the sidebar's."""
    return sorted(
        _sections[_label(model)].values(), key=lambda s: (s.place != MAIN, s.order, s.name)
    )


def counts(model):
    return list(_counts[_label(model)].values())


def count_annotations(model):
    """{name: aggregate} for `QuerySet.annotate()`; each counts distinct rows, so they add up."""
    return {count.name: count.expression() for count in counts(model)}


def fill(request, hub):
    """The context a hub page renders its sections from.

    `main` and `aside` hold the sections with something to show (a paged one always
    shows, to say it is empty), `page_obj` the paged section's page: its number goes in
    the page title, and its total is cached until content changes. The sections are read
    when first shown, so a hub page whose sections come from a cached fragment reads none.
    """
    # What the page lists changes with the hub's members (core.cache.members_tag); rows it
    # shows carry their own tags, the hub's name included, as they load.
    members = members_of(hub)
    tag(members)
    page_obj = None
    for section in sections(type(hub)):
        if section.paged:
            page_obj = paginate(
                request, section.items(hub), count_key=members, count_tags=[members]
            )

    @cache
    def filled():
        places = {MAIN: [], ASIDE: []}
        for section in sections(type(hub)):
            if section.paged:
                items = page_obj
            else:
                items = section.items(hub)
                items = list(items[: section.limit] if section.limit else items)
                if not items:
                    continue
            places[section.place].append(FilledSection(section, items))
        return places

    return {
        MAIN: SimpleLazyObject(lambda: filled()[MAIN]),
        ASIDE: SimpleLazyObject(lambda: filled()[ASIDE]),
        "page_obj": page_obj,
        "hub": hub,
        "hub_noun": str(hub._meta.verbose_name),
    }
