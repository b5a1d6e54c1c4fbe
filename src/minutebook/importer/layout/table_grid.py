"""Table rows rebuilt from the positions of a page's text runs (pure geometry, no pdfium).

pdfium gives a table's text in the content stream's order: cell after cell, or one printed
line at a time, so a row whose cells wrap comes out as several lines each holding a piece of
every cell.  Here the runs are laid out again as the eye sees them: runs on one printed line
form a band; a table region is a run of bands holding cells set apart by wide gaps; its
columns are where the cells' left edges line up; and bands that start no new row (a small
step down from the band above where the rows are spaced apart, or an empty first column where
the first column numbers the rows) join the row above, cell by cell.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

Style = tuple[float, int]  # font size, weight

__all__ = [
    "Band",
    "Fragment",
    "Style",
    "TableRow",
    "find_tables",
    "grid_blocks",
    "grid_tables",
    "wrapping_grids",
]

# Runs closer than this (line heights) on one printed line belong to one cell.
CELL_GAP = 0.9
# Left edges within this many points line up in one column.
ALIGN = 4.0
# A step down between bands larger than this share of the line height separates rows
# (padding or spacing), where others in the same table are smaller (a cell's wrapped lines).
ROW_GAP = 0.5
# Bands further apart than this many line heights are not in one table.
MAX_STEP = 3.0
# Bands without a wide gap allowed in a row between two that have one (a cell wrapping alone).
MAX_SINGLE_RUN = 6
MIN_COLUMNS = 3
# A first column whose blocks are all narrower than this share of it holds row keys.
KEY_SHARE = 0.6

# A list number or letter heading a row ("3.", "(a)", "iv)"), as ``tables`` reads it.
_NUMBERING = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]?$")
# A figure alone in a cell ("16,800", "(1.5)", "£250", "12%").
_FIGURE = re.compile(r"^[(£$\u2212-]*\d[\d,.]*\)?%?$")
_ORDINAL = re.compile(r"^(st|nd|rd|th)\b", re.I)
_SOFT = ("\u2010", "\u00ad")
_MARK = ("\ufffe", "\x02")


@dataclass(slots=True)
class Fragment:
    """A piece of text on one printed line (a run, or runs joined), in PDF points."""

    left: float
    right: float
    bottom: float
    top: float
    text: str
    # font size and weight of the first character: a change within a cell starts a new
    # paragraph there (an agenda item's title, then the note under it)
    style: Style = (0.0, 0)

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(slots=True)
class _Band:
    frags: list[Fragment]
    top: float
    bottom: float
    cols: dict[int, Fragment] = field(default_factory=dict)


Band = _Band  # (for type hints elsewhere)


@dataclass(slots=True)
class TableRow:
    """One rebuilt row: its cells (wrapped text joined), where it starts and ends."""

    cells: list[str]
    left: float
    top: float
    bottom: float  # bottom of the row's first printed line
    end: float  # bottom of its last


_LEFT = attrgetter("left")
_TOP = attrgetter("top")


def _join_runs(runs: list[Fragment]) -> list[Fragment]:
    """Runs of one band, left to right, joined where no wide gap parts them."""
    if len(runs) == 1:  # most printed lines: one run (fast path, same result)
        r = runs[0]
        text = " ".join(r.text.split())
        return [Fragment(r.left, r.right, r.bottom, r.top, text, r.style)] if text else []
    out: list[Fragment] = []
    base = min(r.bottom for r in runs)
    prev: Fragment | None = None
    # (``max``/``min`` and ``height`` written out: this loop runs for every printed line)
    for r in sorted(runs, key=_LEFT):
        left, right, bottom, top = r.left, r.right, r.bottom, r.top
        h = top - bottom
        if h < 1.0:
            h = 1.0
        if prev is not None:
            ph = prev.top - prev.bottom
            gap = left - prev.right
            if gap < CELL_GAP * (h if h >= ph else ph):
                raised = bottom > base + 0.25 * h
                space = gap > 0.2 * h and not (raised and _ORDINAL.match(r.text))
                glue = (
                    " "
                    if space and not prev.text.endswith(" ") and not r.text.startswith(" ")
                    else ""
                )
                prev.text = prev.text + glue + r.text
                if right > prev.right:
                    prev.right = right
                if top > prev.top:
                    prev.top = top
                if bottom < prev.bottom:
                    prev.bottom = bottom
                continue
        prev = Fragment(left, right, bottom, top, r.text, r.style)
        out.append(prev)
    for f in out:
        f.text = " ".join(f.text.split())
    return [f for f in out if f.text]


def _bands(runs: list[Fragment]) -> list[_Band]:
    """Runs grouped by printed line, top down (a run belongs to the line whose first run's
    height holds its middle, so raised ordinals stay on their line)."""
    ordered = sorted(runs, key=_TOP, reverse=True)  # (stable, as a sort by -top is)
    out: list[_Band] = []
    k, n = 0, len(ordered)
    while k < n:
        bottom = ordered[k].bottom
        j = k + 1
        while j < n and (ordered[j].bottom + ordered[j].top) / 2 > bottom:
            bottom = min(bottom, ordered[j].bottom)
            j += 1
        frags = _join_runs(ordered[k:j])
        if len(frags) == 1:
            out.append(_Band(frags, frags[0].top, frags[0].bottom))
        elif frags:
            # the line's extent without raised marks: the most common bottom, its top
            main = max(frags, key=lambda f: len(f.text))
            out.append(_Band(frags, main.top, min(f.bottom for f in frags)))
        k = j
    return out


def _groups(xs: list[float]) -> list[list[float]]:
    groups: list[list[float]] = []
    for x in sorted(xs):
        if groups and x - groups[-1][-1] <= ALIGN:
            groups[-1].append(x)
        else:
            groups.append([x])
    return groups


def _near(starts: list[float], x: float) -> bool:
    """Is ``x`` within ALIGN of one of the (sorted) starts?"""
    i = bisect_right(starts, x)
    return (i > 0 and x - starts[i - 1] <= ALIGN) or (i < len(starts) and starts[i] - x <= ALIGN)


def _columns(bands: list[_Band]) -> list[float]:
    """Column starts: left edges that line up on at least two rows with wide gaps, and for a
    right-aligned column (page numbers, figures) the leftmost of blocks whose right edges
    line up."""
    frags = [f for b in bands if len(b.frags) > 1 for f in b.frags]
    starts = [min(g) for g in _groups([f.left for f in frags]) if len(g) >= 2]
    loose = [f for f in frags if not _near(starts, f.left)]
    if loose:
        for g in _groups([f.right for f in loose]):
            if len(g) >= 2:
                lo, hi = g[0], g[-1]
                starts.append(min(f.left for f in loose if lo <= f.right <= hi))
        starts.sort()
    return starts


def _column_of(starts: list[float], x: float) -> int:
    return max(bisect_right(starts, x + ALIGN) - 1, 0)


def _regions(bands: list[_Band]) -> list[list[_Band]]:
    """Runs of bands that may be one table: bands with wide gaps, close together, with at
    most a few single-block bands between them."""
    out: list[list[_Band]] = []
    cur: list[_Band] = []
    singles = 0
    for b in bands:
        h = max(b.top - b.bottom, 1.0)
        near = cur and cur[-1].bottom - b.top < MAX_STEP * h
        if not near:
            if cur:
                out.append(cur)
            cur, singles = [], 0
        if len(b.frags) > 1:
            cur.append(b)
            singles = 0
        elif cur and singles < MAX_SINGLE_RUN:
            cur.append(b)
            singles += 1
    if cur:
        out.append(cur)
    trimmed = []
    for region in out:
        if sum(1 for b in region if len(b.frags) > 1) >= 2:
            trimmed.append(region)
    return trimmed


def _join_cell(parts: list[str]) -> str:
    """A cell's wrapped lines as one: spaces between, a line-end break hyphen resolved (a
    soft or typographic hyphen goes unless a capital or a digit follows; a marked or plain
    one is left to the word repairs, which know the document's words)."""
    text = ""
    for p in parts:
        if not text:
            text = p
        elif text.endswith(_SOFT) and text[-2:-1].isalpha():
            text = text[:-1] + ("-" if p[:1].isupper() or p[:1].isdigit() else "") + p
        elif text.endswith(_MARK) or (text.endswith("-") and text[-2:-1].isalpha()):
            text = text[:-1] + "\ufffe" + p
        else:
            text = text + " " + p
    return text


