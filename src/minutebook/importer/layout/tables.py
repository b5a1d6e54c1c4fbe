"""Tables and side-by-side blocks: a line's text split into cells at wide gaps.

A gap between two words much wider than a space (more than ``CELL_GAP`` line heights) sets
apart table cells or the two columns of a header ("... 10.00 am" | "Ask for: ...").  The cells
are joined by a single tab, the convention of the text packs (``Line.cells``).  A list number
set off from its text by a tab stop ("1." then the title, not a number) is not a cell: it stays joined by a
space, as the text packs write it.
"""

from __future__ import annotations

import re

import pypdfium2.raw as pdfium_c

__all__ = ["CELL_GAP", "split_cells", "split_figures"]

CELL_GAP = 0.9
_NUMBERING = re.compile(
    r"^(?:\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]?|[•◦▪●○■□➢✓·\-\u2013*])$"
)
_SPACE_RUN = re.compile(r"[ \t]+")


def split_cells(raw: object, start: int, seg: str, height: float) -> str:
    """The line ``seg`` (its first character at index ``start`` of the text page) with each
    run of spaces that spans a wide gap replaced by a tab."""
    box = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
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
        loose_box(raw, start + a - 1, box)
        right = box.right
        loose_box(raw, start + b, box)
        runs.append((a, b, box.left - right))
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
