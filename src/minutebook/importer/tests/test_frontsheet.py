"""Front-sheet parsing on small synthetic packs, one per rendering seen in the wild."""

from __future__ import annotations

from minutebook.importer.pack import AgendaItem, Member
from minutebook.importer.parse.frontsheet import (
    find_council,
    is_body_name,
    title_case,
)
from minutebook.importer.parse.text import normalise
from minutebook.importer.tests.frontsheet_helpers import front, items, roles

PLAIN = """\
Agenda

Wessex District Council

Meeting: Licensing Committee
Time: 2.30 pm
Date: 14 March 2023
Venue: Council Chamber, Civic Offices, Market Street, Anytown, AB1 2CD

Jane Smith (Chairman)
Robert Jones (Vice-Chairman)

Amy Patel
Sam O'Neill

Notes:
Reports are available online.

Date of Publication:
Monday, 6 March 2023

1. **Apologies for Absence**

To receive any apologies.

2. **Minutes**

3 - 8

To confirm the minutes of the meeting held on 1 February 2023.

3. **Review of the Statement of Licensing Policy and
Fees for 2023-24**

9 - 30

4. **Reports from Sub-Committees**

a) Taxi Sub-Committee - 2 February 2023

31 - 36

b) **Premises Sub-Committee - 9 February 2023**

37 - 40

5. Exempt Business

To exclude the press and public under paragraph 3 of Schedule 12A.

6. **Land at Mill Lane (Para 3)**

41 - 50

This page is intentionally left blank

Licensing Committee

Minutes of a meeting held on 1 February 2023.
"""


def test_plain_lines_with_markdown_bold() -> None:
    m, ctx = front(PLAIN)
    assert ctx.council == "Wessex District Council"
    assert (m.committee, m.date, m.time) == ("Licensing Committee", "2023-03-14", "14:30")
    assert m.venue == "Council Chamber, Civic Offices, Market Street, Anytown, AB1 2CD"
    assert m.published == "2023-03-06"
    assert m.quorum is None
    assert roles(m) == [
        ("Jane Smith", "Chairman"),
        ("Robert Jones", "Vice-Chairman"),
        ("Amy Patel", "Member"),
        ("Sam O'Neill", "Member"),
    ]
    assert items(m) == [
        ("1", "Apologies for Absence", None),
        ("2", "Minutes", (3, 8)),
        ("3", "Review of the Statement of Licensing Policy and Fees for 2023-24", (9, 30)),
        ("4", "Reports from Sub-Committees", None),
        ("4a", "Taxi Sub-Committee - 2 February 2023", (31, 36)),
        ("4b", "Premises Sub-Committee - 9 February 2023", (37, 40)),
        ("5", "Exempt Business", None),
        ("6", "Land at Mill Lane", (41, 50)),
    ]
    exempt = {a.number: a.exempt_paragraphs for a in m.agenda}
    assert exempt["5"] == [] and exempt["6"] == [3]
    # The front sheet stops at the blank page, before the minutes.
    lines = normalise(PLAIN)
    assert lines[ctx.frontsheet_end].text == "This page is intentionally left blank"


CAPS = """\
Planning and Highways Committee

Date: Thursday, 7 September 2023
Time: 10.00 am
Venue: The Guildhall, High Street

Membership: (Quorum 4)

Ann Lee (Chairman), Bob Hart (Vice-Chairman), Cara Moss, Dev Shah, Eve Long and Fay Kirk

Co-opted members: Gil Ray (non-voting)

For more information please telephone Hal Mo 01234 567890.

AGENDA

Page No.

1 APOLOGIES

To receive any apologies for absence.

2 DECLARATIONS OF INTEREST

3 UPDATED LOCAL TRANSPORT PLAN 5 - 24

To consider a report.

4 STRATEGY RELATING TO VERGES AND
HEDGEROWS 25 - 40

5 WINTER SERVICE PLAN - TO FOLLOW

6 EXEMPT BUSINESS

To move the exclusion of the press and public (paragraph 3 of schedule 12A).

Planning and Highways Committee

7 September 2023

Updated Local Transport Plan

For Decision

Portfolio Holder: Cllr X Example
"""


