"""Tables and side-by-side blocks: a line's text split into cells at wide gaps.

A gap between two words much wider than a space (more than ``CELL_GAP`` line heights) sets
apart table cells or the two columns of a header ("... 10.00 am" | "Ask for: ...").  The cells
are joined by a single tab, the convention of the text packs (``Line.cells``).  A list number
set off from its text by a tab stop ("1." then the title, not a number) is not a cell: it stays joined by a
space, as the text packs write it.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2.raw as pdfium_c

from minutebook.importer.layout.calls import loose_box
from minutebook.importer.layout.lines import TextLine
from minutebook.importer.layout.table_grid import (
    Band,
    Fragment,
    grid_blocks,
    grid_tables,
    wrapping_grids,
)

__all__ = ["CELL_GAP", "WordStart", "rebuild_tables", "split_cells", "split_figures"]

CELL_GAP = 0.9
_NUMBERING = re.compile(
    r"^(?:\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]?|[•◦▪●○■□➢✓·\-\u2013*])$"
)
_SPACE_RUN = re.compile(r"[ \t]+")


def split_cells(
    raw: object,
    start: int,
    seg: str,
    height: float,
    words: list[tuple[int, float]] | None = None,
) -> str:
    """The line ``seg`` (its first character at index ``start`` of the text page) with each
    run of spaces that spans a wide gap replaced by a tab.  ``words`` (when given) gets the
    index and left edge of each word after a run of spaces, read on the way."""
    box = pdfium_c.FS_RECTF()
    box_ref = ctypes.byref(box)
    limit = CELL_GAP * height if height > 0 else 8.0
    body = seg.rstrip()
    runs: list[tuple[int, int, float]] = []  # start, end, width of each run of spaces
    for m in _SPACE_RUN.finditer(body):
        a, b = m.start(), m.end()
        if a == 0:
            continue
        if "\t" in m.group():  # a tab pdfium kept: a cell boundary whatever its width
            runs.append((a, b, float("inf")))
            continue
        loose_box(raw, start + a - 1, box_ref)
        right = box.right
        loose_box(raw, start + b, box_ref)
        runs.append((a, b, box.left - right))
        if words is not None:
            words.append((start + b, box.left))
    cuts = [(a, b) for a, b, w in runs if w > limit]
    if not cuts:
        return body
    numbered = _NUMBERING.match(body[: runs[0][0]].strip()) is not None
    if _justified([w for a, _, w in runs if not (numbered and a == runs[0][0])], limit, height):
        return body
    cells: list[str] = []
    last = 0
    for a, b in cuts:
        cells.append(body[last:a])
        last = b
    cells.append(body[last:])
    cells = [c.strip() for c in cells]
    if len(cells) > 1 and _NUMBERING.match(cells[0]) and not cells[1][:1].isdigit():
        cells[0:2] = [cells[0] + " " + cells[1]]
    return "\t".join(c for c in cells if c)


def _justified(widths: list[float], limit: float, height: float) -> bool:
    """Are these the even, stretched spaces of a justified line (every gap wide, and all
    alike), rather than a table's columns (whose gaps differ with their contents)?"""
    if len(widths) < 2 or min(widths) <= limit or max(widths) == float("inf"):
        return False
    return max(widths) - min(widths) < 0.15 * (height if height > 0 else 10.0)


# A figure as a table prints it: thousands separators or decimals ("12,604.1", "-1,350.5",
# "£3.2"), or a bracketed negative.
_FIGURE = re.compile(
    r"^(?:[-\u2212]?£?\d{1,3}(?:(?:,\d{3})+(?:\.\d+)?|\.\d+)"
    r"|\(£?\d{1,3}(?:(?:,\d{3})+(?:\.\d+)?|\.\d+)\))$"
)


def split_figures(text: str) -> str:
    """In a table row, figures set beside each other or beside a cell's text with no wide
    gap (a right-aligned column next to a left-aligned one) become cells of their own:
    "12,604.1 -1,350.5" and "2,515.5 Council Tax" each give two cells.  Figures and text are
    parted only at a figure with thousands separators ("Table 3.1" stays whole)."""
    if "\t" not in text or not any(ch.isdigit() for ch in text):
        return text
    out: list[str] = []
    for cell in text.split("\t"):
        words = cell.split(" ")
        if len(words) < 2:
            out.append(cell)
            continue
        i = 0
        while i < len(words) and _FIGURE.match(words[i]):
            i += 1
        if 0 < i < len(words) and "," not in words[i - 1]:
            i = 0
        j = len(words)
        while j > i and _FIGURE.match(words[j - 1]):
            j -= 1
        if i < j < len(words) and "," not in words[j]:
            j = len(words)
        out.extend(words[:i])
        if i < j:
            out.append(" ".join(words[i:j]))
        out.extend(words[j:])
    return "\t".join(out)


