"""The public search's date filters as GOV.UK date inputs (day, month, year), and
its page number kept within the results.

A date is read from ``from-day``, ``from-month`` and ``from-year`` (``to-...`` alike);
an older link's ``from=2025-01-31`` still works. The error messages follow the GOV.UK
date input pattern: say which part is missing, or that the date is not a real one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import QueryDict

PARTS = ("day", "month", "year")


@dataclass
class DateInput:
    name: str
    label: str
    day: str = ""
    month: str = ""
    year: str = ""
    value: dt.date | None = None
    error: str = ""
    #: The parts to mark as wrong (all three when the date as a whole is wrong).
    wrong: set[str] = field(default_factory=set)

    @property
    def given(self) -> bool:
        return bool(self.day or self.month or self.year)

    @property
    def parts(self) -> list[tuple[str, str, str, bool]]:
        """(part, label, value, wrong) for the template's three inputs."""
        return [
            (
                p,
                p.capitalize(),
                getattr(self, p),
                p in self.wrong or (not self.wrong and bool(self.error)),
            )
            for p in PARTS
        ]


def read_date(query: QueryDict, name: str, label: str) -> DateInput:
    """The date the visitor gave as ``name`` (none given: no filter and no error)."""
    got = DateInput(name, label, *(query.get(f"{name}-{p}", "").strip()[:10] for p in PARTS))
    legacy = query.get(name, "").strip()
    if not got.given and legacy:
        try:
            day = dt.date.fromisoformat(legacy)
        except ValueError:
            got.error = f"{label} must be a real date, for example 27 3 2025"
            got.wrong = set(PARTS)
            return got
        got.day, got.month, got.year, got.value = str(day.day), str(day.month), str(day.year), day
        return got
    if not got.given:
        return got
    missing = [p for p in PARTS if not getattr(got, p)]
    if missing:
        got.error = f"{label} must include a {' and '.join(missing)}"
        got.wrong = set(missing)
        return got
    if not all(getattr(got, p).isdigit() for p in PARTS):
        got.error = f"{label} must be a real date, for example 27 3 2025"
        got.wrong = {p for p in PARTS if not getattr(got, p).isdigit()}
        return got
    if len(got.year) != 4:
        got.error = "Year must include 4 numbers"
        got.wrong = {"year"}
        return got
    try:
        got.value = dt.date(int(got.year), int(got.month), int(got.day))
    except ValueError:
        got.error = f"{label} must be a real date, for example 27 3 2025"
        got.wrong = set(PARTS)
    return got


def date_filters(query: QueryDict) -> tuple[DateInput, DateInput, dict[str, str]]:
    """The from and to dates and their errors, keyed by the id of the input to fix."""
    start = read_date(query, "from", "The from date")
    end = read_date(query, "to", "The to date")
    errors = {}
    for got in (start, end):
        if got.error:
            first = next(p for p in PARTS if p in got.wrong) if got.wrong else "day"
            errors[f"{got.name}-{first}"] = got.error
    if start.value and end.value and end.value < start.value:
        end.error = "The to date must be the same as or after the from date"
        end.wrong = set(PARTS)
        end.value = None
        errors["to-day"] = end.error
    return start, end, errors


def last_page(page: int, pages: int) -> int | None:
    """The page to send a visitor to when they asked past the last one (else ``None``)."""
    last = max(pages, 1)
    return last if page > last else None
