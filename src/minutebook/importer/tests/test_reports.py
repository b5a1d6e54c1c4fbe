"""Report cover sheets in the renderings packs come in, plus the real corpus against its truth.

The synthetic councils, people and reports below are invented.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from minutebook.importer.pack import AgendaItem, Report
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.frontsheet import parse_frontsheet
from minutebook.importer.parse.reports import (
    agenda_stamp,
    match_agenda,
    parse_contact,
    parse_reports,
    title_similarity,
)
from minutebook.importer.parse.text import normalise


def ctx_with(*items: tuple[str, str], committee: str | None = "Cabinet") -> Context:
    return Context(
        council="Wessex District Council",
        committee=committee,
        agenda=[AgendaItem(number=n, title=t) for n, t in items],
    )


def reports(text: str, ctx: Context | None = None) -> list[Report]:
    return parse_reports(normalise(text), ctx or Context())


def one(text: str, ctx: Context | None = None) -> Report:
    found = reports(text, ctx)
    assert len(found) == 1, [r.title for r in found]
    return found[0]


# --- new-style label: value cover ----------------------------------------------------------

INLINE = """\
Agenda Item 6
Scrutiny Committee
14 March 2023
Review of Car Parking Charges
For Decision
Portfolio Holder: Cllr J Patel, Transport and Highways
Local Councillor(s): All
Executive Director: R Osei, Executive Director of Place
Report Author: Morgan Price
Title: Parking Services Manager
Tel: 01632 960123
Email: morgan.price@wessex.example.gov.uk
Report Status: Public
Brief Summary: The council last reviewed its parking charges in 2019 and
costs have risen since.
Recommendation:
1. Approve the revised charges.
2. Delegate the implementation date to the Director.
Reason for Recommendation:
To recover the cost of running the car parks.
1. Introduction
1.1 The council runs forty car parks across the district.
"""


def test_inline_labels_give_every_field() -> None:
    r = one(INLINE)
    assert r.agenda_item == "6"
    assert r.title == "Review of Car Parking Charges"
    assert r.portfolio_holder == "Cllr J Patel, Transport and Highways"
    assert r.executive_director == "R Osei, Executive Director of Place"
    assert len(r.authors) == 1
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone, a.email) == (
        "Morgan Price",
        "Parking Services Manager",
        "01632 960123",
        "morgan.price@wessex.example.gov.uk",
    )
    assert r.status == "Public"
    assert r.brief_summary is not None and r.brief_summary.endswith("costs have risen since.")
    assert r.recommendations is not None
    assert r.recommendations.startswith("1. Approve the revised charges.")
    assert "Delegate the implementation date" in r.recommendations
    # The reasons end where the report's first numbered section begins.
    assert r.reasons == "To recover the cost of running the car parks."


def test_stamp_wins_and_title_on_the_line_with_committee_and_date() -> None:
    text = """\
Scrutiny Committee 2nd March 2023 Library Opening Hours; Consultation Results

For Review and Consultation

Portfolio Holder: Cllr A Byrne, Culture

Report Author: Sasha Lind

Report Status: Public

Recommendation: To note the consultation results.
"""
    ctx = ctx_with(("4", "Apologies"), ("5", "Library Opening Hours - Consultation Results"))
    ctx.committee = "Scrutiny Committee"
    r = one(text, ctx)
    assert r.title == "Library Opening Hours; Consultation Results"
    assert r.agenda_item == "5"  # no stamp: matched against the front sheet's agenda
    assert r.authors[0].name == "Sasha Lind"


# --- label and value on separate lines, linearised author block ------------------------------

SPLIT = """\
 Agenda Item 8
Overview Committee
9th May 2023
Town Centre Regeneration Fund
For Recommendation to Cabinet
Portfolio Holder:

Cllr R Gomez, Economic Growth

Local Councillor(s):

All

Executive Director:

P Lowe, Executive Director of Place

Report Author:
Title:
Tel:
Email:

Kim Adeyemi
Regeneration Lead
01632 960777
kim.adeyemi@wessex.example.gov.uk

Report Status: Public
Recommendation:
That the Committee supports the proposed bidding round.
Reason for Recommendation:
To make use of the external funding available.
1.

