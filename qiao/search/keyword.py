"""Keyword search with two backends: SQLite FTS5 (embedded default) and PostgreSQL full-text search.

Both index the same pre-segmented columns of ``SearchDocument`` (title,
body, extra; see qiao.search.text) and take the same query, written out per
engine by :func:`qiao.search.text.fts5_expression` /
:func:`~qiao.search.text.tsquery_expression`. Matches are always taken from a
``Note`` queryset the caller built with ``Note.objects.visible_to(viewer)``
(plus filters), inside the same SQL statement: the index itself never
decides what a viewer may see.

On SQLite the FTS5 table ``search_fts`` (external content: the
``search_searchdocument`` rows, kept in step by triggers) is joined to the
notes; ranking is bm25 with the title weighted over the body over the extra
words. On PostgreSQL a trigger keeps ``search_vector`` (title weight A, body
B, extra C, 'simple' configuration: the text is segmented already, so no
stemming or stop words) and a GIN index covers it; ranking is ts_rank.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Literal

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from qiao.notes.models import Note

from .models import SearchDocument
from .text import MARK_CLOSE, MARK_OPEN, ParsedQuery, fts5_expression, tsquery_expression

logger = logging.getLogger(__name__)

Order = Literal["rank", "newest", "likes"]
FTS_TABLE = "search_fts"
# bm25 column weights: title, body, extra words.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 40
#: PostgreSQL ranks (and sorts by date) at most this many matches, the newest. Finding them
#: is cheap either way (the GIN index for a rare word; a backward scan of the primary key that
#: stops early for a common one); ranking all of them is not: ts_rank and the join read each
#: row, so a word in a quarter of 100k notes cost 150 ms and more. On a social site the newest
#: of that many plain matches are the useful ones. FTS5 computes bm25 inside its index, so
#: SQLite ranks every match.
RANK_WINDOW = 2000
#: Up to this many estimated matches, the window is read through the GIN index and sorted;
#: beyond it, by a backward scan of the primary key that stops at the window's end. The
#: planner prices testing a row's tsvector as almost free (it costs 2 µs or more), so left
#: alone it scans every row of a small table even for a rare word (10k notes: 25 ms instead
#: of 1 ms; prefix queries, "hotpot:*", make the index look dearer still) and takes the
#: backward scan far too soon (a word in 4 % of 100k notes: 40,000 rows read to find 2,000,
#: 5× slower than the index). So the path is chosen here, from the planner's own estimate of
#: the number of matches, and the sequential scan is switched off for the index path.
GIN_MATCHES = 8 * RANK_WINDOW


def backend() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def keyword_search(
    queries: Sequence[ParsedQuery],
    notes: QuerySet[Note],
    *,
    order: Order = "rank",
    limit: int = 500,
    any_term: bool = False,
) -> list[tuple[int, float]]:
    """Up to ``limit`` (note id, score) pairs of ``notes`` matching any of ``queries``, best first.

    A query matches when its every term matches (any term with ``any_term``).
    ``order`` "newest" and "likes" pick the newest or most liked matches rather
    than the best-matching ones (the score is then the engine's match score, unused).
    """
    queries = [q for q in queries if not q.empty]
    if not queries or limit <= 0:
        return []
    try:
        if backend() == "postgresql":
            return _pg_search(queries, notes, order, limit, any_term)
        return _sqlite_search(queries, notes, order, limit, any_term)
    except DatabaseError:
        # A query the engine cannot parse must not become a 500; log it to fix the writer.
        logger.exception("Keyword search failed for %r", [q.text for q in queries])
        return []


def snippets(queries: Sequence[ParsedQuery], note_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(title, body excerpt) with matches between MARK_OPEN/MARK_CLOSE, for the notes that match.

    Any term of any query counts as a match here, so every word found is marked.
    """
    queries = [q for q in queries if not q.empty]
    if not queries or not note_ids:
        return {}
    try:
        if backend() == "postgresql":
            return _pg_snippets(queries, note_ids)
        return _sqlite_snippets(queries, note_ids)
    except DatabaseError:
        logger.exception("Search snippets failed for %r", [q.text for q in queries])
        return {}


# --- SQLite FTS5 ------------------------------------------------------------------------------


def _sqlite_search(queries, notes, order, limit, any_term) -> list[tuple[int, float]]:
    note_table = Note._meta.db_table
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    qs = notes.extra(
        # The FTS table joined on its rowid (the note id); MATCH drives the query plan.
        tables=[FTS_TABLE],
        where=[f'{FTS_TABLE}.rowid = "{note_table}"."id"', f"{FTS_TABLE} MATCH %s"],
        params=[fts5_expression(queries, any_term=any_term)],
        select={"kw_score": f"bm25({FTS_TABLE}, {weights})"},
    )
    if order == "newest":
        qs = qs.order_by("-created_at", "-id")
    elif order == "likes":
        qs = qs.order_by("-like_count", "-id")
    else:
        qs = qs.order_by("kw_score", "-id")
    # bm25 is lower for better matches; give callers "higher is better".
    return [(pk, -score) for pk, score in qs.values_list("pk", "kw_score")[:limit]]


def _sqlite_snippets(queries, note_ids) -> dict[int, tuple[str, str]]:
    placeholders = ", ".join(["%s"] * len(note_ids))
    sql = (
        f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
        f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_TOKENS}) "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
    )
    params = [
        MARK_OPEN,
        MARK_CLOSE,
        MARK_OPEN,
        MARK_CLOSE,
        fts5_expression(queries, any_term=True),
        *note_ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_vector():
    table = SearchDocument._meta.db_table
    return RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())


