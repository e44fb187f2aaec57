"""Site search: one interface, a backend per database.

`search(kind, query, queryset)` returns the matching objects of `queryset`
(which decides what readers may see, so drafts never appear), best first with
newer work breaking ties, each carrying `search_snippet`: safe HTML with the
matched words in <mark>. PostgreSQL uses its stored tsvector columns, English
stemming, `websearch_to_tsquery` (quoted phrases, -exclusions) and trigram
similarity for misspelt names; SQLite uses the FTS5 index with Porter stemming.
What is searched, and how it ranks, is the registry's (search/registry.py); the
indexes are the schema's (search/schema.py).
"""

import re
from html import unescape

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import registry

MAX_QUERY_LENGTH = 200
# Ranking looks at the most recent matches only, so a query matching most of a
# 100,000-article archive still answers in milliseconds.
CANDIDATES = 500
OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks, escaped around later
WORD_RE = re.compile(r"\w+", re.UNICODE)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
PHRASE_RE = re.compile(r'"([^"]+)"')


def clean_query(query):
    """The query as readers meant it: trimmed, bounded, or '' if nothing searchable."""
    query = CONTROL_RE.sub(" ", query or "")  # NUL and friends: PostgreSQL refuses them
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    return query if WORD_RE.search(query) else ""


def search(kind, query, queryset):
    """Matches of `query` among `queryset`, as a lazy sequence for a Paginator."""
    return SearchResults(registry.get(kind), clean_query(query), queryset)


class SearchResults:
    """A sequence the Paginator slices: each slice is one ranked query for one page."""

    def __init__(self, source, query, queryset):
        self.source, self.query, self.queryset = source, query, queryset
        self.backend = _Postgres() if connection.vendor == "postgresql" else _SQLite()
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.backend.count(self) if self._searchable() else 0
        return self._count

    def _searchable(self):
        return bool(self.query) and not self.queryset.query.is_empty()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not self._searchable() or not isinstance(page, slice):
            return []
        offset, limit = page.start or 0, (page.stop or CANDIDATES) - (page.start or 0)
        hits = self.backend.page(self, offset, limit)
        objects = self.queryset.in_bulk([pk for pk, _snippet in hits])
        results = []
        for pk, snippet in hits:
            if obj := objects.get(pk):
                obj.search_snippet = _render_snippet(snippet)
                results.append(obj)
        return results

    def ids(self):
        """The ids of every match (at most CANDIDATES), for lists sorted another way."""
        if not self._searchable():
            return []
        return [pk for pk, _snippet in self.backend.page(self, 0, CANDIDATES)]

    def visible_ids_sql(self):
        """What readers may see, as SQL: the queryset decides, so drafts never match."""
        return self.queryset.order_by().values("pk").query.sql_with_params()


