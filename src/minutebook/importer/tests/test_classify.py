"""Document classification (``parse.classify``) and the routing of each kind in ``parse_text``.

Short synthetic documents in several councils' styles for each kind, then every real PDF of
the shared corpus against the kind written down for it by hand (``fixtures/real_kinds.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.core.testing_shared import needs_shared
from minutebook.importer.errors import PackError
from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.classify import KINDS, classify, classify_lines, kind_from_name
from minutebook.importer.parse.text import normalise

REAL_KINDS = Path(__file__).resolve().parent / "fixtures" / "real_kinds.json"


def kind(text: str, name: str | None = None) -> str:
    return classify(normalise(text), name)


# --- front sheets, summonses, packs ----------------------------------------------------------

MODGOV_SUMMONS = """\
Summons to and
Agenda for the Annual
Meeting on
Wednesday, 21st
May, 2025
at 7.00 pm

CIVIC OFFICES
Monday, 12 May 2025
To: All Members of the Borough Council
A meeting of the Borough Council will be held in the Council Chamber, Civic Offices,
Westford, WF1 1AA on Wednesday, 21st May, 2025 at 7.00 pm to deal with the following business.
A G E N D A
1. Election of Mayor
2. Apologies for Absence
3. Minutes of the previous meeting (Pages 1 - 8)
"""

LABELLED_AGENDA = """\
Agenda

Planning Committee

Date: Tuesday 3 June 2025
Time: 6.30 pm
Venue: Committee Room 1, Town Hall

Membership: Councillors A Brown (Chair), C Davis, E Frost

1. Apologies
2. Declarations of interest
3. 25/00411/FUL - Land at Mill Road (Pages 5 - 20)
"""

NOTICE_OF_MEETING = """\
NOTICE OF MEETING

Health Scrutiny Panel
Thursday 5 June 2025 at 10.00 am
Room 4, County Offices

Members of the Panel are summoned to attend to transact the business below.

1. Welcome
2. Minutes
3. Hospital discharge review
"""

PACK = (
    LABELLED_AGENDA
    + """
Agenda Item 3

Report to: Planning Committee
Date of meeting: 3 June 2025
Report author: Gail Hunt, Planning Officer
Report status: Public
Recommendation: Approve with conditions.

1. The site
Text.

Agenda Item 4