def test_caps_agenda_comma_membership_and_quorum() -> None:
    m, ctx = front(CAPS)
    assert m.committee == "Planning and Highways Committee"
    assert (m.date, m.time, m.quorum) == ("2023-09-07", "10:00", 4)
    assert m.venue == "The Guildhall, High Street"
    assert roles(m) == [
        ("Ann Lee", "Chairman"),
        ("Bob Hart", "Vice-Chairman"),
        ("Cara Moss", "Member"),
        ("Dev Shah", "Member"),
        ("Eve Long", "Member"),
        ("Fay Kirk", "Member"),
        ("Gil Ray", "Co-opted"),
    ]
    got = {a.number: a for a in m.agenda}
    assert list(got) == ["1", "2", "3", "4", "5", "6"]
    # ALL-CAPS titles take the casing of their report cover, else title case.
    assert got["3"].title == "Updated Local Transport Plan"
    assert got["3"].pages == (5, 24)
    assert got["1"].title == "Apologies"
    assert got["4"].title == "Strategy Relating to Verges and Hedgerows"
    assert got["4"].pages == (25, 40)
    assert got["5"].to_follow and got["5"].title == "Winter Service Plan"
    assert got["6"].exempt_paragraphs == []
    assert ctx.meeting_date is not None and ctx.year == 2023


TABLES = """\
Northshire County Council
Cabinet
Date:\tWednesday 5 July 2023
Time:\t10am
Place:\tCommittee Room A, County Hall, Northtown
Members:\tCouncillors A Brown (Chair), C Davis (Vice-Chair), E Evans and F Green
Item\tSubject\tPages
1\tApologies for absence\t
2\tMinutes of the previous meeting\t3 - 10
3\tBudget monitoring 2023/24\t11 - 40
3a\tCapital programme update\t41 - 44
4\tDisposal of depot site\t45 - 60
Page 1
"""


def test_tab_separated_tables() -> None:
    m, ctx = front(TABLES)
    assert ctx.council == "Northshire County Council"
    assert (m.committee, m.date, m.time) == ("Cabinet", "2023-07-05", "10:00")
    assert m.venue == "Committee Room A, County Hall, Northtown"
    assert roles(m) == [
        ("A Brown", "Chairman"),
        ("C Davis", "Vice-Chairman"),
        ("E Evans", "Member"),
        ("F Green", "Member"),
    ]
    assert items(m) == [
        ("1", "Apologies for absence", None),
        ("2", "Minutes of the previous meeting", (3, 10)),
        ("3", "Budget monitoring 2023/24", (11, 40)),
        ("3a", "Capital programme update", (41, 44)),
        ("4", "Disposal of depot site", (45, 60)),
    ]


MARKDOWN = """\
# Exampleton Borough Council

## Overview and Scrutiny Board

**Date:** Tuesday 14th November 2023
**Time:** 6.30pm
**Venue:** Council Chamber, Town Hall
**Quorum:** five

### Membership

| Councillor | Role |
|---|---|
| Cllr Jane Smith | Chair |
| Cllr Bob Jones | Vice-Chair |
| Cllr Amy Patel | |
| Mrs Kay Dee | Co-opted member |

## Agenda

| Item | Title | Pages |
|---|---|---|
| 1 | Apologies for absence | |
| 2 | Minutes of the previous meeting | 3 - 8 |
| 3 | <p>Housing <b>repairs</b> &amp; maintenance</p> | 9 - 30 |
| 4 | Exclusion of the press and public | |
| 5 | Commercial lease renewal - Para 3 | 31 - 40 |
"""


def test_markdown_headings_pipe_tables_and_html_cells() -> None:
    m, ctx = front(MARKDOWN)
    assert ctx.council == "Exampleton Borough Council"
    assert m.committee == "Overview and Scrutiny Board"
    assert (m.date, m.time, m.quorum) == ("2023-11-14", "18:30", 5)
    assert m.venue == "Council Chamber, Town Hall"
    assert roles(m) == [
        ("Jane Smith", "Chairman"),
        ("Bob Jones", "Vice-Chairman"),
        ("Amy Patel", "Member"),
        ("Kay Dee", "Co-opted"),
    ]
    assert items(m) == [
        ("1", "Apologies for absence", None),
        ("2", "Minutes of the previous meeting", (3, 8)),
        ("3", "Housing repairs & maintenance", (9, 30)),
        ("4", "Exclusion of the press and public", None),
        ("5", "Commercial lease renewal", (31, 40)),
    ]
    assert [a.exempt_paragraphs for a in m.agenda] == [[], [], [], [], [3]]


