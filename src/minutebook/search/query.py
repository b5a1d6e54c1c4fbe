"""One search interface over either database: ``search(query, filters, page)``."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.reports.models import Report
from minutebook.search import fulltext
from minutebook.search.fulltext import SearchTooSlow
from minutebook.search.models import EntryKind, SearchEntry

__all__ = ["Filters", "Result", "Results", "SearchTooSlow", "matches", "search"]

PER_PAGE = 20
#: Index kinds whose source is exempt-aware: re-checked against public_objects when shown.
GUARDED: dict[str, Any] = {
    EntryKind.REPORT: Report,
    EntryKind.APPENDIX: Document,
    EntryKind.DOCUMENT: Document,
    EntryKind.MINUTE: MinuteItem,
    EntryKind.DECISION: Decision,
}


@dataclass(frozen=True)
class Filters:
    council_id: int | None = None
    committee_id: int | None = None
    kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "council_id": self.council_id,
            "committee_id": self.committee_id,
            "kinds": self.kinds,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }


@dataclass
class Result:
    entry: SearchEntry
    snippet: SafeString
    rank: float


@dataclass
class Results:
    query: str
    page: int
    per_page: int
    total: int
    results: list[Result] = field(default_factory=list)

    @property
    def more_than_limit(self) -> bool:
        """More matches than were counted: the page says "more than 1,000"."""
        return self.total > fulltext.COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return fulltext.COUNT_LIMIT

    @property
    def rank_window(self) -> int:
        """Only this many of the newest matches are ranked; the rest come newest first."""
        return fulltext.rank_window()

    @property
    def past_window(self) -> bool:
        """The page shows matches past the ranked window (never with the default window)."""
        return self.last_number > self.rank_window

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.results else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.results) - 1 if self.results else 0


def highlight(snippet: str) -> SafeString:
    """Escape the snippet, then mark the matched words."""
    html = escape(snippet)
    html = html.replace(fulltext.MARK_START, "<mark>").replace(fulltext.MARK_END, "</mark>")
    return mark_safe(html)  # escaped above; only our own tags added


def _still_public(entries: list[SearchEntry]) -> set[int]:
    """Entry ids whose source is still public: a belt to the indexing's braces."""
    keep = {e.pk for e in entries if e.kind not in GUARDED}
    by_model: dict[Any, list[SearchEntry]] = {}
    for entry in entries:
        if entry.kind in GUARDED:
            by_model.setdefault(GUARDED[entry.kind], []).append(entry)
    for model, group in by_model.items():
        rows = model.public_objects.filter(pk__in=[e.object_id for e in group])
        if model is Document:
            # An appendix not marked exempt itself is still closed while its report is.
            rows = rows.filter(
                Q(report_id__isnull=True) | Q(report_id__in=Report.public_objects.values("pk"))
            )
        public = set(rows.values_list("pk", flat=True))
        keep.update(e.pk for e in group if e.object_id in public)
    return keep


def search(
    query: str, filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE
) -> Results:
    """Ranked public index rows matching ``query``, with highlighted snippets.

    The newest ``fulltext.rank_window()`` matches come best first, then any older ones
    newest first; see ``minutebook.search.fulltext`` for why and what it costs.
    Raises ``SearchTooSlow`` when the search runs past ``MINUTEBOOK_SEARCH_TIME_LIMIT_MS``:
    the caller tells the visitor to narrow it (a council, dates, fewer words).
    """
    filters = filters or Filters()
    query = query.strip()
    page = max(1, page)
    total, hits = fulltext.search(
        query, filters.as_dict(), limit=per_page, offset=(page - 1) * per_page
    )
    entries = {
        e.pk: e
        for e in SearchEntry.objects.filter(pk__in=[h.entry_id for h in hits])
        .select_related("council", "committee", "meeting")
        .defer("body")
    }
    public = _still_public(list(entries.values()))
    results = [
        Result(entries[h.entry_id], highlight(h.snippet), h.rank)
        for h in hits
        if h.entry_id in entries and h.entry_id in public
    ]
    return Results(query=query, page=page, per_page=per_page, total=total, results=results)


def matches(entry: SearchEntry, query: str, filters: Filters | None = None) -> bool:
    """Whether one index row matches a saved search (used by alerts).

    Raises ``SearchTooSlow`` like ``search``.
    """
    params = (filters or Filters()).as_dict()
    params["entry_ids"] = [entry.pk]
    total, _ = fulltext.search(query, params, limit=1, offset=0)
    return total > 0
