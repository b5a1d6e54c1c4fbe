"""Lines and their positions from pdfium, with few calls per page.

Speed: pdfium's text (``get_text_range``) is taken whole, as a plain extraction would; then
one position query per line (the loose box of its first character) and pdfium's text
rectangles (one per text run, computed in C) say where lines sit and where a line has a wide
gap.  Only lines with such a gap have their characters' boxes read, around their spaces.  No
call is made per character of ordinary text.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from minutebook.importer.layout.calls import get_rect, loose_box
from minutebook.importer.layout.lines import PageLines, TextLine
from minutebook.importer.layout.tables import (
    WordStart,
    rebuild_tables,
    split_cells,
    split_figures,
)

__all__ = ["extract_page"]

Box = tuple[float, float, float, float]  # left, bottom, right, top


def _rects(raw: object) -> list[Box]:
    """pdfium's text rectangles of the page (one per run of characters of one text object)."""
    n = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, top, right, bottom)]
    out: list[Box] = []
    for i in range(n):
        if get_rect(raw, i, *refs):
            out.append((left.value, bottom.value, right.value, top.value))
    return out


def gap_rows(rects: list[Box]) -> list[tuple[float, float]]:
    """Vertical extents (bottom, top), top down by their tops, of the rows of runs that have a wide gap
    between two runs side by side: the lines that may hold columns or table cells."""
    rows: list[tuple[float, float]] = []
    ordered = sorted(rects, key=lambda r: -r[3])
    k, n = 0, len(ordered)
    while k < n:
        # a row: the runs whose middle lies within the first run's height
        _, bottom, _, top = ordered[k]
        j = k + 1
        while j < n and (ordered[j][1] + ordered[j][3]) / 2 > bottom:
            j += 1
        if j - k > 1:
            run = sorted(ordered[k:j])
            reach = run[0][2]
            for left, b, right, t in run[1:]:
                if left - reach > 0.8 * (t - b if t - b > top - bottom else top - bottom):
                    rows.append((bottom, top))
                    break
                if right > reach:
                    reach = right
        k = j
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
        rects = _rects(raw) if geometry else []
        rows = gap_rows(rects)
        # where words start on a page whose tables are rebuilt (their fonts are looked up)
        words: list[WordStart] | None = [] if len(rows) >= TABLE_ROWS else None
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        edge_band = EDGE_BAND * height
        lines: list[TextLine] = []
        ends: list[int] = []  # index of each line's last character
        firsts: list[int] = []  # index of each line's first character (-1: not known)
        labels = False  # a "Label:<tab>value" row was found
        pairs: list[int] = []  # lines split into two single words
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
            loose_box(raw, first, box_ref)
            body = stripped.rstrip()
            left, top, bottom = box.left, box.top, box.bottom
            line = TextLine(body, left, top, bottom, end=bottom)
            if "\ufffe" in seg or "\x02" in seg:  # pdfium joined rows at a line-end hyphen
                line.end -= (seg.count("\ufffe") + seg.count("\x02")) * (top - bottom)
            if words is not None:
                words.append((first, left, bottom, top))
            if "  " in body or "\t" in body or (rows and " " in body and _in_rows(line, rows)):
                found: list[tuple[int, float]] | None = [] if words is not None else None
                line.text = split_figures(split_cells(raw, start, seg, top - bottom, found))
                if words is not None and found:
                    words += [(i, x, bottom, top) for i, x in found]
                if line.text.count("\t") == 1 and line.text.count(" ") == 0:
                    pairs.append(len(lines))
                labels = labels or line.text.split("\t", 1)[0].endswith(":")
            m = _NUMBER_JOINED.match(stripped) if stripped[0] in _NUMBER_START else None
            if m and (
                _SECTION_WORD.match(stripped) or _spaced(raw, first + m.end() - 1, line.height, box)
            ):
                # "1.1" set off from its text by a tab stop, for which pdfium put no space, or
                # by nothing at all (a list's number run into its first word: "1.1On 16 ...")
                line.text = line.text[: m.end()] + " " + line.text[m.end() :]
            if (bottom < edge_band or top > height - edge_band) and " " in body:
                second = _jumped(raw, first, body, line, box)
                if second is not None:
                    lines.append(line)
                    ends.append(first + len(line.text) - 1)
                    firsts.append(first)
                    line = second
                    first = -1
            lines.append(line)
            ends.append(first + len(body) - 1)
            firsts.append(first)
        if pairs:
            _rejoin_justified(raw, lines, ends, pairs, box)
        if labels:
            _align_labels(raw, lines, firsts, box)
        if len(rows) >= TABLE_ROWS:
            lines = rebuild_tables(raw, rects, lines, words)
        return PageLines(lines, width, height)
    finally:
        textpage.close()


# Printed lines with wide gaps a page needs before its tables are rebuilt row by row.
TABLE_ROWS = 3


