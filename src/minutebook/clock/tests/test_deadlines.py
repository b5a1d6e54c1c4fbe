"""Worked examples of each statutory deadline, each counted by hand in its comment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from minutebook.clock import (
    ClockRules,
    WorkingCalendar,
    agenda_publish_by,
    agenda_published_in_time,
    call_in_expires,
    clear_days_before,
    decision_in_force_from,
    key_decision_notice_by,
    meeting_deadlines,
    private_meeting_notice_by,
    private_meeting_reasons_by,
    report_deadline,
    within_days_beginning_with,
    working_days_after,
)
from minutebook.clock.deadlines import LONDON

ENG = WorkingCalendar("ENG")
# A council that also closes its offices between Christmas and New Year 2025.
CLOSED_XMAS = WorkingCalendar(
    "ENG", closures={date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)}
)


@pytest.mark.parametrize(
    ("meeting", "cal", "publish_by"),
    [
        # Thursday 12 June 2025. Clear working days counted back: Wed 11, Tue 10, Mon 9,
        # Fri 6, Thu 5 (five); publish the day before the fifth: Wednesday 4 June.
        (date(2025, 6, 12), ENG, date(2025, 6, 4)),
        # Monday 16 June 2025 (Elitestone: the weekend between does not count):
        # Fri 13, Thu 12, Wed 11, Tue 10, Mon 9; publish by Friday 6 June.
        (date(2025, 6, 16), ENG, date(2025, 6, 6)),
        # Easter 2025. Thursday 24 April: Wed 23, Tue 22, [Mon 21 Easter Monday,
        # Sun, Sat, Fri 18 Good Friday], Thu 17, Wed 16, Tue 15; publish by Monday 14 April.
        (date(2025, 4, 24), ENG, date(2025, 4, 14)),
        # Scotland has no Easter Monday holiday: Wed 23, Tue 22, Mon 21, [Fri 18 Good
        # Friday], Thu 17, Wed 16; publish by Tuesday 15 April.
        (date(2025, 4, 24), WorkingCalendar("SCT"), date(2025, 4, 15)),
        # August bank holiday 2025 (Monday 25th). Tuesday 2 September: Mon 1, Fri 29,
        # Thu 28, Wed 27, Tue 26; the day before is the bank holiday and the weekend, so
        # the latest working day to publish is Friday 22 August.
        (date(2025, 9, 2), ENG, date(2025, 8, 22)),
        # Spring bank holiday (Monday 26 May 2025). Tuesday 3 June: Mon 2, Fri 30,
        # Thu 29, Wed 28, Tue 27; publish by Friday 23 May.
        (date(2025, 6, 3), ENG, date(2025, 5, 23)),
        # Early May bank holiday (Monday 5 May 2025). Friday 9 May: Thu 8, Wed 7, Tue 6,
        # [Mon 5], Fri 2, Thu 1; publish by Wednesday 30 April.
        (date(2025, 5, 9), ENG, date(2025, 4, 30)),
        # Christmas 2021 with substitute days. Wednesday 5 January 2022: Tue 4,
        # [Mon 3 New Year substitute], Fri 31, Thu 30, Wed 29, [Tue 28, Mon 27 substitutes,
        # Sun 26, Sat 25], Fri 24; publish by Thursday 23 December 2021.
        (date(2022, 1, 5), ENG, date(2021, 12, 23)),
        # Coronation bank holiday, Monday 8 May 2023. Friday 12 May: Thu 11, Wed 10,
        # Tue 9, [Mon 8], Fri 5, Thu 4; publish by Wednesday 3 May.
        (date(2023, 5, 12), ENG, date(2023, 5, 3)),
        # State funeral, Monday 19 September 2022. Thursday 22 September: Wed 21, Tue 20,
        # [Mon 19], Fri 16, Thu 15, Wed 14; publish by Tuesday 13 September.
        (date(2022, 9, 22), ENG, date(2022, 9, 13)),
        # Christmas 2025, bank holidays only. Tuesday 6 January 2026: Mon 5, Fri 2,
        # [Thu 1 New Year's Day], Wed 31, Tue 30, Mon 29; the days before 29 December are
        # the weekend, Boxing Day and Christmas Day, so publish by Wednesday 24 December.
        (date(2026, 1, 6), ENG, date(2025, 12, 24)),
        # The same meeting for a council closed 29-31 December: Mon 5, Fri 2, [1 Jan,
        # 31-29 Dec closed, weekend, 26 and 25 Dec], Wed 24, Tue 23, Mon 22; publish by
        # Friday 19 December 2025.
        (date(2026, 1, 6), CLOSED_XMAS, date(2025, 12, 19)),
    ],
)
def test_agenda_publish_by(meeting: date, cal: WorkingCalendar, publish_by: date) -> None:
    assert agenda_publish_by(meeting, 5, cal) == publish_by
    assert agenda_published_in_time(publish_by, meeting, 5, cal)
    assert not agenda_published_in_time(cal.next_working_day(publish_by), meeting, 5, cal)


def test_agenda_publish_by_more_clear_days() -> None:
    # A council requiring seven clear working days. Thursday 12 June 2025: Wed 11, Tue 10,
    # Mon 9, Fri 6, Thu 5, Wed 4, Tue 3; publish by Monday 2 June.
    assert agenda_publish_by(date(2025, 6, 12), 7, ENG) == date(2025, 6, 2)


def test_agenda_publish_by_defaults_to_england() -> None:
    assert agenda_publish_by(date(2025, 4, 24)) == date(2025, 4, 14)


def test_weekend_publication_after_the_deadline_day_is_still_in_time() -> None:
    # Meeting Monday 16 June 2025, publish by Friday 6 June; publishing on Saturday 7
    # still leaves Mon 9 to Fri 13 clear. Publishing Monday 9 leaves only four.
    meeting = date(2025, 6, 16)
    assert agenda_published_in_time(date(2025, 6, 7), meeting, 5, ENG)
    assert not agenda_published_in_time(date(2025, 6, 9), meeting, 5, ENG)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        # Key decision on Wednesday 30 July 2025, 28 clear days: 2-29 July are the 28 clear
        # days, so notice by Tuesday 1 July.
        (date(2025, 7, 30), 28, date(2025, 7, 1)),
        # Across February 2025 (28 days): meeting 10 March; 10-28 Feb (19) + 1-9 Mar (9) = 28
        # clear days, so notice by Sunday 9 February (calendar days: weekends count).
        (date(2025, 3, 10), 28, date(2025, 2, 9)),
        # Five clear calendar days over Easter: Thursday 24 April 2025 needs 19-23 April
        # clear, so Good Friday 18 April is the last day (bank holidays count too).
        (date(2025, 4, 24), 5, date(2025, 4, 18)),
        (date(2025, 4, 24), 0, date(2025, 4, 23)),
    ],
)
def test_clear_days_before(day: date, n: int, expected: date) -> None:
    assert clear_days_before(day, n) == expected
    assert (day - expected).days - 1 == n


def test_regulation_notices() -> None:
    meeting = date(2025, 7, 30)
    assert key_decision_notice_by(meeting) == date(2025, 7, 1)
    assert private_meeting_notice_by(meeting) == date(2025, 7, 1)
    # Reasons: 25-29 July are the five clear days, so by Thursday 24 July.
    assert private_meeting_reasons_by(meeting) == date(2025, 7, 24)
    assert key_decision_notice_by(meeting, days=35) == date(2025, 6, 24)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        clear_days_before(date(2025, 7, 30), -1)
    with pytest.raises(ValueError, match="must not be negative"):
        working_days_after(date(2025, 7, 30), -1)


@pytest.mark.parametrize(
    ("start", "n", "last_day"),
    [
        # Becomes a member on Friday 2 May 2025: day 1 is 2 May, day 28 is Thursday 29 May.
        (date(2025, 5, 2), 28, date(2025, 5, 29)),
        # 28 days beginning with 15 February 2024 (a leap year): 15-29 Feb is 15 days,
        # 1-13 March the other 13; last day Wednesday 13 March.
        (date(2024, 2, 15), 28, date(2024, 3, 13)),
        (date(2025, 5, 2), 1, date(2025, 5, 2)),
    ],
)
def test_within_days_beginning_with(start: date, n: int, last_day: date) -> None:
    assert within_days_beginning_with(start, n) == last_day


def test_within_days_beginning_with_needs_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        within_days_beginning_with(date(2025, 5, 2), 0)


@pytest.mark.parametrize(
    ("published", "cal", "expires"),
    [
        # Monday 2 June 2025: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9; call-in ends Monday 9 June.
        (date(2025, 6, 2), ENG, date(2025, 6, 9)),
        # Thursday 17 April 2025: [Good Friday, weekend, Easter Monday] Tue 22, Wed 23,
        # Thu 24, Fri 25, Mon 28; ends Monday 28 April.
        (date(2025, 4, 17), ENG, date(2025, 4, 28)),
        # Friday 25 April 2025: Mon 28, Tue 29, Wed 30, Thu 1 May, Fri 2 May; the May bank
        # holiday (Monday 5th) is not reached.
        (date(2025, 4, 25), ENG, date(2025, 5, 2)),
        # Published on Saturday 7 June 2025: Mon 9 ... Fri 13.
        (date(2025, 6, 7), ENG, date(2025, 6, 13)),
        # Tuesday 23 December 2025: Wed 24, [25, 26, weekend], Mon 29, Tue 30, Wed 31,
        # [Thu 1 Jan], Fri 2 January 2026.
        (date(2025, 12, 23), ENG, date(2026, 1, 2)),
        # Same, council closed 29-31 December: Wed 24, Fri 2, Mon 5, Tue 6, Wed 7 January.
        (date(2025, 12, 23), CLOSED_XMAS, date(2026, 1, 7)),
        # Coronation 2023: Thursday 4 May: Fri 5, [weekend, Mon 8], Tue 9, Wed 10, Thu 11,
        # Fri 12.
        (date(2023, 5, 4), ENG, date(2023, 5, 12)),
    ],
)
def test_call_in(published: date, cal: WorkingCalendar, expires: date) -> None:
    assert working_days_after(published, 5, cal) == expires
    assert call_in_expires(published, 5, cal) == expires
    assert decision_in_force_from(published, 5, cal) == expires + timedelta(days=1)


def test_report_deadline() -> None:
    # Meeting Thursday 24 April 2025: publish by Monday 14 April; five working days
    # before that: Fri 11, Thu 10, Wed 9, Tue 8, Mon 7 April.
    assert report_deadline(date(2025, 4, 24), 5, 5, ENG) == date(2025, 4, 7)


def test_meeting_deadlines_defaults() -> None:
    # Thursday 24 April 2025, 19:00 (BST), defaults, decision published Friday 25 April.
    got = meeting_deadlines(datetime(2025, 4, 24, 19, 0), decision_published=date(2025, 4, 25))
    assert got == {
        "agenda_publish_by": date(2025, 4, 14),
        "report_deadline": date(2025, 4, 7),
        # 28 clear days: 27 March to 23 April; so Wednesday 26 March.
        "key_decision_notice_by": date(2025, 3, 26),
        "private_meeting_notice_by": date(2025, 3, 26),
        # 19-23 April clear; Good Friday 18 April (calendar days).
        "private_meeting_reasons_by": date(2025, 4, 18),
        # 3 clear working days: 23, 22, 17 April; so Wednesday 16 April, 08:30 BST.
        "public_question_deadline": datetime(2025, 4, 16, 8, 30, tzinfo=LONDON),
        "public_statement_deadline": datetime(2025, 4, 16, 8, 30, tzinfo=LONDON),
        # 10 working days before: 23,22,17,16,15,14,11,10,9,8 April; Tuesday 8 April 17:00.
        "petition_deadline": datetime(2025, 4, 8, 17, 0, tzinfo=LONDON),
        "councillor_question_deadline": datetime(2025, 4, 16, 8, 30, tzinfo=LONDON),
        "call_in_expires": date(2025, 5, 2),
        "decision_in_force_from": date(2025, 5, 3),
    }
    assert got["public_question_deadline"].isoformat() == "2025-04-16T08:30:00+01:00"


def test_meeting_deadlines_without_a_decision_has_no_call_in() -> None:
    got = meeting_deadlines(datetime(2025, 4, 24, 19, 0))
    assert "call_in_expires" not in got
    assert "decision_in_force_from" not in got


def test_meeting_deadlines_use_council_rules_and_closures() -> None:
    rules = ClockRules(
        agenda_clear_days=6,
        key_decision_notice_days=30,
        call_in_working_days=3,
        public_question_deadline_rule="midday the working day before",
        petition_deadline_rule="2 clear days before, 17:00",
        report_deadline_working_days=2,
    )
    # Meeting Tuesday 6 January 2026, 10:00 GMT, council closed 29-31 December 2025.
    got = meeting_deadlines(
        datetime(2026, 1, 6, 10, 0), rules, CLOSED_XMAS, decision_published=date(2026, 1, 7)
    )
    # Six clear working days: Mon 5, Fri 2, Wed 24, Tue 23, Mon 22, Fri 19; so Thu 18 Dec.
    assert got["agenda_publish_by"] == date(2025, 12, 18)
    # Two working days before that: Wed 17, Tue 16 December.
    assert got["report_deadline"] == date(2025, 12, 16)
    # 30 clear days before 6 January: 7-31 December (25) and 1-5 January (5); so
    # Saturday 6 December (calendar days: a weekend deadline stands).
    assert got["key_decision_notice_by"] == date(2025, 12, 6)
    # The working day before Tuesday 6 January is Monday 5 January; midday, GMT.
    assert got["public_question_deadline"] == datetime(2026, 1, 5, 12, 0, tzinfo=LONDON)
    assert got["public_question_deadline"].isoformat() == "2026-01-05T12:00:00+00:00"
    # Two clear calendar days (4 and 5 January): Saturday 3 January, 17:00.
    assert got["petition_deadline"] == datetime(2026, 1, 3, 17, 0, tzinfo=LONDON)
    # Call-in, 3 working days from Wednesday 7 January: Thu 8, Fri 9, Mon 12.
    assert got["call_in_expires"] == date(2026, 1, 12)
    assert got["decision_in_force_from"] == date(2026, 1, 13)


def test_meeting_date_taken_in_london_time() -> None:
    # 23:30 UTC on 23 April 2025 is 00:30 BST on 24 April: the meeting's date is the 24th.
    from datetime import UTC

    got = meeting_deadlines(datetime(2025, 4, 23, 23, 30, tzinfo=UTC))
    assert got["agenda_publish_by"] == date(2025, 4, 14)