Report of: Head of Planning
Report author: Ian Jones, Senior Planner
Report status: Public
Recommendation: Refuse.
"""
)


def test_front_sheets() -> None:
    assert kind(MODGOV_SUMMONS) == "frontsheet"
    assert kind(LABELLED_AGENDA) == "frontsheet"
    assert kind(NOTICE_OF_MEETING) == "frontsheet"


def test_pack_is_a_front_sheet_followed_by_documents() -> None:
    c = classify_lines(normalise(PACK))
    assert c.kind == "pack", c.reasons


def test_pack_of_report_covers_without_front_sheet() -> None:
    text = (
        "Agenda Item 5\nReport to: Cabinet\nReport author: A Bell, Head of Housing\n"
        "Report status: Public\nRecommendations: Agree.\nText.\n\n"
        "Agenda Item 6\nReport to: Cabinet\nReport author: C Dunn, Finance Manager\n"
        "Report status: Public\nRecommendations: Note.\n"
    )
    assert kind(text) == "pack"


# --- minutes ---------------------------------------------------------------------------------

COUNTY_MINUTES = """\
WESTSHIRE COUNTY COUNCIL
CABINET
MINUTES of a meeting of the Cabinet held in the Darent Room, County Hall, on Thursday,
6 March 2025.
PRESENT: Mr A Smith (Chairman), Mrs B Jones, Mr C Brown
1. Apologies for absence
(Item 1)
Apologies were received from Mr D White.
2. Minutes of the meeting held on 6 February 2025
(Item 2)
RESOLVED that the minutes be approved.
3. Budget monitoring
RESOLVED that the report be noted.
"""

COMMUNITY_MINUTES = """\
Minutes of the Ordinary Meeting of Llanfair Community Council held on 9th October 2024
at the Village Hall
Present: Cllr E Evans (Chair), Cllr G Hughes, Cllr H Price
In attendance: Clerk
24/101 Apologies
None.
24/102 Declarations of interest
None.
"""

BOROUGH_MINUTES = """\
Licensing Sub-Committee
Minutes of the meeting held on 14 January 2025
Members present: Councillors Patel (Chair), Okafor and Li
1 Election of Chair
2 Application for a premises licence
"""


def test_minutes() -> None:
    assert kind(COUNTY_MINUTES) == "minutes"
    assert kind(COMMUNITY_MINUTES) == "minutes"
    assert kind(BOROUGH_MINUTES) == "minutes"


def test_minutes_item_on_an_agenda_is_not_minutes() -> None:
    # "3. Minutes of the previous meeting" on an agenda is an agenda item, not a heading.
    assert kind(LABELLED_AGENDA.replace("2. Declarations", "2. Minutes of the last meeting")) == (
        "frontsheet"
    )


# --- reports ---------------------------------------------------------------------------------

MEMO_REPORT = """\
From: Jo Carter, Cabinet Member for Highways
To: Cabinet - 10 April 2025
Subject: Winter Service Policy 2025-26
Decision No: 25/00031
Classification: Unrestricted
Summary: This report sets out the winter service policy.
Recommendations: The Cabinet is asked to approve the policy.
1. Introduction
1.1 Text.
"""

LABELLED_REPORT = """\
Report to: Overview and Scrutiny Committee
Date of meeting: 17 June 2025
Report of: Director of Resources
Portfolio Holder: Cllr K Lane, Finance
Contact officer: Mark Reed, Head of Finance, 01234 567890
Wards affected: All
Key decision: No
Purpose of report: To report the outturn.
Recommendations: That the outturn be noted.
"""

TABLE_REPORT = """\
Annual Treasury Management Review
Report author\tHead of Treasury; Pat Quinn
Circulated to\tCabinet
Classification\tUnrestricted
Contact details
Head of Treasury Pat Quinn 01632 960000 pat.quinn@example.gov.uk
1. Summary
"""


def test_reports_and_their_cover_style() -> None:
    assert classify_lines(normalise(MEMO_REPORT)).kind == "report"
    assert classify_lines(normalise(MEMO_REPORT)).cover == "from_to"
    assert classify_lines(normalise(LABELLED_REPORT)).kind == "report"
    assert classify_lines(normalise(LABELLED_REPORT)).cover == "labelled"
    assert kind(TABLE_REPORT) == "report"


def test_a_report_listing_its_appendices_stays_a_report() -> None:
    text = MEMO_REPORT + "\n8. Appendices\n\nAppendix 1: Policy\n\nAppendix 2: Map of routes\n"
    assert kind(text) == "report"


# --- appendices, supplements, plans ----------------------------------------------------------


def test_appendices() -> None:
    assert kind("Appendix B: Route map\nThe map shows the routes.\n") == "appendix"
    assert kind("APPENDIX 2 - CAPITAL PROGRAMME\nScheme\tCost\nRoads\t100\n") == "appendix"
    assert kind("Annex 3\nConsultation responses\nText.\n") == "appendix"
    # Prose that mentions an appendix is not one.
    assert kind("Appendix G can only be produced after the budget is set.\n") != "appendix"


def test_supplements() -> None:
    letter = (
        "Date: 7 April 2025\nDear Councillor\nCABINET - THURSDAY, 10 APRIL 2025\n"
        "Please find enclosed the following reports, which were not available when the "
        "agenda was published.\nAgenda Item No\n5 Winter Service Policy (Pages 1 - 10)\n"
    )
    assert kind(letter) == "supplement"
    assert kind("Supplementary Agenda\nCabinet\n10 April 2025\n5. Winter Service\n") == (
        "supplement"
    )


def test_forward_plan_and_work_programme() -> None:
    plan = (
        "Forward Plan of Key Decisions\n1 May 2025 to 31 August 2025\n"
        "Title\tDecision maker\tDate of decision\tKey decision\n"
        "Leisure contract\tCabinet\t10 June 2025\tYes\n"
    )
    assert kind(plan) == "forward_plan"
    programme = (
        "Scrutiny Committee Work Programme 2025/26\n"
        "Meeting date\tItem\tLead officer\tPurpose\n"
        "17 June 2025\tOutturn\tMark Reed\tTo scrutinise\n"
    )
    assert kind(programme) == "work_programme"


def test_other_and_the_file_name_as_a_weak_hint() -> None:
    form = "Budget Amendment Form\nProposer: A Member\nSeconder: B Member\nAmount: 10k\n"
    assert kind(form) == "other"
    # Content decides; the name is only consulted when the content says nothing.
    assert kind(form, "Appendix C - costs.pdf") == "appendix"
    assert kind(MEMO_REPORT, "Appendix C - costs.pdf") == "report"
    assert kind_from_name("Annex 2 - Budget - Appendix D.pdf") == "appendix"
    assert kind_from_name("Annex 1 - Budget - covering report.pdf") == "report"
    assert kind_from_name("notes.pdf") is None


# --- routing in parse_text -------------------------------------------------------------------


def test_standalone_minutes_are_not_read_as_a_front_sheet() -> None:
    pack = parse_text(COUNTY_MINUTES, file="m.txt")
    assert pack.kind == "minutes"
    assert pack.meeting.agenda == []
    assert pack.meeting.members == []
    assert pack.meeting.date == "2025-03-06"
    assert len(pack.minutes) == 1
    assert [i.number for i in pack.minutes[0].items] == ["1", "2", "3"]


def test_standalone_report_gives_its_cover_meeting() -> None:
    pack = parse_text(MEMO_REPORT, file="r.txt")
    assert pack.kind == "report"
    assert (pack.meeting.committee, pack.meeting.date) == ("Cabinet", "2025-04-10")
    assert pack.meeting.agenda == []
    assert [r.title for r in pack.reports] == ["Winter Service Policy 2025-26"]
    assert pack.reports[0].status == "Public"


def test_appendix_names_no_meeting() -> None:
    text = "Appendix B: Route map\nThe map shows the routes.\n"
    with pytest.raises(PackError, match="no meeting"):
        parse_text(text, file="a.txt")
    pack = parse_text(text, file="a.txt", standalone=True)
    assert pack.kind == "appendix"
    assert pack.meeting.committee is None and pack.meeting.date is None
    assert any("names no meeting" in w for w in pack.warnings)
    assert [d.kind for d in pack.documents] == ["appendix"]


def test_kind_hint_overrides_and_is_checked() -> None:
    pack = parse_text(MEMO_REPORT, file="r.txt", kind_hint="appendix", standalone=True)
    assert pack.kind == "appendix" and pack.reports == []
    with pytest.raises(PackError, match="unknown document kind"):
        parse_text(MEMO_REPORT, file="r.txt", kind_hint="letter")


def test_kind_round_trips_through_json() -> None:
    pack = parse_text(LABELLED_AGENDA, file="f.txt")
    d = pack.to_dict()
    assert d["kind"] == "frontsheet"
    assert list(d)[:8] == [
        "format",
        "source",
        "council",
        "meeting",
        "reports",
        "minutes",
        "forward_plan",
        "kind",
    ]
    assert Pack.from_dict(d).kind == "frontsheet"
    del d["kind"]
    assert Pack.from_dict(d).kind == "pack"


def test_every_kind_is_known() -> None:
    assert set(KINDS) == {
        "pack",
        "frontsheet",
        "minutes",
        "report",
        "appendix",
        "supplement",
        "forward_plan",
        "work_programme",
        "other",
    }


# --- the real PDFs ---------------------------------------------------------------------------


def _real_cases() -> list[tuple[str, str, str]]:
    data = json.loads(REAL_KINDS.read_text(encoding="utf-8"))
    return [(folder, name, k) for folder, files in data.items() for name, k in files.items()]


@pytest.mark.parametrize(("folder", "name", "expected"), _real_cases())
def test_real_pdf_kind(folder: str, name: str, expected: str) -> None:
    from minutebook.importer.reader import read_pdf_pages

    path = needs_shared("corpus", "real", folder, name)
    pages = read_pdf_pages(path.read_bytes())
    c = classify_lines(normalise("\n".join(pages), pages), name)
    assert c.kind == expected, c.reasons


def test_standalone_forward_plan_makes_no_meeting() -> None:
    plan = (
        "Forward Plan of Key Decisions\nFor the period 1st May 2025 to 31st August 2025\n"
        "Title of decision\tDecision maker\tDate of decision\tKey decision\n"
        "Leisure Contract Award\tCabinet\t10 June 2025\tYes\n"
        "Car Parking Tariffs\tPortfolio Holder for Environment\t2 July 2025\tNo\n"
    )
    pack = parse_text(plan, file="plan.txt")
    assert pack.kind == "forward_plan"
    assert (pack.meeting.committee, pack.meeting.date, pack.meeting.members) == (None, None, [])
    assert any("names no meeting" in w for w in pack.warnings)


def test_report_without_cover_is_addressed_to_the_body_asked_to_decide() -> None:
    text = (
        "Opposition Group - Alternative Budget\nProposed by Mr A Member\n"
        "County Council is asked to agree the following:\nTo replace recommendation (d).\n"
    )
    pack = parse_text(text, file="x.txt", kind_hint="report")
    assert pack.meeting.committee == "County Council"
    [r] = pack.reports
    assert r.title.startswith("Opposition Group - Alternative Budget")


def test_pack_parts_are_classified() -> None:
    text = (
        LABELLED_AGENDA
        + "\nThis page is intentionally left blank\n\n"
        + "Westshire District Council\nCommittee Minutes\n"
        + "Meeting: Planning Committee\nDate: 6 May 2025\n"
        + "Present: Councillors A Brown (Chair), C Davis and E Frost\n\n"
        + "14. Apologies\nNone.\n\n15. Minutes\nResolved: That the minutes be approved.\n"
    )
    pack = parse_text(text, file="pack.txt")
    assert pack.kind == "pack"
    assert [d.kind for d in pack.documents][-1] == "minutes"
