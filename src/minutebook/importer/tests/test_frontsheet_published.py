"""Front sheets as councils publish them (issue 16): summonses, wrapped titles, decision
references, two-column headers, co-opted members, letters and their dates."""

from __future__ import annotations

from minutebook.importer.pack import Meeting
from minutebook.importer.parse.frontsheet import find_council, is_body_name
from minutebook.importer.parse.text import normalise
from minutebook.importer.tests.frontsheet_helpers import front, items, roles


def _pack(text: str) -> Meeting:
    from minutebook.importer.parse import parse_text

    return parse_text(text, file="front.txt").meeting


WRAPPED_SUMMONS = """\
Summons to and
Agenda for the Annual
Borough Council
Meeting on
Wednesday, 21st
May, 2025
at 7.00 pm

CIVIC OFFICES
WESTFORD
Monday, 12 May 2025
To: All Members of the Borough Council
A meeting of the Borough Council will be held in the Council Chamber, Civic Offices,
Market Square, Westford, WF1 1AA on Wednesday, 21st May, 2025 at 7.00 pm to deal with the
following business.
A G E N D A
1.\tElection\tof\tMayor\tfor\tthe\tMunicipal\tYear
2. Minutes of the meetings held on 2 April 2025 and 16 April
2025 and, if in order, to be signed as a correct record
(Pages 1 - 12)
3. Capital Strategy 2025-35 and Treasury Management Strategy
(including the Minimum Revenue Provision Policy)
(Pages 13 - 40)
4. Report of the Licensing Committee
"""


def test_summons_meeting_date_is_not_the_letter_date() -> None:
    m = _pack(WRAPPED_SUMMONS)
    assert m.committee == "Borough Council"
    assert (m.date, m.time, m.published) == ("2025-05-21", "19:00", "2025-05-12")
    assert m.venue == "Council Chamber, Civic Offices, Market Square, Westford, WF1 1AA"


def test_wrapped_and_justified_item_titles_are_joined() -> None:
    assert items(_pack(WRAPPED_SUMMONS)) == [
        ("1", "Election of Mayor for the Municipal Year", None),
        (
            "2",
            "Minutes of the meetings held on 2 April 2025 and 16 April 2025 and, if in order, "
            "to be signed as a correct record",
            (1, 12),
        ),
        (
            "3",
            "Capital Strategy 2025-35 and Treasury Management Strategy (including the "
            "Minimum Revenue Provision Policy)",
            (13, 40),
        ),
        ("4", "Report of the Licensing Committee", None),
    ]


def test_titles_opening_with_a_decision_reference_are_kept() -> None:
    text = """\
Cabinet
Date: Monday 7 April 2025
Time: 10.00 am
1. Apologies
2. 25/00031 - Winter Service Policy (Pages 3 - 20)
3. 25/00032 - Highways Term Maintenance Contract - Extension
2025-26
4. 24/01877/FUL - Land at Church Farm (Pages 21 - 30)
"""
    assert items(_pack(text)) == [
        ("1", "Apologies", None),
        ("2", "25/00031 - Winter Service Policy", (3, 20)),
        ("3", "25/00032 - Highways Term Maintenance Contract - Extension 2025-26", None),
        ("4", "24/01877/FUL - Land at Church Farm", (21, 30)),
    ]


def test_venue_is_cut_from_a_two_column_header() -> None:
    text = """\
Cabinet
Thursday, 30th January, 2025, at 10.00 am\tAsk for: Anna Clerk
Darent Room, Sessions House, County Hall,\tTelephone: 01632 960123
Westford
1. Introduction
2. Budget monitoring
3. Any other business
"""
    m = _pack(text)
    assert (m.date, m.time) == ("2025-01-30", "10:00")
    assert m.venue == "Darent Room, Sessions House, County Hall, Westford"


def test_notice_of_prefix_is_not_part_of_the_body() -> None:
    body = "\nDate: Tuesday 4 March 2025\nTime: 7.00 pm\n\nAgenda\n\n1. Apologies\n2. Minutes\n"
    assert _pack("Notice of Licensing Committee\n" + body).committee == "Licensing Committee"
    assert _pack("NOTICE OF MEETING OF THE AUDIT PANEL\n" + body).committee == "AUDIT PANEL"
    assert (
        _pack("Notice of a public meeting of the Health and Wellbeing Board\n" + body).committee
        == "Health and Wellbeing Board"
    )


COOPTED = """\
Children's Scrutiny Committee

Date: Tuesday 4 March 2025
Time: 7.00 pm

Membership:
Councillors Ann Smith (Chair), Bob Jones (Vice-Chair), Carol White
%s

Agenda

1. Apologies for absence
2. Declarations of interest
"""


