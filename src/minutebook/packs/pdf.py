"""Laying out and assembling the PDF agenda pack.

Layout, in three renders:

1. the front sheet with placeholder page ranges, to learn its length (the ranges sit in
   a fixed-width, no-wrap column, so their values never change that length);
2. the items, in segments: each run of public items is one WeasyPrint render, each
   exempt item a render of its own (so exempt text never enters the bytes the public
   pack is built from). Each segment knows the page it starts on, so WeasyPrint's own
   page counter prints "Page N" in the margin, and ``break-before: recto`` pads items
   onto odd pages where the council asks. An appendix page is an empty page of the
   appendix's own size in the flow: it carries the page number, and is later laid over
   the uploaded page with pypdf;
3. the front sheet again, with the page ranges read from where each item's anchors
   landed.

Assembly then picks, for the audience, each page: the rendered page, the appendix
page with its stamp, or (public pack) a "Document is Restricted" page with the same
number, so both versions of a pack have the same page numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter

from minutebook.packs.source import Appendix, Item, PackSource
from minutebook.packs.tagging import StructureMerger

#: Every render is a tagged PDF: a structure tree from the HTML (headings, paragraphs,
#: lists, tables with their header cells), /MarkInfo, /Lang from ``<html lang>`` and the
#: ``<title>`` shown as the window title. ``assemble`` keeps the tags (``packs.tagging``).
PDF_OPTIONS = {"pdf_tags": True}


class LayoutError(RuntimeError):
    """The front sheet changed length when its page ranges were filled in."""


@dataclass
class Slot:
    """One appendix page in the flow."""

    anchor: str
    page_name: str
    appendix: Appendix
    index: int


@dataclass
class ItemView:
    """An item as a segment template renders it."""

    item: Item
    slots: list[Slot] = field(default_factory=list)

    def __getattr__(self, name: str) -> object:
        return getattr(self.item, name)


@dataclass
class PageInfo:
    """What one page of the pack is."""

    number: int
    kind: str  # "front", "content", "blank", "slot"
    item: Item | None = None
    exempt: bool = False  # content the public may not see
    first_of_item: bool = False
    slot: Slot | None = None
    segment: int = -1
    index: int = 0  # page index within its render


@dataclass
class Segment:
    items: list[Item]
    exempt: bool
    start: int = 0
    pdf: bytes = b""
    pages: int = 0
    anchors: list[list[str]] = field(default_factory=list)


@dataclass
class Layout:
    source: PackSource
    front_pdf: bytes
    front_pages: int
    segments: list[Segment]
    pages: list[PageInfo]
    ranges: dict[str, tuple[int, int]]
    #: The first page of each block anchor (for page markers in the HTML twin).
    anchor_pages: dict[str, int]

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _page_name(size: tuple[float, float], exempt: bool) -> str:
    w, h = size
    return f"s{round(w * 100)}x{round(h * 100)}{'x' if exempt else ''}"


def range_text(first: int, last: int) -> str:
    """ "5 - 20"; a one-page item prints "7 - 7" so the range never reads as part of its title."""
    return f"{first} - {last}"


def _front_rows(source: PackSource, ranges: dict[str, tuple[int, int]] | None) -> list[dict]:
    rows = []
    for item in source.items:
        pages = ""
        if item.has_pages:
            pages = range_text(*ranges[item.anchor]) if ranges else "000 - 000"
        rows.append(
            {
                "item": item,
                "pages": pages,
                "paragraphs": ", ".join(map(str, item.exempt_paragraphs)),
            }
        )
    return rows


def render_front(
    source: PackSource, ranges: dict[str, tuple[int, int]] | None
) -> tuple[bytes, int]:
    html = render_to_string(
        "packs/print/front.html", {"pack": source, "rows": _front_rows(source, ranges)}
    )
    from weasyprint import HTML  # 1-3 s to import: only when rendering

    doc = HTML(string=html).render()
    return doc.write_pdf(**PDF_OPTIONS), len(doc.pages)


def _segments(items: Iterable[Item]) -> list[Segment]:
    segments: list[Segment] = []
    for item in items:
        if not item.has_pages:
            continue
        if item.is_exempt:
            segments.append(Segment([item], exempt=True))
        elif segments and not segments[-1].exempt:
            segments[-1].items.append(item)
        else:
            segments.append(Segment([item], exempt=False))
    return segments


def segment_html(source: PackSource, segment: Segment, start: int) -> str:
    """The HTML of one segment, starting on pack page ``start``."""
    pad = source.pad_blank_pages
    views = []
    names: dict[str, tuple[str, float, float, str]] = {}
    for item in segment.items:
        view = ItemView(item)
        for a_index, appendix in enumerate(item.appendices, 1):
            banner = ""
            if appendix.is_exempt and not item.is_exempt:
                banner = f"NOT FOR PUBLICATION: {appendix_reason(appendix)}"
            for p_index, size in enumerate(appendix.sizes):
                name = _page_name(size, bool(banner))
                names[name] = (name, size[0], size[1], banner)
                view.slots.append(
                    Slot(f"{item.anchor}-a{a_index}-p{p_index + 1}", name, appendix, p_index)
                )
        views.append(view)
    banner = ""
    if segment.exempt:
        banner = f"NOT FOR PUBLICATION: {segment.items[0].exempt_text}"
    return render_to_string(
        "packs/print/segment.html",
        {
            "pack": source,
            "items": views,
            "pad": pad,
            "first_page": start,
            "starts_left": start % 2 == 0,
            "lead_blank": f"blank-{start}" if pad and start % 2 == 0 else "",
            "page_names": sorted(names.values()),
            "exempt_banner": banner,
        },
    )


def appendix_reason(appendix: Appendix) -> str:
    from minutebook.core.exempt import describe_paragraphs

    return describe_paragraphs(appendix.exempt_paragraphs)


def layout(source: PackSource) -> Layout:
    """Render every part once and work out every page's number and role."""
    _, front_pages = render_front(source, None)
    segments = _segments(source.items)
    pages: list[PageInfo] = [PageInfo(n, "front") for n in range(1, front_pages + 1)]
    ranges: dict[str, tuple[int, int]] = {}
    anchor_pages: dict[str, int] = {}
    next_page = front_pages + 1
    for s_index, segment in enumerate(segments):
        segment.start = next_page
        from weasyprint import HTML  # 1-3 s to import: only when rendering

        doc = HTML(string=segment_html(source, segment, next_page)).render()
        segment.pages = len(doc.pages)
        segment.anchors = [list(page.anchors) for page in doc.pages]
        slots = {
            slot.anchor: slot for item in segment.items for slot in _slots_of(source, item, segment)
        }
        starts = {item.anchor: item for item in segment.items}
        ends = {f"{item.anchor}-end": item for item in segment.items}
        last_slots = {
            item.anchor: f"{item.anchor}-a{len(item.appendices)}-p{len(item.appendices[-1].sizes)}"
            for item in segment.items
            if item.appendices
        }
        current: Item | None = None
        open_item = False
        seen: set[str] = set()
        for index, on_page in enumerate(segment.anchors):
            # A box split over pages is listed on each; count it where it starts.
            names = [n for n in on_page if n not in seen]
            seen.update(on_page)
            number = next_page + index
            for name in names:
                anchor_pages.setdefault(name, number)
            info = PageInfo(number, "blank", segment=s_index, index=index)
            started = [starts[n] for n in names if n in starts]
            slot = next((slots[n] for n in names if n in slots), None)
            if started:
                current, open_item = started[0], True
                info.first_of_item = True
            if slot is not None:
                info.kind, info.slot, info.item = "slot", slot, slot_item(segment, slot)
                info.exempt = segment.exempt or slot.appendix.is_exempt
                if slot.anchor == last_slots.get(info.item.anchor):
                    open_item = False
            elif open_item and current is not None:
                info.kind, info.item, info.exempt = "content", current, segment.exempt
            if any(n in ends for n in names):
                open_item = False
            pages.append(info)
        for item in segment.items:
            item_pages = [p.number for p in pages if p.item is item and p.kind != "blank"]
            ranges[item.anchor] = (min(item_pages), max(item_pages))
        segment.pdf = doc.write_pdf(**PDF_OPTIONS)
        next_page += segment.pages
    front_pdf, again = render_front(source, ranges)
    if again != front_pages:
        raise LayoutError(
            f"the front sheet took {again} pages with its page ranges, {front_pages} without"
        )
    return Layout(source, front_pdf, front_pages, segments, pages, ranges, anchor_pages)


