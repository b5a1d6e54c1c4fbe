"""Forward-plan recovery from the table renderings PDF extraction produces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.forwardplan import parse_forward_plan
from minutebook.importer.parse.text import normalise


def plan(text: str) -> list[PlanEntry]:
    return parse_forward_plan(normalise(text), Context())


def scored(e: PlanEntry) -> tuple[str, bool | None, str | None, str | None, str | None]:
    return (e.title, e.key_decision, e.access, e.decision_maker, e.decision_date)


TAB_ROWS = (
    "Executive Forward Plan\n\n"
    "Date of meeting\tMatter for Decision\tDecision Maker\tConsultees\tLead Officer\n"
    "04/10/23 Page 7\tKey Decision - Yes Open Library Strategy\tCabinet Cabinet Member for "
    "Culture (Ann Lee)\tResidents\tKate Turner, Head of Libraries\n\n"
    "04/10/23\tKey Decision - No Part exempt Quarterly Performance Report To note performance "
    "against the corporate plan.\tCabinet Leader of the Council (Bo Chan)\t-\tJo Bell, Manager\n"
    "To be determined\tKey Decision - Yes Fully exempt Depot Disposal\tCabinet\t-\t"
    "Sam Hill, Estates Manager\n\n"
    "Private Meetings\n\n"
    "The following paragraphs define the reasons why the public may be excluded.\n"
    "1. Information relating to any individual.\n"
)


def test_tab_rows_with_markers_in_the_subject_cell() -> None:
    got = plan(TAB_ROWS)
    assert [scored(e) for e in got] == [
        ("Library Strategy", True, "open", "Cabinet", "2023-10-04"),
        ("Quarterly Performance Report", False, "part exempt", "Cabinet", "2023-10-04"),
        ("Depot Disposal", True, "fully exempt", "Cabinet", None),
    ]
    assert got[0].portfolio_holder == "Cabinet Member for Culture (Ann Lee)"
    assert got[0].officer == "Kate Turner"
    assert got[2].portfolio_holder is None


PIPE = """\
Notice of Key Decisions

| Decision to be taken | Key decision | Open / exempt | Decision maker | Decision date | Portfolio holder | Contact officer |
|---|---|---|---|---|---|---|
| Parking Charges Review | Yes | Open | Cabinet | 12 June 2024 | Portfolio Holder for Transport | Ali Khan, Parking Manager |
| Sale of Land at Mill Lane | Yes | Exempt (paragraph 3) | Cabinet | TBC | Portfolio Holder for Assets | Lee Ward |
| Annual Audit Letter | No | Open | Audit Committee | 3 July 2024 | - | Pat Moss |
"""


def test_pipe_table_with_separate_key_and_access_columns() -> None:
    got = plan(PIPE)
    assert [scored(e) for e in got] == [
        ("Parking Charges Review", True, "open", "Cabinet", "2024-06-12"),
        ("Sale of Land at Mill Lane", True, "fully exempt", "Cabinet", None),
        ("Annual Audit Letter", False, "open", "Audit Committee", "2024-07-03"),
    ]
    assert got[1].exempt_paragraphs == [3]
    assert got[0].portfolio_holder == "Portfolio Holder for Transport"
    assert got[2].portfolio_holder is None
    assert got[0].officer == "Ali Khan"


HTML_CELLS = (
    "<table>\n"
    "<tr><th>Subject</th><th>Decision maker</th><th>Date of decision</th>"
    "<th>Officer contact</th></tr>\n"
    "<tr><td><p>Waste Collection Contract</p><p>Key decision - Yes Public access - Open</p>"
    "<p>To award the contract.</p></td><td>Cabinet</td><td>1 May 2024</td>"
    "<td>Mo Reed<br>mo.reed@example.gov.uk</td></tr>\n"
    "<tr><td>Housing Allocations Policy<br>Key decision - No Public access - Part exempt</td>"
    "<td>Council</td><td>15 May 2024</td><td>Di Cole</td></tr>\n"
    "</table>\n"
)


def test_html_cells_with_paragraph_fragments() -> None:
    got = plan(HTML_CELLS)
    assert [scored(e) for e in got] == [
        ("Waste Collection Contract", True, "open", "Cabinet", "2024-05-01"),
        ("Housing Allocations Policy", False, "part exempt", "Council", "2024-05-15"),
    ]
    assert got[0].officer == "Mo Reed"


PAGE_SPLIT = (
    "Subject / Decision\tDecision Maker\tDate the Decision is Due\tPortfolio Holder\t"
    "Officer Contact\n"
    "September\t\t\t\t\n"
    "<p>Bus Strategy</p>\t<p>Decision Maker Cabinet</p>\t<p>Decision Date 7 Sep 2021</p>\t"
    "<p>Portfolio Holder for Highways, Travel and</p>\t<p>Sue Green, Head of Travel</p>\n\n"
    "Subject / Decision\tDecision Maker\tDate the Decision is Due\tPortfolio Holder\t"
    "Officer Contact\n"
    "<p>Key Decision - Yes Public Access - Open</p> <p>To approve the strategy.</p>\t\t\t"
    "Environment\t<p>s.green@example.gov.uk</p>\n"
    "<p>Budget Report</p> <p>Key Decision - No Public Access - Open</p>\t"
    "Decision Maker Full Council\tDecision Date 15 Feb 2022\t\tJim Fox, Director\n"
    "\t\t\t\tAnne Other\n"
)


def test_rows_split_at_page_breaks_are_merged() -> None:
    got = plan(PAGE_SPLIT)
    assert [scored(e) for e in got] == [
        ("Bus Strategy", True, "open", "Cabinet", "2021-09-07"),
        ("Budget Report", False, "open", "Full Council", "2022-02-15"),
    ]
    assert got[0].portfolio_holder == "Portfolio Holder for Highways, Travel and Environment"


COLUMNS = """\
The Cabinet Forward Plan

