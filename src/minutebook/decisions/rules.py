"""Rules for recording what happened: dates not in the future, and who may call in.

Pure functions of loaded values (the forms and services share them), plus
:func:`decided_by`, the one query, which names the people who took a decision.

- A decision record, a call-in's receipt and scrutiny's outcome record events that
  have happened: the Local Authorities (Executive Arrangements) (Meetings and Access to
  Information) (England) Regulations 2012 (SI 2012/2089) reg 13 has the record written
  "as soon as reasonably practicable" *after* the decision, so a date in the future is
  a typing error.
- Call-in is scrutiny's check on the executive (Local Government Act 2000 s9F(2) and
  (4)); a member of the executive may not sit on an overview and scrutiny committee
  (s9FA(3)). So the person who took a decision, or a member of the body that took it,
  cannot sign a call-in of that decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from minutebook.decisions.models import Decision
    from minutebook.people.models import Person


def in_the_future(day: dt.date, today: dt.date, what: str) -> str | None:
    """Why ``day`` cannot be the date of ``what`` that has happened (None if it can)."""
    if day > today:
        return f"The {what} cannot be in the future: record it on or after the day it happens."
    return None


def decided_by(decision: Decision) -> set[int]:
    """Ids of the people who took ``decision``: the individual decision maker, and the
    members of the deciding body on the day of the decision."""
    from minutebook.committees.models import Membership

    people = {decision.decision_maker_person_id} if decision.decision_maker_person_id else set()
    if decision.decision_maker_id:
        day = decision.date
        current = (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
        people |= set(
            Membership.objects.filter(current, committee_id=decision.decision_maker_id).values_list(
                "person_id", flat=True
            )
        )
    return people


def own_decision_signatories(signatories: Iterable[Person], deciders: set[int]) -> str | None:
    """Why some signatories cannot call the decision in (None if all may)."""
    own = sorted(str(p) for p in signatories if p.pk in deciders)
    if not own:
        return None
    return (
        f"{', '.join(own)} took this decision (as the decision maker or a member of the body "
        "that made it), so cannot sign a call-in of it."
    )