def _slots_of(source: PackSource, item: Item, segment: Segment) -> list[Slot]:
    out = []
    for a_index, appendix in enumerate(item.appendices, 1):
        banner = appendix.is_exempt and not item.is_exempt
        for p_index, size in enumerate(appendix.sizes):
            out.append(
                Slot(
                    f"{item.anchor}-a{a_index}-p{p_index + 1}",
                    _page_name(size, banner),
                    appendix,
                    p_index,
                )
            )
    return out


def slot_item(segment: Segment, slot: Slot) -> Item:
    for item in segment.items:
        if any(a is slot.appendix for a in item.appendices):
            return item
    raise LookupError(slot.anchor)


def _restricted_pages(lay: Layout) -> tuple[bytes, dict[int, int]]:
    """One render of every page the public pack restricts; page number -> index."""
    specs = []
    for info in lay.pages:
        if info.kind == "front":
            continue
        if info.segment >= 0 and lay.segments[info.segment].exempt:
            item = lay.segments[info.segment].items[0]
            if info.kind == "blank":
                specs.append({"number": info.number, "blank": True})
            else:
                specs.append(
                    {
                        "number": info.number,
                        "stamp": item.number if info.first_of_item else "",
                        "what": f"Agenda item {item.number}: {item.title}",
                        "reason": item.exempt_text,
                    }
                )
        elif info.kind == "slot" and info.exempt and info.slot is not None:
            appendix = info.slot.appendix
            specs.append(
                {
                    "number": info.number,
                    "stamp": "",
                    "what": f"{appendix.label or 'Appendix'} to agenda item {info.item.number}"
                    if info.item
                    else appendix.label,
                    "reason": appendix_reason(appendix),
                }
            )
    if not specs:
        return b"", {}
    from weasyprint import HTML  # 1-3 s to import: only when rendering

    doc = HTML(string=render_to_string("packs/print/restricted.html", {"pages": specs})).render()
    if len(doc.pages) != len(specs):
        raise LayoutError("a restricted page overflowed")
    return doc.write_pdf(**PDF_OPTIONS), {spec["number"]: i for i, spec in enumerate(specs)}


