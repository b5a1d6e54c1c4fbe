"""A working-day calendar: weekends, bank holidays for one UK nation, and council closures.

Statutory "clear days" for agendas skip the days a council's offices are shut (R v Swansea
City Council ex p Elitestone (1993)), so every deadline depends on which days are working
days. Bank holidays differ between the nations of the UK (Easter Monday is not one in
Scotland, St Andrew's Day is), hence the region; closures (the days between Christmas and
New Year, say) are each council's own and arrive as data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

#: Regions understood by ``holidays.country_holidays("GB", subdiv=...)``.
REGIONS = ("ENG", "WLS", "SCT", "NIR")

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=512)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """Bank holidays of ``region`` in ``year``, cached because the library builds them slowly.

    ``subdiv`` matters: without it the library gives only the UK-wide days and misses, in
    England and Wales, Easter Monday and the August bank holiday.
    """
    table = holidays.country_holidays("GB", subdiv=region, years=year)
    return frozenset(day for day in table if day.year == year)


class WorkingCalendar:
    """Which days are working days for one council: Monday to Friday, less holidays and closures."""

    __slots__ = ("closures", "region")

    def __init__(self, region: str = "ENG", closures: Iterable[date] = frozenset()) -> None:
        if region not in REGIONS:
            raise ValueError(
                f"Unknown bank holiday region {region!r}: expected one of {', '.join(REGIONS)}."
            )
        self.region = region
        self.closures: frozenset[date] = frozenset(closures)

    def __repr__(self) -> str:
        return f"WorkingCalendar(region={self.region!r}, closures={len(self.closures)} days)"

    def is_bank_holiday(self, day: date) -> bool:
        return day in bank_holidays(self.region, day.year)

    def is_working_day(self, day: date) -> bool:
        """True on a weekday that is neither a bank holiday nor a council closure day."""
        return (
            day.weekday() < 5
            and day not in bank_holidays(self.region, day.year)
            and day not in self.closures
        )

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

        ``day`` itself is never counted, whether or not it is a working day; ``n == 0``
        returns ``day`` unchanged.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self.add_working_days(day, -1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days strictly between ``start`` and ``end`` (both excluded): "clear" days.

        Counted arithmetically (weekdays in the span, less holidays and closures falling on
        weekdays), so long spans cost no more than short ones. Zero when ``end`` is not
        after the day following ``start``.
        """
        first, last = start + _ONE_DAY, end - _ONE_DAY
        if last < first:
            return 0
        span = (last - first).days + 1
        full_weeks, rest = divmod(span, 7)
        weekdays = full_weeks * 5
        weekday = first.weekday()
        for offset in range(rest):
            if (weekday + offset) % 7 < 5:
                weekdays += 1
        off = set(self.closures)
        for year in range(first.year, last.year + 1):
            off |= bank_holidays(self.region, year)
        not_working = sum(1 for day in off if first <= day <= last and day.weekday() < 5)
        return weekdays - not_working