BROKEN = """\
Southvale City Council
Executive
Tuesday 4 July 2023 at 10.00am
Committee Room 2, Guildhall, Southvale
Chair: Cllr S Flower
Vice-Chair: Cllr P Wharf
Councillors: R Bryan, J Haynes, L Miller
Substitutes: T Other
AGENDA
1.
Apologies for absence
2.
Minutes (Pages 5 - 10)
3.
A very long title that wraps onto
the next line (Pages 11 - 20)
Page 1
Executive - 4 July 2023
4.
Quarterly financial report (to follow)
5.
Sale of land (Paragraph 3) (Page 21)
"""


def test_broken_lines_page_stamps_and_role_labels() -> None:
    m, _ = front(BROKEN)
    assert (m.committee, m.date, m.time) == ("Executive", "2023-07-04", "10:00")
    assert m.venue == "Committee Room 2, Guildhall, Southvale"
    assert roles(m) == [
        ("S Flower", "Chairman"),
        ("P Wharf", "Vice-Chairman"),
        ("R Bryan", "Member"),
        ("J Haynes", "Member"),
        ("L Miller", "Member"),
    ]
    assert items(m) == [
        ("1", "Apologies for absence", None),
        ("2", "Minutes", (5, 10)),
        ("3", "A very long title that wraps onto the next line", (11, 20)),
        ("4", "Quarterly financial report", None),
        ("5", "Sale of land", (21, 21)),
    ]
    assert [a.to_follow for a in m.agenda] == [False, False, False, True, False]
    assert m.agenda[4].exempt_paragraphs == [3]


COVERS_ONLY = """\
 Agenda Item 6
Communities Scrutiny Committee
12th October 2022
Community Safety Partnership Annual Report
For Review and Consultation
Portfolio Holder:
Cllr A Person, Community Safety
Report Author: Jo Bloggs
Lots of report text. The Borsetshire Council area is large.

Borsetshire Council will act on this report.
 Agenda Item 7
Communities Scrutiny Committee
12 October 2022
Libraries: New Opening Hours
For Decision
Report text.
 Agenda Item 9

By virtue of paragraph(s) 3 of Part 1 of Schedule 12A
of the Local Government Act 1972.

Document is Restricted
"""


def test_pack_starting_with_a_report_cover() -> None:
    m, ctx = front(COVERS_ONLY)
    assert ctx.council == "Borsetshire Council"
    assert (m.committee, m.date) == ("Communities Scrutiny Committee", "2022-10-12")
    assert m.members == []
    assert m.agenda == [
        AgendaItem("6", "Community Safety Partnership Annual Report"),
        AgendaItem("7", "Libraries: New Opening Hours"),
        AgendaItem("9", None, exempt_paragraphs=[3]),
    ]
    assert ctx.frontsheet_end == 0


LABEL_COVER = """\
Agenda Item 5
Report to: Cabinet
Date of meeting: 12 October 2022
Report title: Housing Strategy 2022-2027
Report of: Director of Housing
"""


def test_label_style_cover_sheet() -> None:
    m, _ = front(LABEL_COVER)
    assert (m.committee, m.date) == ("Cabinet", "2022-10-12")
    assert items(m) == [("5", "Housing Strategy 2022-2027", None)]


def test_members_one_per_line_with_honorifics_in_table_cells() -> None:
    text = (
        "Health Scrutiny Panel\nDate: 3 May 2024\n"
        "Membership\nCllr Ann Lee (Chair)\tCllr Bo Kim\nCouncillor Cy Dow\tMr Dan Fox (Co-opted)\n"
        "Agenda\n1 Apologies\n2 Minutes\n"
    )
    m, _ = front(text)
    assert roles(m) == [
        ("Ann Lee", "Chairman"),
        ("Bo Kim", "Member"),
        ("Cy Dow", "Member"),
        ("Dan Fox", "Co-opted"),
    ]
    assert [a.number for a in m.agenda] == ["1", "2"]


