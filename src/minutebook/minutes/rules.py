"""What the minutes may record: times that have passed, in order.

Minutes record what happened at a meeting, and are signed by the person presiding at
the meeting that approves them (LGA 1972 Sch 12 para 41(1)). A signature, or an
opening or closing time, dated later than now has not happened: it is a typing error,
and signed minutes are fixed once written (docs/minutes.md), so it is refused at entry.
"""

from __future__ import annotations

import datetime as dt


def in_the_future(moment: dt.datetime, now: dt.datetime, what: str) -> str | None:
    """Why ``moment`` cannot be when ``what`` happened (None if it can)."""
    if moment > now:
        return f"The {what} cannot be in the future: record it once it has happened."
    return None


def out_of_order(opened: dt.datetime | None, closed: dt.datetime | None) -> str | None:
    """Why a meeting cannot have closed at ``closed`` (None if it can)."""
    if opened and closed and closed < opened:
        return "The meeting cannot close before it opened."
    return None