Background
"""


def test_values_below_labels_and_positional_author_block() -> None:
    r = one(SPLIT)
    assert r.agenda_item == "8"
    assert r.title == "Town Centre Regeneration Fund"
    assert r.portfolio_holder == "Cllr R Gomez, Economic Growth"
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone, a.email) == (
        "Kim Adeyemi",
        "Regeneration Lead",
        "01632 960777",
        "kim.adeyemi@wessex.example.gov.uk",
    )
    assert r.recommendations == "That the Committee supports the proposed bidding round."
    assert r.reasons == "To make use of the external funding available."


def test_wrapped_value_fragment_printed_before_its_line_is_put_back() -> None:
    text = SPLIT.replace(
        "Portfolio Holder:\n\nCllr R Gomez, Economic Growth\n",
        "Portfolio Holder:\nGrowth\n\nCllr R Gomez, Economic\n",
    )
    assert one(text).portfolio_holder == "Cllr R Gomez, Economic Growth"


# --- two-column tables: tab-separated with HTML cells, pipe tables, <td> rows -------------------

TABBED = """\
Cabinet

Wessex District Council

Date of Meeting\t1 st June 2022
<u>Cabinet Member</u> Lee Harper \u2013 Housing <u>Lead Officer</u> Ann Cole \u2013 Director of Housing\t
Subject of Report\tHomelessness Strategy 2022-2027
Executive Summary\t<p>The strategy sets out how we prevent homelessness.</p> <p>It replaces the 2017 strategy.</p>
Impact Assessment:\t<p>Equalities Impact Assessment: completed.</p>
\t<p>Budget: met from existing budgets.</p>
Recommendation\t<p>That the Cabinet adopts the strategy.</p>

\tIn adopting it, Members note the action plan.
Reason for Recommendation\tThe council must publish a strategy every five years.
Appendices\t1. Homelessness Strategy
Background Papers\tNone
Officer Contact\tName: Tom Reyes, Housing Options Manager Tel: (01632) 960555 Email: t.reyes@wessex.example.gov.uk Name: Ola Berg, Strategy Officer Tel: 01632 960556 Email. o.berg@wessex.example.gov.uk

1. Background
"""


def test_tab_table_with_html_cells_and_marked_up_sub_labels() -> None:
    ctx = ctx_with(("6", "Minutes"), ("7", "Homelessness Strategy 2022 to 2027"))
    r = one(TABBED, ctx)
    assert r.title == "Homelessness Strategy 2022-2027"
    assert r.agenda_item == "7"
    assert r.portfolio_holder == "Lee Harper \u2013 Housing"
    assert r.executive_director == "Ann Cole \u2013 Director of Housing"
    assert [(a.name, a.job_title, a.phone, a.email) for a in r.authors] == [
        ("Tom Reyes", "Housing Options Manager", "(01632) 960555", "t.reyes@wessex.example.gov.uk"),
        ("Ola Berg", "Strategy Officer", "01632 960556", "o.berg@wessex.example.gov.uk"),
    ]
    assert r.recommendations == (
        "That the Cabinet adopts the strategy. In adopting it, Members note the action plan."
    )
    assert r.reasons == "The council must publish a strategy every five years."
    assert r.status is None  # the cover does not say


def test_several_holders_in_one_cell_are_separated() -> None:
    text = TABBED.replace(
        "<u>Cabinet Member</u> Lee Harper \u2013 Housing <u>Lead Officer</u>",
        "<p><u>Cabinet member(s)</u> Lee Harper - Cabinet Member for Housing Mo Khan - "
        "Cabinet Member for Finance</p> <p><u>Lead Officer(s)</u>",
    )
    r = one(text, ctx_with(("7", "Homelessness Strategy 2022-2027")))
    assert r.portfolio_holder == (
        "Lee Harper - Cabinet Member for Housing; Mo Khan - Cabinet Member for Finance"
    )


PIPES = """\
Agenda Item No. 9

| Report Title | Waste Collection Contract Extension |
|---|---|
| Meeting | Executive |
| Date | 7 February 2023 |
| Portfolio | Environment - Cllr A Green |
| Report Author | Sam Brown, Waste Services Manager (sam.brown@wessex.example.gov.uk) |
| Exempt? | No |
| Recommendations | That the Executive approves a two-year extension. |
| Reasons for recommendations | To secure continuity of service. |

