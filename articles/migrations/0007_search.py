"""Full-text search indexes, one per database backend (see search/query.py).

PostgreSQL: a stored, generated tsvector column per searchable table (English
stemming, title weighted above summary above body) with a GIN index, plus
trigram indexes for misspelt names. The database keeps them current on every
write, bulk writes included.

SQLite: one FTS5 table kept current by triggers (search/schema.py).

The statements are written out exactly as this migration ran them when it was
first applied. The searchable columns are declared in the search registry
(search/registry.py), which may change later; a change to the schema is a
migration of its own, so databases already migrated never see this one differ.
"""

from django.db import migrations

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    (
        "ALTER TABLE articles_article ADD COLUMN search_vector tsvector"
        " GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(summary, '')), 'B')"
        " || setweight(to_tsvector('english', coalesce(body, '')), 'C')) STORED"
    ),
    (
        "CREATE INDEX articles_article_search_idx ON articles_article"
        " USING GIN (search_vector)"
    ),
    (
        "ALTER TABLE people_person ADD COLUMN search_vector tsvector"
        " GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(name, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(role, '')), 'B')"
        " || setweight(to_tsvector('english', coalesce(short_bio, '')), 'C')"
        " || setweight(to_tsvector('english', coalesce(bio, '')), 'D')) STORED"
    ),
    (
        "CREATE INDEX people_person_search_idx ON people_person"
        " USING GIN (search_vector)"
    ),
    (
        "ALTER TABLE articles_update ADD COLUMN search_vector tsvector"
        " GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED"
    ),
    (
        "CREATE INDEX articles_update_search_idx ON articles_update"
        " USING GIN (search_vector)"
    ),
    (
        "ALTER TABLE articles_topic ADD COLUMN search_vector tsvector"
        " GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(name, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED"
    ),
    (
        "CREATE INDEX articles_topic_search_idx ON articles_topic"
        " USING GIN (search_vector)"
    ),
    (
        "CREATE INDEX people_person_name_trgm_idx ON people_person"
        " USING GIN (name gin_trgm_ops)"
    ),
]

POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS people_person_name_trgm_idx",
    "ALTER TABLE articles_article DROP COLUMN search_vector",
    "ALTER TABLE people_person DROP COLUMN search_vector",
    "ALTER TABLE articles_update DROP COLUMN search_vector",
    "ALTER TABLE articles_topic DROP COLUMN search_vector",
]

