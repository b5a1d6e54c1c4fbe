"""Factories for plans: a plan with the BRAG vocabulary, and items under it."""

from __future__ import annotations

import factory

from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.plans.models import ItemLevel, Plan, PlanItem, PlanKind, StatusOption


class PlanFactory(MinutebookFactory):
    class Meta:
        model = Plan

    council = factory.SubFactory(CouncilFactory)
    kind = PlanKind.WRITTEN_STATEMENT
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    slug = factory.Sequence(lambda n: f"improvement-plan-{n}")
    is_published = True


class StatusOptionFactory(MinutebookFactory):
    class Meta:
        model = StatusOption

    plan = factory.SubFactory(PlanFactory)
    label = factory.Sequence(lambda n: f"Status {n}")
    category = "on_track"
    order = factory.Sequence(lambda n: n)


class PlanItemFactory(MinutebookFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    level = ItemLevel.ACTION
    title = factory.Sequence(lambda n: f"Action {n}")
    order = factory.Sequence(lambda n: n + 1)