1. Purpose of the report
"""


def test_pipe_table_cover() -> None:
    r = one(PIPES)
    assert r.agenda_item == "9"
    assert r.title == "Waste Collection Contract Extension"
    assert r.portfolio_holder == "Environment - Cllr A Green"
    a = r.authors[0]
    assert (a.name, a.job_title, a.email) == (
        "Sam Brown",
        "Waste Services Manager",
        "sam.brown@wessex.example.gov.uk",
    )
    assert r.status == "Public"  # "Exempt? No"
    assert r.recommendations == "That the Executive approves a two-year extension."
    assert r.reasons == "To secure continuity of service."


HTML_ROWS = """\
<p>Agenda Item 4</p>
<tr><td>Subject:</td><td>Air Quality Action Plan</td></tr>
<tr><td>Report of:</td><td>Head of Environmental Health</td></tr>
<tr><td>Cabinet Member:</td><td>Cllr Priya Nair</td></tr>
<tr><td>Report Status:</td><td>Exempt - paragraph 3</td></tr>
<tr><td>Contact Officer:</td><td>Dr Eve Walsh, Air Quality Officer, 01632 960999</td></tr>
<tr><td>Recommendation:</td><td>That the plan be approved.</td></tr>
"""


def test_html_table_rows_and_exempt_status() -> None:
    r = one(HTML_ROWS)
    assert r.agenda_item == "4"
    assert r.title == "Air Quality Action Plan"
    assert r.portfolio_holder == "Cllr Priya Nair"
    assert r.executive_director == "Head of Environmental Health"
    assert r.status == "Exempt"
    assert r.exempt_paragraphs == [3]
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone) == ("Eve Walsh", "Air Quality Officer", "01632 960999")


MARKDOWN = """\
# Agenda Item 11

**Cabinet**

**12 July 2023**

## Leisure Centre Investment

**Report of the Director of Communities**

**Cabinet Member:** Cllr Dan Moss, Leisure

**Wards affected:** Northgate; Southgate

**Key Decision:** Yes

**Purpose of report:** To seek approval for capital investment.

**Recommendations:**

- That £2m is added to the capital programme.

**Reasons for recommendations:** The centre needs a new roof.

## 1. Background

The centre opened in 1985.

Contact Officer: Jo Ellis, Leisure Manager

Telephone: 01632 960321

Email: jo.ellis@wessex.example.gov.uk
"""


def test_markdown_cover_with_author_at_the_end_of_the_report() -> None:
    r = one(MARKDOWN)
    assert r.agenda_item == "11"
    assert r.title == "Leisure Centre Investment"
    assert r.portfolio_holder == "Cllr Dan Moss, Leisure"
    assert r.purpose == "To seek approval for capital investment."
    assert r.recommendations == "That £2m is added to the capital programme."
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone, a.email) == (
        "Jo Ellis",
        "Leisure Manager",
        "01632 960321",
        "jo.ellis@wessex.example.gov.uk",
    )


def test_title_from_agenda_when_the_cover_has_none() -> None:
    text = """\
Agenda Item 3
Portfolio Holder: Cllr Una Frost
Report Author: Ian Kerr
Recommendation: To approve the budget.
Reason for Recommendation: Statutory duty.
"""
    r = one(text, ctx_with(("3", "Budget 2024/25")))
    assert (r.title, r.agenda_item) == ("Budget 2024/25", "3")


def test_two_covers_back_to_back_are_two_reports() -> None:
    both = INLINE + "\n" + SPLIT
    found = reports(both)
    assert [(r.agenda_item, r.authors[0].name) for r in found] == [
        ("6", "Morgan Price"),
        ("8", "Kim Adeyemi"),
    ]


# --- things that look like covers but are not --------------------------------------------------

LISTING = """\
Forward Plan of Key Decisions
Title: Library Strategy
Decision maker: Cabinet
Portfolio Holder: Cllr Ann Lee
Report Author: Bo Chan
Key decision: Yes
Status: Open
Title: Bus Shelter Contract
Decision maker: Cabinet
Portfolio Holder: Cllr Ann Lee
Report Author: Jim Dale
Key decision: Yes
Status: Open
Title: Parks Byelaws
Decision maker: Council
Portfolio Holder: Cllr Tom Ng
Report Author: Liv Roe
Key decision: No
Status: Part exempt
"""


def test_label_records_of_a_listing_are_not_reports() -> None:
    assert reports(LISTING) == []


def test_column_headings_of_a_plan_are_not_a_cover() -> None:
    text = "Title\nDescription\nDate of meeting\nReport Author\nPortfolio Holder\nOfficer Contact\n"
    assert reports(text) == []


def test_letter_with_date_and_contact_is_not_a_report() -> None:
    text = """\