def test_numbered_notes_before_the_agenda_do_not_become_items() -> None:
    text = (
        "Audit Committee\nDate: 1 June 2024\nNotes:\n1. Bring your papers.\n2. Phones off.\n"
        "AGENDA\n1 APOLOGIES\n2 MINUTES 3 - 6\n3 INTERNAL AUDIT PLAN 7 - 20\n"
        "4 RISK REGISTER 21 - 30\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Minutes", (3, 6)),
        ("3", "Internal Audit Plan", (7, 20)),
        ("4", "Risk Register", (21, 30)),
    ]


def test_year_spans_are_not_page_ranges() -> None:
    text = "Cabinet\nDate: 1 June 2024\n1. Youth Justice Plan 2023 - 2024\n2. Minutes 3 - 9\n"
    m, _ = front(text)
    assert items(m) == [("1", "Youth Justice Plan 2023 - 2024", None), ("2", "Minutes", (3, 9))]


def test_notice_sentence_header() -> None:
    text = (
        "Notice is hereby given that a meeting of the Planning Committee will be held on "
        "Monday, 8 January 2024 at 7.00 pm in the Council Chamber.\n"
        "1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.time) == ("Planning Committee", "2024-01-08", "19:00")
    assert m.venue == "Council Chamber"
    text = (
        "You are summoned to attend a meeting of the Cabinet to be held at 10.00 am on "
        "Wednesday 6 March 2024 in Committee Room 1, County Hall, Anytown.\n"
        "1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.time) == ("Cabinet", "2024-03-06", "10:00")
    assert m.venue == "Committee Room 1, County Hall, Anytown"


def test_helpers() -> None:
    assert title_case("STRATEGY FOR THE COUNTY'S ROADS") == "Strategy for the County's Roads"
    assert is_body_name("People and Health Overview Committee")
    assert is_body_name("Cabinet")
    assert not is_body_name("To consider the report of the Committee.")
    lines = normalise("Intro\nThe Anyshire Council will meet. Anyshire Council again.\n")
    assert find_council(lines, 0) == "Anyshire Council"
    assert Member("A B").role == "Member"


MODERNGOV = """\
Public Document Pack

Cabinet
Agenda

Date: Tuesday 7th March, 2023
Time: 7.00 pm
Venue: Council Chamber, Civic Centre, Silver Street,
Northtown, NT1 3XA
Contact: Jo Clerk
Committee Secretary
Tel: 020 8000 0000

Membership:
Councillors: Zoë Ångström (Leader of the Council), Peter Hall (Deputy Leader),
Mary-Jane O'Brien, Ian de Souza and Amy Page

The quorum for this meeting is three members.

AGENDA - PART 1

1. APOLOGIES FOR ABSENCE

2. DECLARATIONS OF INTEREST

Members are invited to identify any interests.

3. MINUTES (Pages 1 - 6)

Minutes of the meeting held on 7 February 2023.

4. BUDGET MONITORING REPORT (Pages 7 - 24)

5. EXCLUSION OF THE PRESS AND PUBLIC

To pass a resolution excluding the press and public from the meeting for the items of
business listed on Part 2 of the agenda on the grounds that they involve the likely
disclosure of exempt information as defined in paragraph 3 of Part 1 of Schedule 12A.

AGENDA - PART 2

6. SALE OF THE DEPOT SITE (Pages 25 - 40)

7. ESTATE REGENERATION (Pages 41 - 60)

This agenda was published on 27 February 2023.
"""


def test_moderngov_style_with_part_two() -> None:
    m, _ = front(MODERNGOV)
    assert (m.committee, m.date, m.time, m.quorum) == ("Cabinet", "2023-03-07", "19:00", 3)
    assert m.venue == "Council Chamber, Civic Centre, Silver Street, Northtown, NT1 3XA"
    assert m.published == "2023-02-27"
    assert roles(m) == [
        ("Zoë Ångström", "Member"),
        ("Peter Hall", "Member"),
        ("Mary-Jane O'Brien", "Member"),
        ("Ian de Souza", "Member"),
        ("Amy Page", "Member"),
    ]
    assert [(a.number, a.pages, a.exempt_paragraphs) for a in m.agenda] == [
        ("1", None, []),
        ("2", None, []),
        ("3", (1, 6), []),
        ("4", (7, 24), []),
        ("5", None, []),
        ("6", (25, 40), [3]),
        ("7", (41, 60), [3]),
    ]
    assert m.agenda[3].title == "Budget Monitoring Report"


PARTY_TABLE = """\
Licensing Sub-Committee
Date: Friday 12 January 2024
Membership
Conservative (2)
Cllr Ann Hall\tConservative\tNorth Ward
Cllr Ben Street (Chair)\tConservative\tSouth Ward
Labour (1)
Cllr Cat Lane\tLabour\tEast Ward
Item\tTitle\tPages
1\tApologies\t
2\tApplication for a premises licence: The Crown, 1 High Street\t3 - 50
"""


def test_membership_with_party_headings_and_extra_cells() -> None:
    m, _ = front(PARTY_TABLE)
    assert roles(m) == [("Ann Hall", "Member"), ("Ben Street", "Chairman"), ("Cat Lane", "Member")]
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Application for a premises licence: The Crown, 1 High Street", (3, 50)),
    ]


def test_standing_item_naming_the_exempt_items() -> None:
    text = (
        "Cabinet\nDate: 1 May 2024\n1. Apologies\n2. Exclusion of the public\n"
        "To exclude the public for items 3 and 4 under paragraph 3 of Schedule 12A.\n"
        "3. Land deal\n4. Contract award\n5. Any other business\n"
    )
    m, _ = front(text)
    assert [a.exempt_paragraphs for a in m.agenda] == [[], [], [3], [3], []]


def test_minutes_description_under_an_item_does_not_end_the_agenda() -> None:
    text = (
        "Cabinet\nDate: 1 May 2024\n1. Apologies\n2. Minutes\n"
        "Minutes of the meeting held on 3 April 2024.\n3. Budget\n4. Close\n"
    )
    m, _ = front(text)
    assert [a.number for a in m.agenda] == ["1", "2", "3", "4"]


def test_minutes_after_the_front_sheet_are_not_agenda_items() -> None:
    text = (
        "Cabinet\nDate: 1 May 2024\n1. Apologies\n2. Minutes 3 - 8\n3. Budget 9 - 20\n\n"
        "Cabinet\n\nMinutes of a meeting held on 3 April 2024\n"
        + "".join(f"{n}. Minute title {n}\nText.\n" for n in range(40, 60))
    )
    m, ctx = front(text)
    assert [a.number for a in m.agenda] == ["1", "2", "3"]
    assert ctx.frontsheet_end < len(normalise(text))


LAYOUT = """\
                              Agenda
Cabinet
Place:     Council Chamber - County Hall, Trowbridge BA14 8JN
Date:      Tuesday 7 March 2023
Time:      10.00 am

Membership:
Cllr Richard Roe         Leader of the Council and Cabinet Member for Finance
Cllr Laura Doe           Deputy Leader and Cabinet Member for Adult Social Care
Cllr Nick Poe (Chairman)

                                                                     Page No
1       Apologies
2       Minutes of the Previous Meeting                              7 - 24
3       Leader's Announcements
4       Budget Monitoring                                            25 - 60
"""


def test_layout_preserving_extraction() -> None:
    m, _ = front(LAYOUT)
    assert (m.committee, m.date, m.time) == ("Cabinet", "2023-03-07", "10:00")
    assert m.venue == "Council Chamber - County Hall, Trowbridge BA14 8JN"
    assert roles(m) == [
        ("Richard Roe", "Member"),
        ("Laura Doe", "Member"),
        ("Nick Poe", "Chairman"),
    ]
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Minutes of the Previous Meeting", (7, 24)),
        ("3", "Leader's Announcements", None),
        ("4", "Budget Monitoring", (25, 60)),
    ]


