"""The working-day calendar against real bank holidays, checked by hand on a calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minutebook.clock.calendar import WorkingCalendar, bank_holidays

ENG = WorkingCalendar("ENG")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 17), True),  # Maundy Thursday: an ordinary working day
        (date(2025, 4, 18), False),  # Good Friday
        (date(2025, 4, 21), False),  # Easter Monday: missing unless subdiv="ENG" is used
        (date(2025, 4, 22), True),
        (date(2025, 5, 5), False),  # early May bank holiday (first Monday)
        (date(2025, 5, 26), False),  # spring bank holiday (last Monday in May)
        (date(2025, 8, 25), False),  # August (summer) bank holiday, England only
        (date(2025, 8, 4), True),  # Scotland's August holiday is not England's
        (date(2021, 12, 27), False),  # substitute for Christmas Day, Saturday 25th
        (date(2021, 12, 28), False),  # substitute for Boxing Day, Sunday 26th
        (date(2021, 12, 29), True),
        (date(2022, 1, 3), False),  # substitute for New Year's Day, Saturday 1st
        (date(2022, 6, 2), False),  # spring bank holiday moved for the Platinum Jubilee
        (date(2022, 6, 3), False),  # Platinum Jubilee bank holiday
        (date(2022, 5, 30), True),  # the usual last Monday of May was not a holiday in 2022
        (date(2022, 9, 19), False),  # state funeral of Queen Elizabeth II
        (date(2023, 5, 8), False),  # coronation of King Charles III
        (date(2025, 6, 14), False),  # a Saturday
        (date(2025, 6, 15), False),  # a Sunday
    ],
)
def test_england_working_days(day: date, working: bool) -> None:
    assert ENG.is_working_day(day) is working


def test_regions_differ() -> None:
    # Easter Monday is a bank holiday in England and Wales, not in Scotland;
    # 2 January and St Andrew's Day (observed on Monday 1 December 2025) are Scottish only.
    sct, wls = WorkingCalendar("SCT"), WorkingCalendar("WLS")
    assert wls.is_bank_holiday(date(2025, 4, 21))
    assert not sct.is_bank_holiday(date(2025, 4, 21))
    assert sct.is_bank_holiday(date(2025, 1, 2))
    assert not ENG.is_bank_holiday(date(2025, 1, 2))
    assert sct.is_bank_holiday(date(2025, 12, 1))
    # Northern Ireland: St Patrick's Day, Monday 17 March 2025.
    assert WorkingCalendar("NIR").is_bank_holiday(date(2025, 3, 17))
    assert ENG.is_working_day(date(2025, 3, 17))


def test_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown bank holiday region 'XX'"):
        WorkingCalendar("XX")


def test_bank_holidays_are_cached_per_region_and_year() -> None:
    assert bank_holidays("ENG", 2025) is bank_holidays("ENG", 2025)
    assert date(2025, 8, 25) in bank_holidays("ENG", 2025)
    assert all(day.year == 2025 for day in bank_holidays("ENG", 2025))


def test_closure_days_are_not_working_days() -> None:
    cal = WorkingCalendar("ENG", closures={date(2025, 12, 29), date(2025, 12, 30)})
    assert not cal.is_working_day(date(2025, 12, 29))
    assert not cal.is_working_day(date(2025, 12, 30))
    assert cal.is_working_day(date(2025, 12, 31))
    assert ENG.is_working_day(date(2025, 12, 29))  # other councils are unaffected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Friday + 1 working day skips the weekend to Monday.
        (date(2025, 6, 13), 1, date(2025, 6, 16)),
        # Thursday 17 April 2025 + 1: Good Friday, the weekend and Easter Monday skipped.
        (date(2025, 4, 17), 1, date(2025, 4, 22)),
        # Tuesday 22 April 2025 - 1: back over Easter Monday, weekend, Good Friday.
        (date(2025, 4, 22), -1, date(2025, 4, 17)),
        # Friday 24 December 2021 + 1: 25-28 December all off (weekend then two substitutes).
        (date(2021, 12, 24), 1, date(2021, 12, 29)),
        # From a Saturday, the first working day after is Monday; the start is never counted.
        (date(2025, 6, 14), 1, date(2025, 6, 16)),
        (date(2025, 6, 14), 0, date(2025, 6, 14)),
        # Ten working days from Monday 18 August 2025 cross the August bank holiday (25th):
        # 19,20,21,22 (4), 26,27,28,29 (8), 1 Sep (9), 2 Sep (10).
        (date(2025, 8, 18), 10, date(2025, 9, 2)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert ENG.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 6, 4), date(2025, 6, 12), 5),  # Wed to Thu next week: 5,6,9,10,11
        (date(2025, 6, 11), date(2025, 6, 12), 0),  # adjacent days: nothing between
        (date(2025, 6, 12), date(2025, 6, 12), 0),
        (date(2025, 6, 12), date(2025, 6, 4), 0),  # reversed: nothing between
        # Monday 14 April to Thursday 24 April 2025: 15,16,17, 22,23 (Easter skipped).
        (date(2025, 4, 14), date(2025, 4, 24), 5),
        # Calendar year 2025 has 261 weekdays and 8 weekday bank holidays in England.
        (date(2024, 12, 31), date(2026, 1, 1), 253),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert ENG.working_days_between(start, end) == expected


def test_working_days_between_counts_closures() -> None:
    cal = WorkingCalendar("ENG", closures={date(2025, 6, 10), date(2025, 6, 14)})
    # 10 June (a Tuesday) is lost; 14 June is a Saturday and was never counted.
    assert cal.working_days_between(date(2025, 6, 4), date(2025, 6, 12)) == 4


def test_long_spans_count_every_year() -> None:
    # Forty years: weekdays less England's bank holidays, counted without a day-by-day loop.
    days = ENG.working_days_between(date(2000, 1, 1), date(2040, 1, 1))
    slow = sum(
        1
        for n in range(1, (date(2040, 1, 1) - date(2000, 1, 1)).days)
        if ENG.is_working_day(date(2000, 1, 1) + timedelta(days=n))
    )
    assert days == slow
