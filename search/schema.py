"""The search index in the database, per backend, as the registry describes it.

SQLite: one FTS5 table, `search_index`, kept current by triggers on every registered table.
PostgreSQL: a stored, generated tsvector column `search_vector` on every registered table,
with a GIN index, and a trigram index on a source's `fuzzy` column. Either way the database
keeps the index current on every write, bulk writes included.

Migrations create them: articles/migrations/0007_search.py, whose statements are written out
as they ran when it was first applied. A later change to the registry (search/registry.py)
needs a migration of its own: write into it the statements the functions below give at
that time, so it keeps doing what it did when it ran.
tests/search/test_schema.py fails, and prints them, until the database agrees.

PostgreSQL refuses to alter the type of a column that a generated column reads ("cannot alter
type of a column used by a generated column"), and Django's AlterField does exactly that, for
a longer `max_length` say, on a searched column. Such a migration drops `search_vector` first
(its index goes with it), alters the column, then adds both back with the statements
`postgres_statements()` gives. tests/search/test_schema.py shows the rule and the way round it.

Migrations that rebuild a table on SQLite (adding some columns, changing constraints) drop
its triggers with the old table, silently stopping search from seeing new content.
`repair()` runs after every `migrate` and puts back what such a migration removed,
reindexing the affected table.
"""

from search import registry

FTS_TABLE_SQL = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, object_id UNINDEXED, title, subtitle, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
EVENTS = ("insert", "update", "delete")


def _sqlite_row(source):
    """(title, subtitle, body) as SQL over a trigger's `new` row."""
    return [
        " || ' ' || ".join(f"new.{source.db_column(c.field)}" for c in source.in_slot(slot)) or "''"
        for slot in registry.SLOTS
    ]


def sqlite_triggers(source):
    """{trigger name: CREATE TRIGGER statement} keeping `source`'s rows in the index."""
    table, kind = source.table, source.kind
    title, subtitle, body = _sqlite_row(source)
    insert = (
        f"INSERT INTO search_index (kind, object_id, title, subtitle, body) "
        f"VALUES ('{kind}', new.id, {title}, {subtitle}, {body});"
    )
    delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND object_id = old.id;"
    bodies = {"insert": insert, "update": f"{delete} {insert}", "delete": delete}
    return {
        f"{table}_search_{event}": (
            f"CREATE TRIGGER {table}_search_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN {bodies[event]} END"
        )
        for event in EVENTS
    }


def sqlite_statements(source):
    """(Re)create `source`'s triggers and index its current rows."""
    title, subtitle, body = _sqlite_row(source)
    triggers = sqlite_triggers(source)
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in triggers),
        *triggers.values(),
        f"DELETE FROM search_index WHERE kind = '{source.kind}'",
        "INSERT INTO search_index (kind, object_id, title, subtitle, body) "
        f"SELECT '{source.kind}', id, {title}, {subtitle}, {body} FROM {source.table} AS new",
    ]


def postgres_vector(source):
    """The expression of `source`'s generated tsvector column."""
    terms = []
    for column in source.columns:
        term = f"to_tsvector('{column.config}', coalesce({source.db_column(column.field)}, ''))"
        terms.append(f"setweight({term}, '{column.weight}')" if column.weight else term)
    return " || ".join(terms)


def postgres_statements(source):
    """Add `source`'s generated column and its index."""
    table = source.table
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({postgres_vector(source)}) STORED",
        f"CREATE INDEX {table}_search_idx ON {table} USING GIN (search_vector)",
    ]


def postgres_fuzzy_statements(source):
    """Index `source`'s fuzzy column for trigram similarity, if it has one."""
    if not source.fuzzy:
        return []
    table, column = source.table, source.db_column(source.fuzzy)
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX {table}_{column}_trgm_idx ON {table} USING GIN ({column} gin_trgm_ops)",
    ]


def repair(connection):
    """Restore triggers a table rebuild dropped; returns the tables reindexed."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for (name,) in cursor.fetchall()}
        if "search_index" not in existing:
            return []  # the search migration has not run (yet)
        repaired = []
        for source in registry.sources():
            if source.table in existing and not existing.issuperset(sqlite_triggers(source)):
                for sql in sqlite_statements(source):
                    cursor.execute(sql)
                repaired.append(source.table)
    return repaired


def repair_after_migrate(using, **kwargs):
    from django.db import connections

    repair(connections[using])
