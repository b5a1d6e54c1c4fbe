"""Model-level guard: nothing that makes up signed minutes changes, whoever saves it.

The numbered minutes are ``decisions.MinuteItem`` rows (another app's model), so the
guard is a ``pre_save``/``pre_delete`` receiver rather than a ``save`` override. It also
covers the motions, votes and attendance the minutes record. The only way past it is
:func:`correcting`, used by ``minutes.services.correct_minutes``, which writes a new
version with its reason in the same transaction.
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


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures
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
