"""Dates of steps that have happened, on the forward plan's exception records.

Under the Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012 (SI 2012/2089) the record of a general exception
says when the scrutiny chair was told and the notice made public (reg 10(2)-(3)), that
of special urgency when the chair agreed (reg 11), and the leader's report to council
when it was made (reg 19). Each is a step already taken, so a date in the future is a
typing error, which would also start reg 10's five clear days from a day not yet come.
"""

from __future__ import annotations

import datetime as dt


def in_the_future(day: dt.date, today: dt.date, what: str) -> str | None:
    """Why ``day`` cannot be the date of ``what``, a step already taken (None if it can)."""
    if day > today:
        return f"The {what} cannot be in the future: record it once it has happened."
    return None
