"""Pages in site search (search/schema.py): SQLite triggers, a PostgreSQL generated column.

Written out as they ran when this migration was first applied (see search/schema.py).
"""

from django.db import migrations

POSTGRESQL_CREATE = [
    (
        "ALTER TABLE pages_page ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED"
    ),
    "CREATE INDEX pages_page_search_idx ON pages_page USING GIN (search_vector)",
]

POSTGRESQL_DROP = ["ALTER TABLE pages_page DROP COLUMN search_vector"]

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS pages_page_search_insert",
    "DROP TRIGGER IF EXISTS pages_page_search_update",
    "DROP TRIGGER IF EXISTS pages_page_search_delete",
    (
        "CREATE TRIGGER pages_page_search_insert AFTER INSERT ON pages_page BEGIN INSERT INTO "
        "search_index (kind, object_id, title, subtitle, body) VALUES ('page', new.id, new.title, "
        "new.summary, new.body); END"
    ),
    (
        "CREATE TRIGGER pages_page_search_update AFTER UPDATE ON pages_page BEGIN DELETE FROM "
        "search_index WHERE kind = 'page' AND object_id = old.id; INSERT INTO search_index (kind, "
        "object_id, title, subtitle, body) VALUES ('page', new.id, new.title, new.summary, "
        "new.body); END"
    ),
    (
        "CREATE TRIGGER pages_page_search_delete AFTER DELETE ON pages_page BEGIN DELETE FROM "
        "search_index WHERE kind = 'page' AND object_id = old.id; END"
    ),
    "DELETE FROM search_index WHERE kind = 'page'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body) SELECT 'page', id, "
        "new.title, new.summary, new.body FROM pages_page AS new"
    ),
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS pages_page_search_insert",
    "DROP TRIGGER IF EXISTS pages_page_search_update",
    "DROP TRIGGER IF EXISTS pages_page_search_delete",
    "DELETE FROM search_index WHERE kind = 'page'",
]


def create(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}
    for sql in statements.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}
    for sql in statements.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("articles", "0007_search")]

    operations = [migrations.RunPython(create, drop)]