def _fits(band: _Band, starts: list[float]) -> bool:
    """Does the band sit in the grid (each block in a column of its own, a lone block at a
    column's start and within it), and if so record its blocks by column?"""
    cols: dict[int, Fragment] = {}
    for f in band.frags:
        c = bisect_right(starts, f.left + ALIGN) - 1  # (``_column_of``, inlined)
        if c < 0:
            c = 0
        if c in cols:  # two blocks in one column: not this grid
            return False
        if len(band.frags) == 1:
            if abs(f.left - starts[c]) > ALIGN:
                return False
            if c + 1 < len(starts) and f.right > starts[c + 1] + ALIGN:
                return False  # a line across columns: text, not a cell
        cols[c] = f
    band.cols = cols
    return True


def _wraps_on(part: list[_Band]) -> bool:
    """Is the part's last band, a lone block, the wrapped end of a cell of the row above (close
    under it, in a column other than the first) rather than text after the table?"""
    if len(part) < 2:
        return False
    last, prev = part[-1], part[-2]
    h = max(last.top - last.bottom, 1.0)
    return 0 not in last.cols and prev.bottom - last.top < ROW_GAP * h


def _grids(region: list[_Band], depth: int = 0) -> list[list[_Band]]:
    """The parts of a region that fit one grid of columns (a paragraph or a title across the
    columns cuts it; each part's columns are found again from its own bands)."""
    starts = _columns(region)
    if len(starts) < MIN_COLUMNS:
        return []
    parts: list[list[_Band]] = [[]]
    for b in region:
        if _fits(b, starts):
            parts[-1].append(b)
        elif parts[-1]:
            parts.append([])
    out: list[list[_Band]] = []
    for part in parts:
        while part and len(part[-1].frags) < 2 and not _wraps_on(part):
            part.pop()
        while part and len(part[0].frags) < 2:
            part.pop(0)
        if sum(1 for b in part if len(b.frags) > 1) < 2:
            continue
        if len(part) == len(region) or depth >= 2:
            out.append(part)
        else:
            out.extend(_grids(part, depth + 1))
    return out


