"""Model-level guard: nothing that makes up signed minutes changes, whoever saves it.

The numbered minutes are ``decisions.MinuteItem`` rows (another app's model), so the
guard is a ``pre_save``/``pre_delete`` receiver rather than a ``save`` override. It also
covers the motions, votes and attendance the minutes record. The only ways past it:
:func:`correcting`, used by ``minutes.services.correct_minutes``, which writes a new
version with its reason in the same transaction; and a change of a minute's exempt
state alone (Schedule 12A: a later exemption withdraws the public copies and leaves
the signed text as it was, ``minutebook.derived.exempt``). The database triggers
(migration ``0004_immutable_triggers``) refuse the same, whoever connects.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from minutebook.attendance.models import Attendance
from minutebook.minutes.models import Minutes, MinutesLocked, MinutesState, Motion, RecordedVote

_correcting: contextvars.ContextVar[bool] = contextvars.ContextVar("correcting", default=False)


@contextmanager
def correcting() -> Iterator[None]:
    """Let a correction through the guard (the service records it as a new version)."""
    token = _correcting.set(True)
    try:
        yield
    finally:
        _correcting.reset(token)


def _meeting_id(instance: Any) -> int | None:
    if isinstance(instance, RecordedVote):
        instance = Motion.objects.filter(pk=instance.motion_id).first() or instance.motion
    if isinstance(instance, Motion):
        from minutebook.decisions.models import MinuteItem

        return (
            MinuteItem.officer_objects.filter(pk=instance.minute_item_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    return getattr(instance, "meeting_id", None)


def check_not_signed(instance: Any) -> None:
    """Raise ``MinutesLocked`` if ``instance`` belongs to confirmed or locked minutes."""
    if _correcting.get():
        return
    meeting_id = _meeting_id(instance)
    if meeting_id is None:
        return
    state = Minutes.objects.filter(meeting_id=meeting_id).values_list("state", flat=True).first()
    if state in (MinutesState.CONFIRMED, MinutesState.LOCKED):
        label = "locked" if state == MinutesState.LOCKED else "confirmed and signed"
        raise MinutesLocked(
            f"The minutes of this meeting are {label}: they cannot be edited. "
            "Record a correction instead; it becomes a new version with its reason."
        )


def _guarded_senders() -> list[Any]:
    from minutebook.decisions.models import MinuteItem

    return [MinuteItem, Motion, RecordedVote, Attendance]


def _only_exempt_state(instance: Any) -> bool:
    """A saved minute whose only changes are to its exempt state (allowed once signed)."""
    from minutebook.decisions.models import EXEMPT_FIELDS, MinuteItem

    if not isinstance(instance, MinuteItem) or instance.pk is None:
        return False
    stored = MinuteItem._base_manager.filter(pk=instance.pk).values().first()
    if stored is None:
        return False
    return all(
        f.name in EXEMPT_FIELDS or getattr(instance, f.attname) == stored[f.attname]
        for f in MinuteItem._meta.concrete_fields
    )


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or _only_exempt_state(instance):  # loading fixtures; exempt state
        return
    check_not_signed(instance)


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    check_not_signed(instance)


for _model in _guarded_senders():
    receiver(pre_save, sender=_model, dispatch_uid=f"minutes-guard-save-{_model.__name__}")(
        _on_save
    )
    receiver(pre_delete, sender=_model, dispatch_uid=f"minutes-guard-del-{_model.__name__}")(
        _on_delete
    )


#: What may change on a Document that is a signed copy of the minutes: its exempt state
#: and withdrawal (a later exemption withdraws it), and its meeting, cleared when a
#: correction or redaction makes a newer version current (``packs.services._switch``).
SIGNED_COPY_WRITABLE = frozenset(
    {
        "is_exempt",
        "exempt_paragraphs",
        "public_interest_reason",
        "withdrawn_at",
        "withdrawn_reason",
        "modified",
    }
)


def check_signed_copy(document: Any) -> None:
    """Raise ``MinutesLocked`` for a change to a signed copy's file, hash, text or version."""
    from minutebook.documents.models import Document
    from minutebook.minutes.models import SignedCopy

    if document.pk is None or not SignedCopy.objects.filter(document_id=document.pk).exists():
        return
    stored = Document._base_manager.filter(pk=document.pk).values().first()
    if stored is None:
        return
    for f in Document._meta.concrete_fields:
        new, old = getattr(document, f.attname), stored[f.attname]
        if f.name == "file":
            new = getattr(new, "name", new) or ""
        if new == old or f.name in SIGNED_COPY_WRITABLE:
            continue
        if f.name == "meeting" and new is None:
            continue
        raise MinutesLocked(
            f"“{stored['title']}” is a signed copy of the minutes: its {f.verbose_name} cannot "
            "change. A correction of the minutes publishes a new version and keeps this one."
        )


def _on_document_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        check_signed_copy(instance)


def _on_document_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    from minutebook.minutes.models import SignedCopy

    if SignedCopy.objects.filter(document_id=instance.pk).exists():
        raise MinutesLocked(f"“{instance}” is a signed copy of the minutes: it is kept.")


def connect_document_guard() -> None:
    from minutebook.documents.models import Document

    pre_save.connect(_on_document_save, sender=Document, dispatch_uid="minutes-signed-copy-save")
    pre_delete.connect(
        _on_document_delete, sender=Document, dispatch_uid="minutes-signed-copy-delete"
    )


connect_document_guard()
