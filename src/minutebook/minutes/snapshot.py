"""The minutes as data (the snapshot kept with every version) and as fixed text.

``build_snapshot`` is the whole record: attendance and quorum, declarations, questions
and answers, urgency reasons, each minute with its motions, votes, declarations and
call-in notes, and who signed. The public copy reads minutes through
``MinuteItem.public_objects`` (published, never exempt); an exempt minute keeps only
its number, agenda item title and Schedule 12A paragraph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from minutebook.decisions.models import Decision, MinuteItem
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.minutes import record
from minutebook.minutes.models import Minutes, Motion, VoteChoice, VoteMethod


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def minute_rows(
    meeting: Meeting,
    *,
    public: bool,
    declared: dict[int | None, list[str]] | None = None,
    call_in: dict[int, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Each minute with its motions, votes and decision reasons (exempt ones flagged).

    ``declared`` and ``call_in``, when the caller has them already, save reading them again.
    """
    manager = MinuteItem.public_objects if public else MinuteItem.officer_objects
    minutes = list(manager.filter(meeting=meeting).order_by("number"))
    motions = (
        Motion.objects.filter(minute_item__in=[m.pk for m in minutes])
        .select_related("proposer", "seconder")
        .prefetch_related("recorded_votes__person")
    )
    by_minute: dict[int, list[Motion]] = {}
    for motion in motions:
        by_minute.setdefault(motion.minute_item_id, []).append(motion)
    decisions = (Decision.public_objects if public else Decision.officer_objects).filter(
        minute_item__in=[m.pk for m in minutes]
    )
    reasons = {d.minute_item_id: d.reasons for d in decisions}
    if declared is None:
        declared = _declarations_by_item(meeting)
    if call_in is None:
        call_in = record.call_in_notes(meeting, public=public)
    rows = []
    for m in minutes:
        rows.append(
            {
                "number": m.number,
                "printed": m.printed_number or str(m.number),
                "title": m.title,
                "text": m.text,
                "resolution": m.resolution,
                "reasons": reasons.get(m.pk, ""),
                "exempt_paragraphs": list(m.exempt_paragraphs or []),
                "motions": [_motion_row(x) for x in by_minute.get(m.pk, [])],
                "declarations": declared.get(m.agenda_item_id, []) if m.agenda_item_id else [],
                "call_in": call_in.get(m.pk, []),
            }
        )
    return rows


def _declarations_by_item(meeting: Meeting) -> dict[int | None, list[str]]:
    """Declarations of interest grouped by agenda item (``None``: the whole meeting)."""
    out: dict[int | None, list[str]] = {}
    for row in record.declaration_rows(meeting):
        out.setdefault(row["agenda_item"], []).append(row["text"])
    return out


def _motion_row(motion: Motion) -> dict[str, Any]:
    named: dict[str, list[str]] = {c: [] for c in VoteChoice.values}
    for vote in motion.recorded_votes.all():
        named[vote.choice].append(vote.person.display_name)
    return {
        "kind": motion.get_kind_display(),
        "text": motion.text,
        "amends": motion.amends.order if motion.amends_id and motion.amends else None,
        "order": motion.order,
        "proposer": motion.proposer.display_name if motion.proposer else "",
        "seconder": motion.seconder.display_name if motion.seconder else "",
        "outcome": motion.get_outcome_display(),
        "vote_method": motion.vote_method,
        "vote": motion.vote_text,
        "named": named if motion.vote_method == VoteMethod.RECORDED else {},
    }


def build_snapshot(meeting: Meeting, minutes: Minutes, *, public: bool = False) -> dict[str, Any]:
    """The whole record as JSON, kept with every version: the officer's copy (exempt
    minutes included) or, with ``public``, the copy the public site shows."""
    from minutebook.attendance.services import minutes_lines, quorum

    q = quorum(meeting)
    declared = _declarations_by_item(meeting)
    call_in = record.call_in_notes(meeting, public=public)
    minuted = set(
        MinuteItem.officer_objects.filter(meeting=meeting).values_list("agenda_item_id", flat=True)
    )
    return {
        "council": meeting.committee.council.name,
        "committee": meeting.committee.name,
        "meeting": str(meeting),
        "date": meeting.date.isoformat(),
        "opened_at": _local(minutes.opened_at),
        "closed_at": _local(minutes.closed_at),
        "duration": minutes.duration_text,
        "attendance": minutes_lines(meeting),
        "quorum": {"required": q.required, "present": q.present, "basis": q.basis},
        # Declarations against an item with no minute of its own, and general ones.
        "declarations": [t for key, rows in declared.items() if key not in minuted for t in rows],
        "questions": record.question_rows(meeting),
        "urgency": record.urgency_rows(meeting),
        "minutes": (
            public_minute_rows(meeting, declared=declared, call_in=call_in)
            if public
            else minute_rows(meeting, public=False, declared=declared, call_in=call_in)
        ),
        "call_in": call_in.get(0, []),
        "confirmed_at": str(minutes.confirmed_at_meeting or ""),
        "signed_by": minutes.signed_by_name,
        "signed_at": _local(minutes.signed_at),
    }


