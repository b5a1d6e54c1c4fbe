"""PDF round trip: a corpus pack rendered to PDF by WeasyPrint and read back with pypdfium2
gives the same meeting header and agenda as the text import."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from minutebook.importer.errors import PackError
from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.text import is_page_stamp, normalise
from minutebook.importer.reader import read_pack, read_pdf_pages

# Enough of each pack for the front sheet and the first report covers; keeps rendering quick.
MAX_LINES = 700

CSS = """
@page { size: A4; margin: 18mm 16mm 22mm 16mm;
        @bottom-center { content: "Page " counter(page); font-size: 9pt; } }
body { font-family: sans-serif; font-size: 10pt; }
p { margin: 0; white-space: pre-wrap; }
p.gap { margin-top: 0.7em; }
"""


def render_pdf(text: str, out: Path) -> None:
    """One paragraph per line, blank lines as spacing, pages stamped "Page N" in the footer."""
    weasyprint = pytest.importorskip("weasyprint")
    parts = []
    gap = False
    for line in text.splitlines():
        if not line.strip():
            gap = True
            continue
        cls = ' class="gap"' if gap else ""
        parts.append(f"<p{cls}>{html.escape(line)}</p>")
        gap = False
    doc = f"<html><head><style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    weasyprint.HTML(string=doc).write_pdf(out)


def header_and_agenda(pack: Pack) -> dict[str, object]:
    d = pack.to_dict()
    m = d["meeting"]
    return {
        "council": d["council"],
        **{k: m[k] for k in ("committee", "date", "time", "venue", "quorum", "published")},
        "members": m["members"],
        "agenda": [
            (a["number"], (a["title"] or "").lower(), a["pages"], a["exempt_paragraphs"])
            for a in m["agenda"]
        ],
    }


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]
) -> list[tuple[str, Path]]:
    out = []
    tmp = tmp_path_factory.mktemp("pdf")
    for f in corpus_files:
        text = "\n".join(f.read_text(encoding="utf-8").splitlines()[:MAX_LINES]) + "\n"
        pdf = tmp / f"{f.stem}.pdf"
        render_pdf(text, pdf)
        out.append((text, pdf))
    return out


@pytest.mark.slow
def test_pdf_matches_text_import(rendered: list[tuple[str, Path]]) -> None:
    for text, pdf in rendered:
        from_text = parse_text(text, file=pdf.name)
        from_pdf = read_pack(pdf)
        assert from_pdf.source.pages and from_pdf.source.pages > 1
        assert header_and_agenda(from_pdf) == header_and_agenda(from_text), pdf.name


@pytest.mark.slow
def test_pdf_pages_from_footer_stamps(rendered: list[tuple[str, Path]]) -> None:
    _, pdf = rendered[0]
    pages = read_pdf_pages(pdf.read_bytes())
    lines = normalise("\n".join(pages), pages)
    assert {ln.page for ln in lines} == set(range(1, len(pages) + 1))
    # The footer stamps are taken out of the text.
    assert not any(is_page_stamp(ln.text) for ln in lines)
    # Each line carries the number printed on its own page.
    for no, text in enumerate(pages, start=1):
        first = next(t for t in text.splitlines() if t.strip() and not is_page_stamp(t.strip()))
        assert any(ln.page == no and ln.raw == first for ln in lines)


@pytest.mark.slow
def test_pdf_page_limit(rendered: list[tuple[str, Path]]) -> None:
    _, pdf = rendered[0]
    with pytest.raises(PackError, match="limit"):
        read_pack(pdf, max_pages=1)


def test_corrupt_and_truncated_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    with pytest.raises(PackError):
        read_pack(bad)


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(PackError, match=r"encrypted|password"):
        read_pack(path)
