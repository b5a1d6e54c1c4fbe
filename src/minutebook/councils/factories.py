"""Factories for tests and the demo. Deterministic: sequences, no random data.

``MinutebookFactory`` creates through ``officer_objects`` where a model has it,
so ``django_get_or_create`` also finds exempt rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.db import models

from minutebook.councils.models import ClosureDay, Council


class MinutebookFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class: type[models.Model]) -> Any:
        manager = getattr(model_class, "officer_objects", None)
        if manager is None:
            return super()._get_manager(model_class)
        if cls._meta.database != "default":
            manager = manager.db_manager(cls._meta.database)
        return manager


class CouncilFactory(MinutebookFactory):
    class Meta:
        model = Council
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Example District Council {n}")
    slug = factory.Sequence(lambda n: f"example-{n}")
    short_name = factory.Sequence(lambda n: f"Example {n}")
    contact_email = "democratic.services@example.gov.uk"


class ClosureDayFactory(MinutebookFactory):
    class Meta:
        model = ClosureDay

    council = factory.SubFactory(CouncilFactory)
    date = factory.Sequence(lambda n: dt.date(2025, 12, 29) + dt.timedelta(days=n))
    reason = "Office closure"
