"""Printed minutes as councils publish them: standalone files, many numbering schemes.

Synthetic minutes (written here, in the shapes councils use: "MINUTES of a meeting of the X
held in VENUE on DATE", "X" over "Minutes" over the date, "Record of decisions", numbering
"12.", "(1)", "CC/12", "24/25", "Minute 45", "45 -", sub-minutes "13a"/"13(a)", paragraph and
resolution lists numbered in another scheme inside the minutes, a decision reference before a
title, a minute confirming earlier minutes) are read as text and, through WeasyPrint, as PDFs
with running headers and page numbers.  The real Kent minutes are checked against the truth
written by hand in ``fixtures/real_truth``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.core.testing_shared import needs_shared
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.minutes import minutes_meeting, parse_minutes
from minutebook.importer.parse.text import normalise
from minutebook.importer.reader import read_pack

TITLES = [
    "Apologies for Absence",
    "Minutes of the Meeting held on 4 February 2025",
    "24/00108 - Revenue Budget Monitoring Report",
    "Highways Maintenance Contract Award",
    "Exclusion of the Press and Public",
]

HEADS = {
    "minutes_of": "MINUTES of a meeting of the Cabinet held in Committee Room 2, Shire Hall, "
    "Northtown on Tuesday, 4 March 2025 at 10.00 am.",
    "meeting_of": "Minutes of the meeting of the Cabinet held on Tuesday, 4 March 2025 at "
    "10.00 am in Committee Room 2, Shire Hall, Northtown",
    "bare": "CABINET\nMINUTES\nTuesday, 4 March 2025",
    "record": "RECORD OF DECISIONS of the Cabinet held on Tuesday, 4 March 2025",
    "record_bare": "Cabinet\nRecord of Decisions\nTuesday, 4 March 2025",
    "no_held": "Minutes of the Cabinet\nTuesday, 4 March 2025, 10.00 am, Committee Room 2, "
    "Shire Hall",
}
# (time, venue) each heading states.
HEAD_FIELDS = {
    "minutes_of": ("10:00", "Committee Room 2, Shire Hall, Northtown"),
    "meeting_of": ("10:00", "Committee Room 2, Shire Hall, Northtown"),
    "bare": (None, None),
    "record": (None, None),
    "record_bare": (None, None),
    "no_held": ("10:00", "Committee Room 2, Shire Hall"),
}

BODY = """PRESENT: Councillor A Brown (Chair), Councillor B Green, Mrs C White
ALSO PRESENT: Councillor D Black
IN ATTENDANCE: Mr E Grey (Monitoring Officer)
APOLOGIES: Councillor F Pink
{n0} Apologies for Absence
Apologies were received from Councillor F Pink.
{n1} Minutes of the Meeting held on 4 February 2025
RESOLVED that the minutes of the meeting held on 4 February 2025 be approved as a correct
record and signed by the Chair.
{n2} 24/00108 - Revenue Budget Monitoring Report
{p0} The Cabinet Member introduced the report and said that spending was on track.
{p1} Members asked questions about the forecast overspend in adult social care.
RESOLVED that:
{r0} the report be noted; and
{r1} the virements set out in section 4 be approved.
{n3} Highways Maintenance Contract Award
{p0} The Director summarised the tender process and the evaluation of the bids.
{p1} RESOLVED that the contract be awarded as recommended.
{n4} Exclusion of the Press and Public
RESOLVED that the press and public be excluded for the remaining business.
"""

# scheme: (minute labels, paragraph labels, resolution labels, expected numbers)
SCHEMES = {
    "dot": (["12.", "13.", "14.", "15.", "16."], ["1)", "2)"], ["(1)", "(2)"], None),
    "paren": (["(1)", "(2)", "(3)", "(4)", "(5)"], ["1.", "2."], ["(a)", "(b)"], None),
    "prefix": (["CC/12", "CC/13", "CC/14", "CC/15", "CC/16"], ["1.", "2."], ["(a)", "(b)"], None),
    "year": (["24/25", "25/25", "26/25", "27/25", "28/25"], ["(1)", "(2)"], ["(a)", "(b)"], None),
    "minute": (
        ["Minute 45", "Minute 46", "Minute 47", "Minute 48", "Minute 49"],
        ["1.", "2."],
        ["(a)", "(b)"],
        ["45", "46", "47", "48", "49"],
    ),
    "dash": (
        ["45 -", "46 -", "47 -", "48 -", "49 -"],
        ["1.", "2."],
        ["(a)", "(b)"],
        ["45", "46", "47", "48", "49"],
    ),
    "sub": (["12.", "13.", "13a.", "13b.", "14."], ["1)", "2)"], ["(1)", "(2)"], None),
    "sub_paren": (["12", "13", "13(a)", "13(b)", "14"], ["1.", "2."], ["(i)", "(ii)"], None),
}


def expected_numbers(scheme: str) -> list[str]:
    labels, _p, _r, numbers = SCHEMES[scheme]
    if numbers is not None:
        return numbers
    return [lab.strip("().").replace("(", "").replace(")", "") for lab in labels]


def minutes_text(head: str, scheme: str, *, blank: bool = False) -> str:
    n, p, r, _ = SCHEMES[scheme]
    body = BODY.format(
        n0=n[0], n1=n[1], n2=n[2], n3=n[3], n4=n[4], p0=p[0], p1=p[1], r0=r[0], r1=r[1]
    )
    text = f"NORTHSHIRE COUNCIL\n{HEADS[head]}\n{body}"
    return text.replace("\n", "\n\n") if blank else text


def test_expected_numbers() -> None:
    assert expected_numbers("paren") == ["1", "2", "3", "4", "5"]
    assert expected_numbers("sub_paren") == ["12", "13", "13a", "13b", "14"]
    assert expected_numbers("year") == ["24/25", "25/25", "26/25", "27/25", "28/25"]


@pytest.mark.parametrize("blank", [False, True], ids=["pdf_lines", "paragraphs"])
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("head", sorted(HEADS))
def test_standalone_minutes_text(head: str, scheme: str, blank: bool) -> None:
    lines = normalise(minutes_text(head, scheme, blank=blank))
    sets = parse_minutes(lines, Context())
    assert len(sets) == 1
    got = sets[0]
    assert (got.committee, got.date) == ("Cabinet", "2025-03-04")
    assert [i.number for i in got.items] == expected_numbers(scheme)
    assert [i.title for i in got.items] == TITLES
    assert "A Brown" in got.present and "F Pink" in got.apologies
    meeting = minutes_meeting(lines, Context())
    assert meeting is not None
    time, venue = HEAD_FIELDS[head]
    assert (meeting.committee, meeting.date, meeting.time, meeting.venue) == (
        "Cabinet",
        "2025-03-04",
        time,
        venue,
    )
    assert meeting.members == [] and meeting.agenda == []


def test_no_minutes_heading_no_meeting() -> None:
    text = "Report to Cabinet\n4 March 2025\n1. Introduction\nThe report sets out the budget.\n"
    assert minutes_meeting(normalise(text), Context()) is None
    assert parse_minutes(normalise(text), Context()) == []


def test_paragraph_numbers_are_not_minutes() -> None:
    """A set whose first numbered lines are paragraphs ("1. Mr X proposed ...") under an
    unnumbered heading, then the minutes tied to the agenda by "(Item N)" lines."""
    text = (
        "MINUTES of a meeting of the County Council held in the Council Chamber, County Hall, "
        "Northtown on Thursday, 9 January 2025.\n"
        "PRESENT: Mr A Brown, Mrs C White and Ms D Green\n"
        "Election of Chair\n"
        "1. Mr Brown proposed, and Mrs White seconded that Ms Green be elected\n"
        "to Chair the meeting. No other nominations were received.\n"
        "2. RESOLVED that Ms Green be elected to Chair the meeting.\n"
        "283. Apologies for Absence\n(Item 1)\nThe Clerk reported apologies from Mr Black.\n"
        "284. Declarations of Disclosable Pecuniary Interests or Other Significant\n"
        "Interests in items on the agenda\n(Item 2)\nThere were none.\n"
        "285. Local Plan Review\n(Item 3)\n"
        "1) The Leader introduced the item and set out the timetable for the review of\n"
        "the plan over the coming year.\n"
        "2) Mr Brown proposed, and Mrs White seconded the motion that\n"
        "3) RESOLVED that the review be approved.\n"
    )
    sets = parse_minutes(normalise(text), Context())
    assert [(i.number, i.title) for i in sets[0].items] == [
        ("283", "Apologies for Absence"),
        (
            "284",
            "Declarations of Disclosable Pecuniary Interests or Other Significant Interests "
            "in items on the agenda",
        ),
        ("285", "Local Plan Review"),
    ]


FRONT = """NORTHSHIRE COUNCIL