def test_leading_names_before_descriptions() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\nMembership:\n"
        "Cllr Richard Roe Leader of the Council and Cabinet Member for Finance\n"
        "Councillor Laura Doe, Vice-Chairman\n"
        "1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert roles(m) == [("Richard Roe", "Member"), ("Laura Doe", "Vice-Chairman")]


FLAT_COVERS = """\
Agenda Item 4 Place Scrutiny Committee 9 November 2023 Highways Maintenance Plan For Decision
Portfolio Holder: Cllr A Person
Report text for the plan.
 Agenda Item 5
Place Scrutiny Committee 9th November 2023 Flood Risk Strategy
Report Author: Jo Bloggs
"""


def test_flattened_cover_lines() -> None:
    m, _ = front(FLAT_COVERS)
    assert (m.committee, m.date) == ("Place Scrutiny Committee", "2023-11-09")
    assert items(m) == [
        ("4", "Highways Maintenance Plan", None),
        ("5", "Flood Risk Strategy", None),
    ]


def test_number_alone_before_a_sentence_is_not_an_item() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n1. Apologies\nTo receive apologies.\n2. Minutes\n"
        "3\nTo note the page number above.\n3. Budget 5 - 9\n4. Close\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Minutes", None),
        ("3", "Budget", (5, 9)),
        ("4", "Close", None),
    ]