def _modes(
    region: list[_Band], starts: list[float]
) -> tuple[list[bool], list[bool], bool, bool] | None:
    """How the grid's rows are told apart: which bands follow a row gap, which fill the first
    column, whether rows are spaced apart (``gaps_mode``) and whether the first column marks
    each row's start (``key_mode``); None when the bands do not fit one grid."""
    if len(starts) < MIN_COLUMNS or not all(_fits(b, starts) for b in region):
        return None
    if sum(1 for b in region if len(b.cols) >= MIN_COLUMNS) < 2:
        return None
    heights = sorted(b.top - b.bottom for b in region)
    h = max(heights[len(heights) // 2], 1.0)
    large = [False] + [
        region[i - 1].bottom - region[i].top > ROW_GAP * h for i in range(1, len(region))
    ]
    gaps_mode = any(large[1:]) and not all(large[1:])
    first = [0 in b.cols for b in region]
    # the first column keys the rows (a number, a code) when some rows leave it empty on
    # their wrapped lines and its blocks stay well short of its width: they never wrap
    key_width = max((b.cols[0].right - b.cols[0].left for b in region if 0 in b.cols), default=0)
    key_mode = not all(first) and key_width < KEY_SHARE * (starts[1] - starts[0])
    return large, first, gaps_mode, key_mode


def _broken(above: Fragment, below: Fragment, reach: float) -> bool:
    """Was the line ``above`` ended on purpose (a new paragraph or a line break) rather than
    wrapped: would the first word below have fitted after it?  Only then can a change of
    font start a note (fonts are read only for these)."""
    word = below.text.split(" ", 1)[0]
    width = (below.right - below.left) * (len(word) + 1) / max(len(below.text), 1)
    return reach - above.right > 0.5 * width  # generous: a false alarm costs one font look-up


def _table(region: list[_Band], style: Callable[[Fragment], Style]) -> list[TableRow] | None:
    """The rows of one grid, or None when it is not a table with wrapped rows."""
    starts = _columns(region)
    modes = _modes(region, starts)
    if modes is None:
        return None
    large, first, gaps_mode, key_mode = modes
    rows: list[list[_Band]] = []
    figures: set[int] = set()  # columns holding a figure in the current row
    for i, b in enumerate(region):
        numbers = {c for c, f in b.cols.items() if _FIGURE.match(f.text)}
        new = (
            not rows
            or (gaps_mode and large[i])
            or (key_mode and first[i])
            or (not gaps_mode and not key_mode)
            or _NUMBERING.match(b.frags[0].text) is not None
            or bool(numbers & figures)  # a figure does not wrap: a second one is a new row
        )
        if new:
            rows.append([b])
            figures = set()
        else:
            rows[-1].append(b)
        figures |= numbers
    if key_mode:
        rows = _keyless_rows(rows, region, large)
    _centre_rows(rows, region)
    if len(rows) == len(region):
        return None  # nothing wraps: the lines as read are the rows
    reach: dict[int, float] = {}  # each column's rightmost text
    for b in region:
        for c, f in b.cols.items():
            reach[c] = max(reach.get(c, f.right), f.right)
    out: list[TableRow] = []
    for bands in rows:
        cells = []
        notes: list[tuple[float, TableRow]] = []
        for c in range(len(starts)):
            parts = [b.cols[c] for b in bands if c in b.cols and b.cols[c].text]
            if not parts:
                continue
            cut = next(
                (
                    k
                    for k in range(1, len(parts))
                    if _broken(parts[k - 1], parts[k], reach[c])
                    and style(parts[k]) != style(parts[k - 1])
                ),
                len(parts),
            )
            cells.append(_join_cell([f.text for f in parts[:cut]]))
            if cut < len(parts):
                rest, top = parts[cut:], parts[cut].top
                note = _join_cell([f.text for f in rest])
                notes.append(
                    (-top, TableRow([note], starts[c], top, rest[0].bottom, rest[-1].bottom))
                )
        if len(cells) > 1 and _NUMBERING.match(cells[0]) and not cells[1][:1].isdigit():
            cells[0:2] = [cells[0] + " " + cells[1]]
        left = min(f.left for f in bands[0].frags)
        out.append(TableRow(cells, left, bands[0].top, bands[0].bottom, bands[-1].bottom))
        out.extend(row for _, row in sorted(notes, key=lambda n: n[0]))
    return out


def _keyless_rows(
    rows: list[list[_Band]], region: list[_Band], large: list[bool]
) -> list[list[_Band]]:
    """Where the first column keys the rows, a row without a key is part of a keyed one: of
    the next when nothing parts them (a cell centred above its key), else of the one above."""
    where = {id(b): i for i, b in enumerate(region)}
    out: list[list[_Band]] = []
    carry: list[_Band] = []
    for k, row in enumerate(rows):
        row = carry + row
        carry = []
        if any(0 in b.cols for b in row) or _NUMBERING.match(row[0].frags[0].text):
            out.append(row)
            continue
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if nxt is not None and not large[where[id(nxt[0])]]:
            carry = row
        elif out:
            out[-1].extend(row)
        else:
            out.append(row)
    if carry:
        out.append(carry)
    return out


def _centre_rows(rows: list[list[_Band]], region: list[_Band]) -> None:
    """In a table whose rows are set by their figures (one printed line each), a cell
    centred in its row starts a line above the figures: text lines closer to the next row's
    first line than to the line above them move down to that row."""
    where = {id(b): i for i, b in enumerate(region)}

    def gap(i: int) -> float:
        return region[i - 1].bottom - region[i].top

    def has_figure(b: _Band) -> bool:
        return any(_FIGURE.match(f.text) for f in b.cols.values())

    for k in range(1, len(rows)):
        head = rows[k][0]
        if not has_figure(head):
            continue
        prev = rows[k - 1]
        while len(prev) > 1 and not has_figure(prev[-1]):
            i = where[id(prev[-1])]
            if not gap(i + 1) < gap(i) - 0.5:
                break
            rows[k].insert(0, prev.pop())


def wrapping_grids(runs: list[Fragment]) -> list[list[_Band]]:
    """The parts of the page that fit a grid of columns and may wrap, from the runs' boxes
    alone (their text may be a placeholder, filled in before ``grid_tables``: only these
    blocks need it)."""
    out: list[list[_Band]] = []
    for region in _regions(_bands(runs)):
        for grid in _grids(region):
            modes = _modes(grid, _columns(grid))
            if modes is None or not (modes[2] or modes[3]):
                continue  # one printed line a row whatever the text says: nothing to rebuild
            out.append(grid)
    return out


def grid_blocks(grids: list[list[_Band]]) -> list[Fragment]:
    """The blocks of the grids (the objects the grids hold: set their text in place)."""
    return [f for grid in grids for b in grid for f in b.frags]


def grid_tables(
    grids: list[list[_Band]], style_of: Callable[[Fragment], Style] | None = None
) -> list[tuple[Fragment, list[TableRow]]]:
    """The grids that are tables whose rows wrap: for each, its box (a fragment holding all
    its text) and its rows top down."""
    out: list[tuple[Fragment, list[TableRow]]] = []
    for region in grids:
        for b in region:  # the line's top without raised marks, now that the text is known
            b.top = max(b.frags, key=lambda f: len(f.text)).top
        rows = _table(region, style_of or (lambda f: f.style))
        if rows is None:
            continue
        frags = [f for b in region for f in b.frags]
        box = Fragment(
            min(f.left for f in frags),
            max(f.right for f in frags),
            min(f.bottom for f in frags),
            max(f.top for f in frags),
            "".join(f.text for f in frags),
        )
        out.append((box, rows))
    return out


def find_tables(
    runs: list[Fragment], style_of: Callable[[Fragment], Style] | None = None
) -> list[tuple[Fragment, list[TableRow]]]:
    """The page's tables whose rows wrap, from runs with their text."""
    return grid_tables(wrapping_grids(runs), style_of)
