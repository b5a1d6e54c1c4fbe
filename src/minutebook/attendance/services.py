"""Recording attendance, applying the council's substitution rules, computing the quorum.

Every rule lives here so the officer pages, the admin and tests apply it the same way;
a refusal raises :class:`AttendanceError` with a sentence the officer can act on.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from minutebook.attendance.models import (
    Attendance,
    AttendanceMode,
    AttendanceRules,
    AttendanceStatus,
    Capacity,
    QuorumCheck,
)
from minutebook.committees.models import Membership, MembershipRole
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.people.models import Person, PersonKind

REMOTE_NOTE = (
    "In England a member attending remotely is not present in law: no vote, and not counted "
    "to the quorum (LGA 1972 Sch 12 para 6; R (Hertfordshire CC) v SSLUHC [2021] EWHC 1093)."
)


class AttendanceError(Exception):
    """A step refused by the council's rules; the message is for the officer."""


def rules_for(council: Council) -> AttendanceRules:
    rules, _ = AttendanceRules.objects.get_or_create(council=council)
    return rules


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"


def seats(meeting: Meeting) -> QuerySet[Membership]:
    """Memberships of the committee held on the meeting's date."""
    day = meeting.date
    return (
        Membership.objects.filter(committee_id=meeting.committee_id)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person", "person__political_group")
        .order_by("person__last_name", "person__first_name")
    )


def seat_of(meeting: Meeting, person: Person) -> Membership | None:
    return seats(meeting).filter(person=person).first()


# The quorum ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    required: int
    basis: str
    present: int
    remote: int
    voting_members: int

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.required

    @property
    def shortfall(self) -> int:
        return max(self.required - self.present, 0)


def required_quorum(meeting: Meeting) -> tuple[int, str, int]:
    """(members needed, where that number comes from, voting seats on the day).

    The meeting's own figure, else the committee's, else the council's default number,
    else the council's fraction of the committee's voting members, rounded up.
    """
    voting = seats(meeting).filter(voting_right=True).count()
    committee = meeting.committee
    council = committee.council
    if meeting.quorum:
        return meeting.quorum, "set for this meeting", voting
    if committee.quorum:
        return committee.quorum, "the committee's quorum", voting
    if council.default_quorum:
        return council.default_quorum, "the council's default quorum", voting
    fraction = council.default_quorum_fraction
    needed = max(1, math.ceil(voting * fraction))
    return needed, f"{fraction:g} of {voting} voting members, rounded up", voting


def quorum(meeting: Meeting) -> Quorum:
    """The quorum now: voting members present in person against the number required.

    LGA 1972 Sch 12 para 6 counts members present; in England that means in the room
    (Hertfordshire CC v SSLUHC [2021] EWHC 1093 (Admin)) unless ``AttendanceRules`` allow
    otherwise. The number required is the council's (``required_quorum``).
    """
    required, basis, voting = required_quorum(meeting)
    rows = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT)
    return Quorum(
        required=required,
        basis=basis,
        present=rows.filter(counts_to_quorum=True).count(),
        remote=rows.filter(mode=AttendanceMode.REMOTE).count(),
        voting_members=voting,
    )


def record_quorum(meeting: Meeting, by: Any = None) -> QuorumCheck:
    """Write the quorum as it stands onto the meeting's record."""
    q = quorum(meeting)
    return QuorumCheck.objects.create(
        meeting=meeting,
        required=q.required,
        present=q.present,
        remote=q.remote,
        basis=q.basis,
        checked_by=by if getattr(by, "pk", None) else None,
    )


# Recording attendance -----------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CANCELLED:
        raise AttendanceError("The meeting was cancelled: there is no attendance to record.")
    from minutebook.minutes.services import check_editable

    try:
        check_editable(meeting)
    except Exception as error:
        raise AttendanceError(str(error)) from error


def _vote(meeting: Meeting, seat: Membership | None, status: str, mode: str) -> bool:
    if seat is None or not seat.voting_right or status != AttendanceStatus.PRESENT:
        return False
    if mode == AttendanceMode.REMOTE:
        return rules_for(meeting.committee.council).remote_attendance_counts
    return True


