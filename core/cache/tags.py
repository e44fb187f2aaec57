"""Cache tags: every cached page and value names what it showed, and a change retires
only the entries naming what it touched.

A tag is a short name such as "article:12", "topic:4", "list:articles" or "menus". Each
tag has a *version* in the shared cache; an entry keeps the versions of its tags as they
were when it was rendered, and is valid only while they still are. `bump(tag)` gives a tag
a new version, which retires every entry carrying it.

Versions come from one counter in the shared cache (the *clock*), not from anyone's wall
clock, so several servers agree on their order. A render reads the clock before it starts;
if one of its tags was bumped after that, the render may have read rows the change has
since replaced, and it is not kept.

Tags are collected while a page or value is computed: `tag()` adds some by hand (a list a
view shows), and every row loaded through a `CacheTagged` model adds its own ("person:3").
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import models, transaction

CLOCK_KEY = "tag-clock"
VERSION_KEY = "tag:{}"
EVERYTHING = "all"  # carried by every entry: bumped by bulk loads and restores

_collector = ContextVar("cache_tag_collector", default=None)
_suppressed = ContextVar("cache_tags_suppressed", default=False)
_listeners = []


def tag(*tags):
    """Record `tags` on the page or value being computed now (nothing outside one)."""
    seen = _collector.get()
    if seen is not None:
        seen.update(tags)


class Collection(set):
    """The tags collected for one entry, and when its computation began: the clock and
    the moment, which a fragment computed inside it uses for rows read before it.

    `checked` holds the versions read while checking kept entries during the whole
    render (shared with nested entries): the fragments of one page share most tags, and
    each is read once. A render is as of its start, so reading a version twice adds
    nothing; a bump during the render keeps the page itself out of the cache."""

    clock = None
    moment = None
    checked = None


@contextmanager
def collecting(clock=None, moment=None):
    """Collect the tags of what is computed inside; they count for the enclosing entry too.

    `clock` and `moment`: the clock and the time when the entry's computation began."""
    outer = _collector.get()
    seen = Collection({EVERYTHING})
    seen.clock, seen.moment = clock, moment
    seen.checked = {} if outer is None else outer.checked
    token = _collector.set(seen)
    try:
        yield seen
    finally:
        _collector.reset(token)
        if outer is not None:
            outer.update(seen)


def enclosing():
    """The entry being computed now: (its tags so far, its start clock, its start moment),
    or None outside one."""
    seen = _collector.get()
    return None if seen is None else (frozenset(seen), seen.clock, seen.moment)


@contextmanager
def only(*tags):
    """Inside, loaded rows tag nothing; the enclosing entry carries `tags` instead. For pages
    of thousands of rows (a sitemap), whose tags would cost more to check than a render."""
    outer = _collector.get()
    token = _collector.set(None)
    try:
        yield
    finally:
        _collector.reset(token)
        if outer is not None:
            outer.update(tags)


def object_tag(obj):
    return f"{obj._meta.model_name}:{obj.pk}"


def members_tag(model_name, pk):
    """The tag of what is filed under a row: "topic-items:4" for topic 4's articles,
    updates and events, "person-items:7" for person 7's.

    Apart from the row's own tag ("topic:4"), which every page showing its name carries
    (a card's topic label, a byline): an item joining or leaving the list bumps this one,
    so it retires the pages listing the members (hubs, profiles, related boxes), not
    every page that merely names the row."""
    return f"{model_name}-items:{pk}"


def members_of(obj):
    return members_tag(obj._meta.model_name, obj.pk)


