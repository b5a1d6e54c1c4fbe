"""The officer workflow for a meeting: build the agenda, publish it, cancel or move it.

Every step that the law constrains lives here, not in the views, so the rule is applied
the same way whoever calls it (officer pages, the admin, a command). A step the law or
the meeting's state forbids raises :class:`WorkflowError` with a sentence an officer can
act on; the views show it in the form's error summary.

The deadline arithmetic is the statutory clock's (``minutebook.clock``), fed with the
council's own settings, bank holiday region and closure days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from minutebook.clock import (
    DEADLINES,
    LONDON,
    ClockRules,
    WorkingCalendar,
    agenda_publish_by,
    deadline_basis,
    meeting_deadlines,
)
from minutebook.committees.models import Committee, Membership, MembershipRole
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS, releasing
from minutebook.core.saving import save_each
from minutebook.councils.models import Council
from minutebook.documents.models import Document
from minutebook.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingState,
    Supplement,
    UrgencyKind,
    UrgencyRecord,
    Venue,
)
from minutebook.people.models import Person
from minutebook.reports.models import Report

#: Sub-item letters: "4a", "4b", ... (26 is more than any agenda prints).
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class WorkflowError(Exception):
    """A step refused by law or by the meeting's state; the message is for the officer."""


class LatePublication(WorkflowError):
    """Papers would be open to inspection for fewer clear working days than required.

    LGA 1972 s100B(3) and (4): refused unless the chair's urgency is recorded.
    """

    def __init__(self, message: str, timing: PublicationTiming) -> None:
        super().__init__(message)
        self.timing = timing


@dataclass(frozen=True)
class PublicationTiming:
    """How publication at ``at`` measures up to the council's clear-days rule."""

    at: dt.datetime
    publish_by: dt.date
    clear_days: int
    required_days: int

    @property
    def in_time(self) -> bool:
        return self.clear_days >= self.required_days


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    value: dt.date | dt.datetime
    basis: str

    @property
    def is_datetime(self) -> bool:
        return isinstance(self.value, dt.datetime)


# The council's clock ------------------------------------------------------------------


def council_clock(council: Council) -> tuple[ClockRules, WorkingCalendar]:
    """The council's clock settings and working-day calendar (bank holidays and closures)."""
    rules = ClockRules.from_council(council)
    closures = council.closure_days.values_list("date", flat=True)
    return rules, rules.calendar(closures)


def deadlines_for(meeting: Meeting) -> list[Deadline]:
    """Every deadline for the meeting, labelled and cited, in the clock's order."""
    rules, cal = council_clock(meeting.council)
    values = meeting_deadlines(meeting.start, rules, cal)
    basis = deadline_basis(rules)
    return [
        Deadline(key, DEADLINES[key][0], value, basis[key])
        for key, value in values.items()
        if key in DEADLINES
    ]


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, LONDON).date() if timezone.is_aware(moment) else moment.date()


def publication_timing(
    meeting: Meeting, at: dt.datetime, meeting_start: dt.datetime | None = None
) -> PublicationTiming:
    """Clear working days between publishing at ``at`` and the meeting.

    LGA 1972 s100B(3): the agenda and reports are open to inspection "at least five clear
    days before the meeting"; clear days exclude the day of publication and the day of
    the meeting, and days the offices are shut do not count (R v Swansea City Council ex
    p Elitestone (1993)). The council may require more (``agenda_clear_days``).
    ``meeting_start`` overrides the meeting's own start (a proposed new time).
    """
    rules, cal = council_clock(meeting.council)
    meeting_day = _local_date(meeting_start or meeting.start)
    return PublicationTiming(
        at=at,
        publish_by=agenda_publish_by(meeting_day, rules.agenda_clear_days, cal),
        clear_days=cal.working_days_between(_local_date(at), meeting_day),
        required_days=rules.agenda_clear_days,
    )


# Chairs and urgency ------------------------------------------------------------------


def chair_candidates(meeting: Meeting) -> Any:
    """Committee members seated on the meeting's date, chair and vice-chair first."""
    day = meeting.date
    memberships = (
        Membership.objects.filter(committee=meeting.committee)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )
    return Person.objects.filter(pk__in=memberships.values("person_id")).order_by(
        "last_name", "first_name"
    )