def test_coopted_members_listed_by_category_are_the_people() -> None:
    expected = [
        ("Ann Smith", "Chairman"),
        ("Bob Jones", "Vice-Chairman"),
        ("Carol White", "Member"),
        ("Emma Black", "Co-opted"),
        ("Frank Brown", "Co-opted"),
    ]
    for block in (
        "Co-opted members: Parent Governor: Emma Black; Church of England Diocese: Frank Brown",
        "Co-opted Members:\nParent Governor - Emma Black\nRoman Catholic Diocese - Frank Brown",
        "Parent Governor Representative: Mrs Emma Black\nDiocesan Representative: Revd Frank Brown",
        "Co-opted Members:\nParent Governor\tEmma Black\nChurch of England Diocese\tFrank Brown",
    ):
        assert roles(_pack(COOPTED % block)) == expected, block


def test_summons_addressed_to_councillors_lists_the_members() -> None:
    text = """\
Notice of a meeting of the Audit Panel
To: Councillors Ruth King (Chair), Omar Aziz (Vice-Chair), Lena Cope and Owen Tracy
Date: Wednesday, 13 November 2024
Time: 4.30 pm
AGENDA
1. Declarations of Interest
2. Minutes
"""
    m = _pack(text)
    assert m.committee == "Audit Panel"
    assert roles(m) == [
        ("Ruth King", "Chairman"),
        ("Omar Aziz", "Vice-Chairman"),
        ("Lena Cope", "Member"),
        ("Owen Tracy", "Member"),
    ]


def test_signed_date_under_the_summons_is_its_publication() -> None:
    text = """\
WESTSHIRE DISTRICT COUNCIL
Notice is hereby given that a meeting of the Planning Committee will be held as follows:
Date: Tuesday, 15 October 2024
Time: 6.00 pm
Ian Clerk
Director of Legal and Democratic Services
7 October 2024
AGENDA
1 Apologies
2 Minutes
"""
    m = _pack(text)
    assert (m.date, m.published) == ("2024-10-15", "2024-10-07")


def test_council_name_cues() -> None:
    lines = normalise("To: All Members of the County Council\nA meeting will be held.\n")
    assert find_council(lines, 2) is None  # "Members of the" is no council's name
    lines = normalise(
        "To: All Members of the County Council\nContact: a.clerk@westshire.gov.uk\n"
        "A meeting of the County Council will be held.\n"
    )
    assert find_council(lines, 3) == "Westshire County Council"


def test_letter_date_label_and_notice_sentence() -> None:
    text = """\
Westshire County Council
To: Members of the Health Scrutiny Committee
Date: 18 June 2024
Dear Councillor,
HEALTH SCRUTINY COMMITTEE - THURSDAY, 27TH JUNE, 2024
A meeting of the Health Scrutiny Committee will be held in the Wyvern
Room, County Hall, Eastbridge on Thursday, 27th June, 2024 at 10.30
am. The agenda is set out below.
Membership: Councillors Brian Hale (Chairman), Anne Mast (Vice-Chairman), Kier Doyle
and Victor Lomax.
AGENDA
1. Apologies
2. Integrated Care Board: Urgent and Emergency Care Winter
Plan 2024/25
(Pages 9 -
16)
3. Work Programme 2024/25\t(Pages 17 -
20)
"""
    m = _pack(text)
    assert (m.date, m.time, m.published) == ("2024-06-27", "10:30", "2024-06-18")
    assert [name for name, _ in roles(m)] == [
        "Brian Hale",
        "Anne Mast",
        "Kier Doyle",
        "Victor Lomax",
    ]
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Integrated Care Board: Urgent and Emergency Care Winter Plan 2024/25", (9, 16)),
        ("3", "Work Programme 2024/25", (17, 20)),
    ]


def test_membership_with_portfolios_under_the_names() -> None:
    text = """\
Cabinet
Date:\tTuesday 12 March 2024
Members

Councillor Ola Bayo (Chair)\tLeader of the Council

Councillor Fay Marsh (Vice-Chair)
Deputy Leader and Cabinet Member for
Housing

Councillor Jim Combe\tCabinet Member for Finance

Quorum: 3

1. Apologies
2. Minutes
"""
    assert roles(_pack(text)) == [
        ("Ola Bayo", "Chairman"),
        ("Fay Marsh", "Vice-Chairman"),
        ("Jim Combe", "Member"),
    ]


def test_page_range_after_an_item_description() -> None:
    text = """\
Audit Committee
Date: Tuesday 9 January 2024
AGENDA
1. Apologies
2. Minutes of the Meeting held on 14th November 2023
To confirm as a correct record the minutes of the meeting held on 14
November 2023.

(Pages 5 - 12)

3. Treasury Management Review (Pages 13 - 20)
"""
    assert items(_pack(text))[1:] == [
        ("2", "Minutes of the Meeting held on 14th November 2023", (5, 12)),
        ("3", "Treasury Management Review", (13, 20)),
    ]


def test_supplement_lists_a_single_item_on_its_covering_page() -> None:
    from minutebook.importer.parse import parse_text

    text = """\
Eastmere Borough Council
Cabinet
Monday, 4th March, 2024 at 6.00 pm
Supplementary Agenda
The following report was marked "to follow" on the agenda and is now enclosed.
8. Council Tax Support Scheme 2024/25
Report of the Director of Finance.
(Pages 1 - 6)
Date Published: Wednesday, 28 February 2024
This page is intentionally left blank
1. Purpose
2. Background
3. Options
"""
    pack = parse_text(text, file="supp.txt")
    assert pack.kind == "supplement"
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.published) == (
        "Cabinet",
        "2024-03-04",
        "18:00",
        "2024-02-28",
    )
    assert items(m) == [("8", "Council Tax Support Scheme 2024/25", (1, 6))]


