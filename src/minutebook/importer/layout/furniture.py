"""Running headers, footers and page numbers, recognised across the pages of a document.

A line is furniture when it sits at the top or the bottom of its page and the same text (or
the same text with a number that follows the page count) is there on other pages too.  Page
numbers ("7", "Page 7", "Page 7 of 20", "- 7 -") at the top or bottom are taken out and kept
as the page's printed number; a "Page N" stamp wins over a bare number (in a published pack
the stamp is the pack's own pagination, which agendas refer to).  A page's last remaining
line is never furniture (a "This page is intentionally left blank" notice is content).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from minutebook.importer.layout.lines import PageLines, TextLine

__all__ = ["remove_furniture"]

# How many lines from the top and from the bottom of a page may be furniture, and how far
# into the page (a share of its height) they may sit.
EDGE_LINES = 3
EDGE_BAND = 0.15
# Pages a running header must be seen on (when the document has at least that many).
MIN_REPEATS = 3

_PAGE_NO = re.compile(
    r"^(?:(page)\s+)?[-\u2013\u2014]?\s*(\d{1,4})\s*[-\u2013\u2014]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def _page_number(cell: str) -> tuple[int, bool] | None:
    """(number, is a "Page N" stamp) when the cell is only a page number."""
    m = _PAGE_NO.match(cell.strip())
    if not m:
        return None
    return int(m.group(2)), m.group(1) is not None


def _key(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def _edges(page: PageLines) -> list[int]:
    """Indexes of the lines at the top and bottom edges of the page."""
    geo = [i for i, ln in enumerate(page.lines) if ln.height > 0]
    if not geo or page.height <= 0:
        return []
    band = EDGE_BAND * page.height
    by_top = sorted(geo, key=lambda i: -page.lines[i].top)
    top = [i for i in by_top[:EDGE_LINES] if page.lines[i].top >= page.height - band]
    by_bottom = sorted(geo, key=lambda i: page.lines[i].bottom)
    bottom = [i for i in by_bottom[:EDGE_LINES] if page.lines[i].bottom <= band]
    return sorted(set(top) | set(bottom))


def remove_furniture(pages: list[PageLines]) -> list[int | None]:
    """Take running headers, footers and page numbers out of ``pages`` (in place); return each
    page's printed number (None when it has none)."""
    edges = [_edges(p) for p in pages]
    stamped: list[int | None] = [None] * len(pages)
    numbers: list[int | None] = [None] * len(pages)
    drop: list[set[int]] = [set() for _ in pages]

    # 1. Page numbers: "Page N" stamps are taken as printed; a bare number only when bare
    #    numbers on the edges follow the page count (or the document has one page).
    bare: list[tuple[int, int, int, int]] = []  # page, line, cell, number
    for p, idx in enumerate(edges):
        for i in idx:
            cells = pages[p].lines[i].text.split("\t")
            for c, cell in enumerate(cells):
                found = _page_number(cell)
                if found is None:
                    continue
                n, stamp = found
                if stamp:
                    stamped[p] = n if stamped[p] is None else stamped[p]
                    _take(pages[p].lines[i], c, drop[p], i)
                elif c in (0, len(cells) - 1):
                    bare.append((p, i, c, n))
                break
    # A "Page N" stamp away from the edges: printed in a side margin (turned with a
    # landscape page) or on a line of its own; as the whole line or its first cell.
    for p, page in enumerate(pages):
        if stamped[p] is not None:
            continue
        for i, ln in enumerate(page.lines):
            if ln.text[:1] in "Pp" and i not in drop[p]:
                found = _page_number(ln.text.split("\t", 1)[0])
                if found is not None and found[1]:
                    stamped[p] = found[0]
                    _take(ln, 0, drop[p], i)
                    break
    offset, count = Counter(n - p for p, _, _, n in bare).most_common(1)[0] if bare else (0, 0)
    if bare:
        for p, i, c, n in bare:
            # numbers that follow the pages, or a lone one equal to the page's place
            if (n - p == offset and (count >= 2 or len(pages) == 1)) or n - p == 1:
                numbers[p] = n if numbers[p] is None else numbers[p]
                _take(pages[p].lines[i], c, drop[p], i)

    # 2. Running headers and footers: the same text on the edges of several pages, close
    #    together (a stamp on the first page of each document of a pack is not one).
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p, idx in enumerate(edges):
        for i in idx:
            text = pages[p].lines[i].text
            key = _key(text)
            if i not in drop[p] and key and (not where[key] or where[key][-1][0] != p):
                where[key].append((p, i))
    need = min(MIN_REPEATS, len(pages)) if len(pages) > 1 else 2
    for hits in where.values():
        if len(hits) < need or not _clustered([p for p, _ in hits]):
            continue
        texts = {pages[p].lines[i].text for p, i in hits}
        if len(texts) > 1:
            follow = _numbers_follow_pages(pages, hits)
            if follow is None:
                # Same words, numbers that are not page numbers ("Agenda Item 4", "Agenda
                # Item 6"): stamps that mean something, not furniture.
                continue
            for p, i in hits:
                for d in _DIGITS.findall(pages[p].lines[i].text):
                    if numbers[p] is None and int(d) - p == follow:
                        numbers[p] = int(d)
        for p, i in hits:
            drop[p].add(i)

    for p, page in enumerate(pages):
        if drop[p]:
            kept = [ln for i, ln in enumerate(page.lines) if i not in drop[p]]
            if not kept:  # the page's last line is content, whatever it looks like
                last = [ln for i, ln in enumerate(page.lines) if _page_number(ln.text) is None]
                kept = last[-1:]
            page.lines = kept
    return [s if s is not None else n for s, n in zip(stamped, numbers, strict=True)]


def _take(line: TextLine, c: int, drop: set[int], i: int) -> None:
    """Remove the page-number cell ``c`` from the line (the whole line when it is alone)."""
    cells = line.text.split("\t")
    if len(cells) == 1:
        drop.add(i)
    else:
        line.text = "\t".join(cells[:c] + cells[c + 1 :])


def _clustered(pages: list[int]) -> bool:
    """Do most occurrences have another within two pages (running, not scattered)?"""
    near = sum(
        1
        for k, p in enumerate(pages)
        if (k > 0 and p - pages[k - 1] <= 2) or (k + 1 < len(pages) and pages[k + 1] - p <= 2)
    )
    return near * 2 >= len(pages)


def _numbers_follow_pages(pages: list[PageLines], hits: list[tuple[int, int]]) -> int | None:
    """The offset from page index to number when one of the numbers in each line goes up with
    the page (a numbered running header: "Budget 2025-26 | Page 3"), else None."""
    found = [[int(d) for d in _DIGITS.findall(pages[p].lines[i].text)] for p, i in hits]
    width = min(len(nums) for nums in found)
    for k in range(width):
        offsets = Counter(nums[k] - p for nums, (p, _) in zip(found, hits, strict=True))
        offset, count = offsets.most_common(1)[0]
        if count * 2 >= len(hits) and count >= 2:
            return offset
    return None
