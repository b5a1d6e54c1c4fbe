"""Database-specific full text: FTS5 on SQLite, tsvector on PostgreSQL.

Both backends answer the same question: which index rows match a query, ranked, with a
snippet of the body around the matches. Highlights come back wrapped in two private
marker characters (never present in indexed text: ``clean_text`` strips them), so the
caller can escape the snippet as HTML first and only then turn the markers into
``<mark>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_WORDS = 30
#: Matches are counted up to this and no further: "more than 1,000" is all a visitor needs,
#: and counting every match of a common word across a national archive is the slow part.
COUNT_LIMIT = 1000
FTS_TABLE = "search_searchentry_fts"
#: PostgreSQL text search configuration: English stemming, like FTS5's porter tokenizer.
PG_CONFIG = "english"
#: to_tsvector refuses documents over 1 MB; a report's first 400,000 characters are plenty.
MAX_BODY = 400_000

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_text(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")[:MAX_BODY]


def fts5_query(text: str) -> str:
    """A visitor's words as an FTS5 query, with the same rules as websearch_to_tsquery.

    Words are ANDed; "quoted words" are a phrase; OR between terms; a leading minus
    excludes. Every word is quoted, so FTS5 operators typed by a visitor stay words.
    """
    parts: list[str] = []
    negated: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        negate = False
        if bare is not None:
            if bare.upper() == "OR" and parts:
                pending_or = True
                continue
            if bare.startswith("-"):
                negate, bare = True, bare[1:]
            words = _WORD.findall(bare)
        else:
            words = _WORD.findall(phrase)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negate:
            negated.append(term)
        elif pending_or and parts:
            parts[-1] = f"({parts[-1]} OR {term})"
        else:
            parts.append(term)
        pending_or = False
    if not parts:
        return ""
    query = " AND ".join(parts)
    for term in negated:
        query = f"({query}) NOT {term}"
    return query


@dataclass
class Hit:
    entry_id: int
    rank: float
    snippet: str


def _where(filters: dict[str, Any], alias: str) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("council_id") is not None:
        clauses.append(f"{alias}.council_id = %s")
        params.append(filters["council_id"])
    if filters.get("committee_id") is not None:
        clauses.append(f"{alias}.committee_id = %s")
        params.append(filters["committee_id"])
    if filters.get("kinds"):
        kinds = list(filters["kinds"])
        clauses.append(f"{alias}.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if filters.get("date_from") is not None:
        clauses.append(f"{alias}.date >= %s")
        params.append(filters["date_from"])
    if filters.get("date_to") is not None:
        clauses.append(f"{alias}.date <= %s")
        params.append(filters["date_to"])
    if filters.get("entry_ids") is not None:
        ids = [int(i) for i in filters["entry_ids"]] or [-1]
        clauses.append(f"{alias}.id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    return clauses, params


def search(text: str, filters: dict[str, Any], limit: int, offset: int) -> tuple[int, list[Hit]]:
    """Matches (counted up to ``COUNT_LIMIT`` + 1) and one page of hits, best first."""
    if connection.vendor == "postgresql":
        return _search_postgresql(text, filters, limit, offset)
    return _search_sqlite(text, filters, limit, offset)


def _search_sqlite(
    text: str, filters: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[Hit]]:
    query = fts5_query(text)
    if not query:
        return 0, []
    # "+e.col" keeps SQLite from driving the join from a column index and running the
    # full-text match once per row of a council (ten times slower): the match leads.
    clauses, params = _where(filters, "+e")
    where = "".join(f" AND {c}" for c in clauses)
    base = (
        f"FROM {FTS_TABLE} JOIN search_searchentry e ON e.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s{where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_LIMIT + 1})", [query, *params]
        )
        total = int(cursor.fetchone()[0])
        if total == 0 or offset >= total:
            return total, []
        # Title matches count ten times body matches; a newer paper wins a tie.
        cursor.execute(
            f"SELECT e.id, bm25({FTS_TABLE}, 10.0, 1.0) AS score, "
            f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}) "
            f"{base} ORDER BY score, e.date DESC, e.id LIMIT %s OFFSET %s",
            [MARK_START, MARK_END, query, *params, limit, offset],
        )
        rows = cursor.fetchall()
    return total, [Hit(int(r[0]), -float(r[1]), r[2] or "") for r in rows]


def _search_postgresql(
    text: str, filters: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[Hit]]:
    if not _WORD.search(text):
        return 0, []
    clauses, params = _where(filters, "e")
    where = "".join(f" AND {c}" for c in clauses)
    headline = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_searchentry e, "
            f"websearch_to_tsquery(%s, %s) q WHERE e.search_vector @@ q{where} "
            f"LIMIT {COUNT_LIMIT + 1}) AS capped",
            [PG_CONFIG, text, *params],
        )
        total = int(cursor.fetchone()[0])
        if total == 0 or offset >= total:
            return total, []
        # Rank the page first, then make headlines only for the rows shown: ts_headline
        # re-parses the whole body, far too slow to run on every match.
        cursor.execute(
            "WITH q AS (SELECT websearch_to_tsquery(%s, %s) AS q), ranked AS ("
            " SELECT e.id, e.date, ts_rank_cd(e.search_vector, q.q, 32) AS score"
            f" FROM search_searchentry e, q WHERE e.search_vector @@ q.q{where}"
            " ORDER BY score DESC, e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s)"
            " SELECT r.id, r.score,"
            f" ts_headline(%s, coalesce(nullif(e.body, ''), e.title), q.q, %s)"
            " FROM ranked r JOIN search_searchentry e ON e.id = r.id, q"
            " ORDER BY r.score DESC, r.date DESC NULLS LAST, r.id",
            [PG_CONFIG, text, *params, limit, offset, PG_CONFIG, headline],
        )
        rows = cursor.fetchall()
    return total, [Hit(int(r[0]), float(r[1]), r[2] or "") for r in rows]


SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRESQL_SETUP = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]
