"""Forward plans and key-decision notices: wide tables recovered from linearised text.

PDF extraction renders the same table in several ways; each is reduced to "cells per field":

* Row tables (tab-separated, pipe tables, HTML cells): the header row's labels are classified
  into fields (title, decision maker, date, key decision, access, portfolio holder, officer,
  other) and every row's cells are mapped to them by position.  The header repeats at page
  breaks; a row that cannot stand alone (no decision maker, date or key-decision marker) is the
  rest of the previous row cut by the page break and is merged into it.  Cells may hold HTML
  paragraphs (``<p>``, ``<br>``) that separate the title from its markers and description.
* Column-by-column text: each page of the table comes out one column after the other.  Cells
  announce themselves ("Key Decision - Yes", "Decision Maker" / "Cabinet", "Decision Date" /
  "5 Apr 2022", "Portfolio Holder for ...", an officer with an e-mail address), so every field
  becomes an ordered stream per page; titles are the text just before each key-decision marker,
  separated from the previous entry's description by paragraph, sentence and line-wrap cues,
  and skipping other columns' unlabelled cells.  The streams are then zipped entry by entry.
  When no cell names its column, cells are mapped by position: the header labels give the
  column order and the subject cells (those with a key-decision marker) give the row count.
  "Label: value" records (a key-decision notice as a list) go through the same streams.

Committee work programmes and decision trackers share the look but name no decision maker
and no key decision: they are not forward plans.  A lone "Key decision: Yes" (a report's
cover sheet) is not a plan either.  All passes are linear in the pack's length.
"""

from __future__ import annotations

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.fp_columns import (
    _column_entries,
    _column_pages,
    _column_region,
    _positional_entries,
    _unspaced,
)
from minutebook.importer.parse.fp_fields import (
    _KD,
    _KD_LINE,
    DATE,
    MAKER,
)
from minutebook.importer.parse.fp_table import (
    _header,
    _read_table,
    _row_cells,
)
from minutebook.importer.parse.text import (
    Line,
)

__all__ = ["parse_forward_plan", "read_plan_entries"]


# --- entry point -------------------------------------------------------------------------------


def parse_forward_plan(lines: list[Line], ctx: Context) -> list[PlanEntry]:
    """Every entry of every forward plan / key-decision notice in the pack, in order.

    The plan reads the lines alone (nothing of the front sheet), so a long pack's entries
    may have been read ahead, in another process (``parse.ahead``)."""
    if ctx.ahead is not None:
        entries: list[PlanEntry] = ctx.ahead.result("plan", lines)
        return entries
    return read_plan_entries(lines)


def read_plan_entries(lines: list[Line]) -> list[PlanEntry]:
    """``parse_forward_plan``'s reading of ``lines``."""
    lines = _unspaced(lines)
    out: list[PlanEntry] = []
    n = len(lines)
    i = 0
    done_to = 0  # lines before this index belong to a table already read
    while i < n:
        line = lines[i]
        raw = line.raw
        if "\t" in raw or "|" in raw or "<t" in raw:
            cells = _row_cells(raw)
            if cells:
                fields = _header(cells)
                if fields is not None:
                    entries, j = _read_table(lines, i, fields)
                    i = max(j, i + 1)  # a header with no rows under it must not loop
                    out.extend(entries)
                    done_to = i
                    continue
        elif _KD_LINE.match(line.text) or (
            "ecision" in line.text and len(line.text) <= 300 and _KD.search(line.text)
        ):
            start, end, has_header = _column_region(lines, i, done_to)
            pages = _column_pages(lines, start, end)
            marks = sum(1 for p in pages for t in p.toks if t.kind == "mark" and t.kd is not None)
            labelled = any(
                any(p.streams.get(MAKER, [])) or any(p.streams.get(DATE, [])) for p in pages
            )
            # A lone "Key decision: Yes" (a report's cover sheet) is no plan.
            if has_header and not labelled:
                # Cells that do not name their column: map them by position instead.
                got, end = _positional_entries(lines, start, end)
                out.extend(got)
            elif has_header or (marks >= 2 and labelled):
                out.extend(_column_entries(pages))
            # Either way the region has been read: its other markers need no second look.
            i = max(end, i + 1)
            done_to = i
            continue
        i += 1
    return out
