"""The one gate every uploaded file passes, and the check of files minutebook stores.

Files are served from the site's own origin. A file a browser renders as HTML or runs
as script acts with the reader's session: an uploaded page once read an exempt report
through a democratic services officer's login. So a file's type is decided here by its
content (magic bytes and structure), never by the uploader's choice, and only an
allowlist is accepted: PDF, UTF-8 text and CSV, PNG/JPEG/GIF/WebP images, Office Open
XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp). Everything else is refused
with a message that names what the file is (docs/documents.md).

- :func:`check_upload` is the gate (forms, the admin, ``Document.clean``): the council's
  size limit first (before anything is read), then the content; it raises
  ``ValidationError`` with the reason.
- :func:`check_stored` records what a file minutebook wrote itself (a generated pack,
  an import) or one saved by a route that skipped the gate really is, so that
  serving never trusts a stored ``media_type`` (``documents.serving``).
"""

from __future__ import annotations

import codecs
import math
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError

MB = 1024 * 1024
#: A council's limit when no council is known yet (``Council.max_upload_mb``'s default).
DEFAULT_MAX_MB = 10
#: Bytes read to recognise a type.
HEAD_BYTES = 8192
#: A PDF header anywhere but offset 0 inside this window marks a polyglot.
POLYGLOT_WINDOW = 1024
#: Zip-based types: more members, more uncompressed bytes or a higher compression ratio
#: (for a member over 1 MB) than any real office document is refused as a zip bomb,
#: from the sizes the archive declares, without inflating it.
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNCOMPRESSED = 250 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = MB
#: The most of one zip member ever inflated (the part that names the type).
ZIP_MEMBER_READ = MB

ACCEPTED = (
    "upload a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or image "
    "(PNG, JPEG, GIF, WebP) file"
)
#: Markup a browser would run or render; refused in text and in a PDF's first bytes.
MARKUP = (b"<html", b"<!doctype html", b"<head", b"<body", b"<script", b"<iframe", b"<svg")
MARKUP += (b"<object", b"<embed", b"<meta", b"<img", b"<form", b"<style", b"<link")


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    media_type: str
    extensions: tuple[str, ...]


_TYPES = [
    FileType("pdf", "a PDF", "application/pdf", (".pdf",)),
    FileType("text", "plain text", "text/plain", (".txt", ".text", ".csv", ".tsv")),
    FileType("png", "a PNG image", "image/png", (".png",)),
    FileType("jpeg", "a JPEG image", "image/jpeg", (".jpg", ".jpeg", ".jpe")),
    FileType("gif", "a GIF image", "image/gif", (".gif",)),
    FileType("webp", "a WebP image", "image/webp", (".webp",)),
]
_OFFICE = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
_TYPES += [
    FileType("docx", "a Word document", _OFFICE + "wordprocessingml.document", (".docx",)),
    FileType("xlsx", "an Excel workbook", _OFFICE + "spreadsheetml.sheet", (".xlsx",)),
    FileType("pptx", "a PowerPoint file", _OFFICE + "presentationml.presentation", (".pptx",)),
    FileType("odt", "an OpenDocument text", _ODF + "text", (".odt",)),
    FileType("ods", "an OpenDocument spreadsheet", _ODF + "spreadsheet", (".ods",)),
    FileType("odp", "an OpenDocument presentation", _ODF + "presentation", (".odp",)),
]
TYPES = {t.key: t for t in _TYPES}
#: Every media type a stored file may be served with (text by name: csv, tsv).
SERVABLE = {t.media_type for t in _TYPES} | {"text/csv", "text/tab-separated-values"}
_TEXT_BY_SUFFIX = {".csv": "text/csv", ".tsv": "text/tab-separated-values"}

#: The main part an Office Open XML package declares in [Content_Types].xml.
_OOXML_MAIN = {
    "docx": b"wordprocessingml.document.main+xml",
    "xlsx": b"spreadsheetml.sheet.main+xml",
    "pptx": b"presentationml.presentation.main+xml",
}
_ODF_MIMETYPE = {f"{_ODF}text": "odt", f"{_ODF}spreadsheet": "ods", f"{_ODF}presentation": "odp"}

