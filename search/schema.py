"""SQLite's full-text index: one FTS5 table kept current by triggers.

Migrations that rebuild a table on SQLite (adding some columns, changing
constraints) drop its triggers with the old table, silently stopping search
from seeing new content. `repair()` runs after every `migrate` and puts back
what such a migration removed, reindexing the affected table.
"""

# (table, kind, title, subtitle, body) as SQL over the trigger's `new` row.
SOURCES = [
    ("articles_article", "article", "new.title", "new.summary", "new.body"),
    ("people_person", "person", "new.name", "new.role || ' ' || new.short_bio", "new.bio"),
    ("articles_update", "update", "''", "''", "new.body"),
    ("articles_topic", "topic", "new.name", "new.description", "''"),
]
EVENTS = ("insert", "update", "delete")


def create_table(execute):
    execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, object_id UNINDEXED, title, subtitle, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def index_table(execute, table, kind, title, subtitle, body):
    """(Re)create `table`'s triggers and index its current rows."""
    insert = (
        f"INSERT INTO search_index (kind, object_id, title, subtitle, body) "
        f"VALUES ('{kind}', new.id, {title}, {subtitle}, {body});"
    )
    delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND object_id = old.id;"
    for event in EVENTS:
        execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    execute(f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert} END")
    execute(
        f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END"
    )
    execute(f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END")
    execute(f"DELETE FROM search_index WHERE kind = '{kind}'")
    execute(
        "INSERT INTO search_index (kind, object_id, title, subtitle, body) "
        f"SELECT '{kind}', id, {title}, {subtitle}, {body} FROM {table} AS new"
    )


def drop(execute):
    for table, *_ in SOURCES:
        for event in EVENTS:
            execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    execute("DROP TABLE IF EXISTS search_index")


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
        for source in SOURCES:
            table = source[0]
            if table in existing and any(f"{table}_search_{e}" not in existing for e in EVENTS):
                index_table(cursor.execute, *source)
                repaired.append(table)
    return repaired


def repair_after_migrate(using, **kwargs):
    from django.db import connections

    repair(connections[using])