CABINET

Date: Tuesday, 1 April 2025

Time: 10.00 am

Venue: Committee Room 2, Shire Hall, Northtown

AGENDA

1. Apologies for Absence

2. Minutes of the previous meeting (Pages 3 - 8)

3. Budget Monitoring (Pages 9 - 20)

Page 1
"""


@pytest.mark.parametrize("head", sorted(HEADS))
def test_pack_reproduces_minutes_in_any_heading_style(head: str) -> None:
    """A pack's reproduced minutes are found whatever their heading looks like."""
    minutes = minutes_text(head, "dot", blank=True).split("\n", 1)[1]
    pack = parse_text(f"{FRONT}\n{minutes}\n\nPage 3\n", file="pack.txt", strict=True)
    assert pack.meeting.date == "2025-04-01"
    assert [(m.committee, m.date) for m in pack.minutes] == [("Cabinet", "2025-03-04")]
    assert [i.title for i in pack.minutes[0].items] == TITLES


def _html(scheme: str) -> str:
    n, p, r, _ = SCHEMES[scheme]
    filler = " ".join(["Members discussed the matter at length and asked questions."] * 12)
    rows = [
        "<p class=c>NORTHSHIRE COUNCIL</p>",
        f"<p><b>{HEADS['minutes_of']}</b></p>",
        "<p>PRESENT: Councillor A Brown (Chair), Councillor B Green, Mrs C White</p>",
        "<p>APOLOGIES: Councillor F Pink</p>",
    ]
    for k, title in enumerate(TITLES):
        rows.append(f"<h3>{n[k]} {title}</h3>")
        rows.append(f"<p>{p[0]} The Cabinet Member introduced the item. {filler}</p>")
        rows.append(f"<p>{p[1]} RESOLVED that:</p><p>{r[0]} the report be noted.</p>")
    style = (
        "@page { size: A4; margin: 2.5cm;"
        " @top-right { content: 'Cabinet - 4 March 2025'; font-size: 9pt }"
        " @bottom-center { content: counter(page); font-size: 9pt } }"
        " body { font: 11pt sans-serif } h3 { font-size: 11pt } .c { text-align: center }"
    )
    return f"<html><head><style>{style}</style></head><body>{''.join(rows)}</body></html>"