def test_running_headers_inside_the_agenda_are_skipped() -> None:
    header = "CABINET - 4 JULY 2023"
    text = (
        f"{header}\nCabinet\nDate: 4 July 2023\nAGENDA\n1 APOLOGIES\n"
        f"2 A VERY LONG TITLE THAT GOES ON\nPage 1\n{header}\nAND ON 5 - 9\n"
        f"3 MINUTES\nPage 2\n{header}\n10 - 14\n4 CLOSE\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "A Very Long Title That Goes on and On", (5, 9)),
        ("3", "Minutes", (10, 14)),
        ("4", "Close", None),
    ]


def test_cover_only_pack_with_a_preamble() -> None:
    text = "Public Document Pack\n\n" + COVERS_ONLY.replace(
        "Report Author: Jo Bloggs", "Recommendation:\n1. Note the report.\n2. Agree the plan."
    )
    m, ctx = front(text)
    assert [a.number for a in m.agenda] == ["6", "7", "9"]
    assert m.committee == "Communities Scrutiny Committee"
    assert ctx.frontsheet_end == 1


def test_table_cells_with_title_and_description() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n"
        "<tr><td>1</td><td><strong>Apologies</strong><br>To receive apologies.</td><td></td></tr>\n"
        "<tr><td>2</td><td><p>Minutes</p><p>To confirm the minutes.</p></td><td>3 - 8</td></tr>\n"
        "| 3 | **Budget** To consider the budget. | 9 - 30 |\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Minutes", (3, 8)),
        ("3", "Budget", (9, 30)),
    ]


def test_parenthesised_and_dotted_numbers() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n(1) Apologies\n(2) Reports of Panels\n"
        "2.1 Housing Panel - 3 April 2024 5 - 8\n2.2 Transport Panel 9 - 12\n(3) Close\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Reports of Panels", None),
        ("2.1", "Housing Panel - 3 April 2024", (5, 8)),
        ("2.2", "Transport Panel", (9, 12)),
        ("3", "Close", None),
    ]


def test_listing_written_as_agenda_item_lines() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\nAgenda Item 1\nApologies\nAgenda Item 2\nMinutes\n"
        "Agenda Item 3 Budget Report\nAgenda Item 4 Close\n"
        " Agenda Item 3\nCabinet\n2 May 2024\nBudget Report\nFor Decision\n"
    )
    m, ctx = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Minutes", None),
        ("3", "Budget Report", None),
        ("4", "Close", None),
    ]
    assert normalise(text)[ctx.frontsheet_end].text == "Agenda Item 3"


def test_several_labels_on_one_line() -> None:
    text = (
        "Standards Committee\nDate: Tuesday 7 March 2023 Time: 7.00 pm Venue: Council Chamber\n"
        "1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.time, m.venue) == (
        "Standards Committee",
        "2023-03-07",
        "19:00",
        "Council Chamber",
    )


def test_header_details_after_the_listing() -> None:
    text = (
        "Harbour Board\nAGENDA\n1. Apologies\n2. Minutes 3 - 8\n3. Harbour Dues 9 - 20\n"
        "Date: Monday 8 April 2024\nTime: 2.00 pm\nVenue: Harbour Office\n"
        "Membership: Cllr Sam Fisher (Chair), Cllr Lee Boat\nPublished: 28 March 2024\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.time, m.venue, m.published) == (
        "Harbour Board",
        "2024-04-08",
        "14:00",
        "Harbour Office",
        "2024-03-28",
    )
    assert roles(m) == [("Sam Fisher", "Chairman"), ("Lee Boat", "Member")]
    assert [a.number for a in m.agenda] == ["1", "2", "3"]


