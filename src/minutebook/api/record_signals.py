"""Deleted markers for minutebook's own objects (``api.record``).

Before a watched row is saved or deleted, which record objects it makes public is asked
of ``RECORDS`` (the public rows); afterwards again. One that left public view (deleted,
withdrawn, its minute made exempt) gets a tombstone; one that came back loses it. A row
the public never saw leaves none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from minutebook.api.models import OParlType
from minutebook.api.record import RECORDS
from minutebook.api.signals import bury, unbury
from minutebook.decisions.models import MinuteItem
from minutebook.forwardplan.models import ForwardPlanEntry, ForwardPlanVersion
from minutebook.interests.models import EntryRecord
from minutebook.members.models import RegisterEntry
from minutebook.participation.models import CouncillorQuestion, PublicQuestion
from minutebook.plans.models import Plan
from minutebook.scrutiny.models import Action, WorkProgrammeItem

Affected = list[tuple[str, list[int]]]


def _own(kind: str) -> Callable[[Any], Affected]:
    return lambda row: [(kind, [row.pk])] if row.pk else []


def _minute_actions(row: Any) -> Affected:
    ids = Action.objects.filter(minute_item_id=row.pk).values_list("pk", flat=True)
    return [(OParlType.ACTION, list(ids))] if row.pk else []


#: Model -> the record objects a change to one of its rows may show or hide.
WATCHED: dict[type[Model], Callable[[Any], Affected]] = {
    ForwardPlanEntry: _own(OParlType.FORWARD_PLAN_ENTRY),
    PublicQuestion: _own(OParlType.PUBLIC_QUESTION),
    CouncillorQuestion: _own(OParlType.COUNCILLOR_QUESTION),
    RegisterEntry: _own(OParlType.REGISTER_ENTRY),
    EntryRecord: lambda row: [(OParlType.REGISTER_ENTRY, [row.entry_id])],
    ForwardPlanVersion: _own(OParlType.FORWARD_PLAN_VERSION),
    WorkProgrammeItem: _own(OParlType.WORK_PROGRAMME_ITEM),
    Action: _own(OParlType.ACTION),
    MinuteItem: _minute_actions,
    Plan: _own(OParlType.PLAN),
}


def visible(affected: Affected) -> dict[tuple[str, int], tuple[int, Any]]:
    """(kind, id) -> (council id, created) of each affected object the public sees."""
    found = {}
    for kind, ids in affected:
        spec = RECORDS[kind]
        created = spec.stamps[0]
        for pk, council_id, made in (
            spec.public().filter(pk__in=ids).values_list("pk", spec.council, created)
        ):
            found[(kind, pk)] = (council_id, made)
    return found


def before(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._record_affected, instance._record_seen = [], {}
        return
    affected = WATCHED[sender](instance)
    instance._record_affected = affected
    instance._record_seen = visible(affected)


def after(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    affected = getattr(instance, "_record_affected", None) or WATCHED[sender](instance)
    seen = getattr(instance, "_record_seen", {})
    now = visible(affected)
    for (kind, pk), (council_id, made) in seen.items():
        if (kind, pk) not in now:
            bury(council_id, kind, [pk], made)
    for kind, pk in now:
        unbury(kind, [pk])
    instance._record_affected, instance._record_seen = None, {}


def connect() -> None:
    for model in WATCHED:
        label = model._meta.label
        pre_save.connect(before, sender=model, dispatch_uid=f"record-before-save-{label}")
        pre_delete.connect(before, sender=model, dispatch_uid=f"record-before-delete-{label}")
        post_save.connect(after, sender=model, dispatch_uid=f"record-after-save-{label}")
        post_delete.connect(after, sender=model, dispatch_uid=f"record-after-delete-{label}")