def _capacity(seat: Membership | None) -> str:
    if seat is None:
        return Capacity.OTHER
    return Capacity.CO_OPTED if seat.role == MembershipRole.CO_OPTED else Capacity.MEMBER


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    person: Person,
    *,
    status: str,
    mode: str = AttendanceMode.IN_PERSON,
    note: str = "",
    by: Any = None,
) -> Attendance:
    """Record a member, co-optee or other attendee as present, with apologies or absent.

    A person without a seat on the committee is recorded as "also attending", with no
    vote. Remote attendance gives no vote and no place in the quorum (see the module
    ``attendance.models``) unless the council's rules say otherwise.
    """
    _check_meeting(meeting)
    if person.council_id != meeting.committee.council_id:
        raise AttendanceError(f"{person.display_name} belongs to another council.")
    if status not in AttendanceStatus.values:
        raise AttendanceError("Choose present, apologies or absent.")
    if mode not in AttendanceMode.values:
        raise AttendanceError("Choose in person or remote.")
    existing = Attendance.objects.filter(meeting=meeting, person=person).first()
    if existing is not None and existing.capacity == Capacity.SUBSTITUTE:
        raise AttendanceError(
            f"{person.display_name} is recorded as a substitute; remove that first."
        )
    substitute = Attendance.objects.filter(meeting=meeting, substitute_for=person).first()
    if substitute is not None and status == AttendanceStatus.PRESENT:
        raise AttendanceError(
            f"{substitute.person.display_name} is substituting for {person.display_name}: "
            "remove the substitution before recording the member as present."
        )
    seat = seat_of(meeting, person)
    if seat is None and status != AttendanceStatus.PRESENT:
        raise AttendanceError(
            f"{person.display_name} is not a member of {meeting.committee}: only members "
            "give apologies or are recorded absent."
        )
    if status != AttendanceStatus.PRESENT:
        mode = AttendanceMode.IN_PERSON
    has_vote = _vote(meeting, seat, status, mode)
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "membership": seat,
            "capacity": _capacity(seat),
            "status": status,
            "mode": mode,
            "substitute_for": None,
            "notice_given_at": None,
            "has_vote": has_vote,
            "counts_to_quorum": has_vote and status == AttendanceStatus.PRESENT,
            "note": note,
            "recorded_by": by if getattr(by, "pk", None) else None,
        },
    )
    record_quorum(meeting, by)
    return row


@transaction.atomic
def record_substitute(
    meeting: Meeting,
    substitute: Person,
    *,
    replaces: Person,
    notice_given_at: dt.datetime | None,
    mode: str = AttendanceMode.IN_PERSON,
    by: Any = None,
) -> Attendance:
    """Seat ``substitute`` in place of ``replaces`` for this meeting, under the council's rules.

    Refused unless: the council allows substitutes; the member replaced holds a seat on
    the day and is not present; the substitute holds no seat of their own; they are of
    the same political group (when the rules say so); and notice was given before the
    meeting started (less the council's notice period). The member replaced is recorded
    with apologies; the substitute takes the seat's vote.
    """
    _check_meeting(meeting)
    council = meeting.committee.council
    rules = rules_for(council)
    if not rules.substitutes_allowed:
        raise AttendanceError(f"{council}'s procedure rules do not allow substitute members.")
    for who in (substitute, replaces):
        if who.council_id != council.pk:
            raise AttendanceError(f"{who.display_name} belongs to another council.")
    if substitute.kind != PersonKind.COUNCILLOR:
        raise AttendanceError(
            f"{substitute.display_name} is not a councillor: only a councillor "
            "may sit as a substitute member."
        )
    if substitute.pk == replaces.pk:
        raise AttendanceError("A member cannot substitute for themselves.")
    seat = seat_of(meeting, replaces)
    if seat is None:
        raise AttendanceError(
            f"{replaces.display_name} is not a member of {meeting.committee} on "
            f"{meeting.date:%d %B %Y}: a substitute can only replace a member."
        )
    if seat.role == MembershipRole.CO_OPTED:
        raise AttendanceError("Co-opted members are appointed in person: they have no substitutes.")
    if seat_of(meeting, substitute) is not None:
        raise AttendanceError(
            f"{substitute.display_name} is already a member of {meeting.committee} and "
            "cannot also sit as a substitute."
        )
    if rules.substitute_same_group:
        group = replaces.political_group
        if group is None:
            raise AttendanceError(
                f"{replaces.display_name} is in no political group, so no substitute can be "
                "from the same group (the council's substitution rules)."
            )
        if substitute.political_group_id != group.pk:
            theirs = substitute.political_group.name if substitute.political_group else "no group"
            raise AttendanceError(
                f"{substitute.display_name} ({theirs}) cannot substitute for "
                f"{replaces.display_name} ({group.name}): the council's rules require a "
                "substitute from the same political group as the member replaced."
            )
    if notice_given_at is None:
        raise AttendanceError("Give the time notice of the substitution was received.")
    latest = meeting.start - dt.timedelta(minutes=rules.substitute_notice_minutes)
    if notice_given_at >= latest:
        period = (
            f"{rules.substitute_notice_minutes} minutes before the meeting starts"
            if rules.substitute_notice_minutes
            else "before the meeting starts"
        )
        raise AttendanceError(
            f"Notice was given at {_when(notice_given_at)}; the meeting starts at "
            f"{_when(meeting.start)} and the council's rules require notice {period}. "
            f"{substitute.display_name} cannot sit as a substitute at this meeting."
        )
    current = Attendance.objects.filter(meeting=meeting, person=replaces).first()
    if current is not None and current.status == AttendanceStatus.PRESENT:
        raise AttendanceError(
            f"{replaces.display_name} is recorded as present: a substitute sits only in "
            "place of an absent member."
        )
    other = Attendance.objects.filter(meeting=meeting, substitute_for=replaces).first()
    if other is not None and other.person_id != substitute.pk:
        raise AttendanceError(
            f"{other.person.display_name} already substitutes for {replaces.display_name}."
        )
    existing = Attendance.objects.filter(meeting=meeting, person=substitute).first()
    if existing is not None and existing.capacity != Capacity.SUBSTITUTE:
        raise AttendanceError(
            f"{substitute.display_name} is already on the register for this meeting."
        )
    if current is None:
        Attendance.objects.create(
            meeting=meeting,
            person=replaces,
            membership=seat,
            capacity=Capacity.MEMBER,
            status=AttendanceStatus.APOLOGIES,
            note=f"Substituted by {substitute.display_name}",
            recorded_by=by if getattr(by, "pk", None) else None,
        )
    has_vote = _vote(meeting, seat, AttendanceStatus.PRESENT, mode)
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        person=substitute,
        defaults={
            "membership": seat,
            "capacity": Capacity.SUBSTITUTE,
            "status": AttendanceStatus.PRESENT,
            "mode": mode,
            "substitute_for": replaces,
            "notice_given_at": notice_given_at,
            "has_vote": has_vote,
            "counts_to_quorum": has_vote,
            "recorded_by": by if getattr(by, "pk", None) else None,
        },
    )
    record_quorum(meeting, by)
    return row


