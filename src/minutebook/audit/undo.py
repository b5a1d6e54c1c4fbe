"""Undo one recorded change: put back the values an ``updated`` event kept as "before".

The trail keeps the changed fields' values before and after each save
(``audit.recorder``), so a change can be reversed by saving the "before" values again,
which is itself a new event (the trail is never rewritten). Only a plain edit is undone
here: publication, exemption and state changes have their own workflow steps and
safeguards (LGA 1972 s100B, Schedule 12A) and are refused, as is a change whose fields
were changed again since (undo the later change first).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from minutebook.audit.context import acting
from minutebook.audit.models import AuditEvent
from minutebook.audit.recorder import snapshot

#: Fields an undo never writes: derived on save, or changed only by a workflow step.
NEVER_UNDONE = frozenset(
    {
        "id",
        "created",
        "modified",
        "date",
        "slug",
        "published_at",
        "published_by_id",
        "state",
        "is_exempt",
        "exempt_paragraphs",
        "public_interest_reason",
        "council_id",
    }
)


class UndoRefused(Exception):
    """Why a change cannot be undone, in a sentence for the officer."""


def undoable_fields(event: AuditEvent) -> list[str]:
    """The fields an undo of ``event`` would put back (empty: it cannot be undone)."""
    if event.action != "updated" or not isinstance(event.before, dict):
        return []
    fields = list(event.changed_fields or event.before)
    if any(name in NEVER_UNDONE for name in fields):
        return []
    return fields


def plan_undo(event: AuditEvent, current: dict[str, Any]) -> dict[str, Any]:
    """The values to write to undo ``event``, given the record's ``current`` snapshot.

    Raises :class:`UndoRefused` for a workflow step or a change overtaken by a later one.
    """
    fields = undoable_fields(event)
    if not fields:
        raise UndoRefused(
            "Only an edit can be undone here: publication, exemption, state changes, "
            "creation and deletion have their own steps."
        )
    after = event.after or {}
    moved = [name for name in fields if current.get(name) != after.get(name)]
    if moved:
        names = ", ".join(name.removesuffix("_id").replace("_", " ") for name in moved)
        raise UndoRefused(
            f"The {names} changed again after this change: undo the later change first."
        )
    return {name: event.before[name] for name in fields}  # type: ignore[index]


@transaction.atomic
def undo(event: AuditEvent, instance: models.Model, *, by: Any = None) -> models.Model:
    """Write back the values ``event`` changed, recorded as a new event with its reason."""
    changes = plan_undo(event, snapshot(instance))
    opts = instance._meta
    for attname, value in changes.items():
        field = opts.get_field(attname)
        setattr(instance, field.attname, field.to_python(value) if value is not None else None)
    try:
        instance.full_clean(
            exclude=[f.name for f in opts.concrete_fields if f.attname not in changes]
        )
    except Exception as error:  # ValidationError: the old values no longer fit
        messages = getattr(error, "messages", [str(error)])
        raise UndoRefused("The earlier values no longer fit: " + " ".join(messages)) from error
    with acting(by, reason=f"Undo of change #{event.seq}"):
        instance.save()
    return instance
