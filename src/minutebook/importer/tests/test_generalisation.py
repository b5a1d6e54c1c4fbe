"""Small packs for the general mechanisms added for styles outside the corpus."""

from __future__ import annotations

import pytest

from minutebook.importer.pack import Meeting
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.frontsheet import parse_frontsheet
from minutebook.importer.parse.minutes import parse_minutes
from minutebook.importer.parse.text import is_exempt_paragraph, normalise


def _meeting(text: str) -> tuple[Meeting, Context]:
    return parse_frontsheet(normalise(text))


def test_all_caps_council_and_dispatch_date() -> None:
    meeting, ctx = _meeting(
        "NORTHWOLD DISTRICT COUNCIL\n\nLICENSING COMMITTEE\n\nDate:\tMonday 4 March 2024\n"
        "Time:\t2pm\nDispatched: Friday 23 February 2024\n\nAGENDA\n\n1.\tApologies\n\n"
        "2.\tMinutes\t(Pages 3 - 6)\n\n3.\tReview of Licensing Policy\t(Pages 7 - 20)\n"
    )
    assert ctx.council == "Northwold District Council"
    assert meeting.published == "2024-02-23"
    assert meeting.time == "14:00"
    assert [a.pages for a in meeting.agenda] == [None, (3, 6), (7, 20)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("the Council of the Borough of Eastleigh Vale", "Council"),
        ("the Full Council of the District of Hartmoor", "Full Council"),
        ("the Overview and Scrutiny Committee", "Overview and Scrutiny Committee"),
    ],
)
def test_summons_names_the_body(body: str, expected: str) -> None:
    meeting, _ = _meeting(
        f"You are hereby summoned to attend a meeting of {body} to be held in the Council "
        "Chamber, Town Hall, High Street on Thursday 18 January 2024 at 7.00 pm.\n\n"
        "AGENDA\n\n1. Apologies for absence\n\n2. Minutes\n\n3. Announcements\n"
    )
    assert meeting.committee == expected
    assert meeting.date == "2024-01-18"
    assert meeting.venue == "Council Chamber, Town Hall, High Street"


@pytest.mark.parametrize(
    "line",
    [
        "Monday, 8 January 2024, 6.30 pm - Room 1.02, Civic Centre, Oak Road",
        "Monday, 8 January 2024 at 6.30 pm in Room 1.02, Civic Centre, Oak Road",
    ],
)
def test_venue_after_the_time_on_the_date_line(line: str) -> None:
    meeting, _ = _meeting(
        f"Cabinet\n\n{line}\n\nAGENDA\n\n1. Apologies\n\n2. Minutes\n\n3. Budget\n"
    )
    assert meeting.time == "18:30"
    assert meeting.venue == "Room 1.02, Civic Centre, Oak Road"


def test_membership_table_with_role_and_other_columns() -> None:
    meeting, _ = _meeting(
        "Joint Waste Committee\n\nDate: 1 February 2024\n\nMembership\n\n"
        "| Member | Role | Authority |\n|---|---|---|\n"
        "| Cllr Ann Lee | Chairperson | Eastshire Council |\n"
        "| Cllr Raj Patel | Vice-Chairperson | Westshire Council |\n"
        "| Cllr Tom Reed | Member | Northshire Council |\n"
        "| Mrs Jane Cole | Co-opted member (non-voting) | Waste Industry Forum |\n\n"
        "AGENDA\n\n1. Apologies\n\n2. Minutes\n\n3. Waste Strategy\n"
    )
    assert [(m.name, m.role) for m in meeting.members] == [
        ("Ann Lee", "Chairman"),
        ("Raj Patel", "Vice-Chairman"),
        ("Tom Reed", "Member"),
        ("Jane Cole", "Co-opted"),
    ]


