"""The scrutiny work programme and the action sheet, with the council's rules applied.

A refusal raises :class:`ScrutinyError` with a sentence for the officer; the views show
it in the form's error summary and save nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.decisions.models import MinuteItem
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.people.models import Person
from minutebook.scrutiny.models import (
    CLOSED_STATES,
    Action,
    ActionStatus,
    ScrutinySettings,
    WorkItemStatus,
    WorkProgrammeItem,
)


class ScrutinyError(Exception):
    """A step refused by the council's rules; the message is for the officer."""


def settings_for(council: Council) -> ScrutinySettings:
    settings, _ = ScrutinySettings.objects.get_or_create(council=council)
    return settings


def _lock(committee: Committee) -> None:
    list(Committee.objects.select_for_update().filter(pk=committee.pk).values_list("pk"))


# Work programme ------------------------------------------------------------------------


def _check_commission(committee: Committee, status: str, item: WorkProgrammeItem | None) -> None:
    """The council's "one commissioned piece of work at a time" rule, if it has it."""
    if status != WorkItemStatus.COMMISSIONED:
        return
    if not settings_for(committee.council).one_commissioned_at_a_time:
        return
    current = WorkProgrammeItem.objects.filter(
        committee=committee, status=WorkItemStatus.COMMISSIONED
    )
    if item is not None and item.pk is not None:
        current = current.exclude(pk=item.pk)
    other = current.first()
    if other is not None:
        raise ScrutinyError(
            f'"{other.subject}" is already commissioned, and {committee.council}\'s rules allow '
            f"{committee} one commissioned piece of work at a time. Complete, report or "
            "defer it before commissioning another."
        )


def _check_links(committee: Committee, data: dict[str, Any]) -> None:
    meeting = data.get("meeting")
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ScrutinyError("Choose a meeting of this committee.")
    for key in ("author", "portfolio_holder"):
        person = data.get(key)
        if person is not None and person.council_id != committee.council_id:
            raise ScrutinyError(f"{person.display_name} belongs to another council.")
    onward = data.get("onward_date")
    when = meeting.date if meeting is not None else data.get("meeting_date")
    if onward and when and onward < when:
        raise ScrutinyError("The onward date comes after the committee considers the item.")


WORK_FIELDS = (
    "meeting",
    "meeting_date",
    "subject",
    "description",
    "requested_by",
    "author",
    "author_text",
    "portfolio_holder",
    "portfolio_holder_text",
    "route_onward",
    "onward_date",
    "status",
    "notes",
)


@transaction.atomic
def add_work_item(committee: Committee, **data: Any) -> WorkProgrammeItem:
    _lock(committee)
    if not str(data.get("subject", "")).strip():
        raise ScrutinyError("Give the subject.")
    _check_links(committee, data)
    status = data.get("status") or WorkItemStatus.PROPOSED
    _check_commission(committee, status, None)
    number = (committee.work_programme.aggregate(top=Max("number"))["top"] or 0) + 1
    fields = {k: v for k, v in data.items() if k in WORK_FIELDS}
    fields["status"] = status
    return WorkProgrammeItem.objects.create(committee=committee, number=number, **fields)


@transaction.atomic
def update_work_item(item: WorkProgrammeItem, **data: Any) -> WorkProgrammeItem:
    committee = item.committee
    _lock(committee)
    merged = {name: getattr(item, name) for name in WORK_FIELDS} | data
    _check_links(committee, merged)
    _check_commission(committee, merged["status"], item)
    for key, value in data.items():
        if key in WORK_FIELDS:
            setattr(item, key, value)
    if item.meeting_id is None and "meeting" in data and data.get("meeting_date") is None:
        item.meeting_date = None
    item.save()
    return item


def work_programme(committee: Committee) -> dict[str, list[WorkProgrammeItem]]:
    items = list(
        WorkProgrammeItem.objects.filter(committee=committee)
        .select_related("meeting", "author", "portfolio_holder")
        .order_by("meeting_date", "number")
    )
    finished = {str(s) for s in (WorkItemStatus.COMPLETED, WorkItemStatus.WITHDRAWN)}
    return {
        "current": [i for i in items if i.status not in finished],
        "finished": [i for i in items if i.status in finished],
    }


# Action sheet --------------------------------------------------------------------------


def _minute_of(committee: Committee, number: int | None) -> MinuteItem | None:
    if number is None:
        return None
    minute = (
        MinuteItem.officer_objects.filter(committee=committee, number=number)
        .select_related("meeting")
        .first()
    )
    if minute is None:
        raise ScrutinyError(f"{committee} has no minute {number}.")
    return minute


