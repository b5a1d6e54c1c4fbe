"""Tables whose cells wrap, read back as one line a row (``layout.tables.rebuild_tables``,
``layout.table_grid``): PDFs made here with WeasyPrint, whose every row and cell we know."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from minutebook.importer.layout import LayoutPage, read_layout
from minutebook.importer.layout.table_grid import Fragment, find_tables
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.forwardplan import parse_forward_plan
from minutebook.importer.parse.text import normalise

WORDS = [
    "review",
    "of",
    "the",
    "waste",
    "strategy",
    "and",
    "the",
    "depot",
    "lease",
    "renewal",
    "with",
    "a",
    "new",
    "grounds",
    "maintenance",
    "contract",
    "for",
    "parks",
    "and",
    "open",
    "spaces",
    "and",
    "the",
    "sports",
    "pitch",
    "investment",
    "programme",
]


def _phrase(i: int, n: int) -> str:
    """An invented phrase of ``n`` words, different for each ``i``."""
    return " ".join(WORDS[(i * 3 + k) % len(WORDS)] for k in range(n)).capitalize()


def _read(html: str) -> list[LayoutPage]:
    weasyprint = pytest.importorskip("weasyprint")
    data = weasyprint.HTML(string=html).write_pdf()
    assert data is not None
    return read_layout(pdfium.PdfDocument(data))


def _lines(pages: list[LayoutPage]) -> list[str]:
    return [ln.text for p in pages for ln in p.lines]


HEADER = ["Subject", "Summary", "Decision maker", "Date", "Key decision", "Access", "Officer"]
MAKERS = ["Cabinet", "Council", "Cabinet Member for Highways and Transport"]
ACCESS = ["Open", "Part exempt - paragraph 3", "Fully exempt - paragraph 3"]


def _plan_rows() -> list[list[str]]:
    return [
        [
            _phrase(i, 4 + i % 4),
            _phrase(i + 7, 9 + i % 5),
            MAKERS[i % 3],
            f"{10 + i} March 2026",
            "Yes" if i % 2 else "No",
            ACCESS[i % 3],
            f"Alex Example{i} Officer",
        ]
        for i in range(16)
    ]


@pytest.fixture(scope="module")
def plan_pages() -> list[LayoutPage]:
    css = """
    @page { size: A4 landscape; margin: 15mm;
            @bottom-center { content: counter(page); font-size: 8pt; } }
    body { font-family: sans-serif; font-size: 9pt; }
    table { width: 100%; border-collapse: collapse; }
    th, td { border: 1px solid #444; padding: 1.5mm; vertical-align: top; text-align: left; }
    tr { page-break-inside: avoid; }
    td:first-child { width: 38mm; font-weight: bold; }
    td:nth-child(4) { width: 18mm; }
    """
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _plan_rows())
    html = (
        f"<html><head><style>{css}</style></head><body><h1>Plan of decisions</h1>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "<p>Published by the democratic services team.</p></body></html>"
    )
    return _read(html)


def test_forward_plan_rows_are_one_line_each(plan_pages: list[LayoutPage]) -> None:
    assert len(plan_pages) >= 2, "the table must run over two pages for this test"
    lines = _lines(plan_pages)
    for row in _plan_rows():
        assert "\t".join(row) in lines, row
    # the header repeated at the top of each page stays a header row, once a page
    assert lines.count("\t".join(HEADER)) == len(plan_pages)
    # the wrapped cells' pieces are gone: every table line is a whole row or the header
    table = [ln for ln in lines if "\t" in ln]
    assert len(table) == len(_plan_rows()) + len(plan_pages)
    assert "Published by the democratic services team." in lines


def test_forward_plan_parser_reads_rebuilt_rows(plan_pages: list[LayoutPage]) -> None:
    text = "\n".join(p.stamped_text for p in plan_pages)
    entries = parse_forward_plan(normalise(text), Context())
    assert [e.title for e in entries] == [r[0] for r in _plan_rows()]
    assert [e.key_decision for e in entries] == [r[4] == "Yes" for r in _plan_rows()]
    assert entries[0].decision_maker == _plan_rows()[0][2]


RULED = [
    ["Service area", "Budget 2026-27", "Change", "Notes"],
    ["Libraries and archives", "1,250.5", "-3.2", _phrase(1, 14)],
    ["Highway maintenance and street lighting", "12,604.1", "4.8", _phrase(2, 6)],
    ["Adult social care", "48,020.0", "2.1", _phrase(3, 18)],
    ["Parks", "905.0", "0.0", "None"],
]


def test_ruled_table_with_wrapped_cells() -> None:
    css = """
    body { font-family: serif; font-size: 10.5pt; }
    table { border-collapse: collapse; width: 150mm; }
    td { border: 0.8pt solid black; padding: 2mm; vertical-align: top; }
    td:first-child { width: 35mm; }
    """
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in RULED)
    pages = _read(
        f"<html><head><style>{css}</style></head><body><p>The budget by service.</p>"
        f"<table>{body}</table><p>Figures are in thousands of pounds.</p></body></html>"
    )
    lines = _lines(pages)
    for row in RULED:
        assert "\t".join(row) in lines, row
    assert lines[0] == "The budget by service."
    assert lines[-1] == "Figures are in thousands of pounds."


TOC = [
    ("1.", "Apologies for absence", "1 - 2"),
    ("2.", _phrase(4, 16), "3 - 10"),
    ("3.", "Minutes of the last meeting", "11 - 18"),
    ("4.", _phrase(5, 20), "19 - 40"),
    ("5.", _phrase(6, 7), "41 - 44"),
]


def test_unruled_contents_table_with_page_numbers() -> None:
    css = """
    body { font-family: sans-serif; font-size: 11pt; }
    table { border-collapse: collapse; width: 160mm; }
    td { padding: 0 1mm; vertical-align: top; }
    td.n { width: 10mm; } td.p { width: 25mm; text-align: right; }
    """
    body = "".join(
        f'<tr><td class="n">{n}</td><td>{t}</td><td class="p">{p}</td></tr>' for n, t, p in TOC
    )
    pages = _read(
        f"<html><head><style>{css}</style></head><body><p>Contents</p>"
        f"<table>{body}</table></body></html>"
    )
    lines = _lines(pages)
    # a list number stays joined to its title by a space, as the text packs write it
    for n, title, pp in TOC:
        assert f"{n} {title}\t{pp}" in lines, (n, title)
    assert len(lines) == len(TOC) + 1


def test_grid_centred_cells_join_the_row_of_their_figures() -> None:
    """A title wrapped over two lines and centred in its row starts a line above the row's
    figures: it belongs to that row, not to the one above."""

    def frag(left: float, top: float, text: str) -> Fragment:
        return Fragment(left, left + 6.0 * len(text), top - 9.0, top, text)

    runs = [
        frag(40, 700, "Area"),
        frag(120, 700, "Scheme"),
        frag(400, 700, "Total"),
        frag(40, 680, "North"),
        frag(120, 680, "Depot"),
        frag(400, 680, "1,200"),
        frag(120, 664, "Bridge strengthening"),  # centred: one line above its row's figures
        frag(40, 653, "South"),
        frag(120, 653, "and resurfacing"),
        frag(400, 653, "7,500"),
        frag(40, 633, "East"),
        frag(120, 633, "Lighting"),
        frag(400, 633, "300"),
    ]
    tables = find_tables(runs)
    assert len(tables) == 1
    rows = [r.cells for r in tables[0][1]]
    assert rows == [
        ["Area", "Scheme", "Total"],
        ["North", "Depot", "1,200"],
        ["South", "Bridge strengthening and resurfacing", "7,500"],
        ["East", "Lighting", "300"],
    ]
