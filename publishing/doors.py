"""The public doors of each publishable model: every address where readers could see an item.

A content app declares, in its AppConfig.ready(), each URL pattern that shows its items
(the item's own page, its PDF and citations, and every list, feed, sitemap, search, box
and count that includes it) and how to reach that door for one item. The contract test
(tests/publishing/) walks every door of every registered model and checks that a hidden
item (draft, in review, archived, trashed, scheduled, expired) is seen at none of them,
and it fails when a URL pattern of the site is in no model's list of doors and not
declared as no content door by the project (thinktank/doors.py). So a new page that
lists articles cannot skip `published()` unnoticed: it is either declared, and tested,
or the build fails.

Nothing here names a content model: the apps bring their own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .models import Publishable

Marker = str | re.Pattern


class DoorUnreachable(Exception):
    """This item cannot be checked at this door (it has no PDF, no topic…); says what it lacks."""


@dataclass(frozen=True)
class Door:
    """One URL pattern where readers may see an item, and how to look for the item there.

    `address(item)` is the URL to fetch for `item`. A door with `shows` is a list (a feed,
    a search, a box on another page): the page answers 200 either way, and `shows(item)`
    gives the strings or patterns that reveal the item on it, which appear while the item
    is live and never once it is hidden. A door without `shows` is the item's own address
    (its page, its PDF): 200 while live, 404 once hidden. Both are called while the item
    is live, so they may read its relations; either may raise DoorUnreachable.
    """

    url_name: str
    address: Callable[[Any], str]
    shows: Callable[[Any], list[Marker]] | None = None
    # Tells apart two doors on one URL name (the page itself, and the boxes on another's).
    label: str = ""

    @property
    def name(self):
        return self.label or self.url_name

    @property
    def is_own_address(self):
        return self.shows is None


_doors = {}


def register(model, doors):
    """Declare `model`'s public doors; called from its app's AppConfig.ready()."""
    if not (isinstance(model, type) and issubclass(model, Publishable)):
        raise ImproperlyConfigured(f"{model!r} is not Publishable: it has no hidden states.")
    if model in _doors:
        raise ImproperlyConfigured(f"{model.__name__}'s doors are already registered.")
    names = [door.name for door in doors]
    if len(set(names)) != len(names):
        raise ImproperlyConfigured(
            f"{model.__name__} has two doors of one name; give them labels: {sorted(names)}."
        )
    _doors[model] = tuple(doors)


def models():
    """Every publishable model that declared its doors, in registration order."""
    return list(_doors)


def doors_of(model):
    return _doors[model]


def door_url_names():
    """The URL names some model declared as a door of its items."""
    return {door.url_name for doors in _doors.values() for door in doors}