@pytest.mark.parametrize(
    ("numbers", "printed"),
    [
        (["C.12", "C.13", "C.14"], ["C.12", "C.13", "C.14"]),
        (["PL/101", "PL/102", "PL/103"], ["PL/101", "PL/102", "PL/103"]),
        (["45/23", "46/23", "47/23"], ["45/23", "46/23", "47/23"]),
    ],
)
def test_minute_number_series(numbers: list[str], printed: list[str]) -> None:
    titles = ["APOLOGIES FOR ABSENCE", "DECLARATIONS OF INTEREST", "MINUTES"]
    body = "\n\n".join(
        f"{n}\t{t}\n\nThe committee noted the item." for n, t in zip(numbers, titles, strict=True)
    )
    text = (
        "Minutes of the meeting of the Planning Committee held on Wednesday 3 May 2023 "
        "at 6.30pm\n\nPresent: Councillors A Smith (Chairman), B Jones and C Brown\n\n" + body
    )
    lines = normalise(text)
    _, ctx = parse_frontsheet(lines)
    got = parse_minutes(lines, ctx)
    assert len(got) == 1
    assert [i.number for i in got[0].items] == printed
    assert got[0].date == "2023-05-03"


def test_minutes_heading_wrapped_before_held() -> None:
    text = (
        "Transport Committee\n\nDate: 21 September 2023\n\nAGENDA\n\n1. Apologies\n\n"
        "2. Minutes (Pages 3 - 8)\n\n3. Bus Strategy (Pages 9 - 20)\n\n"
        "This page is intentionally left blank\n\n"
        "Minutes of the Transport Committee\n\nHeld on Thursday 20 July 2023 at 2.00 pm\n\n"
        "Present: Councillor Ann Lee (Chairperson), Councillors Raj Patel and Tom Reed\n\n"
        "1. Apologies\n\nNone.\n\n2. Rail Strategy\n\nResolved: That the update be noted.\n"
    )
    lines = normalise(text)
    _, ctx = parse_frontsheet(lines)
    got = parse_minutes(lines, ctx)
    assert [(m.committee, m.date) for m in got] == [("Transport Committee", "2023-07-20")]
    assert [i.title for i in got[0].items] == ["Apologies", "Rail Strategy"]


def test_welsh_exempt_paragraphs() -> None:
    assert is_exempt_paragraph(3) and is_exempt_paragraph(14)
    assert not is_exempt_paragraph(9) and not is_exempt_paragraph(19)
    pack = parse_text(
        "Cabinet\n\nDate: 12 December 2023\n\nAGENDA\n\n1. Apologies\n\n2. Minutes\n\n"
        "3. Regeneration Fund - Award of Grants (Pages 41 - 48)\n\nExempt - paragraph 14\n",
        file="x.txt",
        strict=True,
    )
    assert pack.meeting.agenda[2].exempt_paragraphs == [14]


def test_surname_only_membership_and_singular_coopted_label() -> None:
    meeting, _ = _meeting(
        "Overview and Scrutiny Committee\n\nMonday 6th November 2023 at 7pm\n\n"
        "Councillors: Patel (Chair), Okafor (Vice-Chair), Greenwood and Bell\n\n"
        "Independent member: Mr D Black\n\n"
        "Item 1\nApologies for absence\n\nItem 2\nDeclarations of interest\n\n"
        "Item 3\nBudget Scrutiny 2024/25\n(Pages 13 - 40)\n"
    )
    assert [(m.name, m.role) for m in meeting.members] == [
        ("Patel", "Chairman"),
        ("Okafor", "Vice-Chairman"),
        ("Greenwood", "Member"),
        ("Bell", "Member"),
        ("D Black", "Co-opted"),
    ]
    assert [(a.number, a.title, a.pages) for a in meeting.agenda] == [
        ("1", "Apologies for absence", None),
        ("2", "Declarations of interest", None),
        ("3", "Budget Scrutiny 2024/25", (13, 40)),
    ]


