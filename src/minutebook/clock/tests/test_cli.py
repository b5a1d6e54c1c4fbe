"""``minutebook clock``: JSON and table output, council rules from the database, errors."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["clock", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_json_defaults_over_easter() -> None:
    # Thursday 24 April 2025, 19:00: worked by hand in test_deadlines.
    data = run_json("--meeting", "2025-04-24T19:00")
    assert data == {
        "agenda_publish_by": "2025-04-14",
        "report_deadline": "2025-04-07",
        "key_decision_notice_by": "2025-03-26",
        "private_meeting_notice_by": "2025-03-26",
        "private_meeting_reasons_by": "2025-04-18",
        "public_question_deadline": "2025-04-16T08:30:00+01:00",
        "public_statement_deadline": "2025-04-16T08:30:00+01:00",
        "petition_deadline": "2025-04-08T17:00:00+01:00",
        "councillor_question_deadline": "2025-04-16T08:30:00+01:00",
    }


def test_json_with_decision_published_adds_call_in() -> None:
    # Published Thursday 17 April 2025: Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 April.
    data = run_json("--meeting", "2025-04-15T10:00", "--decision-published", "2025-04-17")
    assert data["call_in_expires"] == "2025-04-28"
    assert data["decision_in_force_from"] == "2025-04-29"


def test_json_in_winter_is_gmt() -> None:
    # Thursday 15 January 2026: clear working days 14, 13, 12; deadline Friday 9 January.
    data = run_json("--meeting", "2026-01-15T18:00")
    assert data["public_question_deadline"] == "2026-01-09T08:30:00+00:00"


def test_table_output_lists_every_deadline() -> None:
    result = runner.invoke(
        app, ["clock", "--meeting", "2025-04-24T19:00", "--decision-published", "2025-04-25"]
    )
    assert result.exit_code == 0, result.output
    for text in ("Publish agenda", "Mon 14 Apr 2025", "Call-in period ends", "Fri 02 May 2025"):
        assert text in result.stdout


@pytest.mark.parametrize("meeting", ["2025-04-24", "24/04/2025 19:00", "2025-02-30T19:00", ""])
def test_bad_meeting_format_exits_2(meeting: str) -> None:
    result = runner.invoke(app, ["clock", "--meeting", meeting, "--json"])
    assert result.exit_code == 2
    assert "--meeting must look like" in result.output


def test_bad_decision_date_exits_2() -> None:
    result = runner.invoke(
        app, ["clock", "--meeting", "2025-04-24T19:00", "--decision-published", "25/04/2025"]
    )
    assert result.exit_code == 2
    assert "--decision-published must look like" in result.output


@pytest.mark.django_db
def test_unknown_council_exits_1() -> None:
    result = runner.invoke(app, ["clock", "--meeting", "2025-04-24T19:00", "--council", "nowhere"])
    assert result.exit_code == 1
    assert "No council with the slug 'nowhere'" in result.output


@pytest.mark.django_db
def test_council_rules_and_closure_days_come_from_the_database() -> None:
    from minutebook.councils.models import ClosureDay, Council

    council = Council.objects.create(
        name="Example Borough Council",
        slug="example",
        agenda_clear_days=6,
        call_in_working_days=3,
        public_question_deadline_rule="midday the working day before",
        petition_deadline_rule="2 clear days before, 17:00",
        report_deadline_working_days=2,
        key_decision_notice_days=30,
    )
    for day in (29, 30, 31):
        ClosureDay.objects.create(council=council, date=date(2025, 12, day), reason="Christmas")
    data = run_json(
        "--meeting",
        "2026-01-06T10:00",
        "--council",
        "example",
        "--decision-published",
        "2026-01-07",
    )
    # Worked by hand in test_deadlines.test_meeting_deadlines_use_council_rules_and_closures.
    assert data["agenda_publish_by"] == "2025-12-18"
    assert data["report_deadline"] == "2025-12-16"
    assert data["key_decision_notice_by"] == "2025-12-06"
    assert data["public_question_deadline"] == "2026-01-05T12:00:00+00:00"
    assert data["petition_deadline"] == "2026-01-03T17:00:00+00:00"
    assert data["call_in_expires"] == "2026-01-12"
    # Without the closures the agenda could wait until Wednesday 24 December.
    assert run_json("--meeting", "2026-01-06T10:00")["agenda_publish_by"] == "2025-12-24"


@pytest.mark.django_db
def test_council_with_unusable_rule_exits_1() -> None:
    from minutebook.councils.models import Council

    Council.objects.create(
        name="Muddled Council", slug="muddled", petition_deadline_rule="in good time"
    )
    result = runner.invoke(app, ["clock", "--meeting", "2025-04-24T19:00", "--council", "muddled"])
    assert result.exit_code == 1
    assert "petition_deadline_rule" in result.output
    assert "'in good time'" in result.output


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["clock", "--help"])
    assert result.exit_code == 0
    for option in ("--meeting", "--council", "--decision-published", "--json"):
        assert option in result.output