def current_chair(meeting: Meeting) -> Person | None:
    day = meeting.date
    membership = (
        Membership.objects.filter(committee=meeting.committee, role=MembershipRole.CHAIRMAN)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def _require_urgency(
    timing: PublicationTiming,
    what: str | None,
    urgency_reason: str | None,
    chair: Person | str | None,
) -> tuple[str, Person | None, str] | None:
    """None when in time; else the recorded urgency, or ``LatePublication`` if there is none.

    ``what`` names the papers being published; None means the meeting is being moved
    closer to an agenda already published.

    LGA 1972 s100B(4)(b): late business may be considered only if the chair, "by reason
    of special circumstances, which shall be specified in the minutes", is of the opinion
    that it should be considered as a matter of urgency. Both the chair and the reasons
    are therefore required.
    """
    if timing.in_time:
        return None
    reason = (urgency_reason or "").strip()
    chair_person = chair if isinstance(chair, Person) else None
    chair_name = chair.display_name if isinstance(chair, Person) else (chair or "").strip()
    if reason and chair_name:
        return reason, chair_person, chair_name
    published = timezone.localtime(timing.at, LONDON)
    on = f"{published:%A} {published.day} {published:%B %Y}"
    last = f"{timing.publish_by:%A} {timing.publish_by.day} {timing.publish_by:%B %Y}"
    days = f"{timing.clear_days} clear working day{'s' if timing.clear_days != 1 else ''}"
    rule = f"the council requires {timing.required_days} (LGA 1972 s100B(3))"
    urgency = (
        "record the chair of the meeting and the special circumstances that make the "
        "business urgent (s100B(4)(b)); they go into the minutes."
    )
    if what is None:
        message = (
            f"The agenda was published on {on}: the new date would leave {days} before the "
            f"meeting, and {rule}. To move the meeting there, {urgency}"
        )
    else:
        message = (
            f"Too late to publish {what} without the chair's urgency: published on {on} it "
            f"would leave {days} before the meeting, and {rule}; the last day was {last}. "
            f"To publish now, {urgency}"
        )
    raise LatePublication(message, timing)


def _record_urgency(
    meeting: Meeting,
    kind: str,
    items: Iterable[AgendaItem],
    urgency: tuple[str, Person | None, str],
    timing: PublicationTiming,
    by: Any,
    published_at: dt.datetime,
    supplement: Supplement | None = None,
) -> UrgencyRecord:
    reason, chair, chair_name = urgency
    record = UrgencyRecord.objects.create(
        meeting=meeting,
        kind=kind,
        supplement=supplement,
        chair=chair,
        chair_name=chair_name,
        reason=reason,
        published_at=published_at,
        clear_days=timing.clear_days,
        required_days=timing.required_days,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    items = list(items)
    record.items.set(items)
    # The items themselves carry the flag, so the minutes can say which business was urgent.
    save_each(
        AgendaItem.public_objects.filter(pk__in=[i.pk for i in items]).order_by("pk"),
        is_urgent=True,
        urgency_reason=reason,
    )
    return record


# Creating a meeting and its agenda ----------------------------------------------------


def _check_open(meeting: Meeting, action: str) -> None:
    if meeting.state == MeetingState.CANCELLED:
        raise WorkflowError(f"The meeting is cancelled: you cannot {action}.")
    if meeting.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED):
        raise WorkflowError(f"The meeting has been held: you cannot {action}.")


def _end_kinds(committee: Committee) -> set[str]:
    """Standing-item kinds the committee's template places after the business."""
    return {
        str(entry.get("kind"))
        for entry in committee.standing_items or []
        if entry.get("position", "start") == "end"
    }


@transaction.atomic
def create_meeting(
    committee: Committee,
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    venue: Venue | None = None,
    online_url: str = "",
    is_extraordinary: bool = False,
    quorum: int | None = None,
) -> Meeting:
    """A meeting with its committee's standing items, "start" ones first, "end" ones last.

    The template is the committee's data (``Committee.standing_items``), so each
    council's agenda order needs no code; business is later inserted between the two.
    """
    if end is not None and end < start:
        raise WorkflowError("The meeting cannot end before it starts.")
    if venue is not None and venue.council_id != committee.council_id:
        raise WorkflowError("The venue belongs to another council.")
    meeting = Meeting.objects.create(
        committee=committee,
        start=start,
        end=end,
        venue=venue,
        online_url=online_url,
        is_extraordinary=is_extraordinary,
        quorum=quorum,
    )
    template = list(committee.standing_items or [])
    ordered = [e for e in template if e.get("position", "start") == "start"] + [
        e for e in template if e.get("position", "start") == "end"
    ]
    for order, entry in enumerate(ordered, start=1):
        AgendaItem.public_objects.create(
            meeting=meeting,
            order=order,
            title=str(entry["title"]),
            description=str(entry.get("description", "")),
            standing_kind=str(entry.get("kind", "")),
        )
    renumber(meeting)
    return meeting


@transaction.atomic
def update_meeting_details(
    meeting: Meeting, *, venue: Venue | None, online_url: str, is_extraordinary: bool
) -> Meeting:
    """Change where a meeting is held (not when: see ``move_meeting``)."""
    _check_open(meeting, "change it")
    if venue is not None and venue.council_id != meeting.committee.council_id:
        raise WorkflowError("The venue belongs to another council.")
    if venue is None and not online_url:
        raise WorkflowError("Choose a venue or give an online link.")
    meeting.venue, meeting.online_url, meeting.is_extraordinary = (
        venue,
        online_url,
        is_extraordinary,
    )
    meeting.save(update_fields=["venue", "online_url", "is_extraordinary", "modified"])
    return meeting


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.public_objects.filter(meeting=meeting).order_by("order"))


