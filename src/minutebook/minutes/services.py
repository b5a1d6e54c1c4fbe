"""The minutes workflow: draft from the agenda, record motions and votes, confirm, lock, correct.

Each step checks the minutes' state first, so a locked record is refused here (with a
sentence for the officer), in the views (which call only these functions) and by the
model guards (``minutes.guards``) for any code that goes round them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from minutebook import audit
from minutebook.committees.models import Committee, StandingItemKind
from minutebook.core.saving import save_each
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.minutes.guards import correcting
from minutebook.minutes.models import (
    Minutes,
    MinutesCorrection,
    MinutesLocked,
    MinutesState,
    MinutesVersion,
    Motion,
    MotionKind,
    MotionOutcome,
    RecordedVote,
    VoteChoice,
    VoteMethod,
)
from minutebook.minutes.snapshot import (  # noqa: F401 (the record's builders, re-exported)
    build_snapshot,
    minute_rows,
    public_minute_rows,
    render_text,
)
from minutebook.people.models import Person


class MinutesError(Exception):
    """A step refused by the workflow; the message is for the officer."""


def _long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def minutes_for(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def check_editable(meeting: Meeting) -> None:
    """Raise ``MinutesLocked`` when the meeting's minutes are confirmed or locked."""
    minutes = minutes_for(meeting)
    if minutes is not None and not minutes.is_editable:
        label = "locked" if minutes.state == MinutesState.LOCKED else "confirmed and signed"
        raise MinutesLocked(
            f"The minutes of {meeting} are {label}: they cannot be edited. Record a "
            "correction instead; it becomes a new version with its reason."
        )


def _later_minutes_exist(meeting: Meeting) -> bool:
    return MinuteItem.officer_objects.filter(
        committee_id=meeting.committee_id, meeting__start__gt=meeting.start
    ).exists()


def _regenerate(meeting: Meeting) -> None:
    """Build the minutes document (``packs.minutes.generate_minutes``) after commit.

    Called whenever the minutes are started, edited or confirmed: the build decides from
    the register's state what is public (nothing of an unpublished draft) and, once the
    minutes are confirmed, makes the signed version and locks it. An unchanged
    fingerprint makes a repeated build free. ``MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH``
    (default on) lets tests of the workflow skip the rendering, as for packs.
    """
    if not getattr(settings, "MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH", True):
        return
    from minutebook.packs.tasks import generate_minutes

    pk = meeting.pk
    transaction.on_commit(lambda: generate_minutes.enqueue(pk))


def _lock_committee(committee_id: int) -> None:
    """Serialise numbering per committee (row lock on PostgreSQL; SQLite locks the file)."""
    list(Committee.objects.select_for_update().filter(pk=committee_id).values_list("pk"))


# Draft minutes ------------------------------------------------------------------------


@transaction.atomic
def start_minutes(meeting: Meeting, *, from_agenda: bool = True) -> Minutes:
    """Open draft minutes for a held meeting, one minute per top-level agenda item.

    Minute numbers run on from the committee's last minute (``MinuteItem.next_number``),
    so they continue across meetings; minutes are therefore started in meeting order.
    """
    if meeting.state == MeetingState.CANCELLED:
        raise MinutesError("The meeting was cancelled: it has no minutes.")
    if meeting.start > timezone.now():
        raise MinutesError("The meeting has not started yet: minutes follow the meeting.")
    if minutes_for(meeting) is not None:
        raise MinutesError("This meeting's minutes are already started.")
    _lock_committee(meeting.committee_id)
    if _later_minutes_exist(meeting):
        raise MinutesError(
            "A later meeting of this committee already has numbered minutes: minute numbers "
            "run on in meeting order, so these minutes can no longer be numbered in sequence."
        )
    minutes = Minutes.objects.create(
        meeting=meeting, opened_at=meeting.start, closed_at=meeting.end
    )
    if meeting.state in (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED):
        meeting.state = MeetingState.HELD  # the meeting took place: it has minutes
        meeting.save(update_fields=["state", "modified"])
    if from_agenda:
        items = AgendaItem.public_objects.filter(meeting=meeting, parent__isnull=True).order_by(
            "order"
        )
        for item in items:
            _new_minute(meeting, title=item.title, agenda_item=item)
    _regenerate(meeting)
    return minutes