def test_pack_of_covers_only() -> None:
    """No front sheet: the meeting and agenda come from the stamped covers, including a
    committee and date printed on one line and a "Report to X" masthead."""
    pack = parse_text(
        "Agenda Item 4\n\nReport to Executive\nDate: 5 March 2024\n"
        "Subject: Parking Strategy Review\nLead Cabinet Member: Councillor Sam Green\n"
        "Report of: Director of Place\nAuthor: Kim Lowe, Parking Manager\n\n"
        "Recommendations\nThat the Executive approves the strategy.\n\n"
        "Reasons for recommendations\nTo improve parking.\n\n1. Background\nText.\n\n"
        "Agenda Item 5\n\nEXECUTIVE \u2013 5 MARCH 2024\n\nHOUSING ALLOCATIONS POLICY\n\n"
        "Report of the Director of Housing\n\nCabinet Member: Councillor Pat Lee, Housing\n"
        "Contact officer: Dan Hart, Housing Options Manager, 0161 234 9999\nStatus: Public\n\n"
        "1. Purpose\nTo approve a new allocations policy.\n2. Recommendations\n"
        "2.1 That the policy be approved.\n3. Reasons for recommendations\n3.1 The law.\n",
        file="covers.txt",
        strict=True,
    )
    assert pack.meeting.committee == "Executive"
    assert pack.meeting.date == "2024-03-05"
    assert [(a.number, (a.title or "").lower()) for a in pack.meeting.agenda] == [
        ("4", "parking strategy review"),
        ("5", "housing allocations policy"),
    ]
    assert [(r.agenda_item, r.authors[0].name) for r in pack.reports] == [
        ("4", "Kim Lowe"),
        ("5", "Dan Hart"),
    ]


def test_key_decision_notice_as_label_records() -> None:
    records = [
        ("Sale of land at Mill Street Depot", "Yes", "12 March 2024", "Private - paragraph 3"),
        ("Local Cycling and Walking Infrastructure Plan", "Yes", "9 April 2024", "Public"),
        ("Review of Car Parking Charges", "No", "TBC", "Public"),
    ]
    body = "\n\n".join(
        f"Decision: {title}\nKey decision: {kd}\nDecision maker: Cabinet\n"
        f"Date of decision: {when}\nPublic or private: {access}\n"
        "Portfolio holder: Portfolio Holder for Resources\nContact officer: Jan Moss"
        for title, kd, when, access in records
    )
    pack = parse_text(
        "Cabinet\n\nDate: 5 February 2024\n\nAGENDA\n\n1. Apologies\n\n"
        "2. Minutes (Pages 3 - 8)\n\n3. Forward Plan (Pages 9 - 14)\n\n"
        "This page is intentionally left blank\n\nAgenda Item 3\n\nNOTICE OF KEY DECISIONS\n"
        "Forward Plan for the period 1 March 2024 to 30 June 2024\n\n" + body + "\n",
        file="plan.txt",
        strict=True,
    )
    got = [
        (e.title, e.key_decision, e.access, e.decision_maker, e.decision_date)
        for e in pack.forward_plan
    ]
    assert got == [
        ("Sale of land at Mill Street Depot", True, "fully exempt", "Cabinet", "2024-03-12"),
        ("Local Cycling and Walking Infrastructure Plan", True, "open", "Cabinet", "2024-04-09"),
        ("Review of Car Parking Charges", False, "open", "Cabinet", None),
    ]


def test_html_front_sheet_area_name_fractional_quorum_part_exempt_title() -> None:
    meeting, ctx = _meeting(
        "<h1>Borough of Eastvale</h1>\n<p><strong>Standards Committee</strong></p>\n"
        "<p>Wednesday 17th January 2024 at 18:30</p>\n"
        "<p>Location: The Council Chamber, Eastvale House</p>\n"
        "<p>Quorum: One third of the membership</p>\n<table>\n"
        "<tr><td>Item No.</td><td>Title</td><td>Pages</td></tr>\n"
        "<tr><td>1.</td><td>Apologies for absence</td><td></td></tr>\n"
        "<tr><td>2.</td><td><strong>Minutes</strong><br>To agree the minutes of 8 November"
        " 2023</td><td>3 - 6</td></tr>\n"
        "<tr><td>3.</td><td>Review of the Code of Conduct (Part exempt - Paragraph 1)</td>"
        "<td>7 - 30</td></tr>\n</table>\n"
    )
    assert ctx.council == "Borough of Eastvale"
    assert (meeting.date, meeting.time, meeting.quorum) == ("2024-01-17", "18:30", None)
    assert [(a.title, a.pages, a.exempt_paragraphs) for a in meeting.agenda] == [
        ("Apologies for absence", None, []),
        ("Minutes", (3, 6), []),
        ("Review of the Code of Conduct", (7, 30), [1]),
    ]


