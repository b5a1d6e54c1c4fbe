"""Database-specific full text: FTS5 on SQLite, tsvector on PostgreSQL.

Both backends answer the same question: which index rows match a query, ranked, with a
snippet of the body around the matches. Highlights come back wrapped in two private
marker characters (never present in indexed text: ``clean_text`` strips them), so the
caller can escape the snippet as HTML first and only then turn the markers into
``<mark>``.

Built to stay fast on a national archive (hundreds of councils over ten years, about a
million rows, where a common topic word matches half of them):

- **Scope tokens.** Each row's council, committee and kind are indexed as synthetic
  words (``zc12 zm34 zkreport``, see ``scope_tokens``) in a full-text column of their
  own: ``fts_scope`` in FTS5, ``search_scope`` (a second tsvector in the same GIN index)
  on PostgreSQL. A council's search is then part of the match, so the index intersects
  the word's postings with the council's, and the work follows the council's matches,
  not the nation's. A visitor's words are matched against title and body only, so
  typing ``zc12`` finds papers that say "zc12", never every paper of council 12.
- **Newest first, cheaply.** On SQLite the FTS5 rowid is ``fts_key`` (the row's day
  number shifted left 32 bits, plus its id: see migration 0003), so walking matches
  backwards by rowid walks them newest first, whatever order rows were written in,
  and date filters are rowid ranges inside the index. Ids must stay below 2**32. On
  PostgreSQL GIN cannot return rows in date order, so the scope words also hold the
  month (``zd202611``, migration 0004) and the newest matches are taken a month group
  at a time, each an index intersection (``_pg_newest``).
- **Bounded ranking.** Only the newest ``rank_window()`` matches (the setting
  ``SEARCH_RANK_WINDOW``, default ``RANK_WINDOW``) are ranked; results are those, best
  first, and then any further matches, newest first. PostgreSQL ranks with ts_rank;
  SQLite by the visitor's terms found in the title (``_search_sqlite`` says why not
  bm25). The trade-off: relevance is exact within the newest N matches, and an older
  paper that would have ranked higher is found by narrowing the search (a council,
  dates, more words). Since the window is larger than ``COUNT_LIMIT`` and the pages a
  visitor is offered stop at the count, every page offered is ranked.
- **Bounded time.** A phrase or an exclusion that removes nearly every match reads
  each candidate row, and anyone may send one. Each search stops after the setting
  ``MINUTEBOOK_SEARCH_TIME_LIMIT_MS`` and raises ``SearchTooSlow`` (``_time_limited``).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg.errors
from django.conf import settings
from django.db import OperationalError, connection, transaction

MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_WORDS = 30
#: Matches are counted up to this and no further: "more than 1,000" is all a visitor needs,
#: and counting every match of a common word across a national archive is the slow part.
COUNT_LIMIT = 1000
#: How many of the newest matches are ranked (overridden by ``settings.SEARCH_RANK_WINDOW``).
RANK_WINDOW = 2000
FTS_TABLE = "search_searchentry_fts"
#: The FTS5 column (a generated column of search_searchentry) holding the scope tokens.
SCOPE_COLUMN = "fts_scope"
#: The FTS5 rowid is ``day number << KEY_SHIFT | id``: newest rows have the highest keys.
KEY_SHIFT = 32
#: PostgreSQL text search configuration: English stemming, like FTS5's porter tokenizer.
PG_CONFIG = "english"
#: to_tsvector refuses documents over 1 MB; a report's first 400,000 characters are plenty.
MAX_BODY = 400_000
#: PostgreSQL's ts_headline parses the whole text it is given: 48 ms for a 340,000-character
#: report, so twenty long reports would take a second. Snippets come from the first
#: 20,000 characters (2 ms); a paper whose matches all lie later still shows, with its
#: opening words unhighlighted.
HEADLINE_CHARS = 20_000

#: Default of ``settings.MINUTEBOOK_SEARCH_TIME_LIMIT_MS``: how long one search may run.
TIME_LIMIT_MS = 2000
#: SQLite calls the deadline check every this many virtual machine instructions
#: (about a microsecond's work each, so the check costs nothing measurable).
PROGRESS_STEPS = 1000
#: The clock deadlines are measured on (a module attribute so tests can move it).
_clock: Callable[[], float] = time.monotonic

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_text(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")[:MAX_BODY]


def fts5_query(text: str) -> str:
    """A visitor's words as an FTS5 query, with the same rules as websearch_to_tsquery.

    Words are ANDed; "quoted words" are a phrase; OR between terms; a leading minus
    excludes. Every word is quoted, so FTS5 operators typed by a visitor stay words.
    """
    return _fts5_parse(text)[0]


def _fts5_parse(text: str) -> tuple[str, list[str]]:
    """``fts5_query`` and the quoted terms it looks for (not those it excludes)."""
    wanted: list[str] = []
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
            pending_or = False
            continue
        if term not in wanted:
            wanted.append(term)
        if pending_or and parts:
            parts[-1] = f"({parts[-1]} OR {term})"
        else:
            parts.append(term)
        pending_or = False
    if not parts:
        return "", []
    query = " AND ".join(parts)
    for term in negated:
        query = f"({query}) NOT {term}"
    return query, wanted


def rank_window() -> int:
    """How many of the newest matches are ranked by relevance; at least one."""
    return max(1, int(getattr(settings, "SEARCH_RANK_WINDOW", RANK_WINDOW)))


def scope_tokens(council_id: int, committee_id: int | None, kind: str) -> str:
    """The scope words a row is indexed under (the generated columns compute the same).

    Lower-case letters then digits or letters, no separator: one token for both the
    FTS5 unicode61 tokenizer and PostgreSQL's parser. A row with no committee gets
    ``zm0``, which no filter asks for. PostgreSQL adds the month (``_month_word``).
    """
    return f"zc{council_id} zm{committee_id or 0} zk{_kind_word(kind)}"


def _kind_word(kind: str) -> str:
    return re.sub(r"[^a-z0-9]", "", kind.lower())


def _scope_terms(filters: dict[str, Any]) -> list[list[str]]:
    """The filters as scope words: every group must match, any word within a group."""
    groups: list[list[str]] = []
    if filters.get("council_id") is not None:
        groups.append([f"zc{int(filters['council_id'])}"])
    if filters.get("committee_id") is not None:
        groups.append([f"zm{int(filters['committee_id'])}"])
    if filters.get("kinds"):
        groups.append(sorted({f"zk{_kind_word(k)}" for k in filters["kinds"]}))
    return groups


def _day_number(day: dt.date) -> int:
    """The day as SQLite's ``CAST(julianday(day) AS INTEGER)`` counts it (see fts_key)."""
    return day.toordinal() + 1_721_424