def test_table_of_applications_with_wrapped_rows() -> None:
    text = """\
Westdale District Council
PLANNING COMMITTEE
Date: Wednesday 4th September 2024
Venue: Council Chamber, Council Offices, Station Approach, Westdale WD2
8AB
Members of the Committee: Councillors Pat Garside (Chairman), Hannah
Blackmore (Vice-Chairman), Tom Cardew, Rashid Mirza, Owen
Pritchett and Bev Quayle
AGENDA
1. Apologies
2. Planning Applications
Item Application\tWard\tPages
2a\t24/00612/FUL - Land North of Mill
Lane, Ashwell
Ashwell\t7 - 40
2b\t24/00855/HOUS - 12 Chapel Row,
Westdale
Westdale
Central
41 -
52
3. Appeal Decisions\t(Pages 53 -
60)
Part II - Exempt Information
The following item is likely to be considered in private (paragraph 7 of Part 1 of
Schedule 12A to the Local Government Act 1972).
4. Enforcement Update (Paragraph 7)\t(Pages 61 - 70)
"""
    m = _pack(text)
    assert m.venue == "Council Chamber, Council Offices, Station Approach, Westdale WD2 8AB"
    assert [name for name, _ in roles(m)] == [
        "Pat Garside",
        "Hannah Blackmore",
        "Tom Cardew",
        "Rashid Mirza",
        "Owen Pritchett",
        "Bev Quayle",
    ]
    got = {a.number: (a.pages, a.exempt_paragraphs) for a in m.agenda}
    assert got["2a"][0] == (7, 40)
    assert got["2b"][0] == (41, 52)
    assert got["3"] == ((53, 60), [])  # the Part II notice is about item 4
    assert got["4"] == ((61, 70), [7])
    titles = {a.number: a.title for a in m.agenda}
    assert (titles["2a"] or "").startswith("24/00612/FUL - Land North of Mill Lane, Ashwell")


def test_one_document_file_prefers_the_email_domain_for_its_council() -> None:
    lines = normalise(
        "Budget Report\nThe Mayor of Northvale Council and Southvale Borough Council agree.\n"
        "Southvale Borough Council will consult.\nSouthvale Borough Council notes.\n"
        "Contact: a.clerk@eastshire.gov.uk\nThe County Council is asked to agree.\n"
    )
    assert find_council(lines, 1) == "Southvale Borough Council"
    assert find_council(lines, 1, prefer_domain=True) == "Eastshire County Council"


def test_summons_sentence_wrapped_before_its_venue_names_the_body() -> None:
    """A qualified meeting ("an Extraordinary Meeting of the Town Council") wrapped before "to
    be held at"; the clerk's signature under it is not the body."""
    m, _ = front(
        "Brackenford Town Council\n\n"
        "Members are summoned to an Extraordinary Meeting of the Town Council\n"
        "to be held at Brackenford Pavilion, Recreation Ground, Church Lane on Monday\n"
        "3rd March 2025 at 7.00pm, to transact the following\n"
        "business.\n\n"
        "Alan Pemberton\n"
        "Town Clerk\n"
        "25th February 2025\n\n"
        "AGENDA\n\n"
        "1. Apologies for absence\n\n"
        "2. Declarations of interest\n\n"
        "3. Precept for 2025/26\n"
    )
    assert m.committee == "Town Council"
    assert m.venue == "Brackenford Pavilion, Recreation Ground, Church Lane"
    assert m.date == "2025-03-03"
    assert m.time == "19:00"
    assert not is_body_name("Clerk to the Council")
    assert not is_body_name("Proper Officer")
    assert is_body_name("Chief Officers Appointments Committee")


def test_membership_wrapped_one_officer_a_line_keeps_each_role() -> None:
    """Chair and vice-chair on their own lines, then a list whose last name wraps after
    "and": each keeps the role printed beside it."""
    m, _ = front(
        "Licensing Panel\n\n"
        "Members:\n"
        "Cllr Deborah Ashcombe-Reyes (Chairman),\n"
        "Cllr Nikhil Varden (Vice-Chairman),\n"
        "Councillors Owen Sturridge, Lena Hobday,\n"
        "Carys Pennant and Thomas\n"
        "Wrexley\n\n"
        "Quorum: 3\n\n"
        "Thursday, 6th March, 2025 at 10.00 am\n\n"
        "1. Apologies\n\n"
        "2. Minutes\n\n"
        "3. Licence review\n"
    )
    assert roles(m) == [
        ("Deborah Ashcombe-Reyes", "Chairman"),
        ("Nikhil Varden", "Vice-Chairman"),
        ("Owen Sturridge", "Member"),
        ("Lena Hobday", "Member"),
        ("Carys Pennant", "Member"),
        ("Thomas Wrexley", "Member"),
    ]
