"""Layout-aware reading of PDF text (pure: no Django).

pdfium's own text (``get_text_range``) keeps the content stream's order and line breaks but
loses what the eye sees on the page: two blocks side by side run together, running headers,
footers and page numbers sit among the content, line-end hyphens and ligatures come out as
marker characters, superscript ordinals fall on lines of their own.  This package rebuilds
each page's lines with their positions (``extract``), splits lines at wide gaps into
tab-separated cells (``tables``), marks paragraph gaps (``lines``), removes running furniture
across pages while keeping the printed page number (``furniture``) and repairs the words
(``repair``).  ``read_layout`` runs the whole chain.
"""

from __future__ import annotations

from minutebook.importer.layout.document import LayoutPage, read_layout

__all__ = ["LayoutPage", "read_layout"]
