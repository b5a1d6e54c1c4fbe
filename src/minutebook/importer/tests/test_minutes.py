"""Minutes reproduced in packs: headings, attendance and numbered minutes in several layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.importer.pack import Minutes
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.minutes import parse_minutes
from minutebook.importer.parse.text import normalise


def minutes(text: str) -> list[Minutes]:
    return parse_minutes(normalise(text), Context())


def items(m: Minutes) -> list[tuple[str, str | None]]:
    return [(i.number, i.title) for i in m.items]


NUMBER_AND_TITLE = """\
Minutes of a meeting of the Licensing Committee held at the Civic Centre, Anytown on
Tuesday, 14 March 2023 at 2.00 pm

Present: Cllr Jane Smith (Chairman), Robert Jones, Mary
Brown and Councillor Ahmed Patel

Apologies: Cllr Tom White and Sue Black

12. Apologies for Absence

Apologies were noted as above.

13. Declarations of Interest

There were none.

14. Taxi Licensing Policy

The Committee considered the revised policy.

RESOLVED

1. That the policy be approved.
2. That the fees be reviewed in 2024.

Reason for Decision

To keep the policy up to date.

15. Date of Next Meeting

The meeting ended at 3.15 pm
"""


def test_number_and_title_on_one_line() -> None:
    (m,) = minutes(NUMBER_AND_TITLE)
    assert m.committee == "Licensing Committee"
    assert m.date == "2023-03-14"
    assert m.present == ["Jane Smith", "Robert Jones", "Mary Brown", "Ahmed Patel"]
    assert m.apologies == ["Tom White", "Sue Black"]
    assert items(m) == [
        ("12", "Apologies for Absence"),
        ("13", "Declarations of Interest"),
        ("14", "Taxi Licensing Policy"),
        ("15", "Date of Next Meeting"),
    ]
    res = m.items[2].resolution or ""
    assert res.startswith("1. That the policy be approved.")
    assert "Reason" not in res
    assert m.items[0].resolution is None


TITLE_ABOVE = """\
Cabinet

Minutes of a meeting held at County Hall, Anytown,
on Wednesday, 19 July 2017.

Present:

Ann Lee\tLeader of the Council
Bo Chan - Deputy Leader

Officers Attending:

Cy Dee (Chief Executive)

Apologies for Absence

85 No apologies for absence were received.

Minutes

86 The minutes of the meeting held on 28 June 2017 were confirmed and signed.

Cabinet - 19 July 2017

Panels and Boards

87 The Cabinet received the following minutes from its panels and boards:

Health and Wellbeing Board - 21 June 2017

87a The Leader highlighted the new informal part of the Board's meetings.

Noted

Page 12

Cabinet - 19 July 2017

Exempt Business

88 Resolved

That the public be excluded from the meeting for the business in minute 89.

Meeting Duration: 10.00 am - 11.50 am
"""


def test_title_line_above_a_numbered_body_paragraph() -> None:
    (m,) = minutes(TITLE_ABOVE)
    assert (m.committee, m.date) == ("Cabinet", "2017-07-19")
    assert m.present == ["Ann Lee", "Bo Chan"]
    # The repeated page header and the page stamp do not become titles.
    assert items(m) == [
        ("85", "Apologies for Absence"),
        ("86", "Minutes"),
        ("87", "Panels and Boards"),
        ("87a", "Health and Wellbeing Board - 21 June 2017"),
        ("88", "Exempt Business"),
    ]
    assert (m.items[4].resolution or "").startswith("That the public be excluded")


NUMBER_LINE_THEN_TITLE = """\
Planning Committee / Minutes of the meeting held on 2 February 2022

PRESENT - Councillors Kim Lo (Chair), Al Hart and Di Vine.

41
DECLARATIONS OF INTEREST
None were declared.

