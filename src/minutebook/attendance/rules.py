"""What the attendance register may record before a meeting has happened.

The register is part of the record of the meeting (the names of those present are
recorded under LGA 1972 Sch 12 para 40, and a member's attendance counts towards the
six-month rule of s85). Nobody can be present or absent at a meeting that has not
started, so those marks wait for the meeting; apologies are sent beforehand and may be
recorded at any time. A substitution's notice is received before it is recorded.
"""

from __future__ import annotations

import datetime as dt

from minutebook.attendance.models import AttendanceStatus


def too_early(status: str, meeting_start: dt.datetime, now: dt.datetime) -> str | None:
    """Why ``status`` cannot be recorded yet for a meeting starting at ``meeting_start``."""
    if status != AttendanceStatus.APOLOGIES and meeting_start > now:
        return (
            "The meeting has not started: record who is present or absent on the day. "
            "Apologies can be recorded now."
        )
    return None


def notice_in_the_future(received: dt.datetime, now: dt.datetime) -> str | None:
    """Why a substitution's notice cannot have been received at ``received``."""
    if received > now:
        return "The notice cannot have been received in the future: give when it came in."
    return None
