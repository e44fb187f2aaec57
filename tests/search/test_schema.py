"""The database's search index is the one the registry describes, on either backend.

The migrations create the index with statements written out when they were made; the
registry is what the queries assume. These tests read the live test database (SQLite's
sqlite_master, PostgreSQL's catalogue) and fail when the two drift apart, printing the
statements a new migration needs.
"""

import pytest
from django.core.management import call_command
from django.db import NotSupportedError, connection, transaction

from search import registry, schema
from tests.helpers.factories import PersonFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")


def fetch(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sqlite_search_triggers():
    rows = fetch(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE '%\\_search\\_%' ESCAPE '\\'"
    )
    return dict(rows)


def registry_triggers():
    return {
        name: sql
        for source in registry.sources()
        for name, sql in schema.sqlite_triggers(source).items()
    }


def needs_a_migration(statements):
    return "The database differs from the search registry. A migration should run:\n" + "\n".join(
        f"    {sql};" for sql in statements
    )


@on_sqlite
def test_sqlite_triggers_are_exactly_the_registrys():
    live = sqlite_search_triggers()
    drifted = [
        source
        for source in registry.sources()
        if any(live.get(name) != sql for name, sql in schema.sqlite_triggers(source).items())
    ]
    assert not drifted, needs_a_migration(
        sql for source in drifted for sql in schema.sqlite_statements(source)
    )
    assert set(live) == set(registry_triggers()), "triggers left on a table search does not cover"


@on_sqlite
def test_sqlite_index_table_has_the_columns_the_queries_rank():
    [(sql,)] = fetch("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'")
    assert sql == schema.FTS_TABLE_SQL


def generation_expression(cursor, table, column):
    """PostgreSQL's own rendering of a generated column's expression."""
    cursor.execute(
        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
        "JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = %s::regclass AND a.attname = %s AND a.attgenerated = 's'",
        [table, column],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def expected_expression(cursor, source):
    """The registry's expression as PostgreSQL renders it: added to a scratch copy of the table."""
    cursor.execute(f"CREATE TEMP TABLE search_expected (LIKE {source.table})")
    cursor.execute(
        "ALTER TABLE search_expected ADD COLUMN expected tsvector "
        f"GENERATED ALWAYS AS ({schema.postgres_vector(source)}) STORED"
    )
    expression = generation_expression(cursor, "search_expected", "expected")
    cursor.execute("DROP TABLE search_expected")
    return expression


@on_postgres
def test_postgres_generated_columns_are_exactly_the_registrys():
    generated = fetch(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'search_vector' AND is_generated = 'ALWAYS'"
    )
    sources = registry.sources()
    assert {table for (table,) in generated} == {source.table for source in sources}
    with connection.cursor() as cursor:
        for source in sources:
            live = generation_expression(cursor, source.table, "search_vector")
            assert live == expected_expression(cursor, source), needs_a_migration(
                [
                    f"ALTER TABLE {source.table} DROP COLUMN search_vector",
                    *schema.postgres_statements(source),
                ]
            )


@on_postgres
def test_postgres_has_the_indexes_the_queries_use():
    indexes = fetch(
        "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    )
    for source in registry.sources():
        wanted = ["USING gin (search_vector)"]
        if source.fuzzy:
            wanted.append(f"USING gin ({source.db_column(source.fuzzy)} gin_trgm_ops)")
        for using in wanted:
            assert any(t == source.table and d.endswith(using) for t, d in indexes), (
                f"{source.table} has no index {using}"
            )


@on_postgres
def test_postgres_alters_a_searched_column_only_after_its_generated_column_is_dropped():
    # Django's AlterField on a searched column (a longer max_length, say) fails the same way.
    article = registry.get("article")
    add_vector = (
        "ALTER TABLE scratch ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({schema.postgres_vector(article)}) STORED"
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE scratch (title varchar(250), summary text, body text)")
        cursor.execute(add_vector)
        with pytest.raises(NotSupportedError, match="used by a generated column"):
            with transaction.atomic():
                cursor.execute("ALTER TABLE scratch ALTER COLUMN title TYPE varchar(300)")

        # The way round (search/schema.py): drop the generated column, alter, add it back.
        cursor.execute("ALTER TABLE scratch DROP COLUMN search_vector")
        cursor.execute("ALTER TABLE scratch ALTER COLUMN title TYPE varchar(300)")
        cursor.execute(add_vector)
        cursor.execute("INSERT INTO scratch (title) VALUES (%s)", ["Drones over the Sahel"])
        cursor.execute("SELECT search_vector @@ to_tsquery('english', 'drone') FROM scratch")
        assert cursor.fetchone() == (True,)


@on_sqlite
def test_migrate_restores_the_triggers_of_every_registered_table_and_reindexes_it(client):
    # A migration that rebuilds a table on SQLite drops its triggers; rows written
    # meanwhile are missing from the index until `migrate` repairs it.
    with connection.cursor() as cursor:
        for name in registry_triggers():
            cursor.execute(f"DROP TRIGGER {name}")
    PersonFactory(name="Amina Rahman")
    assert sqlite_search_triggers() == {}

    call_command("migrate", verbosity=0)

    assert sqlite_search_triggers() == registry_triggers()
    people = client.get("/search/", {"q": "Rahman", "type": "person"}).context["page_obj"]
    assert [person.name for person in people] == ["Amina Rahman"]