def entry_id_of(key: int) -> int:
    """The search_searchentry id inside an FTS5 rowid (``fts_key``)."""
    return key & ((1 << KEY_SHIFT) - 1)


def optimize() -> None:
    """Compact the full-text index after a bulk load or rebuild.

    FTS5 adds a segment per write transaction and merges them only now and then; each
    search looks every term up in every segment, so a freshly bulk-loaded index (14
    segments at 144,000 rows) answers a one-row match in 0.5 ms, one segment in 0.1 ms.
    On PostgreSQL, moves the GIN index's pending entries into the index proper and
    refreshes the planner's statistics (which words are common decides its plans).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT gin_clean_pending_list('search_entry_document'::regclass)")
            cursor.execute("ANALYZE search_searchentry")
        else:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


class SearchTooSlow(Exception):
    """A search ran past ``MINUTEBOOK_SEARCH_TIME_LIMIT_MS`` and was stopped."""


def time_limit_ms() -> int:
    """How long one search may run, in milliseconds; at least one.

    Never zero: PostgreSQL reads a statement_timeout of 0 as "no limit".
    """
    return max(1, int(getattr(settings, "MINUTEBOOK_SEARCH_TIME_LIMIT_MS", TIME_LIMIT_MS)))


@contextmanager
def _time_limited() -> Iterator[None]:
    """Run a search's queries under the time limit; past it, raise ``SearchTooSlow``.

    PostgreSQL: inside ``transaction.atomic()`` with ``SET LOCAL statement_timeout``,
    so the server cancels a statement that runs too long and the rollback leaves the
    connection clean. Inside an outer transaction ``atomic()`` is a savepoint, and a
    released savepoint keeps a ``SET LOCAL`` until the outer transaction ends, so the
    previous timeout is put back when the search succeeds. statement_timeout bounds
    one statement; a check before each statement stops a search whose statements
    together pass the limit, so a search takes at most about twice the limit.

    SQLite: a progress handler on the connection checks the deadline every
    ``PROGRESS_STEPS`` instructions and interrupts the statement past it; it is
    always removed afterwards, so no other query on the connection is interrupted.
    """
    limit = time_limit_ms()
    deadline = _clock() + limit / 1000
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_setting('statement_timeout'), "
                        "set_config('statement_timeout', %s, true)",
                        [f"{limit}ms"],
                    )
                    previous = cursor.fetchone()[0]
                with connection.execute_wrapper(_deadline_check(deadline)):
                    yield
                if nested:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT set_config('statement_timeout', %s, true)", [previous]
                        )
        except OperationalError as error:
            if isinstance(error.__cause__, psycopg.errors.QueryCanceled):
                raise SearchTooSlow(f"search stopped after {limit} ms") from error
            raise
        return
    connection.ensure_connection()
    raw = connection.connection

    def past_deadline() -> int:
        return 1 if _clock() > deadline else 0

    raw.set_progress_handler(past_deadline, PROGRESS_STEPS)
    try:
        yield
    except OperationalError as error:
        cause = error.__cause__
        if isinstance(cause, sqlite3.OperationalError) and str(cause) == "interrupted":
            raise SearchTooSlow(f"search stopped after {limit} ms") from error
        raise
    finally:
        raw.set_progress_handler(None, 0)


def _deadline_check(deadline: float) -> Callable[..., Any]:
    """An execute wrapper refusing to start a statement once the search is past its time."""

    def check(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if _clock() > deadline:
            raise SearchTooSlow("search stopped: out of time between statements")
        return execute(sql, params, many, context)

    return check


@dataclass
class Hit:
    entry_id: int
    rank: float
    snippet: str


def search(text: str, filters: dict[str, Any], limit: int, offset: int) -> tuple[int, list[Hit]]:
    """Matches (counted up to ``COUNT_LIMIT`` + 1) and one page of hits.

    The order: the newest ``rank_window()`` matches best first, then older ones newest
    first (see the module docstring); ties go to the newer row. Raises ``SearchTooSlow``
    past ``time_limit_ms()``.
    """
    with _time_limited():
        if connection.vendor == "postgresql":
            return _search_postgresql(text, filters, limit, offset)
        return _search_sqlite(text, filters, limit, offset)


def _page(
    window: list[tuple[int, float]], full: bool, limit: int, offset: int
) -> tuple[list[tuple[int, float]], int, int]:
    """The ranked part of a page, and how many newest-first rows after the window follow.

    ``window`` holds (key, score) for the newest matches, higher score better. Returns
    the page's ranked rows, then (count, offset) of the rows to take from the matches
    older than the window, newest first.
    """
    ranked = sorted(window, key=lambda row: (-row[1], -row[0]))[offset : offset + limit]
    if not full or offset + limit <= len(window):
        return ranked, 0, 0
    return ranked, offset + limit - max(offset, len(window)), max(0, offset - len(window))


def _fts5_scope(filters: dict[str, Any]) -> str:
    groups = _scope_terms(filters)
    if not groups:
        return ""
    scope = " AND ".join("(" + " OR ".join(f'"{w}"' for w in group) + ")" for group in groups)
    return f"{SCOPE_COLUMN} : ({scope}) AND "


def _fts5_keys(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """Date and entry filters as constraints on the FTS5 rowid (``fts_key``)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("date_from") is not None:
        clauses.append(f"{FTS_TABLE}.rowid >= %s")
        params.append(_day_number(filters["date_from"]) << KEY_SHIFT)
    if filters.get("date_to") is not None:
        # A row without a date has day 0: "on or before" a date never includes it.
        clauses.append(f"{FTS_TABLE}.rowid >= %s AND {FTS_TABLE}.rowid < %s")
        params += [1 << KEY_SHIFT, (_day_number(filters["date_to"]) + 1) << KEY_SHIFT]
    if filters.get("entry_ids") is not None:
        ids = [int(i) for i in filters["entry_ids"]] or [-1]
        clauses.append(
            f"{FTS_TABLE}.rowid IN (SELECT fts_key FROM search_searchentry "
            f"WHERE id IN ({', '.join(['%s'] * len(ids))}))"
        )
        params.extend(ids)
    return "".join(f" AND {c}" for c in clauses), params