def assemble(lay: Layout, audience: str) -> bytes:
    """The pack's PDF for ``audience`` ("public" or "members")."""
    public = audience == "public"
    writer = PdfWriter()
    tags = StructureMerger(writer)
    front = PdfReader(io.BytesIO(lay.front_pdf))
    for index, page in enumerate(front.pages):
        tags.add(front, index, writer.add_page(page))
    readers = [PdfReader(io.BytesIO(s.pdf)) for s in lay.segments]
    appendix_readers: dict[int, PdfReader] = {}
    restricted_reader = None
    restricted_index: dict[int, int] = {}
    if public:
        data, restricted_index = _restricted_pages(lay)
        restricted_reader = PdfReader(io.BytesIO(data)) if data else None
    for info in lay.pages:
        if info.kind == "front":
            continue
        if public and info.number in restricted_index and restricted_reader is not None:
            index = restricted_index[info.number]
            tags.add(restricted_reader, index, writer.add_page(restricted_reader.pages[index]))
            continue
        rendered = readers[info.segment].pages[info.index]
        if info.kind != "slot" or info.slot is None:
            tags.add(readers[info.segment], info.index, writer.add_page(rendered))
            continue
        appendix = info.slot.appendix
        reader = appendix_readers.get(id(appendix))
        if reader is None:
            reader = appendix_readers[id(appendix)] = PdfReader(io.BytesIO(appendix.data))
        page = writer.add_page(reader.pages[info.slot.index])
        stamp_page(page, as_artifact(rendered))
    add_outline(writer, lay, public)
    title = f"{lay.source.committee}: {lay.source.title}, {lay.source.date_text}"
    tags.finish(title)
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": lay.source.council,
            "/Subject": "Members' agenda pack (contains exempt information)"
            if not public
            else "Agenda pack",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def outline_entries(lay: Layout, public: bool) -> list[tuple[int, str, int]]:
    """The bookmarks: ``(level, title, page number)``, in pack order.

    The front sheet, then one entry per agenda item with pages at its first page, and
    under it its report and each appendix at their first pages. What the public may not
    read is named as the restricted page names it: an exempt item by its agenda title
    (always public), with no report title; an exempt appendix by its label only.
    """
    entries = [(0, "Meeting details and agenda", 1)]
    for item in lay.source.items:
        if item.anchor not in lay.ranges:
            continue
        first, _ = lay.ranges[item.anchor]
        label = f"Item {item.number}: {item.title}" if item.number else item.title
        hidden = public and item.is_exempt
        entries.append((0, f"{label} (restricted)" if hidden else label, first))
        if item.paper is not None and not hidden:
            entries.append((1, item.paper.title, first))
        for a_index, appendix in enumerate(item.appendices, 1):
            page = lay.anchor_pages.get(f"{item.anchor}-a{a_index}-p1")
            if page is None:
                continue
            if hidden or (public and appendix.is_exempt):
                name = f"{appendix.label or f'Appendix {a_index}'} (restricted)"
            else:
                name = appendix.heading or f"Appendix {a_index}"
            entries.append((1, name, page))
    return entries