def _blocks(items: Sequence[AgendaItem]) -> list[list[AgendaItem]]:
    """Top-level items each followed by their sub-items, in agenda order."""
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    return [[item, *children.get(item.pk, [])] for item in items if item.parent_id is None]


def _write_order(meeting: Meeting, sequence: Sequence[AgendaItem]) -> None:
    """Store ``sequence`` as the agenda order and print numbers from it: 1, 2, 3, 3a, 3b, 4.

    Orders and numbers are unique per meeting, so the rows that change are first moved
    out of the way, then given their places. Both steps are saves (re-indexed, audited),
    inside one transaction; rows already in place are not touched.
    """
    number = 0
    letters: dict[int, int] = {}
    printed: dict[int, str] = {}
    places: list[tuple[AgendaItem, int, str]] = []
    for i, item in enumerate(sequence, start=1):
        if item.parent_id is None:
            number += 1
            label = str(number)
        else:
            n = letters.get(item.parent_id, 0)
            letters[item.parent_id] = n + 1
            label = f"{printed.get(item.parent_id, '')}{_LETTERS[n % len(_LETTERS)]}"
        printed[item.pk] = label
        places.append((item, i, label))
    with transaction.atomic():
        current = AgendaItem.public_objects.select_for_update().in_bulk([i.pk for i in sequence])
        moving = [
            (current[item.pk], order, label)
            for item, order, label in places
            if (current[item.pk].order, current[item.pk].number) != (order, label)
        ]
        top = AgendaItem.public_objects.filter(meeting=meeting).aggregate(top=Max("order"))["top"]
        offset = (top or 0) + len(sequence) + 1
        for k, (row, _order, _label) in enumerate(moving):
            save_each([row], order=offset + k, number="")
        for row, order, label in moving:
            save_each([row], order=order, number=label)
    for item, order, label in places:
        item.order, item.number = order, label


def renumber(meeting: Meeting) -> None:
    """Reprint the numbers in agenda order, keeping sub-items under their parents."""
    blocks = _blocks(_items(meeting))
    _write_order(meeting, [item for block in blocks for item in block])


def _check_numbers_open(meeting: Meeting) -> None:
    if meeting.published_at is not None:
        raise WorkflowError(
            "The agenda is published: its item numbers are fixed. Add late business at the "
            "end and publish it in a supplement."
        )


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    title: str,
    description: str = "",
    parent: AgendaItem | None = None,
    report: Report | None = None,
    to_follow: bool = False,
) -> AgendaItem:
    """Add business: before the closing standing items, or after its parent's sub-items.

    Once the agenda is published the printed numbers stay as they are, so a new item
    goes at the end (or at the end of its parent's sub-items) and waits for a supplement.
    """
    _check_open(meeting, "add items")
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise WorkflowError("A sub-item belongs under a top-level item of the same meeting.")
    if report is not None and report.council_id != meeting.committee.council_id:
        raise WorkflowError("The report belongs to another council.")
    items = _items(meeting)
    blocks = _blocks(items)
    top = (max((i.order for i in items), default=0)) + 1
    item = AgendaItem.public_objects.create(
        meeting=meeting,
        order=top,
        title=title,
        description=description,
        parent=parent,
        report=report,
        to_follow=to_follow,
    )
    if meeting.published_at is not None:
        if parent is None:
            # Next top-level number after the last one printed.
            numbers = [int(i.number) for i in items if i.parent_id is None and i.number.isdigit()]
            label = str(max(numbers, default=0) + 1)
        else:
            used = {i.number for i in items if i.parent_id == parent.pk}
            label = next(
                f"{parent.number}{c}" for c in _LETTERS if f"{parent.number}{c}" not in used
            )
        item.number = label
        item.save(update_fields=["number"])
        return item
    if parent is not None:
        sequence: list[AgendaItem] = []
        for block in blocks:
            sequence.extend(block)
            if block[0].pk == parent.pk:
                sequence.append(item)
    else:
        end_kinds = _end_kinds(meeting.committee)
        tail = 0
        for block in reversed(blocks):
            if block[0].standing_kind and block[0].standing_kind in end_kinds:
                tail += 1
            else:
                break
        head = blocks[: len(blocks) - tail]
        sequence = (
            [i for b in head for i in b] + [item] + [i for b in blocks[len(head) :] for i in b]
        )
    _write_order(meeting, sequence)
    return item