def _pg_query(queries, any_term) -> SearchQuery:
    return SearchQuery(
        tsquery_expression(queries, any_term=any_term), search_type="raw", config="simple"
    )


def _pg_search(queries, notes, order, limit, any_term) -> list[tuple[int, float]]:
    if order != "likes":
        return _pg_windowed(tsquery_expression(queries, any_term=any_term), notes, order, limit)
    query = _pg_query(queries, any_term)
    qs = (
        SearchDocument.objects.filter(note__in=notes.values("pk"))
        .annotate(document=_pg_vector())
        .filter(document=query)
        .annotate(kw_score=SearchRank(_pg_vector(), query))
        .order_by("-note__like_count", "-note_id")
    )
    return [(pk, float(score)) for pk, score in qs.values_list("note_id", "kw_score")[:limit]]


def _pg_windowed(expression: str, notes, order: Order, limit: int) -> list[tuple[int, float]]:
    """The best (or newest) ``limit`` visible notes of the newest RANK_WINDOW matches.

    Two cheap statements instead of one join: the planner would rather hash every
    visible note (tens of thousands) than look up the window's few by primary key.
    """
    table = SearchDocument._meta.db_table
    through_gin = _pg_estimated_matches(expression) <= GIN_MATCHES
    # "note_id + 0" cannot be read off the primary key, which leaves the GIN index.
    newest_first = "note_id + 0" if through_gin else "note_id"
    sql = (
        f"SELECT note_id, ts_rank(search_vector, query) AS score FROM ("
        f" SELECT note_id, search_vector FROM {table}, to_tsquery('simple'::regconfig, %s) query"
        f" WHERE search_vector @@ query ORDER BY {newest_first} DESC LIMIT %s"
        f") window_matches, to_tsquery('simple'::regconfig, %s) query"
    )
    # SET LOCAL inside a transaction (or savepoint) holds for this statement only, also
    # behind a transaction-pooling proxy; RESET undoes it within an enclosing transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        if through_gin:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, [expression, RANK_WINDOW, expression])
        scores = dict(cursor.fetchall())
        if through_gin:
            cursor.execute("RESET enable_seqscan")
    created = dict(notes.filter(pk__in=list(scores)).values_list("pk", "created_at"))
    if order == "newest":
        ids = sorted(created, key=lambda pk: (created[pk], pk), reverse=True)
    else:
        ids = sorted(created, key=lambda pk: (scores[pk], pk), reverse=True)
    return [(pk, float(scores[pk])) for pk in ids[:limit]]


def _pg_estimated_matches(expression: str) -> int:
    """The planner's estimate of how many documents match (from the column's statistics)."""
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table}"
            f" WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [expression],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _pg_snippets(queries, note_ids) -> dict[int, tuple[str, str]]:
    query = _pg_query(queries, True)
    options = {"config": "simple", "start_sel": MARK_OPEN, "stop_sel": MARK_CLOSE}
    rows = (
        SearchDocument.objects.filter(note_id__in=note_ids)
        .annotate(document=_pg_vector())
        .filter(document=query)
        .annotate(
            title_marked=SearchHeadline("title", query, highlight_all=True, **options),
            body_marked=SearchHeadline(
                "body",
                query,
                max_words=SNIPPET_TOKENS,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
        .values_list("note_id", "title_marked", "body_marked")
    )
    return {pk: (title or "", body or "") for pk, title, body in rows}
