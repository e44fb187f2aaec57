"""Models with public addresses, which content apps register in their `AppConfig.ready()`.

When a registered item is saved with a different `get_absolute_url()` and readers could
have seen the old one, the old path gets a redirect to the new one, in the same
transaction as the save. Whatever saves it (the admin, the workflow, a revision restored,
an import) takes this road, so a new content type gets redirects by registering.
"""

import collections
import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from publishing.models import Publishable

from .models import Redirect
from .paths import normalise

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Entry:
    seen: object  # seen(stored_item): could readers know its addresses?
    fields: tuple  # the fields its addresses are made of

    def paths(self, item):
        """Its page first, then what other apps add (`register_addresses`), in the same
        order each time, so old and new addresses pair up."""
        found = [item.get_absolute_url()]
        for more in _more_addresses[type(item)]:
            found.extend(more(item))
        return [normalise(path) for path in found]


_registered = {}  # model: Entry
_more_addresses = collections.defaultdict(list)  # model: [addresses(item)]


def readers_have_seen(item):
    """A publishable item's address counts once it has been live (a scheduled item that
    has not yet gone out has none readers know); any other registered model's (topics,
    people…) from the moment it exists."""
    if isinstance(item, Publishable):
        first = item.first_published_at
        return first is not None and first <= timezone.now()
    return True


def register(model, *, seen=readers_have_seen, fields=("slug",)):
    """Keep old addresses of `model`'s items working. `seen(stored_item)` says whether
    readers could know the stored address; `fields`, which fields it is made of (a save
    of other fields only, such as a state change, costs no look-up)."""
    if issubclass(model, Publishable):
        fields = (*fields, "first_published_at")
    _registered[model] = Entry(seen, tuple(fields))
    uid = f"redirects-{model._meta.label}"
    pre_save.connect(_remember_address, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_record_move, sender=model, dispatch_uid=f"{uid}-post")


def register_addresses(model, addresses):
    """More public addresses of a registered model's items, from the app that serves them
    (articles serves the topic, region and person feeds): `addresses(item)` lists them."""
    _more_addresses[model].append(addresses)


def is_registered(model):
    return model in _registered


def address_is_public(item):
    """Whether changing the stored `item`'s address would leave readers a redirect."""
    entry = _registered.get(type(item))
    return item.pk is not None and entry is not None and entry.seen(item)


def last_move(item):
    """(old path, new path) of the item's page if its last save moved it."""
    return getattr(item, "_redirects_moved", None)


def _remember_address(sender, instance, raw=False, update_fields=None, **kwargs):
    entry = _registered[sender]
    if update_fields and not set(update_fields) & set(entry.fields):
        return  # the address is not among what changes (and a move just recorded stays)
    instance._redirects_moved = None
    instance._redirects_old_paths = None
    if raw or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).only(*entry.fields).first()
    if stored is not None and entry.seen(stored):
        instance._redirects_old_paths = entry.paths(stored)


def _record_move(sender, instance, raw=False, **kwargs):
    old_paths = getattr(instance, "_redirects_old_paths", None)
    if raw or old_paths is None:
        return
    moves = [
        (old, new)
        for old, new in zip(old_paths, _registered[sender].paths(instance), strict=True)
        if old != new
    ]
    for old, new in moves:
        try:
            Redirect.objects.moved(old, new)
        except ValidationError as error:
            # A save must not fail for want of a redirect; the editor can add it by hand.
            logger.warning("No redirect from %s to %s: %s", old, new, "; ".join(error.messages))
        else:
            if old == old_paths[0]:
                instance._redirects_moved = (old, new)
