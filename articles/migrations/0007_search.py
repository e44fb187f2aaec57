"""Full-text search indexes, one per database backend (see thinktank/search.py).

PostgreSQL: a stored, generated tsvector column per searchable table (English
stemming, title weighted above summary above body) with a GIN index, plus
trigram indexes for misspelt names. The database keeps them current on every
write, bulk writes included.

SQLite: one FTS5 table kept current by triggers.
"""

from django.db import migrations

PG_VECTORS = {
    "articles_article": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'C')",
    "people_person": "setweight(to_tsvector('simple', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(role, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(short_bio, '')), 'C') || "
    "setweight(to_tsvector('english', coalesce(bio, '')), 'D')",
    "articles_update": "to_tsvector('english', coalesce(body, ''))",
    "articles_topic": "setweight(to_tsvector('english', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(description, '')), 'B')",
}

# (table, kind, title, subtitle, body) for the SQLite index.
SQLITE_SOURCES = [
    ("articles_article", "article", "new.title", "new.summary", "new.body"),
    ("people_person", "person", "new.name", "new.role || ' ' || new.short_bio", "new.bio"),
    ("articles_update", "update", "''", "''", "new.body"),
    ("articles_topic", "topic", "new.name", "new.description", "''"),
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, expression in PG_VECTORS.items():
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({expression}) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX {table}_search_idx ON {table} USING GIN (search_vector)"
            )
        schema_editor.execute(
            "CREATE INDEX people_person_name_trgm_idx ON people_person "
            "USING GIN (name gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "kind UNINDEXED, object_id UNINDEXED, title, subtitle, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        for table, kind, title, subtitle, body in SQLITE_SOURCES:
            insert = (
                f"INSERT INTO search_index (kind, object_id, title, subtitle, body) "
                f"VALUES ('{kind}', new.id, {title}, {subtitle}, {body});"
            )
            delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND object_id = old.id;"
            schema_editor.execute(
                f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert} END"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} "
                f"BEGIN {delete} {insert} END"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END"
            )
            new_row = f"SELECT '{kind}', id, {title}, {subtitle}, {body} FROM {table} AS new"
            schema_editor.execute(
                f"INSERT INTO search_index (kind, object_id, title, subtitle, body) {new_row}"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_name_trgm_idx")
        for table in PG_VECTORS:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    elif vendor == "sqlite":
        for table, *_ in SQLITE_SOURCES:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
        schema_editor.execute("DROP TABLE IF EXISTS search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_renditions_and_focal_points"),
        ("people", "0002_renditions_and_focal_points"),
    ]

    operations = [migrations.RunPython(create, drop)]