@transaction.atomic
def move_item(item: AgendaItem, direction: int) -> None:
    """Swap an item (with its sub-items) with its neighbour: ``-1`` up, ``+1`` down."""
    meeting = item.meeting
    _check_numbers_open(meeting)
    blocks = _blocks(_items(meeting))
    if item.parent_id is None:
        index = next(i for i, b in enumerate(blocks) if b[0].pk == item.pk)
        other = index + direction
        if 0 <= other < len(blocks):
            blocks[index], blocks[other] = blocks[other], blocks[index]
    else:
        block = next(b for b in blocks if b[0].pk == item.parent_id)
        subs = block[1:]
        index = next(i for i, s in enumerate(subs) if s.pk == item.pk)
        other = index + direction
        if 0 <= other < len(subs):
            subs[index], subs[other] = subs[other], subs[index]
            block[1:] = subs
    _write_order(meeting, [i for b in blocks for i in b])


def _exempt_report(report: Report, paragraphs: list[int], reason: str) -> None:
    report.exempt_paragraphs = sorted(set(report.exempt_paragraphs or []) | set(paragraphs))
    if not report.public_interest_reason:
        report.public_interest_reason = reason
    report.save()


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    title: str,
    description: str = "",
    report: Report | None = None,
    to_follow: bool = False,
) -> AgendaItem:
    """Edit an item; a report attached to an exempt item becomes exempt with it."""
    _check_open(item.meeting, "edit items")
    if report is not None and report.council_id != item.meeting.committee.council_id:
        raise WorkflowError("The report belongs to another council.")
    item.title, item.description, item.report, item.to_follow = (
        title,
        description,
        report,
        to_follow,
    )
    item.save()
    if report is not None and item.is_exempt and not report.is_exempt:
        _exempt_report(report, list(item.exempt_paragraphs), item.public_interest_reason)
    return item


@transaction.atomic
def mark_exempt(item: AgendaItem, paragraphs: Iterable[int], reason: str) -> AgendaItem:
    """Consider an item in private under LGA 1972 Schedule 12A.

    The paragraph relied on (Part 1, paragraphs 1-7) is printed on the public agenda
    (s100B(2) lists every item), and the public interest test (Schedule 12A para 10)
    needs a stated reason. The item's report is made exempt too, because the item's
    title stays public but the report holds the exempt information.
    """
    chosen = sorted({int(p) for p in paragraphs})
    if not chosen:
        raise WorkflowError("Choose the paragraph or paragraphs of Schedule 12A that apply.")
    bad = [p for p in chosen if p not in SCHEDULE_12A_PARAGRAPHS]
    if bad:
        raise WorkflowError("Schedule 12A has paragraphs 1 to 7 only.")
    if not reason.strip():
        raise WorkflowError(
            "Give the reason the public interest in keeping the information exempt "
            "outweighs the public interest in disclosing it (Schedule 12A para 10)."
        )
    item.exempt_paragraphs = chosen
    item.public_interest_reason = reason.strip()
    item.save()
    if item.report_id is not None:
        report = Report.officer_objects.get(pk=item.report_id)
        _exempt_report(report, chosen, reason.strip())
    return item


