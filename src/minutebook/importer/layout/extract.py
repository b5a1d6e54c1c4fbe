"""Lines and their positions from pdfium, with few calls per page.

Speed: pdfium's text (``get_text_range``) is taken whole, as a plain extraction would; then
one position query per line (the loose box of its first character) and pdfium's text
rectangles (one per text run, computed in C) say where lines sit and where a line has a wide
gap.  Only lines with such a gap have their characters' boxes read, around their spaces.  No
call is made per character of ordinary text.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from minutebook.importer.layout.lines import PageLines, TextLine
from minutebook.importer.layout.tables import split_cells

__all__ = ["extract_page"]

Box = tuple[float, float, float, float]  # left, bottom, right, top


def _rects(raw: object) -> list[Box]:
    """pdfium's text rectangles of the page (one per run of characters of one text object)."""
    n = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    out: list[Box] = []
    for i in range(n):
        if pdfium_c.FPDFText_GetRect(raw, i, left, top, right, bottom):
            out.append((left.value, bottom.value, right.value, top.value))
    return out


def gap_rows(rects: list[Box]) -> list[tuple[float, float]]:
    """Vertical extents (bottom, top) of the rows of runs that have a wide gap between two
    runs side by side: the lines that may hold columns or table cells."""
    rows: list[tuple[float, float]] = []
    ordered = sorted(rects, key=lambda r: (-r[3], r[0]))
    n = len(ordered)
    for i in range(n):
        _, b1, r1, t1 = ordered[i]
        h1 = t1 - b1
        # the nearest run to the right on the same row
        best: Box | None = None
        for j in range(i + 1, n):
            l2, b2, _, t2 = ordered[j]
            if t2 < b1:  # sorted by top: nothing further down can share the row
                break
            if min(t1, t2) - max(b1, b2) <= 0.5 * min(h1, t2 - b2):
                continue
            if l2 >= r1 and (best is None or l2 < best[0]):
                best = ordered[j]
        if best is not None and best[0] - r1 > 0.8 * max(h1, best[3] - best[1]):
            rows.append((min(b1, best[1]), max(t1, best[3])))
    return rows


def extract_page(page: pdfium.PdfPage) -> PageLines:
    """The page's lines in pdfium's order, each with the box of its first character and its
    cells split at wide gaps."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        raw = textpage.raw
        geometry = len(text) == pdfium_c.FPDFText_CountChars(raw)
        rows = gap_rows(_rects(raw)) if geometry else []
        box = pdfium_c.FS_RECTF()
        lines: list[TextLine] = []
        pos = 0
        for seg in text.split("\r\n"):
            start = pos
            pos += len(seg) + 2
            stripped = seg.lstrip()
            if not stripped or stripped.isspace():
                continue
            if not geometry:
                lines.append(TextLine(seg.strip()))
                continue
            first = start + len(seg) - len(stripped)
            pdfium_c.FPDFText_GetLooseCharBox(raw, first, box)
            line = TextLine(seg.strip(), box.left, box.top, box.bottom, end=box.bottom)
            if "\ufffe" in seg or "\x02" in seg:  # pdfium joined rows at a line-end hyphen
                line.end -= (seg.count("\ufffe") + seg.count("\x02")) * line.height
            if "  " in stripped or "\t" in stripped or _in_rows(line, rows):
                line.text = split_cells(raw, start, seg, line.height)
            lines.append(line)
        return PageLines(lines, width, height)
    finally:
        textpage.close()


def _in_rows(line: TextLine, rows: list[tuple[float, float]]) -> bool:
    if " " not in line.text:
        return False
    for bottom, top in rows:
        if min(top, line.top) - max(bottom, line.bottom) > 0.3 * line.height:
            return True
    return False
