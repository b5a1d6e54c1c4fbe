"""The minutes document: a draft after the meeting, approved and signed at the next one.

Content comes from what the models hold: attendance (the attendance register, else
``MinutesRecord``), declarations of interest against each item (``interests``), public
and councillor questions with their answers (``participation``, only their public
fields), the chair's urgency reasons (``UrgencyRecord``, s100B(4)(b)), the numbered
minutes with their motions and votes (``minutes.Motion``, ``RecordedVote``), the
decisions with reasons and where each stands on call-in. ``minutes.record`` reads the
parts around the numbered minutes for this document and the register's snapshot alike.

The minutes register (``minutebook.minutes``) drives the document: its services
enqueue ``packs.tasks.generate_minutes`` after every start, edit and confirmation.
Nothing public is made of draft minutes unless the council publishes drafts (then
only the minutes the clerk marked ready: ``MinuteItemQuerySet.published``); an earlier
public draft is withdrawn when that stops. The public version leaves exempt minutes
and decisions out (their place names the agenda item and the paragraph); the members'
version includes them. Once the register confirms the minutes, the build makes the
approved, signed version and locks it: ``generate_minutes`` then refuses, except for a
correction (a new register version) or a redaction after a later exemption, which each
publish a new Document version; every locked copy is recorded as a ``minutes.SignedCopy``
and the database keeps its file, hash and text as they are.
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
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.minutes import record as record_parts
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
    declarations: list[str] = field(default_factory=list)
    call_in: list[str] = field(default_factory=list)


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
    call_in: list[str]
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
    declared: dict[int | None, list[str]] = {}
    for row in record_parts.declaration_rows(meeting):
        declared.setdefault(row["agenda_item"], []).append(row["text"])
    call_in = record_parts.call_in_notes(meeting, public=not members)
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
                declarations=declared.get(m.agenda_item_id, []) if m.agenda_item_id else [],
                call_in=call_in.get(m.pk, []),
            )
        )
    if not members:
        # The public minutes say where exempt business was taken, never what it was.
        # Only of published minutes (``MinuteItemQuerySet.published``), like the rest.
        hidden = (
            MinuteItem.officer_objects.filter(meeting=meeting, is_exempt=True)
            .published()
            .values_list("number", "printed_number", "agenda_item_id", "exempt_paragraphs")
        )
        for number, printed, item_id, paragraphs in hidden:
            item = items.get(item_id) if item_id else None
            views.append(
                MinuteView(
                    number=printed or str(number),
                    title=item.title if item else "Exempt business",
                    restricted=describe_paragraphs(list(paragraphs or [])),
                    declarations=declared.get(item_id, []) if item_id else [],
                )
            )
        views.sort(key=lambda v: (len(v.number), v.number))
        # Decisions of exempt minutes are not public; unlinked public ones are listed below.
    # Every declaration is listed at the start; each is printed again under its minute.
    declarations = [t for rows in declared.values() for t in rows]
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
        status += _corrections(register)
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
        questions=record_parts.question_rows(meeting),
        urgency=record_parts.urgency_rows(meeting),
        minutes=views,
        other_decisions=decisions_by_minute.get(0, []),
        call_in=call_in.get(0, []),
        status=status,
        approved=approved,
    )


def _corrections(register: object) -> str:
    """The register's corrections since signature, as printed under the status line."""
    from minutebook.minutes.models import MinutesVersion

    if register is None:
        return ""
    from django.utils import timezone

    text = ""
    for version in MinutesVersion.objects.filter(minutes=register, number__gte=2).order_by(
        "number"
    ):
        day = long_date(timezone.localtime(version.created_at).date())
        text += f" Corrected on {day} (version {version.number}): {version.reason}"
        text += "" if version.reason.endswith(".") else "."
    return text


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


def _register(meeting: Meeting) -> tuple[bool, bool]:
    """(signed, public) from the minutes register: whether the minutes are confirmed,
    and whether any public version may exist now (confirmed, or a published draft
    with at least one minute ready: ``minutes.publication.is_published``).

    Minutes kept outside the register (an imported or typed-up record) follow
    ``MinutesRecord`` and are public, as they always were.
    """
    from minutebook.minutes.models import Minutes
    from minutebook.minutes.models import MinutesState as RecordState
    from minutebook.minutes.publication import is_published

    state = Minutes.objects.filter(meeting=meeting).values_list("state", flat=True).first()
    if state is None:
        return False, True
    signed = state != RecordState.DRAFT
    return signed, is_published(meeting)


def _withdraw(rows: list[GeneratedDocument]) -> None:
    """Take public draft minutes down: off the meeting page, out of search and the feeds.

    The Document is kept (its version history stays whole) but belongs to no meeting
    and has no publication time, so no public path reads it.
    """
    from minutebook.documents.models import Document

    with transaction.atomic():
        for row in rows:
            document = Document.officer_objects.filter(pk=row.document_id).first()
            row.delete()
            if document is not None:
                document.meeting = None
                document.published_at = None
                document.save(update_fields=["meeting", "published_at"])


def _public_copy_withdrawn(current: list[GeneratedDocument]) -> bool:
    from minutebook.documents.models import Document

    ids = [g.document_id for g in current if g.audience == Audience.PUBLIC]
    return Document.officer_objects.filter(pk__in=ids, withdrawn_at__isnull=False).exists()


