"""Lines of a page with their positions, and the paragraph gaps between them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PageLines", "TextLine", "mark_paragraphs"]


@dataclass(slots=True)
class TextLine:
    """One line of a page as pdfium ordered it; cells (blocks set apart by a wide gap) are
    joined by a tab.  Positions are PDF points, y growing upwards; all zero when the page's
    geometry could not be read."""

    text: str
    left: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    blank_before: bool = False
    # Bottom of the line's last row, lower than ``bottom`` when pdfium joined a word broken
    # at a line end (the line then spans two rows on the page).
    end: float = 0.0

    def __post_init__(self) -> None:
        if not self.end:
            self.end = self.bottom

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(slots=True)
class PageLines:
    """The lines of one page, and its size in points."""

    lines: list[TextLine]
    width: float
    height: float


# Vertical space between two lines, as a share of the line's height, above which they belong
# to different paragraphs (single and 1.15 spacing stay well under it; a paragraph's space
# before or after, a table row's padding or a new block go over it).
PARAGRAPH_GAP = 0.5


def mark_paragraphs(lines: list[TextLine]) -> None:
    """Set ``blank_before`` where a visible gap (or a jump back up the page, as at a new
    column) separates a line from the one before it."""
    prev: TextLine | None = None
    ph = 0.0  # the previous line's height
    for line in lines:
        top = line.top
        h = top - line.bottom
        if prev is not None and h > 0 and ph > 0:
            gap = min(prev.bottom, prev.end) - top
            if gap > PARAGRAPH_GAP * (h if h > ph else ph) or top > prev.top + 2 * h:
                line.blank_before = True
        prev, ph = line, h
