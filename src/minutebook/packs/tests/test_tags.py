"""Tagged PDF packs: one structure tree over the rendered pages, kept through assembly.

Read back with pypdf (catalog, parent tree, marked content) and, independently, with
pdfium's structure-tree reader.
"""

from __future__ import annotations

import ctypes
import io
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from minutebook.packs.minutes import generate_minutes
from minutebook.packs.models import Audience, Format, GeneratedDocument, MinutesRecord, Product
from minutebook.packs.pdf import assemble, layout
from minutebook.packs.source import build_source
from minutebook.packs.tests.builders import build_pack_scenario

pytestmark = pytest.mark.django_db

MCID = re.compile(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
TITLE = "Cabinet: Agenda, Wednesday, 12 March 2025"


def check_catalog(reader: PdfReader, title: str) -> None:
    root = reader.trailer["/Root"].get_object()
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title == title


def parent_tree(reader: PdfReader) -> dict[int, list[Any]]:
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    nums = tree["/ParentTree"].get_object()["/Nums"]
    mapping = {int(nums[i]): list(nums[i + 1].get_object()) for i in range(0, len(nums), 2)}
    if "/ParentTreeNextKey" in tree:  # optional; WeasyPrint's own output leaves it out
        assert int(tree["/ParentTreeNextKey"]) == len(mapping)
    return mapping


def check_marked_content(reader: PdfReader) -> list[int]:
    """Every MCID on every page resolves, through the parent tree, to an element of
    that page; pages with no structure carry no MCID. Returns the tagged pages."""
    mapping = parent_tree(reader)
    tagged = []
    for number, page in enumerate(reader.pages, 1):
        mcids = [int(m) for m in MCID.findall(page.get_contents().get_data())]
        key = page.get("/StructParents")
        if key is None:
            assert not mcids, f"page {number} has marked content but no structure"
            continue
        tagged.append(number)
        elements = mapping[int(key)]
        assert mcids, f"page {number} is tagged but marks no content"
        for mcid in mcids:
            element = elements[mcid].get_object()
            assert element["/Type"] == "/StructElem"
            assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum, number
    return tagged


def pdfium_types(data: bytes, index: int) -> set[str]:
    """Structure element types pdfium finds on one page (an independent reader)."""
    pdf = pdfium.PdfDocument(data)
    found: set[str] = set()
    buffer = ctypes.create_string_buffer(256)

    def walk(element: Any) -> None:
        length = pdfium_c.FPDF_StructElement_GetType(element, buffer, 256)
        found.add(buffer.raw[:length].decode("utf-16-le").rstrip("\x00"))
        for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child)

    try:
        page = pdf[index]
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        try:
            for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
                walk(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i))
        finally:
            pdfium_c.FPDF_StructTree_Close(tree)
            page.close()
    finally:
        pdf.close()
    return found


@pytest.mark.parametrize("pad", [False, True])
def test_assembled_pack_keeps_one_structure_tree(pad: bool) -> None:
    scenario = build_pack_scenario(pad=pad, paragraphs=3)
    lay = layout(build_source(scenario.meeting))
    for audience in ("public", "members"):
        # The public pack has a (rendered) restricted page in place of an exempt one.
        uploaded = [
            p.number
            for p in lay.pages
            if p.kind == "slot" and not (audience == "public" and p.exempt)
        ]
        data = assemble(lay, audience)
        reader = PdfReader(io.BytesIO(data))
        check_catalog(reader, TITLE)
        tagged = check_marked_content(reader)
        # Rendered pages are tagged; uploaded appendix pages are merged as they are.
        assert set(tagged) | set(uploaded) == set(range(1, lay.page_count + 1))
        assert not set(tagged) & set(uploaded)
        document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()
        assert document["/S"] == "/Document"
        front = pdfium_types(data, 0)
        assert {"Document", "H1", "P"} <= front
        item = next(p for p in lay.pages if p.first_of_item and p.item is not None)
        assert {"Document", "Sect", "H1"} <= pdfium_types(data, item.number - 1)


def test_public_pack_tags_restricted_pages_not_the_exempt_ones() -> None:
    scenario = build_pack_scenario(paragraphs=2)
    lay = layout(build_source(scenario.meeting))
    data = assemble(lay, "public")
    reader = PdfReader(io.BytesIO(data))
    tagged = set(check_marked_content(reader))
    exempt = [p.number for p in lay.pages if p.exempt and p.kind != "slot"]
    assert exempt and set(exempt) <= tagged  # their "Document is Restricted" pages
    # The tree has exactly one element list per tagged page, none from unused pages.
    assert len(parent_tree(reader)) == len(tagged)


def test_stored_pack_and_minutes_are_tagged() -> None:
    from minutebook.documents.models import Document
    from minutebook.packs.services import generate_pack

    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    generate_pack(meeting)
    MinutesRecord.objects.create(meeting=meeting, present="Rosa Linton (Chairman)")
    generate_minutes(meeting)
    for product, audience in (
        (Product.AGENDA_PACK, Audience.PUBLIC),
        (Product.AGENDA_PACK, Audience.MEMBERS),
        (Product.MINUTES, Audience.PUBLIC),
    ):
        row = GeneratedDocument.objects.get(
            meeting=meeting, product=product, audience=audience, format=Format.PDF
        )
        document = Document.officer_objects.get(pk=row.document_id)
        reader = PdfReader(io.BytesIO(document.file.open("rb").read()))
        root = reader.trailer["/Root"].get_object()
        assert "/StructTreeRoot" in root, (product, audience)
        assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en-GB"
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        assert reader.metadata is not None and reader.metadata.title
        check_marked_content(reader)