# Lines this near the top or bottom of a page (a share of its height) are checked for a jump
# between rows: pdfium runs a footer's "Page 1" and a stamp printed at the top of the page
# ("Agenda Item 3") into one line when they follow each other in the content stream.
EDGE_BAND = 0.15
# A jump is more than this many line heights (a raised footnote mark or the next row down
# is not one).
JUMP = 2.0


def _jumped(
    raw: object, first: int, body: str, line: TextLine, box: pdfium_c.FS_RECTF
) -> TextLine | None:
    """When the line's last character sits on another row than its first, cut the line
    where it jumps: ``line`` keeps the first part, the rest is returned as a line of its own
    (positioned, without cells)."""
    h = line.height
    if line.text != body:  # already cut into cells (or spaced): leave it as it is
        return None
    pdfium_c.FPDFText_GetLooseCharBox(raw, first + len(body) - 1, box)
    if h <= 0 or abs(box.bottom - line.bottom) < JUMP * h:
        return None
    for m in _SPACES.finditer(body):
        pdfium_c.FPDFText_GetLooseCharBox(raw, first + m.end(), box)
        if abs(box.bottom - line.bottom) >= JUMP * h:
            rest = body[m.end() :]
            line.text = body[: m.start()]
            return TextLine(rest, box.left, box.top, box.bottom, end=box.bottom)
    return None


_SPACES = re.compile(r"[ \t]+")


_LABEL_VALUE = re.compile(r"^([A-Z][^:\t]{0,40}):\s+(?=\S)")


def _align_labels(
    raw: object, lines: list[TextLine], firsts: list[int], box: pdfium_c.FS_RECTF
) -> None:
    """A cover table's rows read alike: where some rows came out "Label:<tab>value", a row
    whose label was too long to leave a wide gap ("Date of meeting: Tuesday ...") gets its
    tab too when its value starts at the same place as theirs, close by."""
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    columns: list[tuple[int, float]] = []  # line, where its value starts
    candidates: list[tuple[int, int]] = []  # line, length of "Label: "
    for i, ln in enumerate(lines):
        if firsts[i] < 0:
            continue
        if "\t" in ln.text:
            label = ln.text.split("\t", 1)[0]
            if label.endswith(":") and len(label) <= 42:
                candidates.append((i, -1))
            continue
        m = _LABEL_VALUE.match(ln.text)
        if m and len(m.group(1).split()) <= 6:
            candidates.append((i, m.end()))
    for i, _ in [c for c in candidates if c[1] < 0]:
        # the value of a tabbed row starts after its label and the spaces that follow it
        label = lines[i].text.split("\t", 1)[0]
        get_box(raw, firsts[i] + len(label) + 1, box)
        columns.append((i, box.left))
    if not columns:
        return
    for i, cut in candidates:
        if cut < 0:
            continue
        get_box(raw, firsts[i] + cut, box)
        x = box.left
        if any(abs(j - i) <= 10 and abs(xv - x) < 2.0 for j, xv in columns):
            text = lines[i].text
            lines[i].text = text[:cut].rstrip() + "\t" + text[cut:]


def _rejoin_justified(
    raw: object, lines: list[TextLine], ends: list[int], pairs: list[int], box: pdfium_c.FS_RECTF
) -> None:
    """Two words split apart on a line that a neighbour starts and ends level with: the
    stretched space of a justified paragraph's line, not two cells."""

    def right(i: int) -> float:
        pdfium_c.FPDFText_GetLooseCharBox(raw, ends[i], box)
        return float(box.right)

    for i in pairs:
        here = right(i)
        for j in (i - 1, i + 1):
            level = 0 <= j < len(lines) and abs(lines[j].left - lines[i].left) < 1.0
            if level and abs(right(j) - here) < 1.5:
                lines[i].text = lines[i].text.replace("\t", " ")
                break


_NUMBER_START = frozenset("0123456789(")
_NUMBER_JOINED = re.compile(r"\(?\d{1,3}(?:\.\d{1,3}){0,3}[.)]?(?=[^\W\d_])")

_SECTION_WORD = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,3}\.?[A-Z][a-z]")


def _spaced(raw: object, index: int, height: float, box: pdfium_c.FS_RECTF) -> bool:
    """Is there a visible gap (a quarter of the line's height) after character ``index``?"""
    pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
    right = box.right
    pdfium_c.FPDFText_GetLooseCharBox(raw, index + 1, box)
    return bool(box.left - right > 0.25 * height)


def _in_rows(line: TextLine, rows: list[tuple[float, float]]) -> bool:
    """Is the line within a line's height of one of the rows (few per page, top down)?  (A
    table's numbers may sit between the two lines of a wrapped cell beside them, and pdfium
    may put a block beside a wrapped line on the line's second row.)"""
    if not rows or " " not in line.text:
        return False
    h = line.height
    low, high = line.bottom - h, line.top + h
    for bottom, top in rows:
        if bottom > high:
            continue
        return top >= low
    return False
