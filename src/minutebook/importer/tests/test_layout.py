"""The layout reader (``minutebook.importer.layout``): PDFs made here with WeasyPrint, whose
every line we know, and the real council PDFs of the shared corpus, checked for general
properties (no page numbers or running headers left in the text, side-by-side blocks split,
hyphens kept)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from minutebook.core.testing_shared import needs_shared
from minutebook.importer.layout import LayoutPage, read_layout
from minutebook.importer.layout.lines import TextLine
from minutebook.importer.layout.repair import repair_pages
from minutebook.importer.layout.tables import split_figures
from minutebook.importer.parse.text import normalise
from minutebook.importer.reader import read_pdf_layout, read_pdf_pages

CSS = """
@page { size: A4; margin: 22mm 18mm;
        @top-center { content: "Audit and Governance Committee"; font-size: 8pt; }
        @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: serif; font-size: 11pt; }
table.head { width: 100%; border-collapse: collapse; }
table.head td { padding: 0; vertical-align: top; }
table.head td:first-child { width: 65%; }
.narrow { width: 30mm; hyphens: manual; }
table.data td { padding: 2px 14px; }
.justified { width: 40mm; text-align: justify; }
.justified span:nth-child(odd) { color: #010101; }
"""

BODY = """
<table class="head">
<tr><td>Thursday, 30th January, 2025, at 10.00 am</td><td>Ask for: Jane Smith</td></tr>
<tr><td>Council Chamber, County Hall, Anytown</td><td>Telephone: 01234 567890</td></tr>
</table>
<p>Membership of the committee.</p>
<p class="narrow">Present were Mr P Barrington-King and Mrs A Smythe-Jones and others at the
meeting.</p>
<p class="narrow">The committee considered the administra&shy;tion of the con&shy;tract for the
work.</p>
<p>Held on 9<sup>th</sup> October 2019 with the financial officer, who filed the figures.</p>
<table class="data">
<tr><td>Service</td><td>Budget</td><td>Change</td></tr>
<tr><td>Adult care</td><td>£12.5m</td><td>+3%</td></tr>
</table>
<p class="justified">{JUSTIFIED}</p>
<p style="page-break-before: always">The second page begins the report on highways.</p>
<p>Drainage works were completed on time.</p>
<p style="page-break-before: always">Libraries opened for longer hours this year.</p>
<p style="page-break-before: always">Finally, the recommendations were agreed.</p>
"""

# Each word a run of its own (as word processors often write them): the stretched spaces of
# a justified line are then gaps between runs, as wide as a table's.
PROSE = (
    "The officer said it was an intergovernmental matter for us to consider as a committee "
    "in all its characteristically complicated aspects, and the members of the public at the "
    "meeting agreed."
)
JUSTIFIED = " ".join(f"<span>{w}</span>" for w in PROSE.split())


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    body = BODY.replace("{JUSTIFIED}", JUSTIFIED)
    html = f'<html lang="en"><head><style>{CSS}</style></head><body>{body}</body></html>'
    data = weasyprint.HTML(string=html).write_pdf()
    assert data is not None
    out = tmp_path_factory.mktemp("layout") / "made.pdf"
    out.write_bytes(data)
    return data


@pytest.fixture(scope="module")
def made(made_pdf: bytes) -> list[LayoutPage]:
    return read_pdf_layout(made_pdf)


def _lines(pages: list[LayoutPage]) -> list[str]:
    return [ln for p in pages for ln in p.text.splitlines() if ln]


def test_two_column_header_is_split_into_cells(made: list[LayoutPage]) -> None:
    lines = _lines(made)
    assert "Thursday, 30th January, 2025, at 10.00 am\tAsk for: Jane Smith" in lines
    assert "Council Chamber, County Hall, Anytown\tTelephone: 01234 567890" in lines
    # ordinary prose is never split
    assert "Membership of the committee." in lines


def test_running_header_and_page_numbers_leave_the_text(made: list[LayoutPage]) -> None:
    assert len(made) == 4
    assert [p.number for p in made] == [1, 2, 3, 4]
    lines = _lines(made)
    assert not any("Audit and Governance Committee" in ln for ln in lines)
    assert not any(ln.strip().isdigit() for ln in lines)
    # the content at the top of each page stays, even when it is the first line there
    assert made[1].text.splitlines()[0] == "The second page begins the report on highways."
    assert made[3].text.splitlines()[0] == "Finally, the recommendations were agreed."


def test_printed_page_numbers_reach_the_normaliser(made_pdf: bytes) -> None:
    pages = read_pdf_pages(made_pdf)
    assert [p.splitlines()[-1] for p in pages] == ["Page 1", "Page 2", "Page 3", "Page 4"]
    lines = normalise("\n".join(pages), pages)
    assert [ln.page for ln in lines if ln.text.startswith("Libraries")] == [3]
    assert not any(ln.text.startswith("Page ") for ln in lines)


def test_hyphenated_names_keep_their_hyphen(made: list[LayoutPage]) -> None:
    text = "\n".join(p.text for p in made)
    assert "Barrington-King" in text and "Smythe-Jones" in text
    assert "\ufffe" not in text and "\x02" not in text


def test_soft_hyphen_break_is_joined_without_hyphen(made: list[LayoutPage]) -> None:
    text = "\n".join(p.text for p in made)
    assert "administration" in text
    assert "contract" in text
    assert not re.search(r"administra\W", text)


def test_superscript_ordinal_and_ligatures(made: list[LayoutPage]) -> None:
    text = "\n".join(p.text for p in made)
    assert "9th October 2019" in text
    assert "financial" in text and "filed the figures" in text
    assert not re.search("[\ufb00-\ufb06]", text)


def test_justified_prose_is_not_split(made: list[LayoutPage]) -> None:
    lines = _lines(made)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("The officer said"))
    end = next(i for i, ln in enumerate(lines) if ln.endswith("meeting agreed."))
    assert end - start >= 3
    assert not any("\t" in ln for ln in lines[start : end + 1])


def test_table_rows_become_tab_separated_cells(made: list[LayoutPage]) -> None:
    lines = _lines(made)
    assert "Service\tBudget\tChange" in lines
    assert "Adult care\t£12.5m\t+3%" in lines


def test_paragraph_gaps_become_blank_lines(made: list[LayoutPage]) -> None:
    page = made[1].text
    assert page == (
        "The second page begins the report on highways.\n\nDrainage works were completed on time."
    )


def test_numbered_running_header_is_furniture(tmp_path: Path) -> None:
    """A running header that carries the page number among other figures ("Budget 2025-26 -
    page 3 of 4"): taken out, and its page number kept; a report's own "Agenda Item" stamp on
    its first page is not furniture."""
    weasyprint = pytest.importorskip("weasyprint")
    css = """@page { size: A4; margin: 25mm 20mm;
        @top-left { content: "Budget 2025-26 - page " counter(page) " of " counter(pages);
                    font-size: 8pt; } }
        body { font-family: sans-serif; font-size: 11pt; }"""
    paras = [
        "Agenda Item 5",
        "The budget report opens with the summary.",
        "Savings are set out by directorate.",
        "The risks are listed with their owners.",
        "Reserves are held for the pressures named.",
    ]
    body = "".join(
        f'<p style="page-break-before: {"always" if i > 1 else "auto"}">{p}</p>'
        for i, p in enumerate(paras)
    )
    data = weasyprint.HTML(string=f"<style>{css}</style>{body}").write_pdf()
    assert data is not None
    pages = read_pdf_layout(data)
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert _lines(pages[:1]) == paras[:2]
    assert [p.text for p in pages[1:]] == paras[2:]


# --- word repairs on lines as pdfium gives them --------------------------------------------


def _repaired(*lines: TextLine) -> list[str]:
    page = list(lines)
    repair_pages([page])
    return [ln.text for ln in page]


def test_ligature_characters_are_expanded() -> None:
    assert _repaired(TextLine("the \ufb01nal \ufb02ow of o\ufb03ce work")) == [
        "the final flow of office work"
    ]


def test_ordinal_on_a_line_of_its_own_joins_its_number() -> None:
    # a raised "th" pdfium put on a line of its own, beside the "9" it belongs to
    out = _repaired(
        TextLine("held on 9", left=50, top=112, bottom=100),
        TextLine("th October 2019 at noon", left=60, top=116, bottom=104),
    )
    assert out == ["held on 9th October 2019 at noon"]
    # not when the second line is the next row down
    out = _repaired(
        TextLine("paragraph 9", left=50, top=112, bottom=100),
        TextLine("the committee agreed", left=50, top=98, bottom=86),
    )
    assert out == ["paragraph 9", "the committee agreed"]
    # the rest of a sentence after a raised footnote mark, back on its row
    out = _repaired(
        TextLine("requests in the budget consultation1", left=50, top=112, bottom=100),
        TextLine(", and so proposes", left=300, top=112, bottom=100),
        TextLine(", the next row down", left=50, top=98, bottom=86),
    )
    assert out == ["requests in the budget consultation1, and so proposes", ", the next row down"]


def test_line_end_hyphens() -> None:
    out = _repaired(
        TextLine("the budget for 2024-", top=100, bottom=88),
        TextLine("25 was set by the Council", top=86, bottom=74),
        TextLine("Mr Crow-", top=72, bottom=60),
        TextLine("Brown and the long-", top=58, bottom=46),
        TextLine("term plan", top=44, bottom=32),
        TextLine("an item -", top=30, bottom=18),
        TextLine("withdrawn", top=16, bottom=4),
    )
    assert out == [
        "the budget for 2024-25",
        "was set by the Council",
        "Mr Crow-Brown",
        "and the long-term",
        "plan",
        "an item -",
        "withdrawn",
    ]
    # pdfium's own mark for a hyphen it joined: kept before a capital, and in a compound
    # unless the document spells the word whole elsewhere
    out = _repaired(
        TextLine("Mr Barrington\ufffeKing and a multi\ufffedepartmental and co\ufffeoperation"),
        TextLine("in cooperation with"),
    )
    assert out == [
        "Mr Barrington-King and a multi-departmental and cooperation",
        "in cooperation with",
    ]


def test_figures_beside_text_in_a_table_row_become_cells() -> None:
    # a right-aligned column of figures touching the left-aligned text of the next column
    assert split_figures("2\t5,414.9 Strategic Management\t1,024.7 4,619.2 -229.0") == (
        "2\t5,414.9\tStrategic Management\t1,024.7\t4,619.2\t-229.0"
    )
    assert split_figures("Total Funding 1,530,923.8\t(1,250.0)") == (
        "Total Funding\t1,530,923.8\t(1,250.0)"
    )
    # a section number or a percentage in a cell's text is not a column of figures
    assert split_figures("Table 3.1\t2025-26 Final") == "Table 3.1\t2025-26 Final"
    assert split_figures("Average of 7.35% (6.58%)\tx") == "Average of 7.35% (6.58%)\tx"
    # and prose, with no cells, is never touched
    assert split_figures("paid 1,024.7 in 2024") == "paid 1,024.7 in 2024"


# --- the real council PDFs -----------------------------------------------------------------

_STAMP_RUN_IN = re.compile(r"^Page \d{1,4}\s+[A-Z]")
_PAGE_LINE = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)


def _real_pdfs() -> list[Path]:
    files = sorted(needs_shared("corpus", "real").glob("*/*.pdf"))
    assert files
    return files


def _read_real(path: Path) -> tuple[list[str], list[LayoutPage]]:
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        raw = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        return raw, read_layout(pdf)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def real() -> dict[str, tuple[list[str], list[LayoutPage]]]:
    return {p.name: _read_real(p) for p in _real_pdfs()}


def test_real_pdfs_keep_no_page_number_lines(
    real: dict[str, tuple[list[str], list[LayoutPage]]],
) -> None:
    found = 0
    for name, (_, pages) in real.items():
        for idx, page in enumerate(pages):
            lines = page.text.splitlines()
            if page.number is not None:
                found += 1
            for ln in lines:
                m = _PAGE_LINE.match(ln.strip())
                if m and ln.strip()[:1] in "Pp":
                    pytest.fail(f"{name} page {idx + 1}: a page stamp left: {ln!r}")
                if _STAMP_RUN_IN.match(ln):
                    # a footer's stamp pdfium ran into the next text in the stream
                    pytest.fail(f"{name} page {idx + 1}: a page stamp left: {ln!r}")
            band = 0.08 * page.height
            for tl in page.lines:
                at_edge = tl.bottom < band or tl.top > page.height - band
                if at_edge and tl.text.isdigit() and int(tl.text) in (idx + 1, page.number):
                    pytest.fail(f"{name} page {idx + 1}: a page number left: {tl.text!r}")
    assert found > 100  # the printed numbers were found, not only dropped


def test_real_pdfs_keep_no_running_headers(
    real: dict[str, tuple[list[str], list[LayoutPage]]],
) -> None:
    for name, (_, pages) in real.items():
        if len(pages) < 3:
            continue
        # the line nearest the top, and the one nearest the bottom, when in the margins
        for edge in (1, -1):
            keys = set()
            for page in pages:
                band = 0.1 * page.height
                ordered = sorted(page.lines, key=lambda tl: edge * tl.top)
                near = [tl for tl in ordered[:1] if tl.bottom < band or tl.top > page.height - band]
                keys.add(re.sub(r"\d+", "#", near[0].text) if near else None)
            if len(keys) == 1 and None not in keys:
                pytest.fail(f"{name}: {keys} on every page")


def test_real_pdfs_split_side_by_side_blocks_and_keep_stamps(
    real: dict[str, tuple[list[str], list[LayoutPage]]],
) -> None:
    labels = stamps = 0
    for name, (raw, pages) in real.items():
        lines = [ln for p in pages for ln in p.text.splitlines()]
        for ln in lines:
            for cell in ln.split("\t"):
                # a contact label of a letter's right-hand block starts a cell of its own
                if "Ask for:" in cell:
                    labels += 1
                    assert cell.startswith("Ask for:"), f"{name}: {ln!r}"
        # Modern.Gov's "Agenda Item N" stamps mean something to the parsers: they stay
        raw_stamps = sum(len(re.findall(r"Agenda Item \d+", t)) for t in raw)
        kept = sum(len(re.findall(r"Agenda Item \d+", ln)) for ln in lines)
        assert kept == raw_stamps, name
        stamps += kept
    assert labels and stamps


def test_real_pdfs_keep_hyphens_pdfium_marked(
    real: dict[str, tuple[list[str], list[LayoutPage]]],
) -> None:
    checked = 0
    for name, (raw, pages) in real.items():
        text = "\n".join(p.text for p in pages)
        assert "\ufffe" not in text and "\x02" not in text, name
        for m in re.finditer(r"(\w+)\ufffe([A-Z0-9]\w*)", "\n".join(raw)):
            checked += 1
            assert f"{m.group(1)}-{m.group(2)}" in text, name
    assert checked
