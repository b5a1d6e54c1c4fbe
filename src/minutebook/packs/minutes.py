"""The minutes document: a draft after the meeting, approved and signed at the next one.

Content comes from what the models hold: attendance and votes (``MinutesRecord``),
declarations (``interests``), public questions and answers (``participation``, only
their public fields), urgency reasons (``UrgencyRecord``), the numbered minutes with
their resolutions, and the decisions with reasons. The public version leaves exempt
minutes and decisions out (their place names the agenda item and the paragraph); the
members' version includes them. Approval regenerates the minutes as approved and
locks them: ``generate_minutes`` then refuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.template.loader import render_to_string

from minutebook.core.exempt import describe_paragraphs
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.interests.models import Declaration
from minutebook.meetings.models import AgendaItem, Meeting, UrgencyRecord
from minutebook.packs.models import (
    Audience,
    Format,
    GeneratedDocument,
    MinutesRecord,
    MinutesState,
    Product,
)
from minutebook.packs.pdf import PDF_OPTIONS
from minutebook.packs.services import MinutesLocked, Output, Pending, publishing
from minutebook.packs.source import clock_time, long_date
from minutebook.participation.models import PublicQuestion, SubmissionStatus


@dataclass
class MinuteView:
    number: str
    title: str
    text: str = ""
    resolution: str = ""
    vote: str = ""
    motions: list[str] = field(default_factory=list)
    decisions: list[dict[str, str]] = field(default_factory=list)
    restricted: str = ""


@dataclass
class MinutesSource:
    council: str
    committee: str
    heading: str
    present: list[str]
    apologies: list[str]
    also_present: list[str]
    officers: list[str]
    declarations: list[str]
    questions: list[dict[str, str]]
    urgency: list[str]
    minutes: list[MinuteView]
    other_decisions: list[dict[str, str]]
    status: str
    approved: bool

    def fingerprint(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def _attendance(meeting: Meeting, record: MinutesRecord) -> dict[str, list[str]]:
    """Who attended, from the attendance register when kept, else the minutes record."""
    from minutebook.attendance.models import Attendance, AttendanceStatus, Capacity

    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "substitute_for")
        .order_by("person__last_name", "person__first_name")
    )
    if not rows:
        return {
            "present": _lines(record.present),
            "apologies": _lines(record.apologies),
            "also_present": _lines(record.also_present),
        }

    def name(row: Attendance) -> str:
        text = row.person.full_name
        if row.capacity == Capacity.SUBSTITUTE and row.substitute_for_id:
            text += f" (substitute for {row.substitute_for.full_name})"
        elif row.capacity == Capacity.CO_OPTED:
            text += " (co-opted)"
        if row.mode == "remote":
            text += " (attended remotely)"
        return text

    present = AttendanceStatus.PRESENT
    return {
        "present": [name(r) for r in rows if r.status == present and r.capacity != Capacity.OTHER],
        "apologies": [name(r) for r in rows if r.status == AttendanceStatus.APOLOGIES],
        "also_present": [
            name(r) for r in rows if r.status == present and r.capacity == Capacity.OTHER
        ],
    }


def _motions(minute: MinuteItem) -> list[str]:
    """Motions and amendments moved under a minute, with proposer, seconder and vote."""
    from minutebook.minutes.models import Motion

    out = []
    for motion in Motion.objects.filter(minute_item=minute).select_related("proposer", "seconder"):
        text = f"{motion.get_kind_display()}: {motion.text}"
        if motion.proposer_id:
            text += f" Proposed by {motion.proposer.full_name}"
            if motion.seconder_id:
                text += f", seconded by {motion.seconder.full_name}"
            text += "."
        text += f" {motion.get_outcome_display()}"
        text += f" ({motion.vote_text})." if motion.vote_text else "."
        named = [
            f"{v.person.full_name}: {v.get_choice_display().lower()}"
            for v in motion.recorded_votes.select_related("person").order_by("person__last_name")
        ]
        if named:
            text += " Recorded vote: " + "; ".join(named) + "."
        out.append(text)
    return out


def build_minutes(meeting: Meeting, record: MinutesRecord, audience: str) -> MinutesSource:
    members = audience == Audience.MEMBERS
    venue = meeting.venue.name if meeting.venue else "the venue"
    from django.utils import timezone

    start = timezone.localtime(meeting.start)
    items = {i.pk: i for i in AgendaItem.public_objects.filter(meeting=meeting)}
    minute_rows = (MinuteItem.officer_objects if members else MinuteItem.public_objects).filter(
        meeting=meeting
    )
    decision_rows = (Decision.officer_objects if members else Decision.public_objects).filter(
        meeting=meeting
    )
    decisions_by_minute: dict[int, list[dict[str, str]]] = {}
    for d in decision_rows.order_by("title"):
        key = d.minute_item_id or 0
        decisions_by_minute.setdefault(key, []).append(
            {
                "title": d.title,
                "decision": d.decision,
                "reasons": d.reasons,
                "alternatives": d.alternatives_rejected,
                "key": "Yes" if d.key_decision else "No",
            }
        )
    views = []
    for m in minute_rows.order_by("number"):
        views.append(
            MinuteView(
                number=m.printed_number or str(m.number),
                title=m.title,
                text=m.text,
                resolution=m.resolution,
                vote=str((record.votes or {}).get(str(m.number), "")),
                motions=_motions(m),
                decisions=decisions_by_minute.get(m.pk, []),
            )
        )
    if not members:
        # The public minutes say where exempt business was taken, never what it was.
        hidden = MinuteItem.officer_objects.filter(meeting=meeting, is_exempt=True).values_list(
            "number", "printed_number", "agenda_item_id", "exempt_paragraphs"
        )
        for number, printed, item_id, paragraphs in hidden:
            item = items.get(item_id) if item_id else None
            views.append(
                MinuteView(
                    number=printed or str(number),
                    title=item.title if item else "Exempt business",
                    restricted=describe_paragraphs(list(paragraphs or [])),
                )
            )
        views.sort(key=lambda v: (len(v.number), v.number))
        # Decisions of exempt minutes are not public; unlinked public ones are listed below.
    declarations = [
        f"{d.person.display_name}: {d.get_kind_display().lower()}"
        + (f" in item {d.agenda_item.number}" if d.agenda_item_id else "")
        + f" ({d.nature}). {d.get_action_display()}."
        for d in Declaration.objects.filter(meeting=meeting).select_related("person", "agenda_item")
    ]
    questions = [
        {
            "kind": q.get_kind_display(),
            "name": q.name + (f" ({q.on_behalf_of})" if q.on_behalf_of else ""),
            "to": q.addressed_to_text,
            "text": q.text,
            "answer": q.answer,
        }
        for q in PublicQuestion.objects.filter(meeting=meeting)
        .exclude(status__in=[SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN])
        .order_by("kind", "order", "received_at")
    ]
    urgency = [
        f"{u.chair_name} agreed that late business be considered as a matter of urgency: {u.reason}"
        for u in UrgencyRecord.objects.filter(meeting=meeting)
    ]
    from minutebook.minutes.models import Minutes
    from minutebook.minutes.models import MinutesState as RecordState

    register = (
        Minutes.objects.filter(meeting=meeting).select_related("confirmed_at_meeting").first()
    )
    confirmed = register is not None and register.state != RecordState.DRAFT
    approved = record.state == MinutesState.APPROVED or confirmed
    if approved:
        at = record.approved_at or (register.confirmed_at_meeting if register else None)
        signer = record.signed_by or (register.signed_by_name if register else "")
        signed_on = record.signed_on or (
            timezone.localtime(register.signed_at).date()
            if register and register.signed_at
            else None
        )
        when = f" held on {long_date(at.date)}" if at is not None else ""
        signed = f" Signed by {signer}" if signer else ""
        on = f" on {long_date(signed_on)}" if signed_on else ""
        status = f"Approved as a correct record at the meeting{when}.{signed}{on}."
    else:
        status = "Draft: these minutes are subject to approval at the next meeting."
    attended = _attendance(meeting, record)
    return MinutesSource(
        council=meeting.council.name,
        committee=meeting.committee.name,
        heading=f"Minutes of a meeting of the {meeting.committee.name} held at {venue} on "
        f"{long_date(start.date())} at {clock_time(start)}",
        present=attended["present"],
        apologies=attended["apologies"],
        also_present=attended["also_present"],
        officers=_lines(record.officers),
        declarations=declarations,
        questions=questions,
        urgency=urgency,
        minutes=views,
        other_decisions=decisions_by_minute.get(0, []),
        status=status,
        approved=approved,
    )


def render_minutes(source: MinutesSource, fmt: str) -> tuple[bytes, int | None]:
    html = render_to_string("packs/minutes.html", {"m": source, "print": fmt == Format.PDF})
    if fmt == Format.HTML:
        return html.encode(), None
    from weasyprint import HTML  # 1-3 s to import: only when rendering

    doc = HTML(string=html).render()
    return doc.write_pdf(**PDF_OPTIONS), len(doc.pages)  # one render: its tags stay whole


def _has_exempt(meeting: Meeting) -> list[int]:
    paragraphs: set[int] = set()
    for rows in (
        MinuteItem.officer_objects.filter(meeting=meeting, is_exempt=True),
        Decision.officer_objects.filter(meeting=meeting, is_exempt=True),
    ):
        for p in rows.values_list("exempt_paragraphs", flat=True):
            paragraphs.update(p or [])
    return sorted(paragraphs)


def generate_minutes(meeting: Meeting, *, lock: bool = False) -> list[GeneratedDocument]:
    """Build the minutes (PDF and HTML; members' versions when anything is exempt).

    Refused with ``MinutesLocked`` once approved minutes are stored.
    """
    record, _ = MinutesRecord.objects.get_or_create(meeting=meeting)
    current = list(GeneratedDocument.objects.filter(meeting=meeting, product=Product.MINUTES))
    if any(g.locked for g in current):
        raise MinutesLocked(f"The minutes of {meeting} are approved and signed; they are locked.")
    exempt = _has_exempt(meeting)
    audiences = [Audience.PUBLIC] + ([Audience.MEMBERS] if exempt else [])
    kept: list[GeneratedDocument] = []
    pending: list[Pending] = []
    for audience in audiences:
        source = build_minutes(meeting, record, audience)
        fingerprint = source.fingerprint()
        paragraphs = exempt if audience == Audience.MEMBERS else []
        for fmt in (Format.PDF, Format.HTML):
            same = next(
                (
                    g
                    for g in current
                    if g.audience == audience and g.format == fmt and g.fingerprint == fingerprint
                ),
                None,
            )
            if same is not None and not lock:
                kept.append(same)
                continue
            data, pages = render_minutes(source, fmt)
            title = "Minutes" if source.approved else "Draft minutes"
            if audience == Audience.MEMBERS:
                title += " (members' version, includes exempt items)"
            if fmt == Format.HTML:
                title += " (accessible web page)"
            pending.append(
                Pending(Output(audience, fmt, data, pages, paragraphs), title, fingerprint)
            )
    if not pending:
        return kept
    # All changed files are published in one go: no PDF is current without its HTML twin.
    with publishing(meeting, Product.MINUTES, pending, lock=lock) as stored:
        pass
    order = [(a, f) for a in audiences for f in (Format.PDF, Format.HTML)]
    return sorted(kept + stored, key=lambda g: order.index((g.audience, g.format)))


def approve_minutes(
    meeting: Meeting, at: Meeting, signed_by: str, signed_on: dt.date | None = None
) -> list[GeneratedDocument]:
    """Record approval at the later meeting ``at``, sign, and lock the approved version."""
    if at.pk == meeting.pk or at.start <= meeting.start:
        raise ValueError("Minutes are approved at a later meeting.")
    with transaction.atomic():
        record, _ = MinutesRecord.objects.select_for_update().get_or_create(meeting=meeting)
        if record.state == MinutesState.APPROVED:
            raise MinutesLocked(f"The minutes of {meeting} are already approved.")
        record.state = MinutesState.APPROVED
        record.approved_at = at
        record.signed_by = signed_by
        record.signed_on = signed_on or at.date
        record.save()
        return generate_minutes(meeting, lock=True)