def public_minute_rows(
    meeting: Meeting,
    *,
    declared: dict[int | None, list[str]] | None = None,
    call_in: dict[int, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """The minutes as the public may read them.

    Public minutes come through ``public_objects``; an exempt minute keeps its place
    by number with its agenda item's (public) title and the Schedule 12A paragraph,
    never its own title or content.
    """
    from minutebook.core.exempt import describe_paragraphs

    if declared is None:
        declared = _declarations_by_item(meeting)
    rows = minute_rows(meeting, public=True, declared=declared, call_in=call_in)
    titles = dict(AgendaItem.public_objects.filter(meeting=meeting).values_list("pk", "title"))
    # Only where the minutes themselves are published: a draft gives away nothing.
    hidden = (
        MinuteItem.officer_objects.filter(meeting=meeting, is_exempt=True)
        .published()
        .values_list("number", "printed_number", "agenda_item_id", "exempt_paragraphs")
    )
    for number, printed, item_id, paragraphs in hidden:
        rows.append(
            {
                "number": number,
                "printed": printed or str(number),
                "title": titles.get(item_id, "Exempt business"),
                "restricted": describe_paragraphs(list(paragraphs or [])),
                "motions": [],
                "declarations": declared.get(item_id, []) if item_id else [],
                "call_in": [],
            }
        )
    return sorted(rows, key=lambda row: row["number"])


def render_text(snapshot: dict[str, Any]) -> str:
    """Plain text of the minutes, the fixed wording kept with each version."""
    lines = [
        f"{snapshot['council']}",
        f"Minutes of {snapshot['meeting']}",
        "",
    ]
    att = snapshot.get("attendance", {})
    for key, label in (
        ("present", "Present"),
        ("apologies", "Apologies"),
        ("absent", "Absent"),
        ("also", "Also attending"),
    ):
        if att.get(key):
            lines.append(f"{label}: {', '.join(att[key])}")
    if snapshot.get("duration"):
        lines.append(f"Duration: {snapshot['duration']}")
    lines.append("")
    for heading, key in (
        ("Declarations of interest", "declarations"),
        ("Urgent business", "urgency"),
    ):
        if snapshot.get(key):
            lines += [f"{heading}:", *(f"  {t}" for t in snapshot[key]), ""]
    if snapshot.get("questions"):
        lines.append("Questions:")
        for q in snapshot["questions"]:
            to = f" to {q['to']}" if q.get("to") else ""
            lines.append(f"  {q['kind']} from {q['name']}{to}: {q['text']}")
            if q.get("answer"):
                lines.append(f"    Answer: {q['answer']}")
        lines.append("")
    for row in snapshot.get("minutes", []):
        lines.append(f"{row['printed']}. {row['title']}")
        for text in row.get("declarations", []):
            lines.append(f"  Declared: {text}")
        if row.get("restricted"):
            lines.append(f"  (Considered in private: {row['restricted']}.)")
        for key in ("text", "resolution", "reasons"):
            value = (row.get(key) or "").strip()
            if value:
                prefix = {"resolution": "RESOLVED: ", "reasons": "Reasons: "}.get(key, "")
                lines.append(f"  {prefix}{value}")
        for motion in row.get("motions", []):
            who = []
            if motion.get("proposer"):
                who.append(f"moved by {motion['proposer']}")
            if motion.get("seconder"):
                who.append(f"seconded by {motion['seconder']}")
            lines.append(
                f"  {motion['kind']} {motion['order']}"
                + (f" ({', '.join(who)})" if who else "")
                + f": {motion['text']} [{motion['outcome']}]"
            )
            if motion.get("vote"):
                lines.append(f"    {motion['vote']}")
            for choice, names in (motion.get("named") or {}).items():
                if names:
                    lines.append(f"    {VoteChoice(choice).label}: {', '.join(names)}")
        for note in row.get("call_in", []):
            lines.append(f"  Call-in: {note}")
        lines.append("")
    for note in snapshot.get("call_in", []):
        lines.append(f"Call-in: {note}")
    if snapshot.get("signed_by"):
        lines.append(f"Signed by {snapshot['signed_by']} ({snapshot.get('confirmed_at', '')}).")
    return "\n".join(lines).rstrip() + "\n"
