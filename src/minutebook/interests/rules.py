"""The statutory time limits of the interests regime, as pure functions (no Django).

- Localism Act 2011 s30(1): a member notifies the monitoring officer of their
  disclosable pecuniary interests "before the end of 28 days beginning with the day on
  which the person becomes a member". The same 28 days are used for an interest that
  arises later (the codes of conduct adopted under s27 ask for it "within 28 days").
- s33(3): a dispensation "must specify the period for which it has effect, and the
  period specified may not exceed four years".
"""

from __future__ import annotations

import datetime as dt

from minutebook.clock import within_days_beginning_with

#: Localism Act 2011 s30(1): "before the end of 28 days beginning with" taking office.
REGISTRATION_DAYS = 28
#: Localism Act 2011 s33(3): a dispensation may last no longer than four years.
DISPENSATION_MAX_YEARS = 4


def registration_deadline(took_office: dt.date, arose_on: dt.date | None = None) -> dt.date:
    """Last day to register an interest: 28 days beginning with taking office (s30(1)).

    An interest that arose after the member took office runs from the day it arose.
    """
    start = arose_on if arose_on is not None and arose_on > took_office else took_office
    return within_days_beginning_with(start, REGISTRATION_DAYS)


def is_late_registration(
    notified_on: dt.date, took_office: dt.date, arose_on: dt.date | None = None
) -> bool:
    """Whether the monitoring officer was notified after s30(1)'s 28 days had run out."""
    return notified_on > registration_deadline(took_office, arose_on)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, month=3, day=1)


def dispensation_latest_end(valid_from: dt.date) -> dt.date:
    """The last day a dispensation starting on ``valid_from`` may run to (four years, s33(3))."""
    return _add_years(valid_from, DISPENSATION_MAX_YEARS) - dt.timedelta(days=1)


def dispensation_period_error(valid_from: dt.date, valid_to: dt.date | None) -> str | None:
    """Why the period is not allowed by s33(3), or None when it is."""
    if valid_to is None:
        return (
            "Give the date the dispensation ends: the Localism Act 2011 s33(3) requires a "
            "period, of at most four years."
        )
    if valid_to < valid_from:
        return "The dispensation cannot end before it starts."
    latest = dispensation_latest_end(valid_from)
    if valid_to > latest:
        return (
            f"A dispensation may not last more than four years (Localism Act 2011 s33(3)): "
            f"starting on {valid_from.day} {valid_from:%B %Y} it must end by "
            f"{latest.day} {latest:%B %Y}."
        )
    return None