def _run_text(
    raw: object, box: tuple[float, float, float, float], buf: ctypes.Array[ctypes.c_ushort]
) -> str:
    left, bottom, right, top = box
    n = pdfium_c.FPDFText_GetBoundedText(raw, left, top, right, bottom, buf, len(buf))
    if n <= 0:
        return ""
    return _clean_run(ctypes.string_at(buf, 2 * n).decode("utf-16-le", "replace"))


def _clean_run(text: str) -> str:
    text = text.replace("\x00", "").replace("\x02", "\ufffe").replace("\r", " ").replace("\n", " ")
    return " ".join(text.split())


# Each run's placeholder text while the grids are found from boxes alone: one character
# naming the run's place in pdfium's list (the list is in character order), so a block's
# runs, and where it comes in the text, are known without reading it.
_TAG = 0xF0000
_MAX_TAGGED = 0x10FFFF - _TAG
_STRIP_BUF = 1 << 16


def _read_blocks(
    raw: object,
    rects: list[tuple[float, float, float, float]],
    grids: list[list[Band]],
    buf: ctypes.Array[ctypes.c_ushort],
) -> None:
    """Set the text of every block of the grids.

    pdfium reads the text in a box by scanning every character of the page, so one read a
    block costs a page scan a block.  A grid's column is read in one go instead: a box
    around all its blocks gives their texts in character order, one line each (pdfium
    breaks the line between characters of different rows with something outside the box
    between them).  That is exactly what one read a block gives when nothing else on the
    page meets the column's box and the column's blocks do not meet each other; a column
    where that does not hold, or whose lines do not come out one a block, is read block by
    block as before."""
    strip_buf: ctypes.Array[ctypes.c_ushort] | None = None
    for grid in grids:
        frags = [f for b in grid for f in b.frags]
        own: set[str] = set()  # the tags of the grid's runs
        for f in frags:
            own.update(f.text.replace(" ", ""))
        gl = min(f.left for f in frags)
        gb = min(f.bottom for f in frags)
        gr = max(f.right for f in frags)
        gt = max(f.top for f in frags)
        alone = True
        for k, (left, bottom, right, top) in enumerate(rects):
            if bottom > gt or top < gb or left > gr or right < gl or top <= bottom:
                continue  # apart from the grid's box (touching counts as meeting)
            if chr(_TAG + k) not in own:
                alone = False
                break
        columns: dict[int, list[Fragment]] = {}
        for b in grid:
            for c, f in b.cols.items():
                columns.setdefault(c, []).append(f)
        for col in columns.values():
            col.sort(key=lambda f: min(f.text.replace(" ", "")))  # first run = character order
            texts = None
            if alone and len(col) > 1:
                if strip_buf is None:
                    strip_buf = (ctypes.c_ushort * _STRIP_BUF)()
                texts = _read_column(raw, col, frags, strip_buf)
            if texts is None:
                texts = [_run_text(raw, (f.left, f.bottom, f.right, f.top), buf) for f in col]
            for f, t in zip(col, texts, strict=True):
                f.text = t


def _read_column(
    raw: object,
    col: list[Fragment],
    frags: list[Fragment],
    buf: ctypes.Array[ctypes.c_ushort],
) -> list[str] | None:
    """The texts of one column's blocks (in character order) from one read, or None when
    that read could differ from reading each block (see ``_read_blocks``)."""
    boxes = [(f.left, f.bottom, f.right, f.top) for f in col]
    strip = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    sl, sb, sr, st = strip
    inside = {id(f) for f in col}
    for f in frags:
        if f.bottom > st or f.top < sb or f.left > sr or f.right < sl:
            continue
        if id(f) not in inside:
            return None  # another column's block meets this column's box
    low = float("inf")  # the lowest bottom of the blocks above (blocks taken top down)
    for b in sorted(boxes, key=lambda b: -b[3]):
        if b[3] >= low:
            return None  # two blocks of the column meet
        low = min(low, b[1])
    n = pdfium_c.FPDFText_GetBoundedText(raw, sl, st, sr, sb, buf, len(buf))
    if n <= 0 or n >= len(buf):
        return None
    pieces = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "replace").split("\r\n")
    if len(pieces) != len(col):
        return None
    return [_clean_run(p) for p in pieces]


def _style(
    raw: object, box: tuple[float, float, float, float], i: int | None = None
) -> tuple[float, int]:
    """The font size and weight of the run's first character (a cell's title and the note
    under it differ in one or the other); ``i``: that character's index, when known."""
    left, bottom, _, top = box
    x, y = left + 0.5, (top + bottom) / 2
    if i is not None and not _holds(raw, i, x, y):
        i = None  # (a narrow first glyph: the look-up below finds what it finds)
    if i is None:
        i = pdfium_c.FPDFText_GetCharIndexAtPos(raw, x, y, 1.0, 1.0)
    if i < 0:
        return (0.0, 0)
    size = pdfium_c.FPDFText_GetFontSize(raw, i)
    return (round(size * 2) / 2, int(pdfium_c.FPDFText_GetFontWeight(raw, i)))