42
APPLICATION 21/0123 LAND AT MILL LANE
DECISION: That planning permission be granted.
"""


def test_number_line_then_title_line() -> None:
    (m,) = minutes(NUMBER_LINE_THEN_TITLE)
    assert (m.committee, m.date) == ("Planning Committee", "2022-02-02")
    assert m.present == ["Kim Lo", "Al Hart", "Di Vine"]
    assert items(m) == [
        ("41", "Declarations of Interest"),
        ("42", "Application 21/0123 Land at Mill Lane"),
    ]
    assert m.items[1].resolution == "That planning permission be granted."


def test_held_heading_and_extract_heading() -> None:
    text = (
        "Joint Shareholder Group held at Beech House, Anytown on\n27 June 2017\n\n"
        "PRESENT - Karen Hill (Chairman), Pat Moss and Lee Ward.\n\n"
        "1. APOLOGIES\n\nApologies were received from Nina Grey (Other Council).\n\n"
        "2. MINUTES\n\nDECISION MADE:\n\nThat the minutes were confirmed.\n\n"
        "This page is intentionally left blank\n\n"
        "Recommendation from the Audit Committee meeting held on 6 July 2017.\n\n"
        "Annual Governance Statement\n\n"
        "32 The Committee considered a report on the annual governance statement.\n\n"
        "Recommended\n\nThat the Cabinet approve the statement.\n"
    )
    first, second = minutes(text)
    assert (first.committee, first.date) == ("Joint Shareholder Group", "2017-06-27")
    assert first.apologies == ["Nina Grey"]
    assert items(first) == [("1", "Apologies"), ("2", "Minutes")]
    assert first.items[1].resolution == "That the minutes were confirmed."
    assert (second.committee, second.date) == ("Audit Committee", "2017-07-06")
    assert items(second) == [("32", "Annual Governance Statement")]


def test_agenda_references_to_minutes_are_not_minutes() -> None:
    text = (
        "3. Minutes\n\nTo confirm and sign the minutes of the meeting held on 19 July 2017.\n\n"
        "Minutes of the meeting held on 19 July 2017 are attached.\n\n"
        "4. Public Participation\n\n5. Forward Plan\n"
    )
    assert minutes(text) == []


# --- the corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stem", ["000_dc7896ffeab48624", "002_c36f1572f46e7d0a", "003_65a2ffc104f635df"]
)
def test_corpus_minutes_match_the_truth(corpus_dir: Path, stem: str) -> None:
    got = parse_minutes(normalise((corpus_dir / f"{stem}.txt").read_text()), Context())
    truth = json.loads((corpus_dir / "truth" / f"{stem}.json").read_text())["minutes"]
    assert [(m.committee, m.date) for m in got] == [(t["committee"], t["date"]) for t in truth]
    for m, t in zip(got, truth, strict=True):
        assert [(i.number, (i.title or "").lower()) for i in m.items] == [
            (i["number"], i["title"].lower()) for i in t["items"]
        ]
        assert m.present == t["present"]
        assert m.apologies == t["apologies"]


def test_numbered_paragraphs_inside_a_minute_are_not_minutes() -> None:
    text = (
        "MINUTES OF THE MEETING OF THE AUDIT COMMITTEE HELD ON 5 APRIL 2022\n\n"
        "In attendance: Councillors Ann Lee and Bo Chan\n\n"
        "Minute 7: Internal Audit Plan\n\n"
        "1. The Committee noted the progress made on the plan this year.\n"
        "2. Members asked about the schools audits and the timetable for them.\n\n"
        "Minute 8: Risk Register\n\nRESOLVED: that the register be noted.\n"
    )
    (m,) = minutes(text)
    assert (m.committee, m.date) == ("Audit Committee", "2022-04-05")
    assert items(m) == [("7", "Internal Audit Plan"), ("8", "Risk Register")]
    assert m.items[1].resolution == "That the register be noted."


def test_wrapped_titles_and_bare_page_numbers() -> None:
    text = (
        "People Committee\n\nMinutes of meeting held on Thursday 2 September 2021\n\n"
        "Present: Cllrs Jon Ash (Chairman), Toni Bell\n\n"
        "1. Apologies\n\nNo apologies were received.\n\n"
        "2\n\nPeople Committee 2 September 2021\n\n"
        "More discussion of the apologies.\n\n"
        "2. Quarter 1 Financial Management\nReport 2021/22\n\n"
        "The Committee considered the report.\n\n"
        "3\n\nPeople Committee 2 September 2021\n\n"
        "3. Forward Plan\n\nThe plan was noted.\n"
    )
    (m,) = minutes(text)
    assert m.committee == "People Committee"
    assert items(m) == [
        ("1", "Apologies"),
        ("2", "Quarter 1 Financial Management Report 2021/22"),
        ("3", "Forward Plan"),
    ]


def test_bare_minutes_heading_between_name_and_date() -> None:
    text = (
        "HOUSING COMMITTEE\n\nTuesday 5 April 2022\n\nMINUTES\n\n"
        "Present: Councillors Ann Lee (Chair) and Bo Chan\n\n"
        "20. Minutes\n\nThe minutes of the last meeting were approved.\n\n"
        "21. Housing Strategy\n\nRESOLVED that the strategy be adopted.\n"
    )
    (m,) = minutes(text)
    assert (m.committee, m.date) == ("Housing Committee", "2022-04-05")
    assert items(m) == [("20", "Minutes"), ("21", "Housing Strategy")]
    assert m.items[1].resolution == "That the strategy be adopted."


def test_minute_numbers_on_lines_of_their_own_under_titles() -> None:
    text = (
        "Cabinet\n\nMinutes of a meeting held at County Hall on Wednesday, 19 July 2017.\n\n"
        "Present:\n\nAnn Lee\tLeader\n\n"
        "Apologies for Absence\n\n1\n\nNo apologies for absence were received.\n\n"
        "Code of Conduct\n\n2\n\nThere were no declarations of interest at the meeting.\n\n"
        "3\n\nThe discussion continued on the next page of the minutes.\n\n"
        "Library Kiosks\n\n3\n\nThe Cabinet considered a report on self-service kiosks.\n\n"
        "Resolved\n\nThat the contract be tendered.\n"
    )
    (m,) = minutes(text)
    assert items(m) == [
        ("1", "Apologies for Absence"),
        ("2", "Code of Conduct"),
        ("3", "Library Kiosks"),
    ]
    assert m.items[2].resolution == "That the contract be tendered."


def test_extract_with_the_minute_number_on_its_own_line() -> None:
    text = (
        "Recommendation from the Audit Committee meeting held on 6 July 2017.\n\n"
        "Annual Governance Statement\n\n32\n\n"
        "The Committee considered a report on the annual governance statement.\n\n"
        "Exempt Business\n\n33\n\nResolved\n\nThat the public be excluded.\n"
    )
    (m,) = minutes(text)
    assert items(m) == [("32", "Annual Governance Statement"), ("33", "Exempt Business")]
    assert m.items[1].resolution == "That the public be excluded."