@pytest.mark.parametrize("scheme", ["dot", "paren", "prefix", "sub"])
def test_standalone_minutes_pdf(scheme: str, tmp_path: Path) -> None:
    """Printed minutes as a PDF with a running header and page numbers, through the reader."""
    weasyprint = pytest.importorskip("weasyprint")
    pdf = tmp_path / "minutes.pdf"
    weasyprint.HTML(string=_html(scheme)).write_pdf(pdf)
    pack = read_pack(pdf)
    assert (pack.source.pages or 0) >= 2
    assert [(m.committee, m.date) for m in pack.minutes] == [("Cabinet", "2025-03-04")]
    items = pack.minutes[0].items
    assert [i.number for i in items] == expected_numbers(scheme)
    assert [i.title for i in items] == TITLES
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.venue) == (
        "Cabinet",
        "2025-03-04",
        "10:00",
        "Committee Room 2, Shire Hall, Northtown",
    )
    assert m.members == [] and m.agenda == []


TRUTH_DIR = Path(__file__).resolve().parent / "fixtures" / "real_truth"
MINUTES_TRUTHS = sorted(
    p for p in TRUTH_DIR.glob("*/*.json") if json.loads(p.read_text(encoding="utf-8"))["minutes"]
)


def test_real_minutes_truths_present() -> None:
    assert len(MINUTES_TRUTHS) >= 3


