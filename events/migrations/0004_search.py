"""Events join site search: title, then summary, then description (see search/schema.py).

The statements are written out as they ran when this migration was first applied, so a
later change to the search registry needs a migration of its own.
"""

from django.db import migrations

POSTGRESQL_CREATE = [
    (
        "ALTER TABLE events_event ADD COLUMN search_vector tsvector"
        " GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(summary, '')), 'B')"
        " || setweight(to_tsvector('english', coalesce(description, '')), 'C')) STORED"
    ),
    "CREATE INDEX events_event_search_idx ON events_event USING GIN (search_vector)",
]

POSTGRESQL_DROP = ["ALTER TABLE events_event DROP COLUMN search_vector"]

SQLITE_ROW = "'event', new.id, new.title, new.summary, new.description"
SQLITE_INSERT = f"INSERT INTO search_index (kind, object_id, title, subtitle, body) VALUES ({SQLITE_ROW});"
SQLITE_DELETE = "DELETE FROM search_index WHERE kind = 'event' AND object_id = old.id;"

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS events_event_search_insert",
    "DROP TRIGGER IF EXISTS events_event_search_update",
    "DROP TRIGGER IF EXISTS events_event_search_delete",
    (
        "CREATE TRIGGER events_event_search_insert AFTER INSERT ON events_event"
        f" BEGIN {SQLITE_INSERT} END"
    ),
    (
        "CREATE TRIGGER events_event_search_update AFTER UPDATE ON events_event"
        f" BEGIN {SQLITE_DELETE} {SQLITE_INSERT} END"
    ),
    (
        "CREATE TRIGGER events_event_search_delete AFTER DELETE ON events_event"
        f" BEGIN {SQLITE_DELETE} END"
    ),
    "DELETE FROM search_index WHERE kind = 'event'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " SELECT 'event', id, new.title, new.summary, new.description FROM events_event AS new"
    ),
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS events_event_search_insert",
    "DROP TRIGGER IF EXISTS events_event_search_update",
    "DROP TRIGGER IF EXISTS events_event_search_delete",
    "DELETE FROM search_index WHERE kind = 'event'",
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
    dependencies = [
        ("events", "0003_reminders_sent"),
        ("articles", "0007_search"),
    ]

    operations = [migrations.RunPython(create, drop)]
