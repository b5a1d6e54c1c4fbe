"""Checks on plan items: dates in order, and the risks to flag.

A risk is scored likelihood x impact, each 1 to 5 (the 5 x 5 matrix of the Orange Book,
HM Treasury's guidance on the management of risk, which councils follow). A score of
:data:`SEVERE_SCORE` or more is in the top band of every such matrix (5 x 4 and above):
such a risk is flagged wherever the plan is shown, whatever bands the council set, so it
reaches the committee that monitors the plan.
"""

from __future__ import annotations

import datetime as dt

#: The score from which a risk is flagged on the plan pages.
SEVERE_SCORE = 20


def dates_out_of_order(start: dt.date | None, end: dt.date | None) -> str | None:
    """Why an item cannot run from ``start`` to ``end`` (None if it can)."""
    if start and end and end < start:
        return "The end date must be on or after the start date."
    return None


def is_severe(score: int | None) -> bool:
    """Whether a risk score is flagged (:data:`SEVERE_SCORE` or more)."""
    return score is not None and score >= SEVERE_SCORE
