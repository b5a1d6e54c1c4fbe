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

__all__ = ["CELL_GAP", "split_cells"]

CELL_GAP = 0.9
_NUMBERING = re.compile(
    r"^(?:\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]?|[•◦▪●○■□➢✓·\-\u2013*])$"
)
_SPACE_RUN = re.compile(r"[ \t]+")


def split_cells(raw: object, start: int, seg: str, height: float) -> str:
    """The line ``seg`` (its first character at index ``start`` of the text page) with each
    run of spaces that spans a wide gap replaced by a tab."""
    box = pdfium_c.FS_RECTF()
    limit = CELL_GAP * height if height > 0 else 8.0
    cuts: list[tuple[int, int]] = []
    body = seg.rstrip()
    for m in _SPACE_RUN.finditer(body):
        a, b = m.start(), m.end()
        if a == 0:
            continue
        if "\t" in m.group():
            cuts.append((a, b))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, start + a - 1, box)
        right = box.right
        pdfium_c.FPDFText_GetLooseCharBox(raw, start + b, box)
        if box.left - right > limit:
            cuts.append((a, b))
    if not cuts:
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