@pytest.mark.parametrize("truth_path", MINUTES_TRUTHS, ids=[p.stem for p in MINUTES_TRUTHS])
def test_real_printed_minutes(truth_path: Path) -> None:
    """The real printed minutes: every numbered minute, and the meeting they record."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pdf = needs_shared("corpus", "real", truth_path.parent.name) / truth["source"]["file"]
    pack = read_pack(pdf)
    want = [
        (m["date"], i["number"], i["title"].lower()) for m in truth["minutes"] for i in m["items"]
    ]
    got = [(m.date, i.number, (i.title or "").lower()) for m in pack.minutes for i in m.items]
    assert got == want
    header = ("committee", "date", "time", "venue")
    assert {k: getattr(pack.meeting, k) for k in header} == {k: truth["meeting"][k] for k in header}
    assert pack.meeting.agenda == [] and pack.meeting.members == []


TITLE_ABOVE = """Minutes of a meeting of the Cabinet held at County Hall, Northtown on 4 March 2025

Present: Councillor A Brown (Chairman), Councillor B Green

Apologies for Absence

85 Apologies were received from Councillor F Pink.

Minutes of the Meeting held on 4 February 2025

86 The minutes of the meeting held on 4 February 2025 were confirmed and signed.

Public Participation

87 There were no public questions.

Officers present: Mr E Grey

Budget Monitoring

88 The Cabinet considered the report.
"""


@pytest.mark.parametrize("blank", [False, True], ids=["pdf_lines", "paragraphs"])
def test_minute_confirming_earlier_minutes_is_an_item(blank: bool) -> None:
    """A minute titled "Minutes of the Meeting held on ..." is an item of the set, not a set."""
    text = TITLE_ABOVE if blank else TITLE_ABOVE.replace("\n\n", "\n")
    sets = parse_minutes(normalise(text), Context())
    assert [(s.committee, s.date) for s in sets] == [("Cabinet", "2025-03-04")]
    assert [(i.number, i.title) for i in sets[0].items] == [
        ("85", "Apologies for Absence"),
        ("86", "Minutes of the Meeting held on 4 February 2025"),
        ("87", "Public Participation"),
        ("88", "Budget Monitoring"),
    ]


def test_second_set_without_a_body_name_stays_a_set() -> None:
    """An earlier meeting's minutes after a set, numbered afresh, are a set of their own."""
    second = (
        "Minutes of the meeting held at County Hall, Northtown on 7 January 2025\n\n"
        "Present: Councillor A Brown (Chairman)\n\n"
        "Apologies for Absence\n\n"
        "61 There were no apologies.\n\n"
        "Highways Update\n\n"
        "62 The Cabinet noted the update.\n"
    )
    sets = parse_minutes(normalise(TITLE_ABOVE + "\n" + second), Context())
    assert [s.date for s in sets] == ["2025-03-04", "2025-01-07"]
    assert [i.number for i in sets[1].items] == ["61", "62"]


