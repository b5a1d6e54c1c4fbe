"""Exempt, public or undecided: what a document's head says (``parse.exemption``), how the
splitter keeps an exempt appendix out of the public report before it, and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.importer.pack import Pack, PackDocument
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.exemption import (
    EXEMPT,
    PUBLIC,
    UNDECIDED,
    detect,
    is_marker,
    paragraphs_in,
)
from minutebook.importer.parse.text import is_exempt_paragraph
from minutebook.importer.reader import read_pack

# (head lines, status, paragraphs)
CASES: list[tuple[str, str, tuple[int, ...]]] = [
    # Headings.
    ("EXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3", EXEMPT, (3,)),
    ("NOT FOR PUBLICATION\nby virtue of paragraph 1 of Part 1 of Schedule 12A", EXEMPT, (1,)),
    (
        "Not for publication by virtue of paragraphs 1, 2 and 3 of Part 1 of Schedule 12A to "
        "the Local Government Act 1972.",
        EXEMPT,
        (1, 2, 3),
    ),
    ("Appendix B \u2013 Exempt (paragraph 3)", EXEMPT, (3,)),
    ("Appendix C - Financial appraisal (exempt under paragraph 3)", EXEMPT, (3,)),
    ("**EXEMPT APPENDIX** \u2013 para. 5", EXEMPT, (5,)),
    ("Exempt information by virtue of paragraph 14 of Part 4 of Schedule 12A", EXEMPT, (14,)),
    ("CONFIDENTIAL \u2013 paragraph 1", EXEMPT, (1,)),
    ("PART 2 \u2013 EXEMPT\nParagraphs 3 & 4", EXEMPT, (3, 4)),
    ("Report Status\tExempt", UNDECIDED, ()),
    ("Report Status\tPublic", PUBLIC, ()),
    ("Exempt information\tParagraph 3", EXEMPT, (3,)),
    ("RESTRICTED \u2013 paragraphs 1-3", EXEMPT, (1, 2, 3)),
    # Modern.Gov's placeholder for a restricted item in a public pack.
    (
        "Agenda Item 13\nBy virtue of paragraph(s) 4 of Part 1 of Schedule 12A\n"
        "of the Local Government Act 1972.\nDocument is Restricted",
        EXEMPT,
        (4,),
    ),
    ("Document is Restricted", UNDECIDED, ()),
    # Cover fields.
    ("Report Status: Exempt - paragraph 3", EXEMPT, (3,)),
    ("Exempt: Yes (paragraph 1)", EXEMPT, (1,)),
    ("Is this report exempt?\tYes, paragraph 5", EXEMPT, (5,)),
    ("Classification:\nRestricted \u2013 paragraph 7", EXEMPT, (7,)),
    ("Classification: Restricted", UNDECIDED, ()),
    ("Exempt information: Paragraph 12", EXEMPT, (12,)),
    # Marked, but no lawful paragraph: undecided.
    ("CONFIDENTIAL", UNDECIDED, ()),
    ("Private and confidential", UNDECIDED, ()),
    ("Part II", UNDECIDED, ()),
    ("EXEMPT by virtue of paragraph 9", UNDECIDED, ()),
    ("Not for publication by virtue of paragraphs 3 and 21", UNDECIDED, (3,)),
    ("OFFICIAL-SENSITIVE", UNDECIDED, ()),
    # Public.
    ("Classification: Unrestricted", PUBLIC, ()),
    ("Classification Unrestricted", PUBLIC, ()),
    ("Report Status: Public", PUBLIC, ()),
    ("Exempt information: No", PUBLIC, ()),
    ("Exempt information: None", PUBLIC, ()),
    ("Exempt information: This report is not exempt", PUBLIC, ()),
    ("Report status: Part exempt (Appendix 2, paragraph 3)", PUBLIC, ()),
    ("Exempt information: Appendix B is exempt under paragraph 3", PUBLIC, ()),
    ("Exempt appendices: Appendix 3 (paragraph 3)", PUBLIC, ()),
    ("Exempt Appendix: Yes", PUBLIC, ()),
    ("UNRESTRICTED ITEMS", PUBLIC, ()),
    ("Exempt Business", PUBLIC, ()),
    ("11 EXEMPT BUSINESS", PUBLIC, ()),
    ("Private/Exempt Items for Decision", PUBLIC, ()),
    ("Exclusion of the press and public", PUBLIC, ()),
    ("Part 2: Proposals", PUBLIC, ()),
    ("Confidentiality and data protection", PUBLIC, ()),
    ("Member Budget Dashboards (access restricted)", PUBLIC, ()),
    # Prose that mentions exemption stays public.
    (
        "The council runs forty car parks. The exempt appendix is on Part 2 of the agenda, "
        "not for publication by virtue of paragraph 3.",
        PUBLIC,
        (),
    ),
    (
        "Confidential information will be handled in line with the council's data protection "
        "policy and retained for six years.",
        PUBLIC,
        (),
    ),
    ("Exempt from bail-in are secured deposits held with banks.", PUBLIC, ()),
    (
        "Under paragraph 10 of Part 4 of the Council's Constitution the Leader may decide.",
        PUBLIC,
        (),
    ),
    ("", PUBLIC, ()),
]


@pytest.mark.parametrize(("head", "status", "paragraphs"), CASES)
def test_detect(head: str, status: str, paragraphs: tuple[int, ...]) -> None:
    found = detect(head.split("\n"))
    assert (found.status, found.paragraphs) == (status, paragraphs), found


def test_exempt_beats_public_in_one_head() -> None:
    found = detect(["Classification: Unrestricted", "EXEMPT \u2013 paragraph 2"])
    assert (found.status, found.paragraphs) == (EXEMPT, (2,))


def test_only_the_head_is_read() -> None:
    body = ["Appendix A - Schedule", *(f"Line {n}." for n in range(20)), "CONFIDENTIAL"]
    assert detect(body).status == PUBLIC


def test_undecided_names_the_bad_paragraph() -> None:
    found = detect(["EXEMPT by virtue of paragraph 9"])
    assert found.invalid == (9,) and found.cue.startswith("EXEMPT")


def test_paragraphs_in() -> None:
    assert paragraphs_in("paragraph(s) 4 of Part 1") == ([4], [])
    assert paragraphs_in("paras 1 and 2; paragraph 19") == ([1, 2], [19])
    assert paragraphs_in("see paragraph 3.2 of the report") == ([], [])
    assert paragraphs_in("paragraphs 12-14") == ([12, 13, 14], [])


def test_markers() -> None:
    assert is_marker("EXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3")
    assert is_marker("Document is Restricted")
    assert not is_marker("The exempt appendix is on Part 2 of the agenda.")
    assert not is_marker("Exempt Business")


def test_paragraph_numbers_agree_with_the_law() -> None:
    """The parser's paragraph test (no Django) is ``minutebook.core.exempt``'s list."""
    from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS, SCHEDULE_12A_WALES_PARAGRAPHS

    lawful = set(SCHEDULE_12A_PARAGRAPHS) | set(SCHEDULE_12A_WALES_PARAGRAPHS)
    assert {n for n in range(0, 40) if is_exempt_paragraph(n)} == lawful


PACK = """\
Agenda
Wessex District Council
Meeting: Cabinet
Date: 14 March 2023
1. Apologies
2. Review of Car Parking Charges
3. Depot Lease
This page is intentionally left blank
Agenda Item 2
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
The council runs forty car parks. The exempt appendix is on Part 2 of the agenda.
Appendix A - Proposed charging schedule
Band\tCharge
Short stay\t\u00a31.20
{marker}
Bidder QUOKKA-7731 offered \u00a34.1m for the concession.
This page is intentionally left blank
"""


def _docs(marker: str) -> Pack:
    return parse_text(PACK.replace("{marker}", marker), file="pack.txt", strict=True)


@pytest.mark.parametrize(
    "marker",
    [
        "EXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3",
        "EXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3\nAppendix B - Operator bids",
        "Appendix B - Operator bids\nEXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3",
        "Appendix B - Operator bids (exempt: paragraph 3)",
        "Not for publication\nby virtue of paragraph 3 of Part 1 of Schedule 12A",
    ],
)
def test_exempt_appendix_is_its_own_document(marker: str) -> None:
    pack = _docs(marker)
    holding = [d for d in pack.documents if "QUOKKA-7731" in d.text]
    assert len(holding) == 1
    doc = holding[0]
    assert (doc.access, doc.exempt_paragraphs, doc.agenda_item) == ("exempt", [3], "2")
    assert doc.kind in ("appendix", "exempt")
    for other in pack.documents:
        if other is not doc:
            assert other.access == "public", other.title
            assert "QUOKKA" not in other.text
    report = next(d for d in pack.documents if d.kind == "report")
    assert "Part 2 of the agenda" in report.text  # the public report keeps its own text
    assert pack.reports[0].status == "Public" and not pack.reports[0].exempt_paragraphs
    assert not pack.warnings


def test_undecided_appendix_is_warned_about() -> None:
    pack = _docs("CONFIDENTIAL\nAppendix B - Operator bids")
    doc = next(d for d in pack.documents if "QUOKKA-7731" in d.text)
    assert (doc.access, doc.exempt_paragraphs) == ("undecided", [])
    assert any("undecided" in w and "CONFIDENTIAL" in w for w in pack.warnings)


def test_exempt_report_cover_makes_the_report_exempt() -> None:
    text = PACK.replace("{marker}", "").replace(
        "Report Status: Public", "Report Status: Exempt \u2013 paragraph 1"
    )
    pack = parse_text(text, file="pack.txt", strict=True)
    report = next(d for d in pack.documents if d.kind == "report")
    assert (report.access, report.exempt_paragraphs) == ("exempt", [1])
    assert pack.reports[0].exempt_paragraphs == [1]


def test_restricted_cover_without_paragraph_withholds_the_report() -> None:
    text = PACK.replace("{marker}", "").replace(
        "Report Status: Public", "Report Status: Public\nCONFIDENTIAL"
    )
    pack = parse_text(text, file="pack.txt", strict=True)
    report = next(d for d in pack.documents if d.kind == "report")
    assert report.access == "undecided"
    assert pack.reports[0].status == "Restricted" and not pack.reports[0].exempt_paragraphs


def test_access_round_trips_and_is_checked() -> None:
    doc = PackDocument(kind="appendix", title="A", access="exempt", exempt_paragraphs=[3])
    assert PackDocument.from_dict(doc.to_dict()) == doc
    from minutebook.importer.errors import PackError

    with pytest.raises(PackError):
        PackDocument.from_dict({**doc.to_dict(), "access": "maybe"})


def test_corpus_exempt_items(corpus_dir: Path) -> None:
    """The corpus's restricted item (Modern.Gov placeholders) is exempt under its printed
    paragraph; every other document, including prose about exempt business, is public."""
    seen = 0
    for path in sorted(corpus_dir.glob("*.txt")):
        pack = read_pack(path)
        exempt_items = {a.number: a.exempt_paragraphs for a in pack.meeting.agenda}
        for doc in pack.documents:
            if doc.access == "public":
                assert doc.kind != "exempt", (path.name, doc.title)
                continue
            seen += 1
            assert doc.access == "exempt", (path.name, doc.title)
            assert doc.exempt_paragraphs == exempt_items[doc.agenda_item or ""], doc.title
            assert "Schedule 12A" in doc.text or "Restricted" in doc.text
        assert not [w for w in pack.warnings if "undecided" in w], path.name
    assert seen >= 1


def test_real_pdf_covers_are_public(corpus_dir: Path) -> None:
    """Real published reports say "Classification: Unrestricted": public, never exempt."""
    real = corpus_dir / "real"
    covers = sorted(real.glob("*/*Report*FINAL.pdf")) if real.is_dir() else []
    if not covers:
        pytest.skip("no real report PDFs in the corpus")
    for path in covers:
        pack = read_pack(path)
        assert all(d.access == "public" for d in pack.documents), path.name
        assert all(r.status in (None, "Public") for r in pack.reports), path.name
