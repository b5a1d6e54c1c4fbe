"""The HTML twin: same pages as the PDF, real structure, nothing exempt for the public."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from minutebook.packs.html import render_html
from minutebook.packs.pdf import assemble, layout
from minutebook.packs.source import build_source
from minutebook.packs.tests.builders import CANARY, build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Headings, page markers and the text that follows each marker."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.markers: list[int] = []
        self.after: dict[int, str] = {}
        self.labels: dict[int, str] = {}
        self._heading: list[str] | None = None
        self._marker: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h1", "h2", "h3"}:
            self._heading = [tag + ":"]
        ident = dict(attrs).get("id") or ""
        m = re.fullmatch(r"page-(\d+)", ident)
        if m:
            self.markers.append(int(m.group(1)))
            self._marker = int(m.group(1))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3"} and self._heading is not None:
            self.headings.append(" ".join(self._heading).replace(": ", ":", 1))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None and data.strip():
            self._heading.append(data.strip())
        if self._marker is not None and data.strip():
            if data.strip().startswith("Page"):
                self.labels.setdefault(self._marker, data.strip())
            else:
                self.after.setdefault(self._marker, data.strip())


@pytest.mark.parametrize("pad", [False, True])
def test_html_shows_every_pdf_page(pad: bool) -> None:
    scenario = build_pack_scenario(pad=pad)
    lay = layout(build_source(scenario.meeting))
    public = render_html(lay, "public")
    outline = Outline()
    outline.feed(public)
    assert outline.markers == list(range(1, lay.page_count + 1)), "one marker per page, in order"
    assert 'lang="en-GB"' in public and 'href="#main"' in public
    assert outline.headings[0] == "h2:Contents"
    assert "h1:Cabinet: Agenda, Wednesday, 12 March 2025" in outline.headings
    assert "h2:Agenda Item 3: Library opening hours" in outline.headings
    assert '<th scope="col">Pages</th>' in public
    assert CANARY not in public
    assert "Document is restricted" in public

    # The text after each marker is on that page of the PDF.
    texts = page_texts(assemble(lay, "public"))
    for number, text in outline.after.items():
        if number <= lay.front_pages:
            continue
        if "intentionally left blank" in outline.labels[number]:
            assert "This page is intentionally left blank" in texts[number - 1]
            continue
        words = " ".join(re.sub(r"[^\w\s]", "", text).casefold().split()[:3])
        pdf_page = " ".join(re.sub(r"[^\w\s]", "", texts[number - 1]).casefold().split())
        assert words in pdf_page, (number, words, pdf_page[:200])

    members = render_html(lay, "members")
    assert CANARY in members and "not for publication" in members