Subject / Decision

Decision Maker

Date the
Decision is
Due

Portfolio Holder

Officer Contact

March

Leisure Centre
Refurbishment

Decision Maker
Cabinet

Decision Date
5 Mar 2024

Decision Maker
Cabinet

Decision Date
5 Mar 2024

Portfolio Holder for
Leisure and Culture

Amy Pond, Head of Leisure
amy.pond@example.gov.uk

Portfolio Holder for
Finance

Rory Williams, Finance
Director
rory.williams@example.gov.
uk

Key Decision - Yes
Public Access - Open
To approve the capital scheme
for the centre.
Treasury Management Strategy
Key Decision - No
Public Access - Fully exempt
A yearly report on the
strategy
Subject / Decision

Coastal Defence Scheme

Decision Maker

Date the
Decision is
Due

Decision Maker
Council

Decision Date
TBC

Portfolio Holder for
Environment

Clara Oswald, Engineer
clara.oswald@example.gov.uk

Key Decision - Yes
Public Access - Part exempt

Private/Exempt Items for Decision
Each item in the plan above marked as private will refer to one of the following paragraphs.
"""


def test_column_by_column_linearisation() -> None:
    got = plan(COLUMNS)
    assert [scored(e) for e in got] == [
        ("Leisure Centre Refurbishment", True, "open", "Cabinet", "2024-03-05"),
        ("Treasury Management Strategy", False, "fully exempt", "Cabinet", "2024-03-05"),
        ("Coastal Defence Scheme", True, "part exempt", "Council", None),
    ]
    assert [e.portfolio_holder for e in got] == [
        "Portfolio Holder for Leisure and Culture",
        "Portfolio Holder for Finance",
        "Portfolio Holder for Environment",
    ]
    assert [e.officer for e in got] == ["Amy Pond", "Rory Williams", "Clara Oswald"]


def test_work_programmes_and_empty_notices_are_not_plan_entries() -> None:
    text = (
        "Scrutiny Committee - Forward Plan\n\n"
        "Title\tDescription\tDate of Committee Meeting\tRequested by\tReport Author\n"
        "Care Leavers\tUpdate on the offer\t9 November 2021\tChairman\tTheo Lamb\n\n"
        "Business not included in the Forward Plan\n\n"
        "Is this item a Key Decision\tDate of meeting\tMatter for Decision\tReason(s)\n"
        "\t\tNONE\t\n"
    )
    assert plan(text) == []


def test_title_and_description_in_one_cell() -> None:
    text = (
        "Date\tMatter for Decision\tDecision Maker\n"
        "1/2/24\tKey Decision - Yes Open To agree publication of the draft Local Plan and "
        "submission of the plan\tCabinet\n"
        "1/2/24\tKey Decision - Yes Open Asset Management Plan Various decisions regarding "
        "property performance and transactions\tCabinet\n"
    )
    assert [e.title for e in plan(text)] == [
        "To agree publication of the draft Local Plan and submission of the plan",
        "Asset Management Plan",
    ]


# --- the corpus ---------------------------------------------------------------------------------


def _truth(corpus_dir: Path, stem: str) -> list[dict[str, object]]:
    data = json.loads((corpus_dir / "truth" / f"{stem}.json").read_text())
    entries: list[dict[str, object]] = data["forward_plan"]
    return entries


@pytest.mark.parametrize(
    "stem", ["000_dc7896ffeab48624", "002_c36f1572f46e7d0a", "003_65a2ffc104f635df"]
)
def test_corpus_plans_match_the_truth(corpus_dir: Path, stem: str) -> None:
    got = parse_forward_plan(normalise((corpus_dir / f"{stem}.txt").read_text()), Context())
    truth = _truth(corpus_dir, stem)
    assert len(got) == len(truth)
    for e, t in zip(got, truth, strict=True):
        assert e.title.lower() == str(t["title"]).lower()
        assert e.key_decision == t["key_decision"]
        assert e.access == t["access"]
        assert e.decision_maker == t["decision_maker"]
        assert e.decision_date == t["decision_date"]


LABELLED_LIST = """\
Notice of key decisions to be taken