_LICENSING_FRONT = (
    "Licensing Committee\n\nDate: 8 April 2024\n\nAGENDA\n\n1. Apologies\n\n"
    "2. Minutes (Pages 3 - 8)\n\n3. Policy (Pages 9 - 14)\n\n"
    "This page is intentionally left blank\n\n"
)


@pytest.mark.parametrize(
    ("minutes", "numbers"),
    [
        (
            "Minutes of the Licensing Committee held on Monday, 4th March 2024\n\n"
            "Present:\tCouncillors Ann Cole (Chair), Ben Dale and Cat Eve\n\n"
            "| Minute | Item |\n|---|---|\n"
            "| 10 | **Apologies** Apologies were received from Councillor Dan Fry. |\n"
            "| 11 | **Declarations of Interest** None. |\n"
            "| 12 | **Statement of Licensing Policy** RESOLVED: That the policy be approved. |\n",
            ["10", "11", "12"],
        ),
        (
            "Minutes of the meeting of the Licensing Committee held on 4 March 2024\n\n"
            "PRESENT: Councillor Ann Cole (Chair); Councillors Ben Dale and Cat Eve.\n\n"
            "LC10 - APOLOGIES\nApologies were received from Councillor Dan Fry.\n\n"
            "LC11 - DECLARATIONS OF INTEREST\nNone.\n\n"
            "LC12 - STATEMENT OF LICENSING POLICY\nRESOLVED: That the policy be approved.\n",
            ["LC10", "LC11", "LC12"],
        ),
    ],
    ids=["table-cells", "dash-separated"],
)
def test_minutes_layouts(minutes: str, numbers: list[str]) -> None:
    pack = parse_text(_LICENSING_FRONT + minutes, file="m.txt", strict=True)
    assert [(m.committee, m.date) for m in pack.minutes] == [("Licensing Committee", "2024-03-04")]
    assert [(i.number, i.title) for i in pack.minutes[0].items] == list(
        zip(
            numbers,
            ["Apologies", "Declarations of Interest", "Statement of Licensing Policy"],
            strict=True,
        )
    )


def test_board_with_non_councillor_members_and_lettered_sub_items() -> None:
    meeting, ctx = _meeting(
        "Council of the City of Westford\n\nMeeting of the Health and Wellbeing Board\n\n"
        "Date and time: Thursday 1 February 2024, 2.00 pm\n"
        "Venue: Committee Room 3, Guildhall, Westford WF1 1AA\nQuorum: 5\n\nMembership\n"
        "Chair: Councillor Nina Shah (Cabinet Member for Health)\n"
        "Vice-Chair: Dr Paul Reid (Integrated Care Board)\nCouncillor Oliver Mann\n"
        "Jane Moss (Director of Public Health)\nCo-opted: Ruth Bell (Healthwatch Westford)\n\n"
        "AGENDA\n\n1. Welcome and apologies\n\n2. Minutes of the meeting held on 30 November"
        " 2023\n(Pages 1 - 8)\n\n3. Pharmaceutical Needs Assessment\n(Pages 9 - 60)\n\n"
        "   a) Consultation responses\n   (Pages 61 - 70)\n\n   b) Supplementary statement\n"
        "   (To follow)\n\n4. Any other business\n"
    )
    assert ctx.council == "Council of the City of Westford"
    assert meeting.committee == "Health and Wellbeing Board"
    assert [(m.name, m.role) for m in meeting.members] == [
        ("Nina Shah", "Chairman"),
        ("Paul Reid", "Vice-Chairman"),
        ("Oliver Mann", "Member"),
        ("Jane Moss", "Co-opted"),
        ("Ruth Bell", "Co-opted"),
    ]
    assert [(a.number, a.pages, a.to_follow) for a in meeting.agenda] == [
        ("1", None, False),
        ("2", (1, 8), False),
        ("3", (9, 60), False),
        ("3a", (61, 70), False),
        ("3b", None, True),
        ("4", None, False),
    ]
