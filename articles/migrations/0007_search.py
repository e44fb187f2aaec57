"""Full-text search indexes, one per database backend (see thinktank/search.py).

PostgreSQL: a stored, generated tsvector column per searchable table (English
stemming, title weighted above summary above body) with a GIN index, plus
trigram indexes for misspelt names. The database keeps them current on every
write, bulk writes included.

SQLite: one FTS5 table kept current by triggers (thinktank/search_index.py).
"""

from django.db import migrations

from thinktank import search_index

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
        search_index.create_table(schema_editor.execute)
        for source in search_index.SOURCES:
            search_index.index_table(schema_editor.execute, *source)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_name_trgm_idx")
        for table in PG_VECTORS:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    elif vendor == "sqlite":
        search_index.drop(schema_editor.execute)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_renditions_and_focal_points"),
        ("people", "0002_renditions_and_focal_points"),
    ]

    operations = [migrations.RunPython(create, drop)]