def _search_sqlite(
    text: str, filters: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[Hit]]:
    """FTS5: the newest matches, ranked by how many of the visitor's terms the title holds.

    Not bm25: FTS5's bm25 counts every row of the whole archive holding each query term
    (its IDF) on every search, so it costs time in proportion to the archive however
    few rows are ranked (measured: 28-45 ms of a 60-council search, and growing with
    the archive). A term in the title counts ten, as bm25 weighed it here before; a tie
    goes to the newer row. Every row in the window holds the terms in title or body.
    """
    words, terms = _fts5_parse(text)
    if not words:
        return 0, []
    scope = _fts5_scope(filters)
    match = f"{scope}{{title body}} : ({words})"
    keys, params = _fts5_keys(filters)
    base = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{keys}"
    size = rank_window()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_LIMIT + 1})", [match, *params]
        )
        total = int(cursor.fetchone()[0])
        if total == 0 or offset >= total:
            return total, []
        # FTS5 walks rowids backwards without sorting and stops at the window.
        cursor.execute(f"SELECT rowid {base} ORDER BY rowid DESC LIMIT {size}", [match, *params])
        newest = [int(key) for (key,) in cursor.fetchall()]
        score = dict.fromkeys(newest, 1.0)
        for term in terms:
            # Bounded by the window's keys, so the index reads only the window's span.
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                "AND rowid >= %s AND rowid <= %s",
                [f"{scope}title : {term}", newest[-1], newest[0]],
            )
            for (key,) in cursor.fetchall():
                if key in score:
                    score[key] += 10.0
        rows, more, skip = _page(list(score.items()), len(newest) == size, limit, offset)
        if more:
            cursor.execute(
                f"SELECT rowid {base} AND {FTS_TABLE}.rowid < %s "
                "ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [match, *params, newest[-1], more, skip],
            )
            rows += [(int(key), 0.0) for (key,) in cursor.fetchall()]
        snippets: dict[int, str] = {}
        if rows:
            # One pass over the page's span, making snippets for the page's rows only:
            # each MATCH costs a lookup per index segment, and FTS5 runs "rowid IN" as
            # one whole query per value.
            page = [key for key, _ in rows]
            cursor.execute(
                f"SELECT rowid, CASE WHEN rowid IN ({', '.join(['%s'] * len(page))}) "
                f"THEN snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}) END "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid >= %s AND rowid <= %s",
                [*page, MARK_START, MARK_END, match, min(page), max(page)],
            )
            wanted = set(page)
            snippets = {int(k): sn or "" for k, sn in cursor.fetchall() if k in wanted}
    return total, [Hit(entry_id_of(key), score, snippets.get(key, "")) for key, score in rows]


