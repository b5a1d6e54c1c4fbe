"""Notices of motion for full council, and when councillors' business for a meeting closes.

A council's procedure rules let a councillor move a motion at full council on written
notice given by a deadline before the meeting (``Council.notice_of_motion_deadline_rule``,
evaluated by the statutory clock with the council's bank holidays and closures), as
councillors' questions close at ``councillor_question_deadline_rule``. Both are shown
before anyone types, and a form past its deadline names the next meeting still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from minutebook.clock import deadline_at
from minutebook.committees.models import CommitteeKind
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.meetings.services import council_clock
from minutebook.participation.models import NoticeOfMotion
from minutebook.participation.services import (
    COUNCILLOR_RULE,
    ParticipationError,
    _check_meeting_open,
    deadline_for,
    describe_deadline,
    takes_kind,
)
from minutebook.people.models import Person, PersonKind

#: Meetings still to be held that may take business.
_OPEN = (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED)


def motion_deadline(meeting: Meeting) -> dt.datetime:
    """When notices of motion for this meeting close, by the council's rule."""
    council = meeting.committee.council
    rules, cal = council_clock(council)
    return deadline_at(
        council.notice_of_motion_deadline_rule, meeting.start, cal, rules.agenda_clear_days
    )


def question_deadline(meeting: Meeting) -> dt.datetime:
    return deadline_for(meeting, COUNCILLOR_RULE)


def takes_motions(meeting: Meeting) -> bool:
    return meeting.committee.kind == CommitteeKind.FULL_COUNCIL


@dataclass(frozen=True)
class Window:
    """A meeting's window for one kind of business: its deadline and whether it is open."""

    meeting: Meeting
    deadline: dt.datetime
    is_open: bool

    @property
    def deadline_text(self) -> str:
        return describe_deadline(self.deadline)


def window(
    meeting: Meeting, deadline: Callable[[Meeting], dt.datetime], at: dt.datetime | None = None
) -> Window:
    close = deadline(meeting)
    now = at or timezone.now()
    return Window(meeting, close, meeting.state in _OPEN and now <= close)


def upcoming(council_id: int, kind: str, at: dt.datetime | None = None) -> list[Window]:
    """Meetings to come taking ``kind`` ("question" or "motion"), with their deadlines."""
    now = at or timezone.now()
    meetings = (
        Meeting.objects.filter(committee__council_id=council_id, start__gt=now, state__in=_OPEN)
        .select_related("committee__council")
        .order_by("start")[:60]
    )
    if kind == "motion":
        return [window(m, motion_deadline, now) for m in meetings if takes_motions(m)]
    return [window(m, question_deadline, now) for m in meetings if takes_kind(m, "councillor")]


def next_open(meeting: Meeting, kind: str, at: dt.datetime | None = None) -> Window | None:
    """The next meeting after ``meeting`` still taking ``kind``: the same body for questions."""
    for row in upcoming(meeting.committee.council_id, kind, at):
        same_body = kind == "motion" or row.meeting.committee_id == meeting.committee_id
        if row.is_open and row.meeting.pk != meeting.pk and same_body:
            return row
    return None


def _check_councillor(person: Person | None, council_id: int, what: str) -> None:
    if person is None:
        return
    if person.council_id != council_id or person.kind != PersonKind.COUNCILLOR:
        raise ParticipationError(f"The {what} must be a councillor of this council.")


def submit_motion(
    meeting: Meeting,
    *,
    mover: Person,
    text: str,
    seconder: Person | None = None,
    entered_by: Any = None,
    at: dt.datetime | None = None,
) -> NoticeOfMotion:
    """Record a notice of motion for full council, refused after the council's deadline."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update()
            .select_related("committee__council")
            .get(pk=meeting.pk)
        )
        _check_meeting_open(locked)
        if not takes_motions(locked):
            raise ParticipationError("Notices of motion are for meetings of full council.")
        council_id = locked.committee.council_id
        _check_councillor(mover, council_id, "mover")
        _check_councillor(seconder, council_id, "seconder")
        if seconder is not None and seconder.pk == mover.pk:
            raise ParticipationError("The seconder is another councillor.", field="seconder")
        if not text.strip():
            raise ParticipationError("Enter the motion.", field="text")
        deadline = motion_deadline(locked)
        if at > deadline:
            raise ParticipationError(
                f"Notices of motion for this meeting closed at {describe_deadline(deadline)}."
            )
        return NoticeOfMotion.objects.create(
            meeting=locked,
            mover=mover,
            seconder=seconder,
            text=text.strip(),
            received_at=at,
            entered_by=entered_by if getattr(entered_by, "pk", None) else None,
        )