_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
]
_PROGRAMS = (
    b"MZ",  # Windows .exe, .dll, .scr (and self-extracting archives)
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O and Java classes
    b"#!",
    b"\x00asm",
)
_ARCHIVES = (b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"BZh", b"\xfd7zXZ", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Control characters no text document holds (tab, newline, carriage return and form
#: feed are layout).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

#: Names that say what a refused file is, when its content alone cannot (text).
_DANGEROUS_NAMES = {
    ".js": "a JavaScript file",
    ".mjs": "a JavaScript file",
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".xhtml": "an HTML page",
    ".shtml": "an HTML page",
    ".svg": "an SVG image (which can carry scripts)",
    ".xml": "an XML document",
    ".xsl": "an XML document",
    ".css": "a style sheet",
    ".json": "a JSON file",
    ".exe": "a program",
    ".msi": "a program",
    ".bat": "a program",
    ".cmd": "a program",
    ".com": "a program",
    ".scr": "a program",
    ".ps1": "a program",
    ".vbs": "a program",
    ".sh": "a program",
    ".hta": "a program",
    ".jar": "a program",
}


@dataclass(frozen=True)
class Checked:
    """What a file is. ``problem`` is empty for an accepted file."""

    type: FileType | None
    media_type: str
    pages: int | None = None
    problem: str = ""
    #: A PDF that opened (or minutebook's own HTML): shown in the browser, not downloaded.
    inline: bool = False
    #: What was found, accepted or not (e.g. "html" for a page, "pdf" for a broken PDF).
    found: str = ""

    @property
    def accepted(self) -> bool:
        return self.type is not None and not self.problem


def _refused(found: str, what: str, media_type: str = "application/octet-stream") -> Checked:
    return Checked(None, media_type, problem=f"This file is {what}; {ACCEPTED}.", found=found)


def _accepted(key: str, pages: int | None = None, inline: bool = False) -> Checked:
    kind = TYPES[key]
    return Checked(kind, kind.media_type, pages=pages, inline=inline, found=key)


def megabytes(size: int) -> str:
    """A size as officers read it, rounded up so a file over the limit never reads as at it."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f} MB"


def inspect(handle: IO[bytes]) -> Checked:
    """What the bytes of ``handle`` are (a seekable binary file; left at offset 0)."""
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    try:
        return _inspect(handle, head)
    finally:
        handle.seek(0)


def _inspect(handle: IO[bytes], head: bytes) -> Checked:
    if not head:
        return Checked(None, "application/octet-stream", problem="This file is empty.")
    if head.startswith(b"%PDF-"):
        return _pdf(handle, head)
    for magic, key in _IMAGES:
        if head.startswith(magic):
            return _accepted(key)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _accepted("webp")
    if head.startswith(b"PK\x03\x04"):
        return _zip(handle)
    if head.startswith(_OLE):
        return Checked(
            None,
            "application/octet-stream",
            problem="This file is in the old Office format (.doc, .xls, .ppt) or is "
            "password-protected; save it as .docx, .xlsx or .pptx without a password and "
            "upload that.",
            found="ole",
        )
    if head.startswith(_PROGRAMS):
        return _refused("program", "a program (an executable)")
    if head.startswith(_ARCHIVES):
        return _refused("archive", "a compressed archive; upload the documents in it one by one")
    if b"%PDF-" in head[:POLYGLOT_WINDOW]:
        return _refused(
            "polyglot", "a PDF hidden behind other content (it does not start as a PDF does)"
        )
    return _text(handle, head)


def _markup(data: bytes) -> bytes | None:
    lowered = data.lower()
    return next((tag for tag in MARKUP if tag in lowered), None)


def _pdf(handle: IO[bytes], head: bytes) -> Checked:
    """A PDF must open (pypdf reads its page count), need no password, and carry no
    markup in its first bytes or after its end: such a polyglot is a web page too."""
    from pypdf import PdfReader

    broken = "a damaged PDF (it could not be opened); save or print it to PDF again and upload that"
    if _markup(head[:POLYGLOT_WINDOW]) is not None:
        return _refused("polyglot", "a PDF with a web page inside it", "application/pdf")
    try:
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # an encryption pypdf cannot read is refused
                opened = 0
            if not opened:
                return Checked(
                    None,
                    "application/pdf",
                    problem="This PDF is password-protected; save a copy without a password "
                    "and upload that.",
                    found="pdf",
                )
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds of error on a broken file
        return _refused("pdf", broken, "application/pdf")
    if pages < 1:
        return _refused("pdf", "a PDF with no pages", "application/pdf")
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65536))
    tail = handle.read()
    end = tail.rfind(b"%%EOF")
    if end >= 0 and _markup(tail[end:]) is not None:
        return _refused("polyglot", "a PDF with a web page inside it", "application/pdf")
    return _accepted("pdf", pages=pages, inline=True)


def _zip(handle: IO[bytes]) -> Checked:
    """Office files are zips: judged from the sizes the archive declares, inflating no
    more than the one small part that says what the package is."""
    damaged = _refused("zip", "a damaged zip archive")
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return damaged
    with archive:
        infos = archive.infolist()
        bomb = _refused("zip", "a zip bomb (it would expand to far more than it holds)")
        if len(infos) > ZIP_MAX_MEMBERS:
            return bomb
        for info in infos:
            if info.flag_bits & 0x1:
                return _refused("zip", "encrypted (password-protected)")
            big = info.file_size > ZIP_RATIO_FLOOR
            if big and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                return bomb
        if sum(info.file_size for info in infos) > ZIP_MAX_UNCOMPRESSED:
            return bomb
        names = {info.filename: info for info in infos}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return _refused("macros", "an Office file with macros")
        try:
            if infos and infos[0].filename == "mimetype":
                value = _member(archive, infos[0]).decode("ascii", "replace").strip()
                key = _ODF_MIMETYPE.get(value)
                manifest = names.get("META-INF/manifest.xml")
                if key and manifest and b"encryption-data" in _member(archive, manifest):
                    return _refused(key, "encrypted (password-protected)")
                if key:
                    return _accepted(key)
            parts = names.get("[Content_Types].xml")
            if parts is not None:
                declared = _member(archive, parts)
                if b"macroenabled" in declared.lower():
                    return _refused("macros", "an Office file with macros")
                for key, main in _OOXML_MAIN.items():
                    if main in declared:
                        return _accepted(key)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return damaged
    return _refused("zip", "a zip archive; upload the documents in it one by one")


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as member:
        data = member.read(ZIP_MEMBER_READ + 1)
    if len(data) > ZIP_MEMBER_READ:
        raise ValueError("an oversized package part")
    return data


def _text(handle: IO[bytes], head: bytes) -> Checked:
    """UTF-8 text with no NUL and no control characters but layout ones, and no markup."""
    unknown = _refused("binary", "not a type this site accepts")
    lowered = head.lower()
    if _markup(head) is not None or lowered.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        if b"<svg" in lowered:
            return _refused("svg", "an SVG image (which can carry scripts)")
        if _markup(head) is None:
            return _refused("xml", "an XML document")
        return _refused("html", "an HTML page")
    decoder = codecs.getincrementaldecoder("utf-8")()
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            if b"\x00" in chunk:
                return unknown
            return Checked(
                None,
                "application/octet-stream",
                problem="This text file is not UTF-8; save it as UTF-8 (for a spreadsheet, "
                '"CSV UTF-8") and upload it again.',
                found="text",
            )
        if _CONTROL.search(text):
            return unknown
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return unknown
    return _accepted("text")


def _named(checked: Checked, name: str) -> Checked:
    """The file's name must agree with its content: text named ``.js`` is a script to
    anyone who downloads it, and a text named ``.pdf`` is a fake PDF."""
    suffix = PurePath(name or "").suffix.lower()
    if checked.problem:
        return checked
    assert checked.type is not None
    if suffix in _DANGEROUS_NAMES:
        return replace(
            checked,
            type=None,
            problem=f"This file is {_DANGEROUS_NAMES[suffix]}; {ACCEPTED}.",
        )
    if suffix not in checked.type.extensions:
        ending = f"ends {suffix}" if suffix else "has no ending such as .pdf"
        return replace(
            checked,
            type=None,
            problem=f"This file's name {ending} but it is {checked.type.label}; rename it "
            f"to end {checked.type.extensions[0]}, or upload the file you meant.",
        )
    if checked.type.key == "text":
        return replace(checked, media_type=_TEXT_BY_SUFFIX.get(suffix, "text/plain"))
    return checked


def check_upload(upload: Any, name: str, max_mb: int) -> Checked:
    """The gate: the council's size limit, then the content, then the name.

    Raises ``ValidationError`` naming the reason. The size comes from the upload handler
    (Django counted it while receiving), so a file over the limit is refused unread.
    The result is kept on the upload object, so the form and the model check it once.
    """
    cached = getattr(upload, "_minutebook_checked", None)
    if cached is not None and cached[0] == max_mb:
        if cached[1].problem:
            raise ValidationError(cached[1].problem, code="refused")
        return cached[1]
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > max_mb * MB:
        raise ValidationError(
            f"This file is {megabytes(size)}; this council accepts files up to {max_mb} MB.",
            code="too_large",
        )
    checked = _named(inspect(upload), name)
    upload._minutebook_checked = (max_mb, checked)
    if checked.problem:
        raise ValidationError(checked.problem, code="refused")
    return checked


def check_stored(handle: IO[bytes], *, generated: bool) -> Checked:
    """What a stored file is, for serving; refuses nothing (the gate did, for uploads).

    ``generated``: minutebook wrote it itself (a pack's HTML twin, minutes as a web page).
    Such HTML is shown in the browser, sandboxed; anyone else's HTML never is.
    """
    checked = inspect(handle)
    if checked.accepted:
        return checked
    if generated and checked.found == "html":
        return Checked(None, "text/html", inline=True, found="html")
    media_type = checked.media_type if checked.media_type in SERVABLE else ""
    return Checked(None, media_type or "application/octet-stream", found=checked.found)
