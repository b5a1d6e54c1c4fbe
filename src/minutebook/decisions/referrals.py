"""Referrals onto agendas, and what the public is told about them.

A body's recommendation to another (scrutiny to cabinet, cabinet to full council) is
business for the receiving body: it goes on that body's next agenda, or the meeting the
officer picks, as an ordinary agenda item (``meetings.services.add_item``: before the
closing standing items, or at the end of a published agenda, waiting for a supplement).
The consideration keeps the item, so both meetings can say where the matter came from
and where it went: "Referred from <body> on <date>" on the receiving item, "Referred to
<body> on <date>" on the referring one (the receiving meeting's date).

The agenda pack prints only "Referred from": a pack is the record of what went to the
meeting, so a past pack is not rewritten when the matter moves on; the web pages say both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.decisions.models import Consideration
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.meetings.services import WorkflowError, add_item

#: Meetings that can still take business.
OPEN_STATES = (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED)


def next_meeting(committee_id: int, after: dt.datetime | None = None) -> Meeting | None:
    """The body's next meeting that can take business (not held, not cancelled)."""
    return (
        Meeting.objects.filter(
            committee_id=committee_id, start__gt=after or timezone.now(), state__in=OPEN_STATES
        )
        .select_related("committee__council")
        .order_by("start")
        .first()
    )


def open_meetings(committee_id: int) -> list[Meeting]:
    """Meetings of the body an officer may put a referral on (from today, still open)."""
    return list(
        Meeting.objects.filter(
            committee_id=committee_id, start__gte=timezone.now(), state__in=OPEN_STATES
        )
        .select_related("committee")
        .order_by("start")[:50]
    )


@transaction.atomic
def place_on_agenda(
    consideration: Consideration, meeting: Meeting | None = None
) -> AgendaItem | None:
    """Put the matter on ``meeting``'s agenda, or the body's next one; None if there is none.

    Raises ``ValidationError`` (keyed ``meeting``) for a meeting of another body or one
    that cannot take business, so the officer's form shows why.
    """
    if consideration.agenda_item_id is not None:
        raise ValidationError({"meeting": "It is already on an agenda."})
    target = meeting if meeting is not None else next_meeting(consideration.committee_id)
    if target is None:
        return None
    if target.committee_id != consideration.committee_id:
        raise ValidationError(
            {"meeting": f"That meeting is not a meeting of {consideration.committee}."}
        )
    try:
        item = add_item(target, title=consideration.matter.title[:500])
    except WorkflowError as error:
        raise ValidationError({"meeting": str(error)}) from error
    consideration.meeting = target
    consideration.agenda_item = item
    consideration.save(update_fields=["meeting", "agenda_item"])
    return item


@dataclass(frozen=True)
class Note:
    """One line about a referral, and the meeting page it points to."""

    text: str
    url: str = ""


def _day(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    return f" on {meeting.date.day} {meeting.date:%B %Y}"


def _from(source: Consideration) -> Note:
    meeting = source.meeting
    return Note(
        f"Referred from {source.committee.name}{_day(meeting)}",
        meeting.get_absolute_url() if meeting is not None else "",
    )


def _to(onward: Consideration) -> Note:
    meeting = onward.meeting
    return Note(
        f"Referred to {onward.committee.name}{_day(meeting)}",
        meeting.get_absolute_url() if meeting is not None else "",
    )


def referral_notes(item_ids: Iterable[int], *, onward: bool = True) -> dict[int, list[Note]]:
    """Notes per agenda item id: where the matter came from and (``onward``) where it went.

    Only bodies and dates: the recommendation's text stays with the items themselves,
    which follow their own exempt rules.
    """
    ids = [pk for pk in item_ids if pk is not None]
    notes: dict[int, list[Note]] = {}
    if not ids:
        return notes
    received = (
        Consideration.objects.filter(agenda_item_id__in=ids, referred_from__isnull=False)
        .select_related("referred_from__committee", "referred_from__meeting__committee__council")
        .order_by("pk")
    )
    for row in received:
        assert row.agenda_item_id is not None and row.referred_from is not None
        notes.setdefault(row.agenda_item_id, []).append(_from(row.referred_from))
    if onward:
        sent = (
            Consideration.objects.filter(referred_from__agenda_item_id__in=ids)
            .select_related("committee", "meeting__committee__council", "referred_from")
            .order_by("pk")
        )
        for row in sent:
            assert row.referred_from is not None and row.referred_from.agenda_item_id
            notes.setdefault(row.referred_from.agenda_item_id, []).append(_to(row))
    return notes
