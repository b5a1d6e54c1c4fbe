"""Withdraw or delete a meeting or agenda item created in error.

Once the public has seen a thing it stays in the record: a published agenda was open
to inspection (LGA 1972 s100B(1)) and copies of it are held by others, so a published
meeting or item is *withdrawn*, never deleted: it is still listed, marked "Withdrawn",
without its papers, and the agenda pack is rebuilt that way by the worker (the save
marks the pack stale, ``minutebook.derived``). A thing never published may be deleted;
its creation and deletion stay in the audit trail.

A withdrawal made in error is undone by *reinstating* (before the meeting is held): the item
or meeting is listed again with its papers, each save re-deciding what the public sees
(search, the OParl API), and the worker rebuilds the agenda pack with them. The withdrawn
pack copies stay withdrawn; the rebuild is a new version. Both steps stay in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from minutebook.audit.context import acting
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.meetings.services import WorkflowError, renumber


def _reason(
    reason: str,
    missing: str = "Give the reason for the withdrawal; it is shown with the record.",
) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(missing)
    return reason


def _check_not_held(meeting: Meeting, what: str) -> None:
    if meeting.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED):
        raise WorkflowError(
            f"The meeting has been held: {what} is part of its record. Correct the minutes instead."
        )


def item_published(item: AgendaItem) -> bool:
    """Whether the public has seen the item: on a published agenda, or in a supplement."""
    meeting = item.meeting
    return bool(meeting.is_imported or meeting.published_at or item.published_at)


def meeting_published(meeting: Meeting) -> bool:
    """Whether the public has seen the meeting's agenda (an imported one was published)."""
    return bool(meeting.is_imported or meeting.published_at)


@transaction.atomic
def withdraw_item(item: AgendaItem, *, reason: str, by: Any = None) -> AgendaItem:
    """Mark ``item`` (and its sub-items) withdrawn; it stays on the agenda so marked."""
    reason = _reason(reason)
    if item.withdrawn_at is not None:
        raise WorkflowError("The item is already withdrawn.")
    _check_not_held(item.meeting, "the item")
    now = timezone.now()
    with acting(by, reason=f"Withdrawn: {reason}"):
        for row in [item, *AgendaItem.public_objects.filter(parent=item, withdrawn_at=None)]:
            row.withdrawn_at = now
            row.withdrawal_reason = reason
            row.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    return item


@transaction.atomic
def delete_item(item: AgendaItem, *, by: Any = None) -> None:
    """Delete an item never published (with its sub-items) and renumber the agenda."""
    if item_published(item):
        raise WorkflowError(
            "The item has been published: withdraw it instead, so the record shows it."
        )
    meeting = item.meeting
    with acting(by, reason="Deleted: created in error"):
        for row in AgendaItem.public_objects.filter(parent=item):
            row.delete()
        item.delete()
        renumber(meeting)


@transaction.atomic
def withdraw_meeting(meeting: Meeting, *, reason: str, by: Any = None) -> Meeting:
    """Mark ``meeting`` withdrawn: listed as such, its pack rebuilt with that notice."""
    reason = _reason(reason)
    if meeting.withdrawn_at is not None:
        raise WorkflowError("The meeting is already withdrawn.")
    _check_not_held(meeting, "the meeting")
    with acting(by, reason=f"Withdrawn: {reason}"):
        meeting.withdrawn_at = timezone.now()
        meeting.withdrawal_reason = reason
        meeting.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    return meeting


def delete_meeting(meeting: Meeting, *, by: Any = None) -> None:
    """Delete a meeting never published, with its agenda; refused once published."""
    if meeting_published(meeting):
        raise WorkflowError(
            "The agenda has been published: withdraw the meeting instead, so the record shows it."
        )
    try:
        with transaction.atomic(), acting(by, reason="Deleted: created in error"):
            for item in AgendaItem.public_objects.filter(meeting=meeting).order_by("-order"):
                item.delete()
            meeting.delete()
    except (ProtectedError, IntegrityError) as error:
        raise WorkflowError(
            "Other records point to this meeting (decisions, minutes or questions): withdraw "
            "it instead."
        ) from error


_REINSTATE_REASON = "Give the reason for reinstating; it is kept in the history."


@transaction.atomic
def reinstate_item(item: AgendaItem, *, reason: str, by: Any = None) -> AgendaItem:
    """Undo ``withdraw_item``: the item, and the sub-items withdrawn with it, are back on
    the agenda with their papers.

    The item was on the agenda open to inspection since its publication (LGA 1972
    s100B(1), (4)(a)), so the public had its notice: it needs none of the urgency that
    s100B(4)(b) asks of an item added late."""
    reason = _reason(reason, _REINSTATE_REASON)
    if item.withdrawn_at is None:
        raise WorkflowError("The item is not withdrawn.")
    meeting = item.meeting
    if meeting.withdrawn_at is not None:
        raise WorkflowError("The meeting is withdrawn: reinstate the meeting first.")
    parent = item.parent
    if parent is not None and parent.withdrawn_at is not None:
        raise WorkflowError(f"Item {parent.number} is withdrawn: reinstate it first.")
    _check_not_held(meeting, "the item")
    when = item.withdrawn_at
    with acting(by, reason=f"Reinstated: {reason}"):
        for row in [item, *AgendaItem.public_objects.filter(parent=item, withdrawn_at=when)]:
            row.withdrawn_at = None
            row.withdrawal_reason = ""
            row.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    return item


@transaction.atomic
def reinstate_meeting(meeting: Meeting, *, reason: str, by: Any = None) -> Meeting:
    """Undo ``withdraw_meeting``: the meeting is listed again with its agenda and papers
    (items withdrawn on their own stay withdrawn)."""
    reason = _reason(reason, _REINSTATE_REASON)
    if meeting.withdrawn_at is None:
        raise WorkflowError("The meeting is not withdrawn.")
    _check_not_held(meeting, "the meeting")
    with acting(by, reason=f"Reinstated: {reason}"):
        meeting.withdrawn_at = None
        meeting.withdrawal_reason = ""
        meeting.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        # Each item's save re-decides what of it the public sees again (its report, files
        # and consultation in the API; the search index; the pack's sources).
        for item in AgendaItem.public_objects.filter(meeting=meeting, withdrawn_at=None):
            item.save(update_fields=["modified"])
    return meeting
