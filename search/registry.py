"""What site search covers: each content app registers its searchable models here.

`search` imports no content app. Articles, people and the others call `register()` in
their AppConfig.ready(), naming the model, the columns readers search and how they rank.
Both backends' schema is derived from these entries (search/schema.py), and
tests/search/test_schema.py checks that the database's SQLite triggers or PostgreSQL
generated columns agree with them. Changing an entry therefore needs a migration that
brings the database in line (see schema.py for the statements and the PostgreSQL rule).
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured

# The columns of SQLite's index, ranked in this order (see query.py's bm25 weights).
TITLE, SUBTITLE, BODY = "title", "subtitle", "body"
SLOTS = (TITLE, SUBTITLE, BODY)
WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Column:
    """One searchable text column of a model."""

    field: str
    slot: str  # the column of SQLite's index it is written to; several may share one
    weight: str | None = None  # PostgreSQL's rank weight, "A" (highest) to "D"; None: unweighted
    config: str = (
        "english"  # PostgreSQL's text search configuration; "simple" leaves names unstemmed
    )
    html: bool = False  # holds HTML, whose tags are stripped before a snippet is cut


@dataclass(frozen=True)
class Source:
    """A searchable model: `kind` names it in the index and in `search(kind, ...)`."""

    kind: str
    model: type
    columns: tuple[Column, ...]
    snippet: tuple[str, ...]  # the fields a result's snippet is cut from, in reading order
    date_field: str | None = None  # newer first among equally good matches
    fuzzy: str | None = None  # also matched by trigram similarity (PostgreSQL), for misspellings

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def date_column(self):
        return self.db_column(self.date_field) if self.date_field else None

    def db_column(self, field):
        return self.model._meta.get_field(field).column

    def column(self, field):
        return next(column for column in self.columns if column.field == field)

    def in_slot(self, slot):
        return [column for column in self.columns if column.slot == slot]


_sources = {}


def register(kind, model, *, columns, snippet, date_field=None, fuzzy=None):
    """Make `model` searchable as `kind`; call from the content app's AppConfig.ready()."""
    source = Source(kind, model, tuple(columns), tuple(snippet), date_field, fuzzy)
    _check(source)
    if _sources.get(kind, source) != source:
        raise ImproperlyConfigured(f"Search kind {kind!r} is already registered for another model.")
    _sources[kind] = source
    return source


def get(kind):
    return _sources[kind]


def sources():
    """Every registered source, in registration order (app order, then call order)."""
    return list(_sources.values())


def _check(source):
    """Fail at start-up, not at the first search, when an entry names what does not exist."""
    fields = [column.field for column in source.columns]
    named = [*fields, *source.snippet, *filter(None, [source.date_field, source.fuzzy])]
    for field in named:
        try:
            source.model._meta.get_field(field)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(
                f"Search kind {source.kind!r}: {source.model.__name__} has no field {field!r}."
            ) from None
    problems = [
        *(f"slot {c.slot!r}" for c in source.columns if c.slot not in SLOTS),
        *(f"weight {c.weight!r}" for c in source.columns if c.weight not in (*WEIGHTS, None)),
        *(
            f"snippet field {name!r} is not a searched column"
            for name in source.snippet
            if name not in fields
        ),
    ]
    if not source.snippet:
        problems.append("no snippet fields")
    if problems:
        raise ImproperlyConfigured(f"Search kind {source.kind!r}: {', '.join(problems)}.")