@transaction.atomic
def clear_exemption(item: AgendaItem, *, by: Any = None) -> AgendaItem:
    """Take an item back into public session; an exempt report keeps it exempt.

    The officer asking is the confirmation Schedule 12A's release needs
    (``core.exempt.releasing``): the release is audited under their name.
    """
    item.exempt_paragraphs = []
    item.public_interest_reason = ""
    with releasing(by=by, reason="Officer took the item back into public session."):
        item.save()
    if item.is_exempt:
        raise WorkflowError(
            "The item's report is exempt, so the item stays exempt: review the report first."
        )
    return item


# Publication ---------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _check_cleared(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> None:
    """Only cleared reports go into a published pack (the council's clearance rules).

    ``items`` limits the check to a supplement's items; without it, the whole agenda
    except items "to follow" is checked. ``MINUTEBOOK_REQUIRE_CLEARED_REPORTS`` turns the
    rule off (tests of other steps publish uncleared factory reports).
    """
    if not getattr(settings, "MINUTEBOOK_REQUIRE_CLEARED_REPORTS", True):
        return
    from minutebook.reports.services import missing, unpublishable_reports

    if items is None:
        problems = [(r, reasons) for r, reasons in unpublishable_reports(meeting)]
    else:
        report_ids = [i.report_id for i in items if i.report_id is not None]
        problems = [
            (r, missing(r)) for r in Report.officer_objects.filter(pk__in=report_ids) if missing(r)
        ]
    if problems:
        named = "; ".join(f'"{r.title}": {" ".join(reasons)}' for r, reasons in problems)
        raise WorkflowError(f"Reports not cleared cannot be published yet: {named}")


def _build_pack_after_commit(meeting: Meeting, supplement: Supplement | None = None) -> None:
    """The pack is what is published: build it in the background once publication commits.

    ``MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH`` (default on) lets tests of the workflow skip
    the rendering, which the packs app tests on its own.
    """
    if not getattr(settings, "MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH", True):
        return
    from minutebook.packs.tasks import generate_pack

    supplement_id = supplement.pk if supplement is not None else None
    transaction.on_commit(lambda: generate_pack.enqueue(meeting.pk, supplement_id))


@transaction.atomic
def publish_agenda(
    meeting: Meeting,
    *,
    by: Any,
    at: dt.datetime | None = None,
    urgency_reason: str | None = None,
    chair: Person | str | None = None,
) -> Meeting:
    """Publish the agenda and reports: LGA 1972 s100B(3), five clear working days.

    Refused (``LatePublication``) when publication at ``at`` leaves fewer than the
    council's clear working days before the meeting, counted by the statutory clock with
    the council's bank holidays and closure days, unless the chair of the meeting and
    the special circumstances of s100B(4)(b) are given: then an ``UrgencyRecord`` is kept
    for the minutes. Items marked "to follow" are listed but published later in a
    supplement.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting, "publish the agenda")
    if meeting.published_at is not None:
        raise WorkflowError("The agenda is already published; publish late papers as a supplement.")
    at = _now(at)
    if at >= meeting.start:
        raise WorkflowError(
            "The meeting has already started: its agenda can no longer be published."
        )
    items = _items(meeting)
    if not items:
        raise WorkflowError("The agenda has no items.")
    timing = publication_timing(meeting, at)
    urgency = _require_urgency(timing, "the agenda", urgency_reason, chair)
    _check_cleared(meeting)
    published = [i for i in items if not i.to_follow]
    meeting.published_at = at
    meeting.published_by = by if getattr(by, "pk", None) else None
    meeting.state = MeetingState.AGENDA_PUBLISHED
    meeting.save(update_fields=["published_at", "published_by", "state", "modified"])
    _open_items(published, published_at=at)
    if urgency is not None:
        _record_urgency(meeting, UrgencyKind.AGENDA, published, urgency, timing, by, at)
    _build_pack_after_commit(meeting)
    return meeting


def _open_items(items: Iterable[AgendaItem], **changes: Any) -> None:
    """Publish ``items`` by saving each, once their meeting's publication is saved.

    Each save re-indexes the item and its report for search, lifts an OParl tombstone
    the report or its files no longer need, and is audited. The reports and their files
    become visible now although their rows did not change, so their ``modified`` moves
    too: an OParl client syncing with ``modified_since`` then fetches them.
    """
    rows = save_each(
        AgendaItem.public_objects.filter(pk__in=[i.pk for i in items]).order_by("pk"), **changes
    )
    report_ids = {row.report_id for row in rows if row.report_id is not None}
    save_each(Report.public_objects.filter(pk__in=report_ids).order_by("pk"))
    save_each(Document.public_objects.filter(report_id__in=report_ids).order_by("pk"))


def pending_items(meeting: Meeting) -> Any:
    """Items listed on the published agenda whose papers are not yet out: "to follow" or late."""
    return AgendaItem.public_objects.filter(meeting=meeting, published_at__isnull=True).order_by(
        "order"
    )


@transaction.atomic
def publish_supplement(
    meeting: Meeting,
    items: Iterable[AgendaItem],
    *,
    by: Any,
    at: dt.datetime | None = None,
    title: str = "",
    urgency_reason: str | None = None,
    chair: Person | str | None = None,
) -> Supplement:
    """Publish "to follow" and late items after the agenda, as a numbered supplement.

    Each paper's five clear days (LGA 1972 s100B(3)) run from its own publication, so a
    supplement inside the deadline needs the chair's urgency and reasons (s100B(4)(b)),
    recorded for the minutes, exactly as a late agenda does.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting, "publish a supplement")
    if meeting.published_at is None:
        raise WorkflowError("Publish the agenda first; a supplement follows it.")
    chosen = list(items)
    if not chosen:
        raise WorkflowError("Choose the items the supplement publishes.")
    pending = set(pending_items(meeting).values_list("pk", flat=True))
    if any(i.pk not in pending for i in chosen):
        raise WorkflowError("Only items of this meeting not yet published can go in a supplement.")
    at = _now(at)
    if at >= meeting.start:
        raise WorkflowError("The meeting has already started: publish nothing more for it.")
    timing = publication_timing(meeting, at)
    urgency = _require_urgency(timing, "this supplement", urgency_reason, chair)
    _check_cleared(meeting, chosen)
    number = (meeting.supplements.aggregate(top=Max("number"))["top"] or 0) + 1
    supplement = Supplement.objects.create(
        meeting=meeting,
        number=number,
        title=title.strip() or f"Supplement {number}",
        published_at=at,
        published_by=by if getattr(by, "pk", None) else None,
    )
    _open_items(chosen, published_at=at, supplement=supplement)
    if urgency is not None:
        _record_urgency(
            meeting, UrgencyKind.SUPPLEMENT, chosen, urgency, timing, by, at, supplement
        )
    _build_pack_after_commit(meeting, supplement)
    return supplement


