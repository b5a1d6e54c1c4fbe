"""One structure tree for a PDF assembled, page by page, from several tagged PDFs.

WeasyPrint (``pdf_tags=True``) writes a structure tree whose top-level elements under
``/Document`` each belong to one page (every element carries that page as ``/Pg``), with
a parent tree that maps each page's ``/StructParents`` key to the elements of its marked
content, by MCID. pypdf's ``add_page`` copies a page without any of that (it even drops
``/StructParents``), so the pack would lose its tags.

``StructureMerger`` rebuilds it: for every rendered page the pack takes, it copies that
page's elements (and the parent-tree entry) into one new tree, in pack order, under one
``/Document`` element, with a fresh ``/StructParents`` key. Pages the pack does not take
(an appendix page's stamp, an exempt page replaced for the public) bring nothing, so the
tree never holds text the pack does not. Uploaded appendix pages are not rendered by
minutebook and are merged as they are, untagged.

Link annotations (``/OBJR``) are left out: the print templates have no links.
"""

from __future__ import annotations

from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

_TYPE = NameObject("/Type")
_K = NameObject("/K")
_P = NameObject("/P")
_PG = NameObject("/Pg")
_SKIPPED = {"/P", "/Pg", "/K", "/NS", "/ID", "/A"}


def _resolved(obj: Any) -> Any:
    """The object behind a reference (pypdf types it as a bare ``PdfObject``)."""
    return obj.get_object()


class _Source:
    """What one tagged PDF's tree says, indexed by page."""

    def __init__(self, reader: PdfReader, prefix: str) -> None:
        self.prefix = prefix
        self.by_page: dict[int, list[IndirectObject]] = {}
        self.parents: dict[int, Any] = {}
        root = _resolved(reader.trailer["/Root"])
        tree = root.get("/StructTreeRoot")
        self.tagged = tree is not None
        if tree is None:
            return
        tree = _resolved(tree)
        for top in tree.get("/K", []):
            document = _resolved(top)
            for kid in document.get("/K", []):
                if not isinstance(kid, IndirectObject):
                    continue
                page = _resolved(kid).get("/Pg")
                if isinstance(page, IndirectObject):
                    self.by_page.setdefault(page.idnum, []).append(kid)
        parent_tree = tree.get("/ParentTree")
        if parent_tree is not None:
            nums = _resolved(parent_tree).get("/Nums", [])
            for index in range(0, len(nums) - 1, 2):
                self.parents[int(nums[index])] = nums[index + 1]


class StructureMerger:
    """Builds the structure tree of ``writer`` from the tagged pages added to it."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.root = DictionaryObject({_TYPE: NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.kids = ArrayObject()
        self.document = DictionaryObject(
            {
                _TYPE: NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                _P: self.root_ref,
                _K: self.kids,
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.root[_K] = ArrayObject([self.document_ref])
        self.nums = ArrayObject()
        self.next_key = 0
        self.sources: dict[int, _Source] = {}
        self.copies: dict[tuple[int, int], IndirectObject] = {}
        self.lang: str | None = None

    def _source(self, reader: PdfReader) -> _Source:
        source = self.sources.get(id(reader))
        if source is None:
            source = self.sources[id(reader)] = _Source(reader, f"s{len(self.sources)}-")
            lang = _resolved(reader.trailer["/Root"]).get("/Lang")
            if self.lang is None and lang:
                self.lang = str(lang)
        return source

    def add(self, reader: PdfReader, index: int, page: PageObject) -> None:
        """Tag ``page`` (just added to the writer) as page ``index`` of ``reader`` was."""
        source = self._source(reader)
        original = reader.pages[index]
        if not source.tagged or original.indirect_reference is None:
            return
        target = page.indirect_reference
        assert target is not None
        key = self.next_key
        self.next_key += 1
        page[NameObject("/StructParents")] = NumberObject(key)
        for kid in source.by_page.get(original.indirect_reference.idnum, []):
            self.kids.append(self._copy(source, kid, target, self.document_ref))
        old_key = original.get("/StructParents")
        marked = source.parents.get(int(old_key)) if old_key is not None else None
        mapped = ArrayObject()
        for ref in _resolved(marked) if marked is not None else []:
            mapped.append(self._copy(source, ref, target, self.document_ref))
        self.nums.extend([NumberObject(key), self.writer._add_object(mapped)])

    def _copy(
        self, source: _Source, ref: IndirectObject, page: IndirectObject, parent: IndirectObject
    ) -> IndirectObject:
        done = self.copies.get((id(source), ref.idnum))
        if done is not None:
            return done
        element = _resolved(ref)
        copy = DictionaryObject()
        copy_ref = self.writer._add_object(copy)
        self.copies[(id(source), ref.idnum)] = copy_ref
        for name, value in element.items():
            if name not in _SKIPPED:
                copy[NameObject(name)] = value.clone(self.writer)
        copy[_P] = parent
        copy[_PG] = page
        if "/ID" in element:
            copy[NameObject("/ID")] = TextStringObject(source.prefix + str(element["/ID"]))
        if "/A" in element:
            copy[NameObject("/A")] = self._attributes(source, _resolved(element["/A"]))
        kids = ArrayObject()
        for kid in element.get("/K", []):
            if isinstance(kid, IndirectObject):
                if _resolved(kid).get("/Type") == "/OBJR":
                    continue
                kids.append(self._copy(source, kid, page, copy_ref))
            else:
                kids.append(NumberObject(int(kid)))
        copy[_K] = kids
        return copy_ref

    def _attributes(self, source: _Source, attributes: DictionaryObject) -> DictionaryObject:
        """Table attributes; header ids are made unique across the merged sources."""
        copy = DictionaryObject()
        for name, value in attributes.items():
            if name == "/Headers":
                copy[NameObject(name)] = ArrayObject(
                    TextStringObject(source.prefix + str(h)) for h in value
                )
            else:
                copy[NameObject(name)] = value.clone(self.writer)
        return copy

    def finish(self, title: str) -> None:
        """Write the tree and the catalog entries a tagged document needs."""
        catalog = self.writer.root_object
        if self.next_key:
            parent_tree = DictionaryObject({NameObject("/Nums"): self.nums})
            self.root[NameObject("/ParentTree")] = self.writer._add_object(parent_tree)
            self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
            catalog[NameObject("/StructTreeRoot")] = self.root_ref
        mark_document(self.writer, title, self.lang or "en-GB")


def mark_document(writer: PdfWriter, title: str, lang: str) -> None:
    """/MarkInfo, /Lang, the title in the document information, shown as the window title."""
    catalog = writer.root_object
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(lang)
    writer.add_metadata({"/Title": title})
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