Title: Street Lighting Upgrade
Key decision: Yes
Decision maker: Cabinet
Decision date: 9 January 2025
Portfolio holder: Cabinet Member for Highways
Contact officer: Nat Wood, Lighting Engineer
Access: Open

Title: Children's Homes Commissioning
Key decision: Yes
Decision maker: Cabinet
Decision date: To be confirmed
Portfolio holder: Cabinet Member for Children
Contact officer: Ola Nye, Commissioner
Access: Fully exempt

The next notice will be published in February.
"""


def test_label_value_records() -> None:
    got = plan(LABELLED_LIST)
    assert [scored(e) for e in got] == [
        ("Street Lighting Upgrade", True, "open", "Cabinet", "2025-01-09"),
        ("Children's Homes Commissioning", True, "fully exempt", "Cabinet", None),
    ]
    assert [e.officer for e in got] == ["Nat Wood", "Ola Nye"]
    assert got[1].portfolio_holder == "Cabinet Member for Children"


def test_a_report_cover_sheet_is_not_a_plan() -> None:
    text = (
        "Report to Cabinet\n\nLibrary Strategy\n\nKey Decision - Yes\n\n"
        "Portfolio Holder for Culture\n\nRecommendation: to adopt the strategy.\n"
    )
    assert plan(text) == []


def test_date_heading_rows_apply_to_the_rows_below() -> None:
    text = (
        "Item\tKey decision\tDecision maker\tDate\tLead officer\n"
        "Cabinet - 5 April 2022\n"
        "Local Plan Review\tYes\tCabinet\t\tAl Bee\n"
        "Fees and Charges\tNo\tCabinet\t\tCy Dee\n"
        "To be determined\n"
        "Depot Relocation\tYes\tCabinet\t\tEd Eff\n"
    )
    assert [(e.title, e.decision_date) for e in plan(text)] == [
        ("Local Plan Review", "2022-04-05"),
        ("Fees and Charges", "2022-04-05"),
        ("Depot Relocation", None),
    ]


def test_yes_no_answers_to_exempt_and_key_decision_columns() -> None:
    text = (
        "Title\tDecision maker\tDecision due date\tIs this a key decision?\t"
        "Is this an exempt item?\tReport author\n"
        "Leisure Contract\tCabinet\t6 March 2024\tYes\tYes - paragraph 3\tAl Bee\n"
        "Climate Action Plan\tCouncil\t20 March 2024\tNon-key\tNo\tCy Dee\n"
        "Depot Lease\tCabinet\t6 March 2024\tKey\tYes, part exempt\tEd Eff\n"
    )
    got = plan(text)
    assert [scored(e) for e in got] == [
        ("Leisure Contract", True, "fully exempt", "Cabinet", "2024-03-06"),
        ("Climate Action Plan", False, "open", "Council", "2024-03-20"),
        ("Depot Lease", True, "part exempt", "Cabinet", "2024-03-06"),
    ]
    assert got[0].exempt_paragraphs == [3]


def test_decision_trackers_are_not_plans() -> None:
    text = (
        "Item\tDecision\tDate\tOfficer\tStatus\n"
        "Parking review\tAgreed to consult\t5 May 2023\tAl Bee\tComplete\n"
    )
    assert plan(text) == []


@pytest.mark.parametrize(
    ("cell", "title"),
    [
        ("Fees and Charges To agree the fees for next year", "Fees and Charges"),
        ("Review of Parking Charges affecting residents in the town", None),
        ("Local Plan Review and Adoption of the Plan", None),
        (
            "Council Tax Support Scheme This report sets out the scheme",
            "Council Tax Support Scheme",
        ),
    ],
)
def test_title_description_split_needs_a_sentence_opening(cell: str, title: str | None) -> None:
    text = f"Date\tMatter for Decision\tDecision Maker\n1/2/24\tKey Decision - Yes Open {cell}\tCabinet\n"
    (e,) = plan(text)
    assert e.title == (title or cell)


def test_column_description_run_on_into_the_next_title() -> None:
    text = (
        "Subject / Decision\n\nDecision Maker\n\nDate the\nDecision is\nDue\n\n"
        "Officer Contact\n\n"
        "Library Opening Hours Review\n\n"
        "Decision Maker\nCabinet\n\nDecision Date\n3 Jun 2025\n\n"
        "Decision Maker\nCabinet\n\nDecision Date\n1 Jul 2025\n\n"
        "Key Decision - Yes\nPublic Access - Open\n"
        " To consider the revised opening hours of all libraries\n"
        "in the county\n"
        "Grounds Maintenance Contract Award\n"
        "Key Decision - Yes\nPublic Access - Part exempt\n"
    )
    assert [scored(e) for e in plan(text)] == [
        ("Library Opening Hours Review", True, "open", "Cabinet", "2025-06-03"),
        ("Grounds Maintenance Contract Award", True, "part exempt", "Cabinet", "2025-07-01"),
    ]


def test_page_stamp_cells_do_not_shift_columns() -> None:
    text = (
        "Page 14\tDate of meeting\tMatter for Decision\tDecision Maker\tLead Officer\n"
        "3/3/21\tKey Decision - Yes Open Highways Asset Plan\tCabinet\tAl Bee, Engineer\n"
        "Page 15\t3/3/21\tKey Decision - No Open Member Training\tCabinet\tCy Dee\n"
    )
    assert [scored(e) for e in plan(text)] == [
        ("Highways Asset Plan", True, "open", "Cabinet", "2021-03-03"),
        ("Member Training", False, "open", "Cabinet", "2021-03-03"),
    ]


def test_unlabelled_cells_of_other_columns_are_not_titles() -> None:
    text = (
        "Subject / Decision\n\nDecision Maker\n\nDate the\nDecision is\nDue\n\n"
        "Other Committee(s)\nconsulted and\nDate of meeting(s)\n\nPortfolio Holder\n\n"
        "Highways Maintenance Plan\n\n"
        "Decision Maker\nCabinet\n\nDecision Date\n4 Feb 2025\n\n"
        "Place and Resources\nOverview Committee\n\n"
        "Portfolio Holder for\nHighways\n\n"
        "Key Decision - Yes\nPublic Access - Open\n"
    )
    (e,) = plan(text)
    assert scored(e) == ("Highways Maintenance Plan", True, "open", "Cabinet", "2025-02-04")
    assert e.portfolio_holder == "Portfolio Holder for Highways"


def test_column_titles_on_the_marker_line() -> None:
    text = (
        "Subject / Decision\n\nDecision Maker\n\nDate the\nDecision is\nDue\n\n"
        "Officer Contact\n\n"
        "Decision Maker\nCabinet\n\nDecision Date\n3 Jun 2025\n\n"
        "Decision Maker\nCouncil\n\nDecision Date\n8 Jul 2025\n\n"
        "Libraries Review Key Decision - Yes Public Access - Open\n\n"
        "Annual Budget Key Decision - No Public Access - Fully exempt To set the budget.\n"
    )
    assert [scored(e) for e in plan(text)] == [
        ("Libraries Review", True, "open", "Cabinet", "2025-06-03"),
        ("Annual Budget", False, "fully exempt", "Council", "2025-07-08"),
    ]


def test_title_cut_by_a_page_break() -> None:
    header = "Subject / Decision\tDecision Maker\tDate the Decision is Due\tOfficer Contact\n"
    text = (
        header
        + "<p>Review of Commercial Strategy - Commissioning and</p>\tDecision Maker Cabinet\t"
        "Decision Date 2 Nov 2021\tDawn Ames\n\n"
        + header
        + "<p>Procurement Overview</p> <p>Key Decision - No Public Access - Open</p>\t\t\t\n"
        "<p>Budget Strategy</p> <p>Key Decision - Yes Public Access - Open</p>\t"
        "Decision Maker Council\tDecision Date 15 Feb 2022\tJim Mann\n"
    )
    assert [scored(e) for e in plan(text)] == [
        (
            "Review of Commercial Strategy - Commissioning and Procurement Overview",
            False,
            "open",
            "Cabinet",
            "2021-11-02",
        ),
        ("Budget Strategy", True, "open", "Council", "2022-02-15"),
    ]


def test_column_by_column_without_blank_lines() -> None:
    dense = "\n".join(line for line in COLUMNS.splitlines() if line.strip())
    assert [scored(e) for e in plan(dense)] == [scored(e) for e in plan(COLUMNS)]
    assert len(plan(dense)) == 3


def test_column_by_column_double_spaced() -> None:
    dense = [line for line in COLUMNS.splitlines() if line.strip()]
    spaced = "\n\n".join(dense) + "\n"
    assert [scored(e) for e in plan(spaced)] == [scored(e) for e in plan(COLUMNS)]


def test_markers_and_access_in_paragraphs_of_their_own() -> None:
    text = (
        "Date of meeting\tMatter for Decision\tDecision Maker\n"
        "5/3/24\t<p>Key Decision - Yes</p><p>Part exempt</p><p>Depot Sale</p>\tCabinet\n"
    )
    assert [scored(e) for e in plan(text)] == [
        ("Depot Sale", True, "part exempt", "Cabinet", "2024-03-05")
    ]


SPLIT_COLUMNS = """\
Subject /
Decision