def _new_minute(
    meeting: Meeting,
    *,
    title: str,
    agenda_item: AgendaItem | None = None,
    text: str = "",
    resolution: str = "",
) -> MinuteItem:
    paragraphs = list(agenda_item.exempt_paragraphs) if agenda_item is not None else []
    return MinuteItem.officer_objects.create(
        meeting=meeting,
        number=MinuteItem.next_number(meeting.committee),
        agenda_item=agenda_item,
        title=title,
        text=text,
        resolution=resolution,
        exempt_paragraphs=paragraphs,
        public_interest_reason=agenda_item.public_interest_reason if agenda_item else "",
    )


@transaction.atomic
def add_minute(
    meeting: Meeting,
    *,
    title: str,
    agenda_item: AgendaItem | None = None,
    text: str = "",
    resolution: str = "",
    reasons: str = "",
    ready_for_public: bool = False,
) -> MinuteItem:
    """Add a minute to draft minutes; it takes the committee's next number."""
    minutes = minutes_for(meeting)
    if minutes is None:
        raise MinutesError("Start the minutes first.")
    check_editable(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MinutesError("The agenda item belongs to another meeting.")
    _lock_committee(meeting.committee_id)
    if _later_minutes_exist(meeting):
        raise MinutesError(
            "A later meeting of this committee already has numbered minutes: a new minute "
            "here would break the running numbers. Record it as part of an existing minute."
        )
    minute = _new_minute(
        meeting, title=title, agenda_item=agenda_item, text=text, resolution=resolution
    )
    if ready_for_public:
        minute.ready_for_public = True
        minute.save(update_fields=["ready_for_public", "modified"])
    if reasons.strip() or resolution.strip():
        _sync_decision(minute, reasons)
    _regenerate(meeting)
    return minute


@transaction.atomic
def update_minute(
    minute: MinuteItem,
    *,
    title: str,
    text: str,
    resolution: str,
    reasons: str = "",
    ready_for_public: bool | None = None,
) -> MinuteItem:
    """Edit a draft minute; a resolution with reasons is also kept as a Decision record.

    ``ready_for_public`` (when given) marks the minute ready, or not, for a council that
    publishes draft minutes (``mark_ready``).
    """
    check_editable(minute.meeting)
    minute.title, minute.text, minute.resolution = title, text, resolution
    if ready_for_public is not None:
        minute.ready_for_public = ready_for_public
    minute.save()
    _sync_decision(minute, reasons)
    _regenerate(minute.meeting)
    return minute


@transaction.atomic
def mark_ready(minute: MinuteItem, ready: bool = True) -> MinuteItem:
    """Mark a draft minute ready (or not) to publish before confirmation.

    Public only where the council publishes draft minutes (``MinuteItemQuerySet.published``);
    saving re-decides the minute's search entry, and the minutes document is rebuilt.
    """
    check_editable(minute.meeting)
    if minute.ready_for_public != ready:
        minute.ready_for_public = ready
        minute.save(update_fields=["ready_for_public", "modified"])
        _regenerate(minute.meeting)
    return minute


def _sync_decision(minute: MinuteItem, reasons: str) -> None:
    """The resolution and its reasons as the committee's decision (``decisions.Decision``)."""
    decision = Decision.officer_objects.filter(minute_item=minute).first()
    if not minute.resolution.strip():
        if decision is not None and not reasons.strip() and decision.published_at is None:
            decision.delete()
        return
    meeting = minute.meeting
    if decision is None:
        decision = Decision(
            council=meeting.committee.council,
            meeting=meeting,
            agenda_item_id=minute.agenda_item_id,
            minute_item=minute,
            decision_maker=meeting.committee,
            date=meeting.date,
        )
    decision.title = minute.title
    decision.decision = minute.resolution
    decision.reasons = reasons.strip()
    decision.exempt_paragraphs = list(minute.exempt_paragraphs or [])
    decision.public_interest_reason = minute.public_interest_reason
    decision.save()


def decision_reasons(minute: MinuteItem) -> str:
    decision = Decision.officer_objects.filter(minute_item=minute).first()
    return decision.reasons if decision is not None else ""


@transaction.atomic
def set_times(
    meeting: Meeting, *, opened_at: dt.datetime | None, closed_at: dt.datetime | None
) -> Minutes:
    """When the meeting opened and closed: the minutes state its duration."""
    minutes = minutes_for(meeting)
    if minutes is None:
        raise MinutesError("Start the minutes first.")
    check_editable(meeting)
    if opened_at and closed_at and closed_at < opened_at:
        raise MinutesError("The meeting cannot close before it opened.")
    minutes.opened_at, minutes.closed_at = opened_at, closed_at
    minutes.save(update_fields=["opened_at", "closed_at", "modified"])
    _regenerate(meeting)
    return minutes


# Motions, amendments and votes ----------------------------------------------------------


def _voters(meeting: Meeting) -> set[int]:
    from minutebook.attendance.models import Attendance

    return set(
        Attendance.objects.filter(meeting=meeting, has_vote=True).values_list(
            "person_id", flat=True
        )
    )


@transaction.atomic
def add_motion(
    minute: MinuteItem,
    *,
    text: str,
    outcome: str,
    kind: str = MotionKind.MOTION,
    amends: Motion | None = None,
    proposer: Person | None = None,
    seconder: Person | None = None,
    vote_method: str = VoteMethod.NONE,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    named: dict[str, Iterable[Person]] | None = None,
    chair_casting_vote: bool = False,
) -> Motion:
    """Record a motion or amendment under a minute, with its proposer, seconder and vote.

    A recorded (named) vote lists how each member voted; its counts are taken from the
    names, so the two can never disagree. Only members with a vote at this meeting
    (``attendance``: present in person, or a substitute) may appear in a named vote.
    """
    meeting = minute.meeting
    check_editable(meeting)
    if not text.strip():
        raise MinutesError("Give the wording of the motion.")
    if outcome not in MotionOutcome.values:
        raise MinutesError("Say whether the motion was carried, lost or withdrawn.")
    if kind == MotionKind.AMENDMENT:
        if amends is None or amends.minute_item_id != minute.pk:
            raise MinutesError("An amendment amends a motion under the same minute.")
    elif amends is not None:
        raise MinutesError("Only an amendment amends another motion.")
    if proposer is not None and seconder is not None and proposer.pk == seconder.pk:
        raise MinutesError("The seconder must be a different member from the proposer.")
    for who in (proposer, seconder):
        if who is not None and who.council_id != meeting.committee.council_id:
            raise MinutesError(f"{who.display_name} belongs to another council.")
    names: dict[str, list[Person]] = {}
    if vote_method == VoteMethod.RECORDED:
        names = {c: list((named or {}).get(c, [])) for c in VoteChoice.values}
        everyone = [p.pk for group in names.values() for p in group]
        if not everyone:
            raise MinutesError("A recorded vote names how each member voted: choose them.")
        if len(everyone) != len(set(everyone)):
            raise MinutesError("A member can vote only one way in a recorded vote.")
        voters = _voters(meeting)
        strays = [p for group in names.values() for p in group if p.pk not in voters]
        if strays:
            names_text = ", ".join(p.display_name for p in strays)
            raise MinutesError(
                f"{names_text} had no vote at this meeting (not recorded as present in person with "
                "a vote): check the attendance first."
            )
        votes_for = len(names[VoteChoice.FOR])
        votes_against = len(names[VoteChoice.AGAINST])
        abstentions = len(names[VoteChoice.ABSTAIN])
    elif vote_method == VoteMethod.COUNTS:
        if votes_for is None or votes_against is None:
            raise MinutesError("Give the numbers voting for and against.")
        abstentions = abstentions or 0
        voters = _voters(meeting)
        if voters and votes_for + votes_against + abstentions > len(voters):
            raise MinutesError(
                f"{votes_for + votes_against + abstentions} votes were counted but only "
                f"{len(voters)} members present had a vote."
            )
    else:
        votes_for = votes_against = abstentions = None
    if votes_for is not None and votes_against is not None:
        carried = votes_for > votes_against or (votes_for == votes_against and chair_casting_vote)
        if outcome == MotionOutcome.CARRIED and not carried:
            raise MinutesError(
                f"For {votes_for}, against {votes_against}: the motion was not carried "
                "(a tie is decided only by the chair's casting vote)."
            )
        if outcome == MotionOutcome.LOST and votes_for > votes_against:
            raise MinutesError(f"For {votes_for}, against {votes_against}: that is carried.")
    order = (minute.motions.aggregate(top=Max("order"))["top"] or 0) + 1
    motion = Motion.objects.create(
        minute_item=minute,
        order=order,
        kind=kind,
        amends=amends,
        text=text.strip(),
        proposer=proposer,
        seconder=seconder,
        outcome=outcome,
        vote_method=vote_method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        chair_casting_vote=chair_casting_vote,
    )
    for choice, people in names.items():
        for person in people:
            RecordedVote.objects.create(motion=motion, person=person, choice=choice)
    _regenerate(meeting)
    return motion


@transaction.atomic
def delete_motion(motion: Motion) -> None:
    meeting = motion.minute_item.meeting
    check_editable(meeting)
    motion.delete()
    _regenerate(meeting)


# Confirmation, lock, correction --------------------------------------------------------


def minutes_item(meeting: Meeting) -> AgendaItem | None:
    """The meeting's "minutes of the previous meeting" standing item."""
    return (
        AgendaItem.public_objects.filter(meeting=meeting, standing_kind=StandingItemKind.MINUTES)
        .order_by("order")
        .first()
    )


def awaiting_confirmation(at: Meeting) -> list[Minutes]:
    """Draft minutes of earlier meetings of the committee that ``at`` can confirm."""
    return list(
        Minutes.objects.filter(
            meeting__committee_id=at.committee_id,
            meeting__start__lt=at.start,
            state=MinutesState.DRAFT,
        )
        .select_related("meeting")
        .order_by("meeting__start")
    )


@transaction.atomic
def confirm_minutes(
    minutes: Minutes,
    *,
    at: Meeting,
    signed_by: Person,
    signed_at: dt.datetime | None = None,
    text: str = "",
    by: Any = None,
) -> Minutes:
    """Confirm draft minutes at a later meeting, under its "minutes" standing item.

    LGA 1972 Sch 12 para 41(1): minutes are signed at the same or the next suitable
    meeting by the person presiding. The later meeting's minute records the resolution,
    and the minutes record who signed them and when.
    """
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    meeting = minutes.meeting
    if minutes.state != MinutesState.DRAFT:
        raise MinutesLocked(f"The minutes of {meeting} are already confirmed.")
    if at.committee_id != meeting.committee_id or at.start <= meeting.start:
        raise MinutesError("Minutes are confirmed at a later meeting of the same committee.")
    if at.state == MeetingState.CANCELLED:
        raise MinutesError("That meeting was cancelled: it cannot confirm minutes.")
    item = minutes_item(at)
    if item is None:
        raise MinutesError(
            f'The meeting of {_long_date(at.date)} has no "minutes" standing item: add it to '
            "the agenda to confirm the minutes there."
        )
    signed_at = signed_at or timezone.now()
    if signed_at < at.start:
        raise MinutesError("The minutes are signed at the confirming meeting, not before it.")
    if signed_by.council_id != meeting.committee.council_id:
        raise MinutesError(f"{signed_by.display_name} belongs to another council.")
    later = minutes_for(at)
    if later is not None and not later.is_editable:
        raise MinutesLocked(f"The minutes of {at} are themselves signed: record nothing there.")
    resolution = (
        f"That the minutes of the meeting held on {_long_date(meeting.date)} be confirmed as "
        f"a correct record and signed by the chair."
    )
    if later is None:
        # The later meeting's own draft minutes open now, from its agenda.
        start_minutes(at)
    minute = MinuteItem.officer_objects.filter(meeting=at, agenda_item=item).first()
    if minute is None:
        minute = add_minute(at, title=item.title, agenda_item=item, text=text)
    minute.resolution = "\n".join(r for r in (minute.resolution, resolution) if r)
    if text and not minute.text:
        minute.text = text
    minute.save()
    minutes.state = MinutesState.CONFIRMED
    minutes.confirmed_at_meeting = at
    minutes.confirmed_item = item
    minutes.confirmation_minute = minute
    minutes.signed_by = signed_by
    minutes.signed_by_name = signed_by.display_name
    minutes.signed_at = signed_at
    minutes.save()
    meeting.state = MeetingState.MINUTES_APPROVED
    # Saving the meeting re-decides its search entries: the minutes are public from now
    # (``MinuteItemQuerySet.published``).
    meeting.save(update_fields=["state", "modified"])
    # The signed minutes: the document is rebuilt as approved and locked.
    _regenerate(meeting)
    audit.record(
        "minutes.confirmed",
        minutes,
        after={"confirmed_at": str(at), "minute": minute.number, "signed_by": signed_by.pk},
        reason=f"Confirmed under minute {minute.number}; signed by {minutes.signed_by_name}.",
        **_actor(by),
    )
    return minutes


@transaction.atomic
def lock_minutes(minutes: Minutes, *, by: Any = None) -> MinutesVersion:
    """Lock confirmed minutes: their text is fixed as version 1."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state == MinutesState.DRAFT:
        raise MinutesError("Confirm the minutes at the next meeting before locking them.")
    if minutes.state == MinutesState.LOCKED:
        raise MinutesLocked(f"The minutes of {minutes.meeting} are already locked.")
    at = minutes.confirmed_at_meeting
    when = _long_date(at.date) if at is not None else "the next meeting"
    version = _write_version(
        minutes,
        reason=f"Confirmed as a correct record at the meeting of {when}; signed by "
        f"{minutes.signed_by_name}.",
        by=by,
    )
    minutes.state = MinutesState.LOCKED
    minutes.locked_at = timezone.now()
    minutes.locked_by = by if getattr(by, "pk", None) else None
    minutes.save()
    audit.record("minutes.locked", minutes, after={"version": version.number}, **_actor(by))
    return version


#: What a correction may change in a minute.
CORRECTABLE_FIELDS = {"title": "Title", "text": "Minute text", "resolution": "Resolution"}


@transaction.atomic
def correct_minutes(
    minutes: Minutes, *, minute: MinuteItem, field: str, value: str, reason: str, by: Any = None
) -> MinutesVersion:
    """Correct locked minutes: the change is a new version with its reason; all are kept.

    In one transaction: the correction row (what the minute said, what it says, why)
    is written first, as the next version; the database lets the signed minute (and the
    decision recording its resolution) change only to what a pending correction says
    (migration ``0004_immutable_triggers``); then the new version fixes the text. After
    commit the minutes document is published again as a new Document version that
    prints the correction; the signed copies are kept byte for byte.
    """
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != MinutesState.LOCKED:
        raise MinutesError("Only locked minutes are corrected; draft minutes are just edited.")
    if minute.meeting_id != minutes.meeting_id:
        raise MinutesError("That minute belongs to another meeting.")
    if field not in CORRECTABLE_FIELDS:
        raise MinutesError("Choose the title, text or resolution of the minute.")
    if not reason.strip():
        raise MinutesError("Give the reason for the correction; it is kept with the version.")
    before = getattr(minute, field)
    if before == value:
        raise MinutesError("That is what the minute already says: nothing to correct.")
    number = (minutes.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    with correcting():
        MinutesCorrection.objects.create(
            minutes=minutes,
            version=number,
            minute_item=minute,
            field=field,
            before=before,
            after=value,
            reason=reason.strip(),
            created_by=by if getattr(by, "pk", None) else None,
        )
        setattr(minute, field, value)
        minute.save()
        if field == "resolution":
            save_each(
                Decision.officer_objects.filter(minute_item=minute).order_by("pk"),
                decision=value,
            )
    version = _write_version(minutes, reason=reason.strip(), by=by)
    audit.record(
        "minutes.corrected",
        minutes,
        before={"minute": minute.number, field: before},
        after={"minute": minute.number, field: value, "version": version.number},
        changed_fields=[field],
        reason=reason.strip(),
        **_actor(by),
    )
    _regenerate(minutes.meeting)
    return version


def _actor(by: Any) -> dict[str, Any]:
    """``user=`` for the audit record when the caller named one (else the request's)."""
    return {"user": by} if getattr(by, "pk", None) else {}


def _write_version(minutes: Minutes, *, reason: str, by: Any) -> MinutesVersion:
    snapshot = build_snapshot(minutes.meeting, minutes)
    public = build_snapshot(minutes.meeting, minutes, public=True)
    number = (minutes.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    return MinutesVersion.objects.create(
        minutes=minutes,
        number=number,
        reason=reason,
        text=render_text(snapshot),
        snapshot=snapshot,
        public_snapshot=public,
        created_by=by if getattr(by, "pk", None) else None,
    )