SQLITE_CREATE = [
    (
        "CREATE VIRTUAL TABLE search_index"
        " USING fts5(kind UNINDEXED, object_id UNINDEXED, title, subtitle, body,"
        " tokenize = 'porter unicode61 remove_diacritics 2')"
    ),
    "DROP TRIGGER IF EXISTS articles_article_search_insert",
    "DROP TRIGGER IF EXISTS articles_article_search_update",
    "DROP TRIGGER IF EXISTS articles_article_search_delete",
    (
        "CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article BEGIN"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('article', new.id, new.title, new.summary, new.body);"
        " END"
    ),
    (
        "CREATE TRIGGER articles_article_search_update AFTER UPDATE ON articles_article BEGIN"
        " DELETE FROM search_index WHERE kind = 'article' AND object_id = old.id;"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('article', new.id, new.title, new.summary, new.body);"
        " END"
    ),
    (
        "CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article BEGIN"
        " DELETE FROM search_index WHERE kind = 'article' AND object_id = old.id;"
        " END"
    ),
    "DELETE FROM search_index WHERE kind = 'article'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " SELECT 'article', id, new.title, new.summary, new.body"
        " FROM articles_article AS new"
    ),
    "DROP TRIGGER IF EXISTS people_person_search_insert",
    "DROP TRIGGER IF EXISTS people_person_search_update",
    "DROP TRIGGER IF EXISTS people_person_search_delete",
    (
        "CREATE TRIGGER people_person_search_insert AFTER INSERT ON people_person BEGIN"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('person', new.id, new.name, new.role || ' ' || new.short_bio, new.bio);"
        " END"
    ),
    (
        "CREATE TRIGGER people_person_search_update AFTER UPDATE ON people_person BEGIN"
        " DELETE FROM search_index WHERE kind = 'person' AND object_id = old.id;"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('person', new.id, new.name, new.role || ' ' || new.short_bio, new.bio);"
        " END"
    ),
    (
        "CREATE TRIGGER people_person_search_delete AFTER DELETE ON people_person BEGIN"
        " DELETE FROM search_index WHERE kind = 'person' AND object_id = old.id;"
        " END"
    ),
    "DELETE FROM search_index WHERE kind = 'person'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " SELECT 'person', id, new.name, new.role || ' ' || new.short_bio, new.bio"
        " FROM people_person AS new"
    ),
    "DROP TRIGGER IF EXISTS articles_update_search_insert",
    "DROP TRIGGER IF EXISTS articles_update_search_update",
    "DROP TRIGGER IF EXISTS articles_update_search_delete",
    (
        "CREATE TRIGGER articles_update_search_insert AFTER INSERT ON articles_update BEGIN"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('update', new.id, '', '', new.body);"
        " END"
    ),
    (
        "CREATE TRIGGER articles_update_search_update AFTER UPDATE ON articles_update BEGIN"
        " DELETE FROM search_index WHERE kind = 'update' AND object_id = old.id;"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('update', new.id, '', '', new.body);"
        " END"
    ),
    (
        "CREATE TRIGGER articles_update_search_delete AFTER DELETE ON articles_update BEGIN"
        " DELETE FROM search_index WHERE kind = 'update' AND object_id = old.id;"
        " END"
    ),
    "DELETE FROM search_index WHERE kind = 'update'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " SELECT 'update', id, '', '', new.body"
        " FROM articles_update AS new"
    ),
    "DROP TRIGGER IF EXISTS articles_topic_search_insert",
    "DROP TRIGGER IF EXISTS articles_topic_search_update",
    "DROP TRIGGER IF EXISTS articles_topic_search_delete",
    (
        "CREATE TRIGGER articles_topic_search_insert AFTER INSERT ON articles_topic BEGIN"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('topic', new.id, new.name, new.description, '');"
        " END"
    ),
    (
        "CREATE TRIGGER articles_topic_search_update AFTER UPDATE ON articles_topic BEGIN"
        " DELETE FROM search_index WHERE kind = 'topic' AND object_id = old.id;"
        " INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " VALUES ('topic', new.id, new.name, new.description, '');"
        " END"
    ),
    (
        "CREATE TRIGGER articles_topic_search_delete AFTER DELETE ON articles_topic BEGIN"
        " DELETE FROM search_index WHERE kind = 'topic' AND object_id = old.id;"
        " END"
    ),
    "DELETE FROM search_index WHERE kind = 'topic'",
    (
        "INSERT INTO search_index (kind, object_id, title, subtitle, body)"
        " SELECT 'topic', id, new.name, new.description, ''"
        " FROM articles_topic AS new"
    ),
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_search_insert",
    "DROP TRIGGER IF EXISTS articles_article_search_update",
    "DROP TRIGGER IF EXISTS articles_article_search_delete",
    "DROP TRIGGER IF EXISTS people_person_search_insert",
    "DROP TRIGGER IF EXISTS people_person_search_update",
    "DROP TRIGGER IF EXISTS people_person_search_delete",
    "DROP TRIGGER IF EXISTS articles_update_search_insert",
    "DROP TRIGGER IF EXISTS articles_update_search_update",
    "DROP TRIGGER IF EXISTS articles_update_search_delete",
    "DROP TRIGGER IF EXISTS articles_topic_search_insert",
    "DROP TRIGGER IF EXISTS articles_topic_search_update",
    "DROP TRIGGER IF EXISTS articles_topic_search_delete",
    "DROP TABLE IF EXISTS search_index",
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
        ("articles", "0006_renditions_and_focal_points"),
        ("people", "0002_renditions_and_focal_points"),
    ]

    operations = [migrations.RunPython(create, drop)]
