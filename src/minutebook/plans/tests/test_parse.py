"""The plan-table reader on small synthetic tables and on the corpus written statement of
action (values checked by reading the corpus text)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from minutebook.core.testing_shared import shared_path
from minutebook.plans.parse import (
    DraftPlan,
    header_columns,
    parse_plan,
    parse_plan_text,
    read_timescale,
)

#: Corpus packs (../shared/corpus): a written statement of action, and a strategy.
WSOA_PARTS = ("corpus", "000_dc7896ffeab48624.txt")
STRATEGY_PARTS = ("corpus", "002_c36f1572f46e7d0a.txt")
WSOA = shared_path(*WSOA_PARTS)
STRATEGY = shared_path(*STRATEGY_PARTS)

SYNTHETIC = """\
Improvement plan

1. Getting assessments done on time
Ref\tAction\tBy when\tOwner\tMilestones\tRAG
A1.1\tRecruit assessors\tMarch 2025\tHead of Service\tAdvert placed (Jan 25)\tComplete
\t\t\t\tInterviews held (Feb 25)\tOn track
\t\t\tTeam manager\tStaff in post (Mar 25)\tAmber
A1.2\tReport monthly to the board\tOngoing\tDirector\tFirst report (Apr 25)\tNot started
Page 4
2. Listening to families
Ref\tAction\tBy when\tOwner\tMilestones\tRAG
A2.1\tRun a termly parent forum\tTermly from Sept 2025\tEngagement lead\t\tOn track
A2.2\tPublish the survey results\tJune \u2013 July 2025\tAnalyst\tSurvey closes (Jun 25) Results out (Jul 25)\tComplete Complete