# Cancelling and moving -----------------------------------------------------------------


@transaction.atomic
def cancel_meeting(
    meeting: Meeting, *, reason: str, by: Any = None, at: dt.datetime | None = None
) -> Meeting:
    """Cancel a meeting that has not been held; the reason is shown to the public."""
    _check_open(meeting, "cancel it")
    if not reason.strip():
        raise WorkflowError("Give the reason for cancelling; it is shown to the public.")
    meeting.state = MeetingState.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.cancelled_at = _now(at)
    meeting.save(update_fields=["state", "cancellation_reason", "cancelled_at", "modified"])
    return meeting


@transaction.atomic
def move_meeting(
    meeting: Meeting,
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    by: Any = None,
    urgency_reason: str | None = None,
    chair: Person | str | None = None,
) -> Meeting:
    """Move a meeting to a new start; its public address stays fixed once published.

    The slug is the date until the agenda is published, then frozen (``Meeting.save``)
    so links already sent keep working. Bringing a published meeting forward can cut
    the agenda's clear days below LGA 1972 s100B(3): that needs the chair's urgency
    (s100B(4)(b)) as a late publication would. Without a new end the duration is kept.
    """
    _check_open(meeting, "move it")
    if end is None and meeting.end is not None:
        end = start + (meeting.end - meeting.start)
    if end is not None and end < start:
        raise WorkflowError("The meeting cannot end before it starts.")
    if start == meeting.start and end == meeting.end:
        raise WorkflowError("That is the meeting's current time.")
    urgency = None
    timing = None
    if meeting.published_at is not None:
        timing = publication_timing(meeting, meeting.published_at, meeting_start=start)
        urgency = _require_urgency(timing, None, urgency_reason, chair)
    meeting.moved_from = meeting.start
    meeting.start, meeting.end = start, end
    meeting.save()
    if urgency is not None and timing is not None and meeting.published_at is not None:
        published = AgendaItem.public_objects.filter(meeting=meeting, published_at__isnull=False)
        _record_urgency(
            meeting, UrgencyKind.MOVE, published, urgency, timing, by, meeting.published_at
        )
    return meeting