def register_version(meeting: Meeting) -> int:
    """The latest version of the meeting's minutes in the register (0: none)."""
    from django.db.models import Max

    from minutebook.minutes.models import MinutesVersion

    top = MinutesVersion.objects.filter(minutes__meeting=meeting).aggregate(top=Max("number"))
    return top["top"] or 0


def _record_signed(meeting: Meeting, stored: list[GeneratedDocument]) -> None:
    """Each locked copy becomes a ``minutes.SignedCopy``: the database keeps it as it is."""
    from minutebook.documents.models import Document
    from minutebook.minutes.models import SignedCopy

    version = register_version(meeting)
    for row in stored:
        if not row.locked or SignedCopy.objects.filter(document_id=row.document_id).exists():
            continue
        document = Document.officer_objects.get(pk=row.document_id)
        SignedCopy.objects.create(
            document=document,
            meeting=meeting,
            minutes_version=version,
            sha256=document.sha256,
            file_name=document.file.name or "",
        )


def _correction_pending(meeting: Meeting, current: list[GeneratedDocument]) -> bool:
    """A correction (register version 2 or later) that the current signed copies predate."""
    from minutebook.minutes.models import SignedCopy

    latest = register_version(meeting)
    if latest < 2:
        return False
    printed = SignedCopy.objects.filter(document_id__in=[g.document_id for g in current])
    return max(printed.values_list("minutes_version", flat=True), default=0) < latest


def _reissue_signed(
    meeting: Meeting, record: MinutesRecord, audiences: list[str]
) -> list[GeneratedDocument]:
    """A new version of signed minutes' copies, the signed ones kept as they are.

    Made only for a correction (a new register version with its reason, printed in the
    status line) or a redaction: a minute or decision made exempt after signature
    (Schedule 12A) withdrew the public copy (``minutebook.derived.exempt``), and this
    version prints the same minutes with the now-exempt ones given by title and
    paragraph only. The new copies are locked and recorded as signed copies like the
    ones they follow; those keep their file, hash and text (database triggers).
    """
    exempt = _has_exempt(meeting)
    pending = []
    for audience in audiences:
        source = build_minutes(meeting, record, audience)
        members = audience == Audience.MEMBERS
        for fmt in (Format.PDF, Format.HTML):
            data, pages = render_minutes(source, fmt)
            title = "Minutes"
            if members:
                title += " (members' version, includes exempt items)"
            if fmt == Format.HTML:
                title += " (accessible web page)"
            output = Output(audience, fmt, data, pages, exempt if members else [])
            pending.append(Pending(output, title, source.fingerprint()))
    with publishing(meeting, Product.MINUTES, pending, lock=True, replace_locked=True) as stored:
        _record_signed(meeting, stored)
    return stored


def generate_minutes(meeting: Meeting, *, lock: bool = False) -> list[GeneratedDocument]:
    """Build the minutes (PDF and HTML; members' versions when anything is exempt).

    Confirmed minutes in the register are built as approved and locked. Draft minutes
    get a public version only when the council publishes drafts (then with only the
    minutes marked ready); otherwise any public draft is withdrawn, and only an exempt
    members' version is made. Refused with ``MinutesLocked`` once approved minutes are
    stored.
    """
    signed, public = _register(meeting)
    lock = lock or signed
    record, _ = MinutesRecord.objects.get_or_create(meeting=meeting)
    current = list(GeneratedDocument.objects.filter(meeting=meeting, product=Product.MINUTES))
    if any(g.locked for g in current):
        if _public_copy_withdrawn(current):
            return _reissue_signed(meeting, record, [Audience.PUBLIC])
        if _correction_pending(meeting, current):
            audiences = [
                a for a in (Audience.PUBLIC, Audience.MEMBERS) if a in {g.audience for g in current}
            ]
            return _reissue_signed(meeting, record, audiences)
        raise MinutesLocked(f"The minutes of {meeting} are approved and signed; they are locked.")
    if not public:
        stale = [g for g in current if g.audience == Audience.PUBLIC]
        if stale:
            _withdraw(stale)
            current = [g for g in current if g.audience != Audience.PUBLIC]
    exempt = _has_exempt(meeting)
    audiences = ([Audience.PUBLIC] if public else []) + ([Audience.MEMBERS] if exempt else [])
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
        _record_signed(meeting, stored)
    order = [(a, f) for a in audiences for f in (Format.PDF, Format.HTML)]
    return sorted(kept + stored, key=lambda g: order.index((g.audience, g.format)))


def approve_minutes(
    meeting: Meeting, at: Meeting, signed_by: str, signed_on: dt.date | None = None
) -> list[GeneratedDocument]:
    """Record approval at the later meeting ``at``, sign, and lock the approved version.

    For minutes kept outside the minutes register only: minutes in the register are
    confirmed there (``minutes.services.confirm_minutes``), which builds and locks this
    document itself.
    """
    from minutebook.minutes.models import Minutes

    if Minutes.objects.filter(meeting=meeting).exists():
        raise MinutesLocked(
            f"The minutes of {meeting} are kept in the minutes register: confirm them there."
        )
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
