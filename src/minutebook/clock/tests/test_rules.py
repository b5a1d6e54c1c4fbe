"""Council deadline wording: what is understood, what it means, what is refused."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest

from minutebook.clock import ClockRules, DeadlineRule, WorkingCalendar, deadline_at
from minutebook.clock.deadlines import LONDON
from minutebook.clock.rules import parse_deadline_rule


@pytest.mark.parametrize(
    ("text", "count", "working", "clear", "at", "anchor"),
    [
        ("3 clear working days before, 08:30", 3, True, True, time(8, 30), "meeting"),
        ("midday the working day before", 1, True, False, time(12, 0), "meeting"),
        ("Noon on the working day before", 1, True, False, time(12, 0), "meeting"),
        ("10 working days before", 10, True, False, None, "meeting"),
        ("10 working days before, 17:00", 10, True, False, time(17, 0), "meeting"),
        ("2 clear days before, 17:00", 2, False, True, time(17, 0), "meeting"),
        ("5 working days before agenda publication", 5, True, False, None, "agenda_publication"),
        (
            "5 working days before publication of the agenda",
            5,
            True,
            False,
            None,
            "agenda_publication",
        ),
        (
            "Three clear working days before the meeting at 8.30am",
            3,
            True,
            True,
            time(8, 30),
            "meeting",
        ),
        ("the day before, 5pm", 1, False, False, time(17, 0), "meeting"),
        ("7 days before by 12pm", 7, False, False, time(12, 0), "meeting"),
        ("1 working day before, 12am", 1, True, False, time(0, 0), "meeting"),
        ("  2  clear   working days before , 10:00. ", 2, True, True, time(10, 0), "meeting"),
    ],
)
def test_parse(
    text: str, count: int, working: bool, clear: bool, at: time | None, anchor: str
) -> None:
    rule = parse_deadline_rule(text)
    assert (rule.count, rule.working, rule.clear, rule.at, rule.anchor) == (
        count,
        working,
        clear,
        at,
        anchor,
    )
    assert rule.text == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "whenever convenient",
        "3 clear working days after, 08:30",
        "3 clear working days before, 25:00",
        "3 clear working days before, 13pm",
        "3 clear working days before, 08:75",
        "midday 3 working days before, 17:00",  # two times of day
        "three-ish days before",
        "3 clear working days before the budget",
    ],
)
def test_unknown_wording_is_refused_naming_the_rule(text: str) -> None:
    with pytest.raises(ValueError, match=f"{text!r}"):
        parse_deadline_rule(text)


# Meeting: Thursday 24 April 2025, 19:00 BST, after the Easter weekend.
MEETING = datetime(2025, 4, 24, 19, 0)
ENG = WorkingCalendar("ENG")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Clear working days back: 23, 22, [21-18 Easter], 17; deadline the working day before
        # the third: Wednesday 16 April, 08:30.
        ("3 clear working days before, 08:30", datetime(2025, 4, 16, 8, 30)),
        # The working day before the 24th is Wednesday 23rd.
        ("midday the working day before", datetime(2025, 4, 23, 12, 0)),
        # 23,22,17,16,15,14,11,10,9,8: the tenth working day back is Tuesday 8 April.
        ("10 working days before, 17:00", datetime(2025, 4, 8, 17, 0)),
        # No time: by the end of that day.
        ("10 working days before", datetime(2025, 4, 8, 23, 59)),
        # Calendar: 22 and 23 clear, so Easter Monday 21 April, 17:00.
        ("2 clear days before, 17:00", datetime(2025, 4, 21, 17, 0)),
        ("the day before, 5pm", datetime(2025, 4, 23, 17, 0)),
        # Agenda published by Monday 14 April; five working days before: 11,10,9,8,7.
        ("5 working days before agenda publication, 12:00", datetime(2025, 4, 7, 12, 0)),
    ],
)
def test_evaluate(text: str, expected: datetime) -> None:
    assert deadline_at(text, MEETING, ENG) == expected.replace(tzinfo=LONDON)


def test_midday_the_working_day_before_a_tuesday_after_easter() -> None:
    # Meeting Tuesday 22 April 2025: the day before is Easter Monday, then the weekend and
    # Good Friday, so the working day before is Thursday 17 April.
    got = deadline_at("midday the working day before", datetime(2025, 4, 22, 18, 0), ENG)
    assert got == datetime(2025, 4, 17, 12, 0, tzinfo=LONDON)


def test_offsets_follow_british_summer_time() -> None:
    # Clocks went forward on Sunday 30 March 2025. Meeting Wednesday 2 April (BST):
    # 3 clear working days are Tue 1, Mon 31, Fri 28; deadline Thursday 27 March, GMT.
    got = deadline_at("3 clear working days before, 08:30", datetime(2025, 4, 2, 18, 0), ENG)
    assert got.isoformat() == "2025-03-27T08:30:00+00:00"
    got = deadline_at("3 clear working days before, 08:30", datetime(2025, 4, 24, 18, 0), ENG)
    assert got.isoformat() == "2025-04-16T08:30:00+01:00"


def test_agenda_publication_anchor_uses_the_councils_clear_days() -> None:
    # With seven clear days, Thursday 12 June 2025 is published by Monday 2 June; one
    # working day before that is Friday 30 May.
    rule = parse_deadline_rule("1 working day before agenda publication, 10:00")
    got = deadline_at(rule, datetime(2025, 6, 12, 18, 0), ENG, agenda_clear_days=7)
    assert got == datetime(2025, 5, 30, 10, 0, tzinfo=LONDON)


def test_clock_rules_defaults_and_validation() -> None:
    rules = ClockRules()
    assert rules.agenda_clear_days == 5
    assert rules.rule("petition_deadline_rule") == DeadlineRule(
        "10 working days before, 17:00", 10, True, False, time(17, 0)
    )
    with pytest.raises(ValueError, match="public_question_deadline_rule: Unrecognised"):
        ClockRules(public_question_deadline_rule="by Tuesday")
    with pytest.raises(ValueError, match="five clear days"):
        ClockRules(agenda_clear_days=4)
    with pytest.raises(ValueError, match="call_in_working_days must not be negative"):
        ClockRules(call_in_working_days=-1)
    with pytest.raises(ValueError, match="Unknown bank holiday region"):
        ClockRules(region="FR")
    with pytest.raises(KeyError):
        rules.rule("region")


def test_from_council_reads_attributes_only() -> None:
    council = SimpleNamespace(
        bank_holiday_region="WLS",
        agenda_clear_days=6,
        key_decision_notice_days=28,
        private_meeting_notice_days=28,
        private_meeting_reasons_days=5,
        call_in_working_days=4,
        report_deadline_working_days=3,
        public_question_deadline_rule="midday the working day before",
        public_statement_deadline_rule="2 clear working days before, 12:00",
        petition_deadline_rule="10 working days before, 17:00",
        councillor_question_deadline_rule="3 clear working days before, 08:30",
    )
    rules = ClockRules.from_council(council)
    assert rules.region == "WLS"
    assert rules.agenda_clear_days == 6
    assert rules.call_in_working_days == 4
    assert rules.public_question_deadline_rule == "midday the working day before"
    assert rules.calendar({date(2025, 12, 29)}).region == "WLS"
    assert not rules.calendar({date(2025, 12, 29)}).is_working_day(date(2025, 12, 29))
    # A partial object keeps the defaults for what it lacks.
    assert ClockRules.from_council(SimpleNamespace(call_in_working_days=7)) == ClockRules(
        call_in_working_days=7
    )
