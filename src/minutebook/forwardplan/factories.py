"""Factories for forward plan entries (deterministic sequences)."""

from __future__ import annotations

import datetime as dt

import factory

from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.forwardplan.models import Access, ForwardPlanEntry


class ForwardPlanEntryFactory(MinutebookFactory):
    class Meta:
        model = ForwardPlanEntry

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Forward plan matter {n}")
    key_decision = True
    access = Access.OPEN
    decision_date = factory.Sequence(lambda n: dt.date(2025, 3, 1) + dt.timedelta(weeks=n))
    first_published = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(weeks=n))
    decision_maker_text = "Cabinet"