Date: 3 August 2023
Our ref: AB/123
Contact: Pat Hale
Email: pat.hale@example.org.uk
Dear Director,
Thank you for your letter.
"""
    assert reports(text) == []


def test_cover_like_form_inside_an_appendix_is_dropped() -> None:
    form = """\
This page is intentionally left blank
Date of Report\tJuly 2023
Officer / Author\tNed Hill, Adviser
Portfolio Holder (has the holder been briefed?)\tCllr Una Frost
Subject of Report\tto scope a review of transport for pupils
Purpose of Report\tDecision
"""
    ctx = ctx_with(("6", "Review of Car Parking Charges"))
    found = reports(INLINE + form, ctx)
    assert [r.title for r in found] == ["Review of Car Parking Charges"]


def test_signature_job_titles_are_not_labels() -> None:
    text = INLINE.replace("Agenda Item 6\n", "Ray Ford,\nCorporate Director\n(HR)\nAgenda Item 6\n")
    r = one(text)
    assert r.title == "Review of Car Parking Charges"
    assert r.agenda_item == "6"


# --- small parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agenda Item 6", "6"),
        ("AGENDA ITEM 10a", "10a"),
        ("Agenda Item No. 7", "7"),
        ("Agenda item: 4(b)", "4b"),
        ("Item 12", "12"),
        ("Agenda Item:", None),
        ("Agenda Item 6 was discussed at length by the committee", None),
    ],
)
def test_agenda_stamp(text: str, expected: str | None) -> None:
    assert agenda_stamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Name: Ann Lee, Head of Finance Tel: 01632 960000 Email: ann.lee@example.gov.uk",
            [("Ann Lee", "Head of Finance", "01632 960000", "ann.lee@example.gov.uk")],
        ),
        (
            "Jo Bell, Planning Officer, 01632 960111, jo.bell@example.gov.uk",
            [("Jo Bell", "Planning Officer", "01632 960111", "jo.bell@example.gov.uk")],
        ),
        ("Councillor Mary O'Neil", [("Mary O'Neil", None, None, None)]),
        (
            "Sarah Lee (Tel 01632 960222)",
            [("Sarah Lee", None, "01632 960222", None)],
        ),
        ("Jane Smith Head of Finance", [("Jane Smith", "Head of Finance", None, None)]),
        ("Mary Ann Lee-Smith", [("Mary Ann Lee-Smith", None, None, None)]),
        ("", []),
    ],
)
def test_parse_contact(text: str, expected: list[tuple[str | None, ...]]) -> None:
    got = [(a.name, a.job_title, a.phone, a.email) for a in parse_contact(text)]
    assert got == expected


def test_title_matching_tolerates_wording_but_not_different_topics() -> None:
    agenda = [
        AgendaItem(number="5", title="Approval of the Youth Strategy 2023-24"),
        AgendaItem(number="6", title="Treasury Management"),
    ]
    assert match_agenda("Approval of Youth Strategy for 2023-24", agenda) == "5"
    assert match_agenda("Highways Winter Service Plan", agenda) is None
    assert title_similarity("Budget", "") == 0.0


def test_many_covers_in_one_long_pack() -> None:
    body = "\n".join(f"{i}. Paragraph of report text number {i}." for i in range(1, 200))
    pack = "\n".join(INLINE.replace("Agenda Item 6", f"Agenda Item {n}") + body for n in range(60))
    lines = normalise(pack)
    found = parse_reports(lines, Context())
    assert len(found) == 60
    assert [r.agenda_item for r in found] == [str(n) for n in range(60)]


# --- the real corpus ---------------------------------------------------------------------------


def _norm(s: object) -> str:
    return " ".join(str(s or "").lower().split())


def test_corpus_reports_match_truth(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt")):
        truth = json.loads((corpus_dir / "truth" / f"{path.stem}.json").read_text())
        lines = normalise(path.read_text(encoding="utf-8"))
        _meeting, ctx = parse_frontsheet(lines)
        got = parse_reports(lines, ctx)
        want = truth["reports"]
        assert len(got) == len(want), path.name
        for g, w in zip(got, want, strict=True):
            ratio = SequenceMatcher(None, _norm(g.title), _norm(w["title"])).ratio()
            assert ratio >= 0.9, (path.name, g.title, w["title"])
            assert g.agenda_item == w["agenda_item"], (path.name, g.title)
            assert g.authors and _norm(g.authors[0].name) == _norm(w["authors"][0]["name"])
            assert g.status == w["status"], (path.name, g.title)
            assert g.recommendations, (path.name, g.title)


VARIANTS = """\
Page 23 Agenda Item 5
Report to: Cabinet
Date: 5 February 2024
Title: Council Tax Support Scheme 2024/25
Portfolio Holder for Finance: Cllr Rita Shah
Is this a Key Decision? Yes
Electoral division(s): All
Exempt information: No
Recommendations to Cabinet: That the scheme is adopted.
Lead Officer: Gareth Lloyd, Head of Revenues
"""


def test_label_variants_and_lead_officer_as_author_fallback() -> None:
    r = one(VARIANTS)
    assert r.agenda_item == "5"
    assert r.title == "Council Tax Support Scheme 2024/25"
    assert r.portfolio_holder == "Cllr Rita Shah"
    assert r.status == "Public"
    assert r.recommendations == "That the scheme is adopted."
    assert [(a.name, a.job_title) for a in r.authors] == [("Gareth Lloyd", "Head of Revenues")]


def test_all_caps_header_title_under_committee_and_date() -> None:
    text = """\