@transaction.atomic
def raise_action(
    committee: Committee,
    *,
    text: str,
    minute_number: int | None = None,
    meeting: Meeting | None = None,
    owner: Person | None = None,
    owner_text: str = "",
    due: dt.date | None = None,
    reference: str = "",
) -> Action:
    """Raise an action from a minute (the usual way) or at a meeting."""
    _lock(committee)
    if not text.strip():
        raise ScrutinyError("Say what was agreed.")
    minute = _minute_of(committee, minute_number)
    if minute is not None:
        meeting = minute.meeting
    if meeting is None:
        raise ScrutinyError("Give the minute the action was raised under.")
    if meeting.committee_id != committee.pk:
        raise ScrutinyError("The meeting belongs to another committee.")
    if meeting.state == MeetingState.CANCELLED:
        raise ScrutinyError("The meeting was cancelled: nothing was agreed there.")
    if owner is not None and owner.council_id != committee.council_id:
        raise ScrutinyError(f"{owner.display_name} belongs to another council.")
    if owner is None and not owner_text.strip():
        raise ScrutinyError("Name the owner of the action.")
    if due is not None and due < meeting.date:
        raise ScrutinyError("The due date is before the meeting that raised the action.")
    number = (committee.actions.aggregate(top=Max("number"))["top"] or 0) + 1
    return Action.objects.create(
        committee=committee,
        number=number,
        meeting_raised=meeting,
        minute_item=minute,
        reference=reference or (f"{minute.printed_number or minute.number}" if minute else ""),
        text=text.strip(),
        owner=owner,
        owner_text=owner_text.strip(),
        due=due,
    )


@transaction.atomic
def update_action(
    action: Action,
    *,
    status: str,
    update: str = "",
    outcome: str = "",
    due: dt.date | None = None,
    owner: Person | None = None,
    owner_text: str | None = None,
    on: dt.date | None = None,
) -> Action:
    """Record progress; completing (or dropping) an action needs its outcome."""
    if status not in ActionStatus.values:
        raise ScrutinyError("Choose a status.")
    if status in CLOSED_STATES and not outcome.strip():
        raise ScrutinyError("Record the outcome: it is reported with the completed action.")
    if owner is not None and owner.council_id != action.committee.council_id:
        raise ScrutinyError(f"{owner.display_name} belongs to another council.")
    action.status = status
    action.update = update
    action.outcome = outcome
    action.due = due
    if owner is not None or owner_text is not None:
        action.owner = owner
        action.owner_text = owner_text or ""
    if status in CLOSED_STATES:
        action.completed = action.completed or on or timezone.localdate()
    else:
        action.completed = None
    action.save()
    return action


def _previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, start__lt=meeting.start)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("-start")
        .first()
    )


def action_sheet(meeting: Meeting, *, public: bool = False) -> dict[str, Any]:
    """The action sheet item of ``meeting``: actions raised at earlier meetings.

    Open actions are carried to every later meeting until completed; an action closed
    since the previous meeting is reported once, with its outcome, then leaves the
    sheet. Public callers never see an action raised under an exempt minute.
    """
    earlier = Action.objects.filter(
        committee_id=meeting.committee_id, meeting_raised__start__lt=meeting.start
    )
    if public:
        earlier = earlier.filter(Q(minute_item__isnull=True) | Q(minute_item__is_exempt=False))
    earlier = earlier.select_related("owner", "meeting_raised", "minute_item")
    previous = _previous_meeting(meeting)
    since = previous.date if previous is not None else None
    open_rows = [a for a in earlier if a.status not in CLOSED_STATES]
    closed: list[Action] = []
    if since is not None:
        closed = [
            a
            for a in earlier
            if a.status in CLOSED_STATES and a.completed is not None and a.completed >= since
        ]
    # Still open on the day of this meeting if it closed after it.
    reopened = [
        a
        for a in earlier
        if a.status in CLOSED_STATES and a.completed is not None and a.completed > meeting.date
    ]
    open_rows += [a for a in reopened if a not in open_rows]
    closed = [a for a in closed if a not in reopened]
    key = _sheet_order
    return {
        "open": sorted(open_rows, key=key),
        "closed": sorted(closed, key=key),
        "previous": previous,
    }


def _sheet_order(action: Action) -> tuple[Any, ...]:
    return (action.number or 0, action.pk)


def open_actions(meeting: Meeting, *, public: bool = False) -> list[Action]:
    """The actions carried to ``meeting`` because they are not yet completed."""
    return action_sheet(meeting, public=public)["open"]


def committee_actions(committee: Committee, *, public: bool = False) -> QuerySet[Action]:
    rows = Action.objects.filter(committee=committee)
    if public:
        rows = rows.filter(Q(minute_item__isnull=True) | Q(minute_item__is_exempt=False))
    return rows.select_related("owner", "meeting_raised", "minute_item").order_by("number", "pk")