def _tsquery_scope(filters: dict[str, Any]) -> str:
    """The scope filters as tsquery text over ``search_scope`` ('simple' words)."""
    return " & ".join(
        "(" + " | ".join(f"'{word}'" for word in group) + ")" for group in _scope_terms(filters)
    )


#: The same key as SQLite's ``fts_key``, computed: newest first is highest first.
_PG_KEY = "((coalesce(e.date - DATE '2000-01-01' + 2451544, 0)::bigint << 32) + e.id)"


def _pg_where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    scope = _tsquery_scope(filters)
    if scope:
        clauses.append("e.search_scope @@ %s::tsquery")
        params.append(scope)
    if filters.get("date_from") is not None:
        clauses.append("e.date >= %s")
        params.append(filters["date_from"])
    if filters.get("date_to") is not None:
        clauses.append("e.date <= %s")
        params.append(filters["date_to"])
    if filters.get("entry_ids") is not None:
        ids = [int(i) for i in filters["entry_ids"]] or [-1]
        clauses.append(f"e.id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    return "".join(f" AND {c}" for c in clauses), params


#: Month groups (1, 2, 4, ... months) ``_pg_newest`` tries before one query for the rest.
MONTH_GROUPS = 7


def _month_word(month: int) -> str:
    """The scope word of a month counted as ``year * 12 + month - 1`` (migration 0004)."""
    return f"'zd{month // 12}{month % 12 + 1:02d}'"


def _pg_newest(
    cursor: Any,
    matches: str,
    params: list[Any],
    filters: dict[str, Any],
    total: int,
    size: int,
) -> list[tuple[int, float]]:
    """(key, ts_rank) of the newest ``size`` matches, in no set order.

    ts_rank, not ts_rank_cd: with 2,000 rows to rank, cover density (which walks every
    position of every query term) cost 8-12 ms more per search at 60 councils.

    GIN finds matches but not in date order, and walking the date index tests one
    tsvector per row, so neither alone is cheap when a word is in many rows. With few
    matches (the capped count says so) one query takes them all. Otherwise month
    words in the GIN index (migration 0004) take the newest month, then the two
    before, then four, eight and so on (``MONTH_GROUPS`` groups: ten years and more):
    each an index intersection returning only that span's matches; one last query
    takes anything older. ``total`` is the capped count, or ``COUNT_LIMIT + 1`` when
    not counted.
    """
    order = "ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT %s) AS newest"
    # Ranked as they are read, so no second fetch of the window; but only once sorted
    # and cut (the outer query), or PostgreSQL ranks every row of a month group.
    select = (
        f"SELECT key, ts_rank(v, websearch_to_tsquery('{PG_CONFIG}', %s), 32) FROM ("
        f"SELECT {_PG_KEY} AS key, e.search_vector AS v, e.date, e.id "
        f"FROM search_searchentry e WHERE {matches}"
    )
    params = [params[0], *params]
    if total <= COUNT_LIMIT:
        cursor.execute(f"{select} {order}", [*params, size])
        return [(int(key), float(score)) for key, score in cursor.fetchall()]
    cursor.execute("SELECT max(date), min(date) FROM search_searchentry")
    newest_day, oldest_day = cursor.fetchone()
    if filters.get("date_to") is not None and newest_day is not None:
        newest_day = min(newest_day, filters["date_to"])
    if filters.get("date_from") is not None and oldest_day is not None:
        oldest_day = max(oldest_day, filters["date_from"])
    keys: list[tuple[int, float]] = []
    if newest_day is not None and oldest_day is not None:
        month = newest_day.year * 12 + newest_day.month - 1
        first = oldest_day.year * 12 + oldest_day.month - 1
        span = 1
        for _ in range(MONTH_GROUPS):
            if len(keys) >= size or month < first:
                break
            words = " | ".join(
                _month_word(m) for m in range(month, max(first - 1, month - span), -1)
            )
            cursor.execute(
                f"{select} AND e.search_scope @@ %s::tsquery {order}",
                [*params, words, size - len(keys)],
            )
            keys += [(int(key), float(score)) for key, score in cursor.fetchall()]
            month -= span
            span *= 2
        if len(keys) < size and month >= first:
            after = month + 1  # the rest: everything before the month after this one
            cursor.execute(
                f"{select} AND (e.date < %s OR e.date IS NULL) {order}",
                [*params, dt.date(after // 12, after % 12 + 1, 1), size - len(keys)],
            )
            return keys + [(int(key), float(score)) for key, score in cursor.fetchall()]
    if len(keys) < size:
        cursor.execute(f"{select} AND e.date IS NULL {order}", [*params, size - len(keys)])
        keys += [(int(key), float(score)) for key, score in cursor.fetchall()]
    return keys


def _search_postgresql(
    text: str, filters: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[Hit]]:
    if not _WORD.search(text):
        return 0, []
    where, params = _pg_where(filters)
    matches = f"e.search_vector @@ websearch_to_tsquery('{PG_CONFIG}', %s){where}"
    size = rank_window()
    headline = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        national = all(filters.get(k) is None for k in ("council_id", "committee_id", "entry_ids"))
        if size > COUNT_LIMIT and national:
            # The window holds more than the count limit, so it is the count: counting
            # apart would read a tsvector per row for a common word. (A council's count
            # is one GIN intersection, and usually finds few enough for one query.)
            window = _pg_newest(cursor, matches, [text, *params], filters, COUNT_LIMIT + 1, size)
            total = min(len(window), COUNT_LIMIT + 1)
        else:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_searchentry e WHERE {matches} "
                f"LIMIT {COUNT_LIMIT + 1}) AS capped",
                [text, *params],
            )
            total = int(cursor.fetchone()[0])
            if total == 0 or offset >= total:
                return total, []
            window = _pg_newest(cursor, matches, [text, *params], filters, total, size)
        if total == 0 or offset >= total:
            return total, []
        rows, more, skip = _page(window, len(window) == size, limit, offset)
        if more:
            cursor.execute(
                f"SELECT {_PG_KEY} FROM search_searchentry e WHERE {matches} AND {_PG_KEY} < %s "
                "ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s",
                [text, *params, min(key for key, _ in window), more, skip],
            )
            rows += [(int(key), 0.0) for (key,) in cursor.fetchall()]
        snippets: dict[int, str] = {}
        if rows:
            cursor.execute(
                "SELECT e.id, ts_headline(%s, left(coalesce(nullif(e.body, ''), e.title), %s), "
                "websearch_to_tsquery(%s, %s), %s) FROM search_searchentry e "
                f"WHERE e.id IN ({', '.join(['%s'] * len(rows))})",
                [
                    PG_CONFIG,
                    HEADLINE_CHARS,
                    PG_CONFIG,
                    text,
                    headline,
                    *(entry_id_of(key) for key, _ in rows),
                ],
            )
            snippets = {int(pk): snippet or "" for pk, snippet in cursor.fetchall()}
    return total, [
        Hit(entry_id_of(key), score, snippets.get(entry_id_of(key), "")) for key, score in rows
    ]
