"""Reading a pack file (text, markdown or PDF) into a ``Pack``.

PDFs are read with pypdfium2 through the layout reader (``minutebook.importer.layout``), one
text string per page, each ending with a "Page N" stamp for the number printed on the page
when one was found (else the normaliser takes the physical page index + 1). Everything here runs
before the import's write transaction (``minutebook.importer.prepare``), and pypdfium2 is
imported with this module, never later.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium

from minutebook.importer.errors import PackError
from minutebook.importer.layout import LayoutPage, read_layout
from minutebook.importer.layout.document import PageReadError
from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text

__all__ = ["DEFAULT_MAX_PAGES", "decode_text", "read_pack", "read_pdf_layout", "read_pdf_pages"]

DEFAULT_MAX_PAGES = 2000
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})


def utf16_order(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for UTF-16 text without a BOM (Windows tools write it): in
    mostly-Latin text every other byte is NUL, on the odd or the even positions."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with a BOM, or LE/BE told by its NUL bytes),
    falling back to Windows-1252 for older exports."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    codec = "utf-16" if bom else utf16_order(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise PackError(f"undecodable UTF-16 text: {exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_pdf_layout(data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> list[LayoutPage]:
    """The pages of a PDF read with their layout (``minutebook.importer.layout``): lines
    rebuilt from positions, cells split at wide gaps, running headers, footers and page
    numbers taken out (the printed number kept as ``LayoutPage.number``), words repaired."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise PackError("the PDF is encrypted (password protected); cannot read it") from exc
        raise PackError(f"the PDF cannot be read (corrupt or not a PDF): {exc}") from exc
    try:
        count = len(pdf)
        if count > max_pages:
            raise PackError(f"the PDF has {count} pages, more than the limit of {max_pages}")
        try:
            return read_layout(pdf, count)
        except PageReadError as exc:
            raise PackError(f"cannot extract text from PDF page {exc.page + 1}: {exc}") from exc
    finally:
        pdf.close()


def read_pdf_pages(data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> list[str]:
    """The text of each page of a PDF, read with its layout; a page whose printed number was
    found ends with a "Page N" line, the stamp ``parse.text.normalise`` numbers pages by."""
    return [page.stamped_text for page in read_pdf_layout(data, max_pages=max_pages)]


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused (then restored): a parse makes about a million
    objects (lines, cells, boxes), none of them in cycles, that reference counting frees;
    the collector's passes over them are wasted work (measured: 3% of a 484-page PDF's
    import, in each process reading it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_pack(
    path: Path,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    strict: bool = False,
    standalone: bool = False,
) -> Pack:
    """Read and parse one agenda pack file (``standalone``: one part of a meeting folder,
    which may name no meeting of its own; see ``parse_text``)."""
    with _without_cycle_collection():
        return _read_pack(path, max_pages=max_pages, strict=strict, standalone=standalone)


def _read_pack(path: Path, *, max_pages: int, strict: bool, standalone: bool) -> Pack:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        if data[:5] != b"%PDF-" and b"%PDF-" not in data[:1024]:
            raise PackError(f"{path}: not a PDF file")
        try:
            pages = read_pdf_pages(data, max_pages=max_pages)
        except PackError as exc:
            raise PackError(f"{path}: {exc}") from exc
        text = "\n".join(pages)
        if not text or text.isspace():
            raise PackError(f"{path}: the PDF has no extractable text (scanned images?)")
        return parse_text(
            text,
            file=path.name,
            sha256=digest,
            page_texts=pages,
            strict=strict,
            standalone=standalone,
        )
    if (
        b"\x00" in data[:4096]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        and utf16_order(data) is None
    ):
        raise PackError(f"{path}: binary file, not a text or PDF pack")
    return parse_text(
        decode_text(data), file=path.name, sha256=digest, strict=strict, standalone=standalone
    )
