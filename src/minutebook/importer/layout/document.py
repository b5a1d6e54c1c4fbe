"""The layout reading chain over a whole PDF: lines per page, then furniture across pages,
then word repairs."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

from minutebook.importer.layout.extract import extract_page
from minutebook.importer.layout.furniture import remove_furniture
from minutebook.importer.layout.lines import PageLines, TextLine, mark_paragraphs
from minutebook.importer.layout.parallel import PageReadError, extract_pages
from minutebook.importer.layout.repair import repair_pages

__all__ = ["LayoutPage", "PageReadError", "read_layout"]


@dataclass(slots=True)
class LayoutPage:
    """One page as read: its lines, and the number printed on it (None when none is)."""

    lines: list[TextLine]
    number: int | None
    width: float = 0.0  # points
    height: float = 0.0

    @property
    def text(self) -> str:
        """The content, one line a line, a blank line between paragraphs, cells tab-separated."""
        out: list[str] = []
        for ln in self.lines:
            if ln.blank_before and out:
                out.append("")
            out.append(ln.text)
        return "\n".join(out)

    @property
    def stamped_text(self) -> str:
        """``text`` with the printed number as a last "Page N" line, the stamp the text
        normaliser (``parse.text.normalise``) takes page numbers from."""
        text = self.text
        if self.number is None:
            return text
        return f"{text}\nPage {self.number}" if text else f"Page {self.number}"


def read_layout(
    pdf: pdfium.PdfDocument, count: int | None = None, *, processes: int | None = None
) -> list[LayoutPage]:
    """Read the first ``count`` pages (all by default) of an open PDF, the pages shared
    among ``processes`` processes (``parallel.extract_pages``: by default as many as there
    are CPUs, for a long document)."""

    def read(i: int) -> PageLines:
        try:
            page = pdf[i]
        except pdfium.PdfiumError as exc:
            raise PageReadError(i, exc) from exc
        try:
            return extract_page(page)
        except pdfium.PdfiumError as exc:
            raise PageReadError(i, exc) from exc
        finally:
            page.close()

    n = len(pdf) if count is None else count
    pages = extract_pages(n, read, processes=processes)
    numbers = remove_furniture(pages)
    line_lists = [p.lines for p in pages]
    repair_pages(line_lists)
    for lines in line_lists:
        mark_paragraphs(lines)
    return [
        LayoutPage(p.lines, no, p.width, p.height) for p, no in zip(pages, numbers, strict=True)
    ]