Public Document Pack
Agenda Item 7
CABINET
5 FEBRUARY 2024
COUNCIL TAX SUPPORT SCHEME
Report of the Director of Finance
Cabinet Member: Cllr Rita Shah
Contact Officer: Gareth Lloyd
Recommendation: That the scheme is adopted.
Reason for Recommendation: The scheme must be set each year.
"""
    r = one(text, ctx_with(("7", "Council Tax Support Scheme"), committee="Cabinet"))
    assert (r.title, r.agenda_item) == ("COUNCIL TAX SUPPORT SCHEME", "7")
    assert r.authors[0].name == "Gareth Lloyd"


PDF_TEXT = """\
Cabinet
Wessex District Council
Date of Meeting 6 September 2023
Cabinet Member Cllr Ann Lee \u2013 Community Services
Lead Officer Bob Fox \u2013 Director of Services
Subject of Report Community Grants Scheme
Executive Summary The scheme awards small grants to community groups.
Recommendation    That Cabinet approves the scheme.
Reason for Recommendation To support community groups.
Officer Contact Name: Kay West, Grants Officer Tel: 01632 960444 Email: kay.west@example.gov.uk
1. Background
"""


def test_pdf_text_labels_without_colons_or_cells() -> None:
    r = one(PDF_TEXT, ctx_with(("8", "Community Grants Scheme")))
    assert (r.title, r.agenda_item) == ("Community Grants Scheme", "8")
    assert r.portfolio_holder == "Cllr Ann Lee \u2013 Community Services"
    assert r.brief_summary == "The scheme awards small grants to community groups."
    assert r.recommendations == "That Cabinet approves the scheme."
    assert r.reasons == "To support community groups."
    assert [(a.name, a.phone) for a in r.authors] == [("Kay West", "01632 960444")]


def test_prose_starting_with_label_words_is_not_a_label() -> None:
    text = "Recommendation 2 - priority action\nPortfolio Holder for Children\nDirector of Public Health\n"
    assert reports(text) == []


def test_unstamped_cover_with_other_wording_is_placed_by_agenda_order() -> None:
    first = INLINE.replace("Agenda Item 6\n", "").replace(
        "Review of Car Parking Charges", "A New Approach to Sport and Physical Activity"
    )
    second = SPLIT.replace(" Agenda Item 8\n", "")
    ctx = ctx_with(
        ("4", "Minutes"),
        ("5", "Leisure Strategy"),
        ("6", "Town Centre Regeneration Fund"),
        ("7", "Urgent Items"),
    )
    found = reports(first + second, ctx)
    assert [(r.title, r.agenda_item) for r in found] == [
        ("A New Approach to Sport and Physical Activity", "5"),
        ("Town Centre Regeneration Fund", "6"),
    ]


def test_report_pages_run_to_the_next_item() -> None:
    pages = [INLINE, "Appendix A - Tariffs\nBand\tCharge\n", "Agenda Item 7\nExempt item\n"]
    lines = normalise("", page_texts=pages)
    (r,) = parse_reports(lines, Context())
    assert r.pages == (1, 2)


def test_heading_style_cover_with_bare_section_labels() -> None:
    text = """\
