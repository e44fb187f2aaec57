"""What a change to published content touches, in cache tags (core.cache).

The workflow declares the tags of each change it makes (its `Outcome.tags`) and bumps
them; writes made outside it (imports, fixtures, a shell) reach the same rules through
the model signals connected by `watch`.

A change bumps tags only when readers could see it: an item that was neither live nor
scheduled before the change, and is not after, touches nothing. A live item edited in
place touches its own tag ("article:12"), which every page that showed it carries; a
change to where it is listed (published, unpublished, rescheduled, an expiry, or a field
a list filters by) also touches the lists and hubs it appears on (`cache_tags()`).
"""

from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from core.cache import SCHEDULE, bump, members_tag, object_tag

from .models import PUBLISHED, UNKNOWN, Publishable, cache_listing, default_cache_tags

# Search results can change with any change readers see: a new title may match a query
# whose results never showed the item.
SEARCH = "search"


def cache_tags(item):
    tags = getattr(item, "cache_tags", None)
    return set(tags()) if tags else default_cache_tags(item)


listing = cache_listing


def _seen(status, published_at, expires_at, now):
    """Live, or due to go live: either way readers' pages show it, or will."""
    if UNKNOWN in (status, published_at, expires_at):
        return True
    return (
        status == PUBLISHED
        and published_at is not None
        and (expires_at is None or expires_at > now)
    )


def _has_future_moment(status, published_at, expires_at, now):
    if UNKNOWN in (status, published_at, expires_at):
        return True
    return status == PUBLISHED and any(
        moment is not None and moment > now for moment in (published_at, expires_at)
    )


def seen_by_readers(item):
    """Live, or due to go live: either way a change reaches readers' pages."""
    if not isinstance(item, Publishable):
        return getattr(item, "is_live", True) or getattr(item, "is_scheduled", False)
    return _seen(*listing(item)[:3], timezone.now())


def change_tags(item, before, tags_before=None, tags_after=None):
    """The tags a change to `item` touches. `before` is its listing() as it was (None for a
    new item); `tags_before` its cache_tags() then, if known: a save seen only through the
    model signal does not know them, and its relations' changes are caught on their own
    (`watch_relation`)."""
    now = timezone.now()
    after = listing(item)
    seen_before = before is not None and _seen(*before[:3], now)
    if not (seen_before or _seen(*after[:3], now)):
        return frozenset()
    if before == after and tags_before is None:
        return frozenset({object_tag(item), SEARCH})
    if tags_after is None:
        tags_after = cache_tags(item)
    if before != after:
        tags = {object_tag(item), *(tags_before or ()), *tags_after}
        if (before is not None and _has_future_moment(*before[:3], now)) or _has_future_moment(
            *after[:3], now
        ):
            tags.add(SCHEDULE)
        return frozenset(tags | {SEARCH})
    # Listed as before: its own pages, and the hubs it joined or left.
    return frozenset({object_tag(item), SEARCH, *(set(tags_before) ^ set(tags_after))})


def tags_if_seen(*states):
    return frozenset().union(*(cache_tags(state) for state in states if seen_by_readers(state)))


def of_appearance(item):
    """What an item leaving readers' pages whole, or coming back (the trash), touches."""
    if not seen_by_readers(item):
        return frozenset()
    return frozenset(cache_tags(item) | {SCHEDULE, SEARCH})


def before(stored):
    """What the tags of a change compare with: the item's listing and tags before it."""
    if stored is None:
        return None, frozenset()
    if not isinstance(stored, Publishable):
        return None, tags_if_seen(stored)
    return listing(stored), tags_if_seen(stored)


def of_change(item, before):
    """The tags a change the workflow made touches, given `before(stored)`."""
    listed_before, tags_before = before
    if not isinstance(item, Publishable):
        tags = tags_before | tags_if_seen(item)
        return tags | {SEARCH} if tags else tags
    return change_tags(item, listed_before, tags_before, tags_if_seen(item))


def remember_listing(item):
    item._cache_listing = listing(item)


# Writes outside the workflow -----------------------------------------------------------


def _saved(instance, raw=False, **kwargs):
    before = getattr(instance, "_cache_listing", None)
    remember_listing(instance)
    if not raw:
        bump(*change_tags(instance, before))


def _deleted(instance, **kwargs):
    bump(*of_appearance(instance))


def watch(model):
    """Bump what readers' pages show of `model` (a Publishable) when a row of it is written
    outside the workflow, as the workflow does for its own writes."""
    uid = f"cache-tags-{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
    pre_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")


def watch_relation(through, parent, other=None, prefix=None, also=(), members=False):
    """Bump the parent item's tags when a row of `through` (its bylines, topics…) changes,
    if readers see the parent; `other` names the field of the related row, whose tag is
    bumped too, so a hub or profile that lists the parent changes: with `members`, the tag
    of its list of members ("person-items:3", core.cache.members_tag), else its own
    ("series:3"); `also` names lists that may gain or lose the related row with it.
    """
    row_tag = members_tag if members else "{}:{}".format
    uid = f"cache-tags-{through._meta.label}"
    if other and prefix is None:
        prefix = through._meta.get_field(other).related_model._meta.model_name

    def changed(instance, raw=False, **kwargs):
        item = getattr(instance, parent, None)
        if raw or item is None or not seen_by_readers(item):
            return
        tags = {object_tag(item), *also}
        if other:
            tags.add(row_tag(prefix, getattr(instance, f"{other}_id")))
        bump(*tags)

    def changed_m2m(instance, action, model, pk_set, **kwargs):
        if not isinstance(instance, Publishable) or not seen_by_readers(instance):
            return
        if action == "pre_clear":  # the rows it leaves are not named after
            bump(*cache_tags(instance))
        elif action.startswith("post_"):
            name = model._meta.model_name
            bump(object_tag(instance), *(row_tag(name, pk) for pk in pk_set or ()))

    post_save.connect(changed, sender=through, dispatch_uid=f"{uid}-save", weak=False)
    pre_delete.connect(changed, sender=through, dispatch_uid=f"{uid}-delete", weak=False)
    m2m_changed.connect(changed_m2m, sender=through, dispatch_uid=f"{uid}-m2m", weak=False)