def _holds(raw: object, i: int, x: float, y: float) -> bool:
    """Does character ``i``'s box hold the point (as pdfium's look-up tests it, in single
    precision)?  Then that look-up would have found it: it takes the first such character,
    and one that starts a block has nothing before it on its row this close."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
        return False
    fx, fy = ctypes.c_float(x).value, ctypes.c_float(y).value
    lo_x, hi_x = sorted((ctypes.c_float(left.value).value, ctypes.c_float(right.value).value))
    lo_y, hi_y = sorted((ctypes.c_float(bottom.value).value, ctypes.c_float(top.value).value))
    return lo_x <= fx <= hi_x and lo_y <= fy <= hi_y


# Word starts: (index, left edge of its loose box, bottom and top of its line's first
# character), as the line reading found them.
WordStart = tuple[int, float, float, float]
# How far right of a word's loose left edge its first glyph may begin (its side bearing).
_BEARING = 1.5


class _WordIndex:
    """The characters that start words, by row, to find a block's first character without
    pdfium's position look-up (a scan of the page's characters).  Built on first use."""

    def __init__(self, starts: list[WordStart]) -> None:
        self._starts = starts
        self._rows: dict[int, list[WordStart]] | None = None

    def find(self, f: Fragment) -> int | None:
        rows = self._rows
        if rows is None:
            rows = self._rows = {}
            for st in self._starts:  # keyed by the middle of the line, in 4-point steps
                rows.setdefault(int((st[2] + st[3]) // 8), []).append(st)
        mid = (f.top + f.bottom) / 2
        key = int(mid // 4)
        best: tuple[float, int] | None = None
        for k in range(key - _REACH, key + _REACH + 1):
            for i, left, bottom, top in rows.get(k, ()):
                d = f.left - left
                if (
                    bottom <= mid <= top
                    and -0.01 <= d <= _BEARING
                    and (best is None or d < best[0])
                ):
                    best = (d, i)
        return best[1] if best is not None else None


# Rows of 4 points either side of a block's middle where the middle of a line holding it
# may be (lines up to 32 points high).
_REACH = 4


def _ink(text: str) -> int:
    return len("".join(text.split()))


def rebuild_tables(
    raw: object,
    rects: list[tuple[float, float, float, float]],
    lines: list[TextLine],
    words: list[WordStart] | None = None,
) -> list[TextLine]:
    """The page's lines with each table whose cells wrap put back as one line a row, cells
    tab-separated (``table_grid``).  A table is replaced only when the lines read from its
    area hold the same text as its runs, so nothing is lost or doubled."""
    # rotated text (a tall, narrow run) reads as nonsense through a box: a table it sits in
    # is left as read (``rotated`` also takes the runs that overlap other text, below)
    heights = sorted(b[3] - b[1] for b in rects if b[3] > b[1])
    if not heights:
        return lines
    tall = 2.5 * heights[len(heights) // 2]
    rotated = [b for b in rects if b[3] - b[1] > tall and b[3] - b[1] > b[2] - b[0]]
    # where tables may be, from the runs' boxes alone; text is read only for their blocks
    if len(rects) > _MAX_TAGGED:
        return lines
    grids = wrapping_grids(
        [
            Fragment(b[0], b[2], b[1], b[3], chr(_TAG + k))
            for k, b in enumerate(rects)
            if b[3] > b[1]
        ]
    )
    if not grids:
        return lines
    buf = (ctypes.c_ushort * 4096)()
    _read_blocks(raw, rects, grids, buf)
    runs = grid_blocks(grids)
    # a run whose box gives more text than its width can hold overlaps other text (clipped
    # or hidden text printed over it): a table it sits in is left as read
    rotated += [
        (f.left, f.bottom, f.right, f.top)
        for f in runs
        if len(f.text.strip()) > (f.right - f.left) / (0.25 * f.height) + 2
    ]

    styles: dict[int, tuple[float, int]] = {}
    index = _WordIndex(words) if words else None

    def style_of(f: Fragment) -> tuple[float, int]:
        got = styles.get(id(f))
        if got is None:
            at = index.find(f) if index is not None else None
            got = styles[id(f)] = _style(raw, (f.left, f.bottom, f.right, f.top), at)
        return got

    for box, rows in grid_tables(grids, style_of):
        inside = [
            i
            for i, ln in enumerate(lines)
            if box.bottom - 1.0 <= (ln.top + ln.bottom) / 2 <= box.top + 1.0
            and box.left - 2.0 <= ln.left <= box.right
        ]
        if not inside or any(
            b[1] < box.top and b[3] > box.bottom and b[0] < box.right and b[2] > box.left
            for b in rotated
        ):
            continue
        had = sum(_ink(lines[i].text) for i in inside)
        want = _ink(box.text)
        if abs(had - want) > 0.05 * want + 2:
            continue
        rebuilt = [
            TextLine(split_figures("\t".join(r.cells)), r.left, r.top, r.bottom, end=r.end)
            for r in rows
        ]
        keep = set(inside)
        at = inside[0]
        lines = (
            lines[:at] + rebuilt + [ln for i, ln in enumerate(lines) if i >= at and i not in keep]
        )
    return lines