Decision Maker

Other
Committee(s)
consulted and
Date of
meeting(s)

Officer Contact

Coastal Path Repairs
Key Decision - Yes
Public Access - Open
To repair the path.

Bus Service Improvement Plan

Decision Maker Cabinet

Decision Maker Council

Decision Date 7 Sep 2021

Decision Date 8 Oct 2021

Place Scrutiny Committee 1 Aug 2021

People Overview Committee

Subject /
Decision

Decision Maker

Key Decision - Yes
Public Access - Fully
exempt
To approve the plan.
"""


def test_entry_split_between_column_pages() -> None:
    assert [scored(e) for e in plan(SPLIT_COLUMNS)] == [
        ("Coastal Path Repairs", True, "open", "Cabinet", "2021-09-07"),
        ("Bus Service Improvement Plan", True, "fully exempt", "Council", "2021-10-08"),
    ]


POSITIONAL = """\
Cabinet Forward Plan

Date of meeting
(1)

Matter for
Decision
(2)

Decision Maker
(3)

Lead Officer

27/09/17

To be determined

Key Decision - Yes Part exempt
Depot Disposal

Key Decision - No Open Annual
Performance Report To note the
report.

Cabinet Cabinet Member for
Assets (Al Bee)

Cabinet

Cy Dee, Estates Manager

Ed Eff, Performance Lead

Private Meetings

The following paragraphs define the reasons why the public may be excluded from meetings.
"""


def test_column_by_column_cells_mapped_by_position() -> None:
    got = plan(POSITIONAL)
    assert [scored(e) for e in got] == [
        ("Depot Disposal", True, "part exempt", "Cabinet", "2017-09-27"),
        ("Annual Performance Report", False, "open", "Cabinet", None),
    ]
    assert got[0].portfolio_holder == "Cabinet Member for Assets (Al Bee)"