Term\tExplanation
RAG\tRed, amber, green
"""


def test_header_detection_maps_column_labels() -> None:
    assert header_columns(
        ["", "Action", "Timescale", "Lead", "Progress and milestones", "BRAG"]
    ) == [
        "reference",
        "action",
        "timescale",
        "owner",
        "milestones",
        "status",
    ]
    assert header_columns(["Term", "Explanation"]) is None
    assert header_columns(["What we said", "What we are doing about it"]) is None


def test_synthetic_plan_areas_actions_milestones() -> None:
    draft = parse_plan(SYNTHETIC.splitlines())
    assert [(a.reference, a.title) for a in draft.areas] == [
        ("1", "Getting assessments done on time"),
        ("2", "Listening to families"),
    ]
    first, second = draft.areas[0].actions
    assert (first.reference, first.owner, first.end) == (
        "A1.1",
        "Head of Service",
        dt.date(2025, 3, 31),
    )
    assert [(m.text, m.status, m.owner) for m in first.milestones] == [
        ("Advert placed (Jan 25)", "Complete", ""),
        ("Interviews held (Feb 25)", "On track", ""),
        ("Staff in post (Mar 25)", "Amber", "Team manager"),
    ]
    assert first.milestones[1].due == dt.date(2025, 2, 28)
    assert second.ongoing and second.end is None
    forum, survey = draft.areas[1].actions
    assert (forum.recurrence, forum.start, forum.end) == ("termly", dt.date(2025, 9, 1), None)
    assert (forum.status, forum.milestones) == ("On track", [])
    # Two milestones printed in one cell with two statuses are split.
    assert [(m.text, m.status) for m in survey.milestones] == [
        ("Survey closes (Jun 25)", "Complete"),
        ("Results out (Jul 25)", "Complete"),
    ]
    assert (survey.start, survey.end) == (dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    assert draft.statuses == ["Complete", "On track", "Amber", "Not started"]
    # The glossary after the plan is another table, not more actions.
    assert len(draft.actions()) == 4


def test_draft_round_trips_through_json() -> None:
    draft = parse_plan(SYNTHETIC.splitlines())
    again = DraftPlan.from_dict(draft.to_dict())
    assert again == draft


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May to June 2017", (dt.date(2017, 5, 1), dt.date(2017, 6, 30), False, "")),
        ("Sept 18", (None, dt.date(2018, 9, 30), False, "")),
        ("Nov 2024 to Feb 2025", (dt.date(2024, 11, 1), dt.date(2025, 2, 28), False, "")),
        ("Ongoing", (None, None, True, "")),
        ("Annually", (None, None, False, "annually")),
        ("Timescale to be agreed", (None, None, False, "")),
    ],
)
def test_timescales(text: str, expected: tuple[object, ...]) -> None:
    assert read_timescale(text) == expected


@pytest.mark.shared(*WSOA_PARTS)
def test_corpus_written_statement_of_action() -> None:
    draft = parse_plan_text(WSOA.read_text(encoding="utf-8"))
    assert draft.statuses == ["Complete", "On target"]
    areas = draft.areas
    # The high-priority action plan: four numbered areas.
    assert [a.reference for a in areas[:4]] == ["1", "2", "3", "4"]
    assert areas[0].title == (
        "The development of an education, health and care joint strategy for SEND"
    )
    assert areas[3].title == "Improving the monitoring and quality assurance"
    assert [a.reference for a in areas[0].actions] == ["1.1", "", "1.3", "1.4"]
    # 2.8 and 2.10 lose their numbers to the page stamps printed over them.
    assert [a.reference for a in areas[1].actions] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
        "",
        "2.9",
        "",
    ]
    engage, governance, strategy, framework = areas[0].actions
    assert engage.title == "Engage with stakeholders"
    assert (engage.start, engage.end) == (dt.date(2017, 5, 1), dt.date(2017, 6, 30))
    assert engage.owner.startswith("Corporate Director of Children, Adults and Community Services")
    assert governance.title == "Establish governance arrangements to deliver improvements"
    assert governance.owner == "Assistant Director Strategy, Design and Development, DCC"
    assert [m.text for m in governance.milestones] == [
        "SEND Improvement Board established and met three times (Jul 17)",
        "Review of existing groups and governance arrangements (Jul 17)",
        "SEND Health Forum re-established and meeting bi-monthly (Jun 17)",
        "Long term governance arrangements agreed (Jul 17)",
        "SEND Delivery Group established (Jul 17)",
    ]
    assert {m.status for m in governance.milestones} == {"Complete"}
    assert len(strategy.milestones) == 8
    assert strategy.milestones[-2].text == "Final Strategy published (Dec 17)"
    assert strategy.milestones[-2].due == dt.date(2017, 12, 31)
    assert [m.status for m in framework.milestones] == ["On target"] * 4
    area1 = Counter(m.status for a in areas[0].actions for m in a.milestones)
    assert area1 == {"Complete": 8, "On target": 10}

    commission = areas[1].actions[1]
    assert commission.owner == "SEN Commissioner, DCC"
    assert [(m.text, m.status) for m in commission.milestones] == [
        ("Pilot contract awarded (Jun 17)", "Complete"),
        ("Quality assurance test (Jul 17)", "Complete"),
        ("Providers appointed (Jul 17)", "On target"),
        ("100 conversions completed per month (June \u2013 Mar 18)", "On target"),
        ("100% conversions completed (Mar 18)", "On target"),
    ]
    psychology = areas[1].actions[4]
    assert psychology.owner == "Principal Educational Psychologist, DCC"
    assert psychology.end == dt.date(2017, 9, 30)
    assert [m.status for m in psychology.milestones] == ["Complete", "Complete", "On target"]
    assert len(areas[3].actions) == 6

    # The additional areas: outcomes, with improvements as focus areas.
    outcome = areas[4]
    assert outcome.title.startswith("A single system working together")
    assert [f.reference for f in outcome.focus_areas][:5] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    explore = outcome.focus_areas[0].actions[0]
    assert explore.title.startswith("We will explore, using research and professional advice")
    assert explore.end == dt.date(2018, 11, 30)
    assert (
        explore.owner
        == "Corporate Director of Children\u2019s, Adult\u2019s and Community Services (DCC)"
    )
    assert [m.text for m in explore.milestones][:2] == [
        "Stakeholder engagement workshop (Jun 17)",
        "Co-production activities (Sep to Dec 17)",
    ]
    assert len(explore.milestones) == 7


@pytest.mark.shared(*STRATEGY_PARTS)
def test_corpus_strategy_priority_actions() -> None:
    """The SEND strategy prints its actions as a list: reference lines under priorities."""
    draft = parse_plan_text(STRATEGY.read_text(encoding="utf-8"))
    assert [(a.reference, a.title) for a in draft.areas] == [
        ("1", "Early Identification and Support"),
        ("2", "Inclusion"),
        ("3", "SEND Pathway"),
        ("4", "SEND Sufficiency and Provision"),
        ("5", "Transitions and Preparation for Adulthood"),
        ("6", "Managing Money and Resources"),
    ]
    assert [len(a.actions) for a in draft.areas] == [14, 12, 13, 11, 7, 11]
    first = draft.areas[0].actions[0]
    assert first.reference == "P1/001"
    assert first.title.startswith("Launch the Dorset Education and Advice Line so that children")
    assert first.title.endswith(
        "adapt the Local Offer as required to improve access to support and advice."
    )
    last = draft.areas[-1].actions[-1]
    assert last.reference == "P6/011"
    assert last.title == (
        "Childrens and Adults to coproduce a financial dashboard to ensure robust transition "
        "planning for this cohort alongside clear financial forecasts."
    )


def test_reference_list_needs_no_table() -> None:
    lines = [
        "Priority Two: Housing",
        "",
        "H2.01",
        "",
        "Build 40 homes for care leavers",
        "by 2027.",
        "",
        "H2.02",
        "Open a hub.",
        "Page 9",
    ]
    draft = parse_plan(lines)
    assert [(a.reference, a.title) for a in draft.actions()] == [
        ("H2.01", "Build 40 homes for care leavers by 2027."),
        ("H2.02", "Open a hub."),
    ]
    assert draft.areas[0].title == "Housing"


@pytest.mark.shared(*WSOA_PARTS)
def test_corpus_plan_from_normalised_text_matches() -> None:
    """The importer stores documents as normalised lines, without the empty cells that
    kept columns in place: the high-priority actions read the same. (In area 3 a bulleted
    list carried over a page loses its bullets in normalised text and reads as an action.)"""
    from minutebook.importer.parse.text import normalise

    text = WSOA.read_text(encoding="utf-8")
    raw = parse_plan_text(text)
    norm = parse_plan([line.text for line in normalise(text)])
    assert norm.statuses == raw.statuses
    for a, b in [(raw.areas[i], norm.areas[i]) for i in (0, 1, 3)]:
        assert a.title == b.title
        shown = [(x.reference, x.owner, x.end, len(x.milestones)) for x in a.actions if x.reference]
        assert shown == [
            (x.reference, x.owner, x.end, len(x.milestones)) for x in b.actions if x.reference
        ]


RISKS = """\
Corporate risk register
Ref\tRisk\tOwner\tLikelihood\tImpact\tControls\tResidual likelihood\tResidual impact\tStatus
CR1\tCyber attack stops services\tHead of ICT\t4\t5\tBackups; training\t2\t4\tAmber
CR2\tHigh needs budget overspends\tDirector of Children's Services\t5\t4\tRecovery plan\t4\t4\tRed
"""


def test_risk_register_columns() -> None:
    draft = parse_plan(RISKS.splitlines())
    cyber, budget = draft.actions()
    assert (cyber.reference, cyber.title, cyber.owner) == (
        "CR1",
        "Cyber attack stops services",
        "Head of ICT",
    )
    assert (cyber.likelihood, cyber.impact, cyber.residual_likelihood, cyber.residual_impact) == (
        4,
        5,
        2,
        4,
    )
    assert cyber.controls == "Backups; training" and cyber.status == "Amber" and cyber.is_risk
    assert (budget.likelihood * budget.impact, budget.status) == (20, "Red")