Agenda Item 9
CABINET \u2013 12 DECEMBER 2023
HOUSING REVENUE ACCOUNT BUSINESS PLAN
Report by the Corporate Director of Housing
Purpose of report
To present the updated business plan.
Recommendations
That Cabinet approves the business plan.
Key decision: Yes
Ward(s) affected: All
Cabinet Member: Councillor Sam Ola, Housing
Contact Officer
Name: Jane Smith
Job Title: Head of Housing Finance
Tel: 01632 960800
Email: jane.smith@example.gov.uk
1. Background
"""
    r = one(text)
    assert (r.title, r.agenda_item) == ("HOUSING REVENUE ACCOUNT BUSINESS PLAN", "9")
    assert r.purpose == "To present the updated business plan."
    a = r.authors[0]
    assert (a.name, a.job_title, a.phone) == (
        "Jane Smith",
        "Head of Housing Finance",
        "01632 960800",
    )


def test_pdf_table_with_labels_and_values_on_alternate_lines() -> None:
    text = """\
Agenda Item 5
Report to
Planning Committee
Date
7 March 2024
Subject
Enforcement Update
Report of
Head of Planning
Exempt information
Not exempt
Contact Officer
Lee Wong, 01632 960123
Recommendation
Note the report.
1. Introduction
"""
    r = one(text)
    assert (r.title, r.agenda_item, r.status) == ("Enforcement Update", "5", "Public")
    assert r.executive_director == "Head of Planning"
    assert [(a.name, a.phone) for a in r.authors] == [("Lee Wong", "01632 960123")]
    assert r.recommendations == "Note the report."


def test_numbered_sections_with_the_contact_at_the_end() -> None:
    text = """\
Agenda Item 6
CABINET 12 JULY 2022
LEISURE STRATEGY 2022-2032
Report of the Director of Communities
1. Purpose of Report
1.1 To seek approval of the leisure strategy.
2. Recommendations
2.1 That the strategy is approved.
2.2 That the Director may make minor changes.
3. Background
3.1 The previous strategy expired in 2020.
Background papers: None
Contact Officer: Jo Bloggs, Leisure Manager, tel 01632 960000
"""
    r = one(text)
    assert (r.title, r.agenda_item) == ("LEISURE STRATEGY 2022-2032", "6")
    assert r.executive_director == "Director of Communities"
    assert r.recommendations == (
        "2.1 That the strategy is approved. 2.2 That the Director may make minor changes."
    )
    assert [(a.name, a.job_title, a.phone) for a in r.authors] == [
        ("Jo Bloggs", "Leisure Manager", "01632 960000")
    ]


def test_sentence_labels_and_title_above_the_date() -> None:
    text = """\
Agenda Item 8
CABINET
Gallery Service Level Agreement
9 October 2023
Report of Head of Community Engagement
PURPOSE OF REPORT
To seek members' views on future arrangements.
Key Decision
This report is public
RECOMMENDATIONS OF COUNCILLOR MAY
(1) That the agreement is renewed for one year.
1.0 Introduction
1.1 The gallery has had an agreement since 2010.
Contact Officer: Ann Other
Telephone: 01632 960001
E-mail: aother@example.gov.uk
"""
    r = one(text)
    assert (r.title, r.agenda_item, r.status) == ("Gallery Service Level Agreement", "8", "Public")
    assert r.purpose == "To seek members' views on future arrangements."
    assert r.recommendations is not None
    assert r.recommendations.startswith("(1) That the agreement is renewed")
    assert [(a.name, a.email) for a in r.authors] == [("Ann Other", "aother@example.gov.uk")]


def test_body_headings_alone_are_not_a_cover() -> None:
    text = """\
