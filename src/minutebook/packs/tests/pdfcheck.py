"""Reading a generated pack back, page by page, with pypdfium2."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

ITEM_LINE = re.compile(r"^(\d+[a-z]?)\.\s+\S")
RANGE = re.compile(r"(?:^|\s)(\d+) - (\d+)$")
STAMP = re.compile(r"^Agenda Item (\d+[a-z]?)$")


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [p.get_textpage().get_text_range().replace("\r\n", "\n") for p in pdf]
    finally:
        pdf.close()


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [tuple(round(v) for v in p.get_size()) for p in pdf]  # type: ignore[misc]
    finally:
        pdf.close()


def lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def front_sheet_ranges(texts: list[str]) -> dict[str, tuple[int, int]]:
    """The page range printed against each agenda item on the front sheet.

    The front sheet is every page before the first "Agenda Item N" stamp.
    """
    ranges: dict[str, tuple[int, int]] = {}
    current = None
    for text in texts:
        page_lines = lines(text)
        if page_lines and STAMP.match(page_lines[0]):
            break
        for ln in page_lines:
            m = ITEM_LINE.match(ln)
            if m:
                current = m.group(1)
            r = RANGE.search(ln)
            if r and current and current not in ranges:
                ranges[current] = (int(r.group(1)), int(r.group(2)))
    return ranges


def stamped_items(texts: list[str]) -> dict[str, int]:
    """Item number -> the page whose first line is its "Agenda Item N" stamp."""
    out: dict[str, int] = {}
    for number, text in enumerate(texts, 1):
        page_lines = lines(text)
        m = STAMP.match(page_lines[0]) if page_lines else None
        if m:
            assert m.group(1) not in out, f"item {m.group(1)} stamped twice"
            out[m.group(1)] = number
    return out