OTHER_SHAPES = {
    "body_over_date": (
        "CHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE\nTuesday, 3 September 2024\n"
        "PRESENT: Councillor Jason Whitworth (Chair) and Councillor Megan Sutcliffe\n",
        "Children and Young People Scrutiny Committee",
        "2024-09-03",
    ),
    "labelled": (
        "Committee Minutes\nMeeting: Health and Wellbeing Board\nDate: 18 September 2024\n"
        "Present: Councillors Ruth Kilbride (Chair) and Linda Copeland\n",
        "Health and Wellbeing Board",
        "2024-09-18",
    ),
    "scottish": (
        "GLENHOLM, 12 March 2024. Minute of Meeting of the EDUCATION AND\n"
        "CHILDREN'S SERVICES COMMITTEE. Present:- Councillor Fiona Ross, Convener; and\n"
        "Councillors Morag Baillie and Callum Fraser.\n",
        "Education and Children's Services Committee",
        "2024-03-12",
    ),
}
SHAPE_BODY = """DECLARATIONS OF INTEREST
1. Councillor Callum Fraser made a transparency statement in relation to item 3 and
remained in the meeting.
MINUTE OF PREVIOUS MEETING OF 23 JANUARY 2024
2. The Committee had before it the minute of its previous meeting of 23 January 2024.
The Committee resolved:-
to approve the minute as a correct record.
SCHOOL ESTATE PLAN - CONDITION AND SUITABILITY UPDATE -
CFS/24/069
3. The Committee had before it a report by the Chief Officer which provided the annual
update on the condition of the school estate.
The Committee resolved:-
to note the report.
"""


@pytest.mark.parametrize("shape", sorted(OTHER_SHAPES))
def test_minutes_headings_without_held(shape: str) -> None:
    """Headings that never say "minutes of ... held": found, and read as the meeting."""
    head, committee, date = OTHER_SHAPES[shape]
    lines = normalise("NORTHSHIRE COUNCIL\n" + head + SHAPE_BODY)
    sets = parse_minutes(lines, Context())
    assert [(s.committee, s.date) for s in sets] == [(committee, date)]
    assert [(i.number, i.title) for i in sets[0].items] == [
        ("1", "Declarations of Interest"),
        ("2", "Minute of Previous Meeting of 23 January 2024"),
        ("3", "School Estate Plan - Condition and Suitability Update - Cfs/24/069"),
    ]
    meeting = minutes_meeting(lines, Context())
    assert meeting is not None and (meeting.committee, meeting.date) == (committee, date)


def test_front_sheet_header_is_not_minutes() -> None:
    """The body's name over the date without an attendance list is a front sheet's header."""
    text = "CABINET\nTuesday, 3 September 2024\nAGENDA\n1. Apologies\n2. Minutes\n"
    lines = normalise(text)
    assert parse_minutes(lines, Context()) == []
    assert minutes_meeting(lines, Context()) is None


def test_agenda_item_reference_after_a_title_is_not_title() -> None:
    text = (
        "Minutes of the meeting of the Licensing Committee held on 5 June 2024\n"
        "Present: Councillor A Brown (Chair) and Councillor B Green\n"
        "21 Apologies for Absence (Agenda Item 1)\nNone.\n"
        "22 Street Trading Policy [Item 2]\nThe Committee approved the policy.\n"
    )
    sets = parse_minutes(normalise(text), Context())
    assert [(i.number, i.title) for i in sets[0].items] == [
        ("21", "Apologies for Absence"),
        ("22", "Street Trading Policy"),
    ]


@pytest.mark.parametrize("label", ["Meeting", "Committee", "Body"])
def test_labelled_body_and_particle_names(label: str) -> None:
    """The body printed after a label over a bare "Minutes" heading is named without the label;
    names with a lower-case particle ("ap", "ab", "van") stay in the Present list."""
    text = (
        f"{label}: Rural Affairs Panel\nMinutes\n12 March 2025\n\n"
        "Present: Councillors Gethin ap Rhys (Chair), Nia ab Emyr, Lowri Price and Jan van "
        "Dijk\n\n1. Apologies\n\nNone were received.\n\n2. Hedgerow grants\n\n"
        "The panel noted the report.\n"
    )
    sets = parse_minutes(normalise(text), Context())
    assert [(s.committee, s.date) for s in sets] == [("Rural Affairs Panel", "2025-03-12")]
    assert sets[0].present == ["Gethin ap Rhys", "Nia ab Emyr", "Lowri Price", "Jan van Dijk"]