def add_outline(writer: PdfWriter, lay: Layout, public: bool) -> None:
    """Bookmarks (the PDF outline) so a reader can jump to each item, report and appendix."""
    parent = None
    for level, title, page in outline_entries(lay, public):
        if page > len(writer.pages):
            continue
        entry = writer.add_outline_item(
            title=title, page_number=page - 1, parent=parent if level else None
        )
        if level == 0:
            parent = entry
    writer.page_mode = "/UseOutlines"


_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")


def as_artifact(rendered: PageObject) -> PageObject:
    """The rendered stamp page with its tagged content marked ``/Artifact`` instead.

    Its "Page N" is pagination, and the uploaded page it is laid over is not in the
    pack's structure tree, so marked content pointing into a tree would point nowhere.
    """
    from pypdf.generic import DecodedStreamObject, NameObject

    stamp = PageObject()
    for key in ("/MediaBox", "/Resources"):
        stamp[NameObject(key)] = rendered[key]
    stream = DecodedStreamObject()
    stream.set_data(_MARKED.sub(b"/Artifact BMC", rendered.get_contents().get_data()))
    stamp.replace_contents(stream)
    return stamp


def stamp_page(page: object, stamp: object) -> None:
    """Lay the rendered stamp page (its "Page N") over an uploaded appendix page."""
    from pypdf import PageObject, Transformation

    assert isinstance(page, PageObject) and isinstance(stamp, PageObject)
    rotation = (page.get("/Rotate") or 0) % 360
    if rotation:
        page.transfer_rotation_to_content()
    box = page.mediabox
    if box.left or box.bottom:
        page.merge_transformed_page(
            stamp, Transformation().translate(float(box.left), float(box.bottom))
        )
    else:
        page.merge_page(stamp)
    page.compress_content_streams()