class CacheTagged(models.Model):
    """A model whose every loaded row tags what is being computed with "<model>:<pk>"."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        obj = super().from_db(db, field_names, values, *args, **kwargs)
        seen = _collector.get()
        if seen is not None and obj.pk is not None:
            seen.add(f"{cls._meta.model_name}:{obj.pk}")
        return obj


# Versions --------------------------------------------------------------------------------


def clock():
    """The current clock: every version given so far is at most this."""
    now = cache.get(CLOCK_KEY)
    return now if now is not None else _start_clock()


def _start_clock():
    # From the wall clock in nanoseconds, so a clock the cache lost never repeats a number.
    cache.add(CLOCK_KEY, time.time_ns(), timeout=None)
    return cache.get(CLOCK_KEY)


def _tick():
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:
        _start_clock()
        return cache.incr(CLOCK_KEY)


def versions(tags, found=None):
    """{tag: version} for `tags`, in one round trip once every tag has a version.

    A tag without one (new, or evicted) gets the negated clock: never a number it had
    before, and never mistaken for a change made during a render. `found` is what the
    caller already read from the cache in the same round trip as something else.
    """
    keys = {VERSION_KEY.format(name): name for name in tags}
    if found is None:
        found = cache.get_many(keys)
    result = {keys[key]: value for key, value in found.items() if key in keys}
    missing = [key for key in keys if key not in found]
    if missing:
        given = _add_then_read(missing, -clock())
        result.update({keys[key]: value for key, value in given.items()})
    return result


def _add_then_read(keys, value):
    """`cache.add(key, value)` for each of `keys`, then their values (another process may
    have given one first): in one round trip on Redis, where a cold page has tens."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        for key in keys:
            cache.add(key, value, timeout=None)
        return cache.get_many(keys)
    names = [backend.make_and_validate_key(key) for key in keys]
    serializer = backend._cache._serializer
    pipeline = backend._cache.get_client(write=True).pipeline(transaction=False)
    for name in names:
        pipeline.set(name, serializer.dumps(value), nx=True)
    pipeline.mget(names)
    *_added, found = pipeline.execute()
    return {key: serializer.loads(raw) for key, raw in zip(keys, found, strict=True) if raw}


def version_keys(tags):
    return [VERSION_KEY.format(name) for name in tags]


def unchanged(kept, found=None):
    """Whether every tag in `kept` ({tag: version}) still has that version."""
    keys = version_keys(kept)
    if found is None:
        seen = _collector.get()
        checked = {} if seen is None or seen.checked is None else seen.checked
        found = {key: checked[key] for key in keys if key in checked}
        if unread := [key for key in keys if key not in found]:
            read = cache.get_many(unread)
            checked.update(read)
            found.update(read)
    return all(found.get(key) == value for key, value in zip(keys, kept.values(), strict=True))


def still_current(computed_at, now):
    """Whether an entry computed from clock `computed_at` on is still current at clock `now`,
    without reading its tags' versions: nothing was bumped since it began.

    Every change readers can see ticks the clock after it commits, so an entry whose
    computation read the clock `now` read no row a later change replaced; the first
    change anywhere moves the clock, and entries are then checked tag by tag."""
    return computed_at is not None and computed_at == now


def changed_since(kept, started):
    """Whether one of `kept`'s versions was given after the clock read `started`."""
    return any(version > started for version in kept.values())


# Changes ---------------------------------------------------------------------------------


def bump(*tags):
    """Retire every entry carrying one of `tags`: now, and again once the transaction commits.

    The second bump matters: a reader rendering between the first and the commit still
    reads the old rows. Listeners (the front cache's purge) hear of the tags after the
    commit, when readers can see the change; a rolled-back change announces nothing.
    """
    tags = frozenset(name for name in tags if name)
    if not tags or _suppressed.get():
        return
    _give_new_versions(tags)
    transaction.on_commit(lambda: _committed(tags))


def _give_new_versions(tags):
    version = _tick()
    cache.set_many({VERSION_KEY.format(name): version for name in tags}, timeout=None)
    # Ticked again once the versions are written: whoever reads a later clock reads them
    # too. A page found unchanged at clock C (thinktank/page_cache.py) is taken as such
    # only while the clock is C, and a bump half done at C moves the clock past it.
    _tick()


def _committed(tags):
    _give_new_versions(tags)
    for listener in _listeners:
        listener(tags)


def on_bump(listener):
    """Call `listener(frozenset_of_tags)` after each commit that bumped tags."""
    if listener not in _listeners:
        _listeners.append(listener)


@contextmanager
def one_change():
    """Count every write inside as one change to everything, announced at the end.

    For bulk loads and restores, where a bump per row would cost a cache round trip for
    each of thousands of rows. Only this thread's writes are batched.
    """
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)
    bump(EVERYTHING)