@transaction.atomic
def remove_attendance(row: Attendance, by: Any = None) -> None:
    meeting = row.meeting
    _check_meeting(meeting)
    row.delete()
    record_quorum(meeting, by)


# Reading the register ----------------------------------------------------------------


@dataclass
class RegisterLine:
    """A seat on the committee and what is recorded against it."""

    seat: Membership
    attendance: Attendance | None
    substitute: Attendance | None


def register(meeting: Meeting) -> dict[str, Any]:
    """The register for the officer page and the minutes: seats, substitutes, others."""
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related(
            "person", "person__political_group", "substitute_for"
        )
    )
    by_person = {r.person_id: r for r in rows}
    by_replaced = {r.substitute_for_id: r for r in rows if r.substitute_for_id}
    lines = [
        RegisterLine(seat, by_person.get(seat.person_id), by_replaced.get(seat.person_id))
        for seat in seats(meeting)
    ]
    return {
        "lines": lines,
        "others": [r for r in rows if r.capacity == Capacity.OTHER],
        "rows": rows,
    }


def minutes_lines(meeting: Meeting) -> dict[str, list[str]]:
    """Attendance as the minutes print it: present, apologies, absent, also attending."""
    out: dict[str, list[str]] = {"present": [], "apologies": [], "absent": [], "also": []}
    for row in Attendance.objects.filter(meeting=meeting).select_related(
        "person", "substitute_for"
    ):
        name = row.person.display_name
        if row.capacity == Capacity.OTHER:
            out["also"].append(name + (" (remote)" if row.mode == AttendanceMode.REMOTE else ""))
            continue
        if row.status != AttendanceStatus.PRESENT:
            out[row.status].append(name)
            continue
        asides = []
        if row.capacity == Capacity.SUBSTITUTE and row.substitute_for:
            asides.append(f"substitute for {row.substitute_for.display_name}")
        if row.capacity == Capacity.CO_OPTED:
            asides.append("co-opted" + ("" if row.has_vote else ", non-voting"))
        if row.mode == AttendanceMode.REMOTE:
            asides.append("attending remotely, not voting" if not row.has_vote else "remote")
        out["present"].append(name + (f" ({'; '.join(asides)})" if asides else ""))
    return out
