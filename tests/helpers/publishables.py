"""Publishable models as the contract test drives them (tests/publishing/test_contract_*.py).

Each model the door registry knows (publishing/doors.py) has an entry in CONTRACTS here:
how to make a live item with everything its doors need, where its admin is, and which of
its relations must come back from the trash. A new publishable model is done when it
registers its doors, gets an entry here, and the contract tests pass.
"""

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article
from events.models import Event
from pages.models import Page
from publishing import doors, workflow
from publishing.doors import DoorUnreachable
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    PageFactory,
    PersonFactory,
    RegionFactory,
    SeriesFactory,
    TopicFactory,
    pdf_file,
)

HIDDEN_STATES = ["draft", "in_review", "archived", "scheduled", "expired", "trashed"]


@dataclass(frozen=True)
class Contract:
    """What the contract test needs to know of one publishable model."""

    model: type
    # A live item with everything its doors need (relations, a file, a live neighbour);
    # keyword arguments override its fields.
    make: Callable[..., Any]
    # The admin changelist (its actions include "publish").
    admin_url: str
    # The relations that must come back with an item restored from the trash.
    relations: Callable[[Any], dict]
    # The fields that make an item the work of `user` (a contributor edits their own);
    # None for a model only editors edit (events), which contributors may not touch at all.
    authored_by: Callable[[Any], dict] | None
    # A text field editors change, shown on the item's own page (for revisions).
    text_field: str


_numbers = itertools.count(1)


@functools.cache
def _pdf_bytes():
    return pdf_file(pages=1).read()


def make_article(**fields):
    """A live report with a PDF, an author, a topic, a region and a series, each shared
    with a live neighbour, so every door has something to show beside it."""
    author, topic, region = PersonFactory(), TopicFactory(), RegionFactory()
    related = {"authors": [author], "topics": [topic], "regions": [region]}
    neighbour = ArticleFactory(**related)
    number = next(_numbers)
    article = ArticleFactory(
        **{
            "title": f"Sealed brief {number}.",
            "slug": f"sealed-brief-{number}",
            "kind": Article.Kind.REPORT,
            "pdf": SimpleUploadedFile("brief.pdf", _pdf_bytes(), content_type="application/pdf"),
            **related,
            **fields,
        }
    )
    SeriesFactory(articles=[neighbour, article])
    return article


def article_relations(article):
    return {
        "authors": [byline.person_id for byline in article.bylines.order_by("order")],
        "topics": sorted(article.topics.values_list("pk", flat=True)),
        "regions": sorted(article.regions.values_list("pk", flat=True)),
        "series": list(
            Article.objects.filter(pk=article.pk).values_list("series_entry__series", flat=True)
        ),
    }


def make_page(**fields):
    """A live sub-page of a live page, in both menus, so every door has it to show."""
    number = next(_numbers)
    parent = PageFactory(title=f"Open section {number}", slug=f"open-section-{number}")
    return PageFactory(
        **{
            "title": f"Sealed page {number}.",
            "slug": f"sealed-page-{number}",
            "parent": parent,
            "show_in_header": True,
            "show_in_footer": True,
            **fields,
        }
    )


def make_event(**fields):
    """A live event with a speaker from the directory, a guest, a topic, a region, a
    related article and a registrant (who must come back from the trash too)."""
    number = next(_numbers)
    event = EventFactory(
        **{
            "title": f"Sealed panel {number}.",
            "slug": f"sealed-panel-{number}",
            "speakers": [PersonFactory()],
            "topics": [TopicFactory()],
            "regions": [RegionFactory()],
            **fields,
        }
    )
    event.speakers.create(order=1, role="moderator", guest_name="A. Guest", guest_affiliation="X")
    event.related_articles.set([ArticleFactory()])
    event.registrations.create(name="A Reader", email="reader@example.org", status="confirmed")
    return event


def event_relations(event):
    return {
        "speakers": list(
            event.speakers.order_by("order").values_list("person_id", "guest_name", "role")
        ),
        "topics": sorted(event.topics.values_list("pk", flat=True)),
        "regions": sorted(event.regions.values_list("pk", flat=True)),
        "related_articles": sorted(event.related_articles.values_list("pk", flat=True)),
        "registrations": list(event.registrations.values_list("email", "status", "nonce")),
    }


CONTRACTS = {
    Article: Contract(
        model=Article,
        make=make_article,
        admin_url="/admin/articles/article/",
        relations=article_relations,
        authored_by=lambda user: {"authors": [user.person]},
        text_field="title",
    ),
    Page: Contract(
        model=Page,
        make=make_page,
        admin_url="/admin/pages/page/",
        relations=lambda page: {"parent": page.parent_id, "path": page.path},
        authored_by=lambda user: {"created_by": user},
        text_field="title",
    ),
    Event: Contract(
        model=Event,
        make=make_event,
        admin_url="/admin/events/event/",
        relations=event_relations,
        # Events have no contributors: staff may not edit them at all.
        authored_by=None,
        text_field="title",
    ),
}


def contract(model):
    assert model in CONTRACTS, (
        f"{model.__name__} registered its doors: give it an entry in tests/helpers/publishables.py"
    )
    return CONTRACTS[model]


# The fields of an item made directly in a state (not moved there by the workflow).
STATE_FIELDS = {
    "draft": {"status": "draft", "published_at": None},
    "in_review": {"status": "in_review", "published_at": None},
    "archived": {"status": "archived"},
    "live": {},
}


def make_in_state(model, state, **fields):
    """A new item of `model` in `state` (a key of STATE_FIELDS), as the factory makes it."""
    return contract(model).make(**STATE_FIELDS[state], **fields)


def hide(item, state, user=None):
    """Move a live `item` into the hidden `state` (one of HIDDEN_STATES) as editors do:
    through the workflow, as `user` (by default the system user commands act as)."""
    user = user or workflow.system_user()
    now = timezone.now()
    moves = {
        "draft": [workflow.unpublish],
        "in_review": [workflow.unpublish, workflow.submit],
        "archived": [workflow.archive],
        "scheduled": [lambda item, user: workflow.schedule(item, user, now + timedelta(days=1))],
        "expired": [lambda item, user: workflow.set_expiry(item, user, now - timedelta(seconds=1))],
        "trashed": [workflow.trash],
    }
    for move in moves[state]:
        move(item, user)


def reach(door, item):
    """Where to look for `item` at `door`, and what reveals it there (None: its own page)."""
    try:
        return door.address(item), (None if door.is_own_address else door.shows(item))
    except DoorUnreachable as problem:
        pytest.fail(f"{door.name} cannot be checked: {problem}; make_* must provide it")


def places(item):
    """Every door of `item`'s model, by name: where to look, and what reveals it there."""
    return {door.name: reach(door, item) for door in doors.doors_of(type(item))}


def seen_through(client, places):
    """The names of the doors through which the item is seen now."""
    return [name for name, (address, shows) in places.items() if seen(client, address, shows)]


def found(marker, text):
    return marker in text if isinstance(marker, str) else marker.search(text) is not None


def seen(client, address, markers):
    """Whether the item is seen at `address`: its own page answers, or a list shows it.

    A list must answer 200 whether or not it shows the item; an own page 200 or 404.
    """
    response = client.get(address)
    if markers is None:
        assert response.status_code in (200, 404), (address, response.status_code)
        return response.status_code == 200
    assert response.status_code == 200, (address, response.status_code)
    text = response.content.decode()
    shown = [found(marker, text) for marker in markers]
    assert all(shown) or not any(shown), f"{address} shows only part of the item: {markers}"
    return all(shown)