def test_single_page_numbers_that_fit_the_page_order() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\nAGENDA\nPage No.\n1 APOLOGIES\n2 MINUTES 3 - 8\n"
        "3 STATEMENT ON COVID 19\n4 LEAD MEMBER REPORT 9\n5 HOUSING PLAN 10 - 20\n"
        "6 CARBON BUDGET 21\n7 CLOSE\n"
    )
    m, _ = front(text)
    assert [(a.number, a.pages) for a in m.agenda] == [
        ("1", None),
        ("2", (3, 8)),
        ("3", None),
        ("4", (9, 9)),
        ("5", (10, 20)),
        ("6", (21, 21)),
        ("7", None),
    ]
    assert m.agenda[2].title == "Statement on Covid 19"
    assert m.agenda[3].title == "Lead Member Report"


def test_single_page_number_cells() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n1\tApologies\t\n2\tMinutes\t3 - 8\n3\tCarbon budget\t9\n"
        "4\tCovid 19 recovery\t\n5\tHousing plan\t10 - 20\n"
    )
    m, _ = front(text)
    assert [(a.number, a.title, a.pages) for a in m.agenda] == [
        ("1", "Apologies", None),
        ("2", "Minutes", (3, 8)),
        ("3", "Carbon budget", (9, 9)),
        ("4", "Covid 19 recovery", None),
        ("5", "Housing plan", (10, 20)),
    ]


def test_exclusion_motion_known_by_its_body() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n1. Apologies\n2. Minutes 3 - 8\n3. Exempt Information\n"
        "To move the exclusion of the press and public under paragraph 3 of Schedule 12A.\n"
        "4. Depot Sale 9 - 20\nThe public are likely to be excluded: paragraph 3 of Schedule 12A.\n"
    )
    m, _ = front(text)
    assert [a.exempt_paragraphs for a in m.agenda] == [[], [], [], [3]]


def test_two_membership_columns_run_together() -> None:
    text = (
        "Cabinet\nDate: 6 September 2017\nVenue: Room 1\n"
        "Rebecca Knox (Chairman) Tony Ferrari\nSteve Butler Jill Haynes\nDeborah Croney Daryl Turner\n"
        "Notes:\n1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert roles(m) == [
        ("Rebecca Knox", "Chairman"),
        ("Tony Ferrari", "Member"),
        ("Steve Butler", "Member"),
        ("Jill Haynes", "Member"),
        ("Deborah Croney", "Member"),
        ("Daryl Turner", "Member"),
    ]


def test_sub_item_letter_forms() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\n1. Apologies\n2. Panels\n2A. Housing Panel 3 - 4\n"
        "2(b) Transport Panel 5 - 6\n3. A Report on Libraries 7 - 9\n4\tClose\n"
    )
    m, _ = front(text)
    assert items(m) == [
        ("1", "Apologies", None),
        ("2", "Panels", None),
        ("2a", "Housing Panel", (3, 4)),
        ("2b", "Transport Panel", (5, 6)),
        ("3", "A Report on Libraries", (7, 9)),
        ("4", "Close", None),
    ]


def test_supplementary_agenda_numbered_from_later_items() -> None:
    text = (
        "Cabinet\nDate: 2 May 2024\nNotes:\n1. Bring your papers.\n2. Phones off.\n"
        "SUPPLEMENTARY AGENDA\n12. Budget Update 3 - 8\n13. Leisure Contract 9 - 20\n"
        "14. Parking Charges 21 - 30\n15. Depot Sale 31 - 40\n"
    )
    m, _ = front(text)
    assert [a.number for a in m.agenda] == ["12", "13", "14", "15"]


def test_label_cells_split_onto_their_own_lines() -> None:
    text = (
        "Audit Committee\nDate\nThursday 2 May 2024\nTime\n2.00 pm\nVenue\nCommittee Room 3\n"
        "Quorum\n3\nAgenda\n1. Apologies\n2. Minutes\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.time, m.venue, m.quorum) == (
        "Audit Committee",
        "2024-05-02",
        "14:00",
        "Committee Room 3",
        3,
    )


def test_unstamped_report_cover_at_the_start() -> None:
    text = (
        "Communities Scrutiny Committee\n12 October 2022\nLibrary Opening Hours\n"
        "For Decision\nPortfolio Holder: Cllr A Person\nRecommendation:\n"
        "1. Agree the new hours.\n2. Review them in a year.\n3. Report back.\n"
    )
    m, _ = front(text)
    assert (m.committee, m.date, m.agenda) == ("Communities Scrutiny Committee", "2022-10-12", [])
