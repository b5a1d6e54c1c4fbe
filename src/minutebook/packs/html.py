"""The accessible HTML twin of a pack, with the PDF's page numbers.

Built from the same ``PackSource`` and the PDF's ``Layout``: every block of report
text carries the anchor it had in the print HTML, and the layout knows on which page
each anchor landed, so a "Page 37" marker goes just before the first block of page 37.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from minutebook.core.exempt import describe_paragraphs
from minutebook.packs.pdf import Layout, PageInfo
from minutebook.packs.source import Block, Item


@dataclass
class Marked:
    block: Block
    markers: list[int]


@dataclass
class AppendixView:
    heading: str
    first: int
    last: int
    restricted: str  # the exemption wording when the reader may not see it
    pages: list[tuple[int, list[str]]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


@dataclass
class ItemView:
    item: Item
    first: int | None
    last: int | None
    restricted: str
    lead: list[int] = field(default_factory=list)
    trailing: list[int] = field(default_factory=list)
    blanks: list[int] = field(default_factory=list)
    sections: list[tuple[str, list[Marked]]] = field(default_factory=list)
    appendices: list[AppendixView] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def pages_text(self) -> str:
        if self.first is None or self.last is None:
            return ""
        return f"{self.first} - {self.last}"


def _page_texts(data: bytes) -> list[list[str]]:
    """Each page's text as paragraphs (pypdfium2), for an uploaded appendix."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        out = []
        for page in pdf:
            text = page.get_textpage().get_text_range().replace("\r\n", "\n")
            lines = [ln.strip() for ln in text.split("\n")]
            paras, cur = [], []
            for ln in lines:
                if ln:
                    cur.append(ln)
                elif cur:
                    paras.append(" ".join(cur))
                    cur = []
            if cur:
                paras.append(" ".join(cur))
            out.append(paras)
        return out
    finally:
        pdf.close()


def _first_anchor_pages(lay: Layout) -> dict[int, str]:
    """The first anchor that starts on each page."""
    out: dict[int, str] = {}
    for segment in lay.segments:
        seen: set[str] = set()
        for index, on_page in enumerate(segment.anchors):
            names = [n for n in on_page if n not in seen]
            seen.update(on_page)
            if names:
                out[segment.start + index] = names[0]
    return out


def _item_view(lay: Layout, item: Item, pages: list[PageInfo], public: bool) -> ItemView:
    mine = [p for p in pages if p.item is item]
    first_page = lay.ranges.get(item.anchor, (None, None))
    restricted = item.exempt_text if public and item.is_exempt else ""
    view = ItemView(item, first_page[0], first_page[1], restricted)
    view.numbers = [p.number for p in mine if p.kind != "blank"]
    if not mine or restricted or (item.paper is None and not item.appendices):
        return view
    if item.paper is not None:
        _paper_sections(lay, item, mine, view)
    _appendix_views(item, mine, public, view)
    return view


def _paper_sections(lay: Layout, item: Item, mine: list[PageInfo], view: ItemView) -> None:
    """The report's sections, each block with the page markers that fall before it."""
    assert item.paper is not None
    firsts = _first_anchor_pages(lay)
    content = [p.number for p in mine if p.kind == "content"]
    by_anchor: dict[str, list[int]] = {}
    pending: list[int] = []
    for number in content:
        pending.append(number)
        anchor = firsts.get(number, "")
        if anchor and anchor != item.anchor and not anchor.startswith(item.anchor + "-a"):
            by_anchor.setdefault(anchor, []).extend(pending)
            pending = []
        elif anchor == item.anchor:
            view.lead.extend(pending)
            pending = []
    paper = item.paper
    sections: list[tuple[str, list[Block]]] = [
        ("Summary", paper.summary),
        ("Recommendations", paper.recommendations),
        ("Reasons for the recommendations", paper.reasons),
        *paper.implications,
        ("Report", paper.body),
    ]
    for heading, blocks in sections:
        if blocks:
            view.sections.append(
                (heading, [Marked(b, by_anchor.pop(b.anchor, [])) for b in blocks])
            )
    view.trailing = sorted(pending + [n for ns in by_anchor.values() for n in ns])


def _appendix_views(item: Item, mine: list[PageInfo], public: bool, view: ItemView) -> None:
    """Each appendix (and the previous minutes) as its text, page by page."""
    for a_index, appendix in enumerate(item.appendices, 1):
        numbers = [
            p.number
            for p in mine
            if p.kind == "slot" and p.slot is not None and p.slot.appendix is appendix
        ]
        hidden = public and appendix.is_exempt
        # Hidden, it is named by its label only: its title may say what is exempt.
        av = AppendixView(
            (appendix.label or f"Appendix {a_index}")
            if hidden
            else (appendix.heading or f"Appendix {a_index}"),
            numbers[0],
            numbers[-1],
            describe_paragraphs(appendix.exempt_paragraphs) if hidden else "",
            numbers=numbers,
        )
        if not hidden:
            texts = _page_texts(appendix.data)
            av.pages = list(zip(numbers, texts, strict=False))
        view.appendices.append(av)


def render_html(lay: Layout, audience: str) -> str:
    """The pack as one accessible HTML page for ``audience`` ("public" or "members")."""
    public = audience == "public"
    source = lay.source
    blanks = [p.number for p in lay.pages if p.kind == "blank"]
    views = []
    for item in source.items:
        view = _item_view(lay, item, lay.pages, public)
        if view.first is not None:
            view.blanks = [n for n in blanks if view.first - 2 < n < view.first]
        views.append(view)
    return render_to_string(
        "packs/html/pack.html",
        {
            "pack": source,
            "items": views,
            "front_more": list(range(2, lay.front_pages + 1)),
            "page_count": lay.page_count,
            "members": not public,
        },
    )
