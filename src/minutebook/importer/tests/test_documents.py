"""Splitting a pack into its documents; synthetic packs (invented content) and the corpus."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.importer.pack import AgendaItem, PackDocument
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.documents import split_documents
from minutebook.importer.parse.frontsheet import parse_frontsheet
from minutebook.importer.parse.reports import parse_reports
from minutebook.importer.parse.text import Line, normalise

PACK = """\
Agenda
Wessex District Council
Meeting: Cabinet
Date: 14 March 2023
1. Apologies
2. Minutes
3. Cabinet Forward Plan
4. Review of Car Parking Charges
5. Depot Lease (Para 3)
This page is intentionally left blank
Cabinet
Minutes of a meeting held at the Civic Offices, Anytown on Wednesday, 1 February 2023.
Present:
Cllr Ann Lee (Chairman), Cllr Bo Chan
1 Apologies
There were none.
This page is intentionally left blank
Cabinet Forward Plan
Explanatory note: This plan contains the key decisions to be taken in the next four months.
Title\tDecision maker\tDate
Library Strategy\tCabinet\t25 July 2023
This page is intentionally left blank
Agenda Item 4
Cabinet
14 March 2023
Review of Car Parking Charges
For Decision
Portfolio Holder: Cllr J Patel, Transport
Report Author: Morgan Price
Report Status: Public
Recommendation: Approve the revised charges.
Reason for Recommendation: To recover costs.
1. Introduction
The council runs forty car parks.
Appendix A - Proposed charging schedule
Band\tCharge
Short stay\t£1.20
This page is intentionally left blank
Agenda Item 5
Document is Restricted
"""

AGENDA = [
    ("1", "Apologies"),
    ("2", "Minutes"),
    ("3", "Cabinet Forward Plan"),
    ("4", "Review of Car Parking Charges"),
    ("5", "Depot Lease"),
]


def _ctx(lines: list[Line]) -> Context:
    end = next(ln.no for ln in lines if "intentionally left blank" in ln.text)
    return Context(
        council="Wessex District Council",
        committee="Cabinet",
        agenda=[AgendaItem(number=n, title=t) for n, t in AGENDA],
        frontsheet_end=end,
    )


def _covers_every_line(docs: list[PackDocument], lines: list[Line]) -> bool:
    got = [t for d in docs for t in d.text.split("\n") if t]
    return got == [ln.text for ln in lines]


def test_synthetic_pack_documents() -> None:
    lines = normalise(PACK)
    docs = split_documents(lines, _ctx(lines))
    assert [(d.kind, d.agenda_item) for d in docs] == [
        ("front_sheet", None),
        ("minutes", "2"),
        ("plan", "3"),
        ("report", "4"),
        ("appendix", "4"),
        ("exempt", "5"),
    ]
    assert docs[1].title == "Minutes: Cabinet"
    assert docs[3].title == "Review of Car Parking Charges"
    assert docs[4].title == "Appendix A - Proposed charging schedule"
    assert docs[3].text.startswith("Agenda Item 4\nCabinet")
    assert "Short stay" in docs[4].text
    assert _covers_every_line(docs, lines)


def test_documents_agree_with_reports() -> None:
    lines = normalise(PACK)
    ctx = _ctx(lines)
    reps = parse_reports(lines, ctx)
    docs = [d for d in split_documents(lines, ctx) if d.kind == "report"]
    assert [(d.title, d.agenda_item) for d in docs] == [(r.title, r.agenda_item) for r in reps]


def test_page_spans_from_pdf_pages() -> None:
    pages = PACK.split("This page is intentionally left blank\n")
    page_texts = [
        p + ("This page is intentionally left blank\n" if i < 4 else "")
        for i, p in enumerate(pages)
    ]
    lines = normalise("", page_texts=page_texts)
    docs = split_documents(lines, _ctx(lines))
    spans = {d.kind: d.pages for d in docs}
    assert spans["front_sheet"] == (1, 1)
    assert spans["minutes"] == (2, 2)
    assert spans["report"] == (4, 4)
    assert spans["exempt"] == (5, 5)


def test_list_of_appendices_does_not_split_a_report() -> None:
    text = PACK.replace(
        "The council runs forty car parks.\n",
        "The council runs forty car parks.\nAppendices\nAppendix 1 - Map\nAppendix 2 - Tariffs\n"
        "Background Papers: None\nAppendices\nAppendix 3 - Survey results\nMore text.\n",
    )
    lines = normalise(text)
    kinds = [d.kind for d in split_documents(lines, _ctx(lines))]
    assert kinds.count("appendix") == 1


def test_pack_without_front_sheet_starts_with_its_first_report() -> None:
    start = PACK.index("Agenda Item 4")
    lines = normalise(PACK[start:])
    docs = split_documents(lines, Context())
    assert [(d.kind, d.agenda_item) for d in docs] == [
        ("report", "4"),
        ("appendix", "4"),
        ("exempt", "5"),
    ]
    assert _covers_every_line(docs, lines)


def test_empty_and_plain_text() -> None:
    assert split_documents([], Context()) == []
    lines = normalise("Just a note.\nNothing else here.\n")
    docs = split_documents(lines, Context())
    assert [d.kind for d in docs] == ["other"]
    assert _covers_every_line(docs, lines)


def test_corpus_documents(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        lines = normalise(path.read_text(encoding="utf-8"))
        _meeting, ctx = parse_frontsheet(lines)
        docs = split_documents(lines, ctx)
        assert _covers_every_line(docs, lines), path.name
        reps = parse_reports(lines, ctx)
        got = [(d.title, d.agenda_item) for d in docs if d.kind == "report"]
        assert got == [(r.title, r.agenda_item) for r in reps], path.name
        assert all(d.title for d in docs)
        if ctx.frontsheet_end > 0:
            assert docs[0].kind == "front_sheet"
        # Every numbered agenda item that has a report or minutes has a document.
        items = {d.agenda_item for d in docs if d.kind in ("report", "minutes", "plan")}
        assert {r.agenda_item for r in reps} <= items


_PIECES = [
    "Agenda Item 3",
    "Agenda Item:",
    "Report Author:",
    "Report Author: Jo Bell",
    "Portfolio Holder:",
    "Portfolio Holder: Cllr Ann Lee",
    "Title:",
    "Tel: 01632 960000",
    "Email: a@b.gov.uk",
    "Report Status: Public",
    "Recommendation:",
    "Reason for Recommendation: x",
    "Subject of Report\tBudget",
    "\tcontinued cell",
    "<u>Cabinet Member</u> Ann <u>Lead Officer</u> Bob\t",
    "Appendix A - Map",
    "Appendices",
    "Minutes of a meeting held on 1 May 2023",
    "Present:",
    "Cabinet Forward Plan",
    "Explanatory note: this plan contains items",
    "This page is intentionally left blank",
    "Document is Restricted",
    "1. Introduction",
    "Some text.",
    "Page 4",
    "",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_arrangement_of_pieces_parses(pieces: list[str], with_agenda: bool) -> None:
    lines = normalise("\n".join(pieces))
    ctx = Context(agenda=[AgendaItem(number="3", title="Budget")] if with_agenda else [])
    docs = split_documents(lines, ctx)
    assert _covers_every_line(docs, lines)
    for r in parse_reports(lines, ctx):
        assert r.title


def test_stamp_repeated_on_every_page_starts_one_document() -> None:
    text = PACK.replace("The council runs forty car parks.\n", "Agenda Item 4\nMore text.\n")
    lines = normalise(text)
    kinds = [(d.kind, d.agenda_item) for d in split_documents(lines, _ctx(lines))]
    assert kinds.count(("report", "4")) == 1
    assert ("item", "4") not in kinds


def test_a_slice_of_the_lines_is_handled() -> None:
    lines = normalise(PACK)
    part = lines[20:]
    docs = split_documents(part, Context())
    assert [t for d in docs for t in d.text.split("\n") if t] == [ln.text for ln in part]
    assert [r.agenda_item for r in parse_reports(part, Context())] == ["4"]


def test_appendix_stamped_with_its_item() -> None:
    text = PACK.replace(
        "Appendix A - Proposed charging schedule", "Agenda Item 4 - Appendix A"
    ).replace(
        "Agenda Item 5\nDocument is Restricted",
        "Appendix 2 to Item 4\nSurvey\nAgenda Item 5\nDocument is Restricted",
    )
    lines = normalise(text)
    docs = split_documents(lines, _ctx(lines))
    assert [(d.kind, d.agenda_item) for d in docs][3:] == [
        ("report", "4"),
        ("appendix", "4"),
        ("appendix", "4"),
        ("exempt", "5"),
    ]