class _Postgres:
    QUERIES = (
        "WITH q AS (SELECT websearch_to_tsquery('english', %s) AS tsq, "
        "websearch_to_tsquery('simple', %s) AS simple_tsq)"
    )

    def _candidates(self, results):
        """SQL for the ids of the most recent visible matches (no text is read).

        Built by the ORM from the reader-facing queryset, so the planner sees the
        whole condition: it walks the date index for a common word and the GIN
        index for a rare one.
        """
        source, query = results.source, results.query
        vector = f"{source.table}.search_vector"
        match = (
            f"{vector} @@ websearch_to_tsquery('english', %s) "
            f"OR {vector} @@ websearch_to_tsquery('simple', %s)"
        )
        params = [query, query]
        if source.fuzzy:
            fuzzy = f"{source.table}.{source.db_column(source.fuzzy)}"
            match += f" OR word_similarity(%s, {fuzzy}) > 0.5"
            params.append(query)
        columns = ["pk", source.date_field] if source.date_field else ["pk"]
        ordering = [f"-{source.date_field}", "-pk"] if source.date_field else ["-pk"]
        candidates = (
            results.queryset.prefetch_related(None)
            .annotate(search_match=RawSQL(f"({match})", params, output_field=BooleanField()))
            .filter(search_match=True)
            .order_by(*ordering)
            .values_list(*columns)[:CANDIDATES]
        )
        return candidates.query.sql_with_params()

    def count(self, results):
        sql, params = self._candidates(results)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) c", params)
            return cursor.fetchone()[0]

    def page(self, results, offset, limit):
        source = results.source
        candidates, params = self._candidates(results)
        text = self._snippet_text(source)
        date = f"t.{source.date_column}" if source.date_column else "NULL::timestamptz"
        sql = f"""
            {self.QUERIES},
            ranked AS (
                SELECT t.id, {date} AS sort_date,
                       ts_rank(t.search_vector, q.tsq)
                       + ts_rank(t.search_vector, q.simple_tsq) AS rank
                FROM {source.table} t, q
                WHERE t.id IN (SELECT c.pk FROM ({candidates}) c)
                ORDER BY rank DESC, sort_date DESC NULLS LAST, t.id DESC
                LIMIT %s OFFSET %s
            )
            SELECT r.id, ts_headline('english', {text}, q.tsq, %s)
            FROM ranked r JOIN {source.table} t ON t.id = r.id, q
            ORDER BY r.rank DESC, r.sort_date DESC NULLS LAST, r.id DESC
        """
        options = (
            f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=35, MinWords=15, "
            "MaxFragments=1, FragmentDelimiter=' … '"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [results.query, results.query, *params, limit, offset, options])
            return cursor.fetchall()

    def _snippet_text(self, source):
        """The snippet fields of row `t` as one plain text ts_headline can cut from."""
        parts = []
        for field in source.snippet:
            text = f"coalesce(t.{source.db_column(field)}, '')"
            parts.append(
                f"regexp_replace({text}, '<[^>]+>', ' ', 'g')"
                if source.column(field).html
                else text
            )
        return " || ' ' || ".join(parts)


class _SQLite:
    def _match(self, results):
        """Reader's words as a safe FTS5 query: quoted phrases kept, every term quoted."""
        parts = []
        for phrase in PHRASE_RE.findall(results.query):
            if words := WORD_RE.findall(phrase):
                parts.append('"' + " ".join(words) + '"')
        parts += [f'"{word}"' for word in WORD_RE.findall(PHRASE_RE.sub(" ", results.query))]
        return " ".join(parts)

    def _where(self, results):
        visible_sql, visible_params = results.visible_ids_sql()
        sql = (
            f"search_index MATCH %s AND s.kind = %s "
            f"AND CAST(s.object_id AS INTEGER) IN ({visible_sql})"
        )
        return sql, [self._match(results), results.source.kind, *visible_params]

    def count(self, results):
        where, params = self._where(results)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_index s WHERE {where} "
                f"LIMIT {CANDIDATES})",
                params,
            )
            return cursor.fetchone()[0]

    def page(self, results, offset, limit):
        source = results.source
        where, params = self._where(results)
        date = f"t.{source.date_column} DESC," if source.date_column else ""
        sql = f"""
            SELECT s.object_id,
                   snippet(search_index, {self._snippet_column(source)}, '{OPEN}', '{CLOSE}',
                           ' … ', 24)
            FROM search_index s JOIN {source.table} t ON t.id = s.object_id
            WHERE {where}
            ORDER BY bm25(search_index, 0, 0, 10.0, 4.0, 1.0), {date} t.id DESC
            LIMIT %s OFFSET %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [(int(pk), snippet) for pk, snippet in cursor.fetchall()]

    def _snippet_column(self, source):
        """The index column snippet() cuts from: it reads one, the last snippet field's."""
        slot = source.column(source.snippet[-1]).slot
        return 2 + registry.SLOTS.index(slot)  # after kind and object_id


def _render_snippet(text):
    # The index holds HTML: drop its tags (whole, or cut off at the fragment's
    # edges), then decode entities, so escaping below happens exactly once.
    text = re.sub(r"<[^>]*>|<[^>]*$|^[^<>]*>", " ", text or "")
    text = " ".join(unescape(text).split())
    html = escape(text).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return mark_safe(html)
