"""What the minutes record around the numbered minutes, as the public may read it.

Declarations of interest (each against its agenda item), public and councillor
questions with their answers (``PUBLIC_FIELDS`` only: never an address, email or
phone), the chair's reasons for taking late business as urgent (LGA 1972 s100B(4)(b):
"special circumstances, which shall be specified in the minutes") and where each
decision stands on call-in. The minutes register's snapshot (``services.build_snapshot``)
and the generated minutes document (``packs.minutes``) both read these, so the two
never disagree about what the record holds.
"""

from __future__ import annotations

from typing import Any

from minutebook.decisions.models import CallInState, Decision
from minutebook.meetings.models import Meeting, UrgencyRecord
from minutebook.participation.models import (
    CouncillorQuestion,
    PublicQuestion,
    SubmissionStatus,
)

#: Submissions the minutes leave out: refused or withdrawn before the meeting.
_NOT_PUT = [SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN]


def declaration_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """Each declaration as printed, with the agenda item it was made against (if any)."""
    from minutebook.interests.models import Declaration

    rows = []
    for d in Declaration.objects.filter(meeting=meeting).select_related("person", "agenda_item"):
        item = d.agenda_item
        text = f"{d.person.display_name}: {d.get_kind_display().lower()}"
        if item is not None:
            text += f" in item {item.number or item.order}, {item.title}"
        text += f" ({d.nature}). {d.get_action_display()}"
        if d.action_detail:
            text += f": {d.action_detail}"
        if d.dispensation_reference:
            text += f" (dispensation {d.dispensation_reference})"
        rows.append({"agenda_item": d.agenda_item_id, "text": text + "."})
    return rows


def question_rows(meeting: Meeting) -> list[dict[str, str]]:
    """Public then councillor questions, statements and petitions, with their answers."""
    rows = []
    public = PublicQuestion.objects.filter(meeting=meeting).exclude(status__in=_NOT_PUT)
    for q in public.order_by("kind", "order", "received_at"):
        view = q.public_view()
        name = view["name"] + (f" ({view['on_behalf_of']})" if view["on_behalf_of"] else "")
        rows.append(
            {
                "kind": f"Public {q.get_kind_display().lower()}",
                "name": name,
                "to": view["addressed_to_text"],
                "text": view["text"],
                "answer": view["answer"],
            }
        )
    councillors = (
        CouncillorQuestion.objects.filter(meeting=meeting)
        .exclude(status__in=_NOT_PUT)
        .select_related("councillor")
    )
    for cq in councillors.order_by("order", "received_at"):
        view = cq.public_view()
        rows.append(
            {
                "kind": "Councillor question",
                "name": view["councillor_name"],
                "to": view["addressed_to_text"],
                "text": view["text"],
                "answer": view["answer"],
            }
        )
    return rows


def urgency_rows(meeting: Meeting) -> list[str]:
    """The chair's special circumstances for each piece of late business (s100B(4)(b))."""
    rows = []
    records = UrgencyRecord.objects.filter(meeting=meeting).order_by("recorded_at", "pk")
    for u in records.prefetch_related("items"):
        titles = [i.title for i in u.items.all()]
        about = f" ({'; '.join(titles)})" if titles else ""
        rows.append(
            f"The chair, {u.chair_name}, agreed that late business{about} be considered as a "
            f"matter of urgency by reason of these special circumstances: {u.reason}"
        )
    return rows


def call_in_note(decision: Decision) -> str:
    """Where a decision stands on call-in, in words that do not change with the date."""
    state = decision.call_in_state
    in_force = (
        f"In force from {decision.in_force_date:%-d %B %Y}." if decision.in_force_date else ""
    )
    if state == CallInState.NOT_APPLICABLE:
        return ""
    if state == CallInState.OPEN:
        expires = decision.call_in_expires_on
        until = f" until {expires:%-d %B %Y}" if expires else ""
        return f"Subject to call-in{until}."
    if state == CallInState.URGENT:
        reason = f": {decision.urgency_reason}" if decision.urgency_reason else ""
        return f"Urgent, not subject to call-in{reason}. {in_force}".strip()
    if state in (CallInState.IN_FORCE, CallInState.CALL_IN_REJECTED):
        label = "Call-in not upheld. " if state == CallInState.CALL_IN_REJECTED else ""
        return f"{label}{in_force or 'In force.'}"
    return f"{decision.get_call_in_state_display()}."


def call_in_notes(meeting: Meeting, *, public: bool) -> dict[int, list[str]]:
    """Call-in notes by minute item id (0: decisions not tied to a minute).

    The public copy reads only published decisions through ``public_objects``; the
    officers' copy reads all.
    """
    rows = (Decision.public_objects if public else Decision.officer_objects).filter(meeting=meeting)
    if public:
        rows = rows.filter(published_at__isnull=False)
    notes: dict[int, list[str]] = {}
    for d in rows.exclude(call_in_state=CallInState.NOT_APPLICABLE).order_by("title", "pk"):
        note = call_in_note(d)
        if note:
            notes.setdefault(d.minute_item_id or 0, []).append(f"{d.title}: {note}")
    return notes