1. Executive Summary
The plan sets out our priorities.
2. Recommendations
That the plan is noted.
3. Reasons for Recommendations
To keep members informed.
4. Background
"""
    assert reports(text) == []


def test_labels_in_the_front_sheet_agenda_are_not_covers() -> None:
    front = """\
Agenda
6. Review of Car Parking Charges
Portfolio Holder: Cllr J Patel
Report Author: Morgan Price
Recommendation: To approve the charges.
This page is intentionally left blank
"""
    lines = normalise(front + INLINE)
    end = next(ln.no for ln in lines if "left blank" in ln.text)
    found = parse_reports(lines, Context(frontsheet_end=end))
    assert [(r.agenda_item, r.title) for r in found] == [("6", "Review of Car Parking Charges")]


def test_stamp_extracted_at_the_foot_of_the_cover_page() -> None:
    cover = INLINE.replace("Agenda Item 6\n", "") + "1.2 More text.\nPage 31\nAgenda Item 6\n"
    lines = normalise(
        "", page_texts=["Minutes\nPresent: all\n", cover, "Agenda Item 7\nNext item\n"]
    )
    (r,) = parse_reports(lines, Context())
    assert r.agenda_item == "6"


def test_capitalised_table_cover_and_a_contact_row_with_several_pairs() -> None:
    text = """\
Agenda Item 6
TITLE\tMedium Term Financial Plan
FOR CONSIDERATION BY\tThe Executive
WARD\tNone Specific
LEAD OFFICER\tAnn Lee, Deputy Chief Executive
LEAD MEMBER\tBob Fox, Executive Member for Finance
PURPOSE OF REPORT (INCLUDING OUTCOMES)
To set the budget.
RECOMMENDATION
That the plan is approved.
Background
The plan covers three years.
Contact\tJane Smith\tService\tFinance
Telephone No\t01632 960600\tEmail\tjane.smith@example.gov.uk
"""
    r = one(text)
    assert (r.title, r.agenda_item) == ("Medium Term Financial Plan", "6")
    assert r.portfolio_holder == "Bob Fox, Executive Member for Finance"
    assert r.executive_director == "Ann Lee, Deputy Chief Executive"
    assert r.purpose == "To set the budget."
    a = r.authors[0]
    assert (a.name, a.phone, a.email) == ("Jane Smith", "01632 960600", "jane.smith@example.gov.uk")


def test_labels_wrapped_over_two_lines() -> None:
    text = """\
Agenda Item 4
Cabinet
3 May 2024
Parks Byelaws Review
Report
Author: Sam Hill
Portfolio
Holder: Cllr Ann Lee
Report Status: Public
Recommendation: Adopt the byelaws.
Reason for
Recommendation: To update rules made in 1985.
1. Background
"""
    r = one(text)
    assert (r.title, r.portfolio_holder) == ("Parks Byelaws Review", "Cllr Ann Lee")
    assert [(a.name, a.job_title) for a in r.authors] == [("Sam Hill", None)]
    assert r.recommendations == "Adopt the byelaws."
    assert r.reasons == "To update rules made in 1985."


def test_title_containing_a_date() -> None:
    text = """\
Agenda Item 5
Cabinet 12 November 2023
Revenue Budget Monitoring to 30 September 2023
Portfolio Holder: Cllr A Byrne
Report Author: Li Chen
Recommendation: Note the forecast.
"""
    r = one(text)
    assert r.title == "Revenue Budget Monitoring to 30 September 2023"


def test_stray_heading_line_is_trimmed_from_the_title() -> None:
    text = """\
Agenda Item 5
Wessex Weekly Bulletin Edition
Revenue Budget Monitoring
Quarter Two
Portfolio Holder: Cllr A Byrne
Report Author: Li Chen
Recommendation: Note the forecast.
"""
    r = one(text, ctx_with(("5", "Revenue Budget Monitoring: Quarter Two")))
    assert r.title == "Revenue Budget Monitoring Quarter Two"
