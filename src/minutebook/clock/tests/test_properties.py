"""Properties that must hold for any meeting date, region and set of closures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.clock import (
    WorkingCalendar,
    agenda_publish_by,
    clear_days_before,
    deadline_at,
    within_days_beginning_with,
    working_days_after,
)
from minutebook.clock.calendar import REGIONS

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
regions = st.sampled_from(REGIONS)
closures = st.frozensets(days, max_size=15)
counts = st.integers(min_value=0, max_value=40)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    return WorkingCalendar(draw(regions), draw(closures))


@settings(max_examples=300, deadline=None)
@given(meeting=days, n=counts, cal=calendars())
def test_publishing_on_the_deadline_leaves_exactly_n_clear_days(
    meeting: date, n: int, cal: WorkingCalendar
) -> None:
    publish_by = agenda_publish_by(meeting, n, cal)
    assert cal.is_working_day(publish_by)
    assert publish_by < meeting
    assert cal.working_days_between(publish_by, meeting) == n
    # Any later day leaves fewer (the next working day one fewer), any earlier day no fewer.
    later = cal.next_working_day(publish_by)
    assert cal.working_days_between(later, meeting) == max(n - 1, 0)
    assert cal.working_days_between(publish_by + timedelta(days=1), meeting) <= n
    earlier = publish_by - timedelta(days=1)
    assert cal.working_days_between(earlier, meeting) >= n


@settings(max_examples=300, deadline=None)
@given(start=days, end=days, cal=calendars())
def test_working_days_between_matches_a_day_by_day_count(
    start: date, end: date, cal: WorkingCalendar
) -> None:
    end = min(end, start + timedelta(days=400))
    expected = 0
    day = start + timedelta(days=1)
    while day < end:
        expected += cal.is_working_day(day)
        day += timedelta(days=1)
    assert cal.working_days_between(start, end) == expected


@settings(max_examples=300, deadline=None)
@given(day=days, n=counts, cal=calendars())
def test_add_working_days_round_trips_and_counts(day: date, n: int, cal: WorkingCalendar) -> None:
    later = cal.add_working_days(day, n)
    if n:
        assert cal.is_working_day(later)
        assert cal.working_days_between(day, later) == n - 1
        assert cal.add_working_days(later, -n) <= day
    else:
        assert later == day
    assert working_days_after(day, n, cal) == later


@given(day=days, n=st.integers(min_value=0, max_value=400))
def test_clear_days_leave_n_whole_days(day: date, n: int) -> None:
    notice = clear_days_before(day, n)
    assert (day - notice).days - 1 == n


@given(day=days, n=st.integers(min_value=1, max_value=400))
def test_days_beginning_with_are_inclusive(day: date, n: int) -> None:
    last = within_days_beginning_with(day, n)
    assert (last - day).days + 1 == n


@settings(max_examples=200, deadline=None)
@given(meeting=days, n=st.integers(min_value=0, max_value=15), cal=calendars())
def test_clear_working_rule_agrees_with_agenda_rule(
    meeting: date, n: int, cal: WorkingCalendar
) -> None:
    got = deadline_at(
        f"{n} clear working days before, 09:00",
        datetime(meeting.year, meeting.month, meeting.day, 18),
        cal,
    )
    assert got.date() == agenda_publish_by(meeting, n, cal)
    plain = deadline_at(
        f"{n} working days before, 09:00",
        datetime(meeting.year, meeting.month, meeting.day, 18),
        cal,
    )
    # Without "clear" the deadline day is itself one of the n working days: one day later.
    assert plain.date() >= got.date()
    if n:
        assert cal.working_days_between(plain.date(), meeting) == n - 1
