"""minutebook objects inside OParl ones: decision records, forward plan entries (with ids
of their own, ``/oparl/v1/forward-plan-entry/<id>``) and a report's main text as a File.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from minutebook.api.common import (
    FORWARD_PLAN_ENTRY,
    Urls,
    clean,
    day,
    oparl_type,
    stamped,
    when,
)
from minutebook.api.models import OParlType
from minutebook.core.exempt import describe_paragraphs
from minutebook.decisions.models import Decision
from minutebook.forwardplan.models import Access, ForwardPlanEntry
from minutebook.forwardplan.published import PublishedEntry, published_entries
from minutebook.forwardplan.services import ALL_WARDS
from minutebook.reports.models import Report


def decision_obj(urls: Urls, d: Decision) -> dict[str, Any]:
    """The record of a decision (SI 2012/2089 reg 12) and where it stands on call-in."""
    maker = (
        urls.obj(OParlType.ORGANIZATION, d.decision_maker_id)
        if d.decision_maker_id
        else (
            urls.obj(OParlType.PERSON, d.decision_maker_person_id)
            if d.decision_maker_person_id
            else None
        )
    )
    return clean(
        {
            "title": d.title,
            "date": day(d.date),
            "decision": d.decision,
            "reasons": d.reasons,
            "alternativesRejected": d.alternatives_rejected,
            "decisionMaker": maker,
            "decisionMakerName": d.decision_maker_text,
            "keyDecision": d.key_decision,
            "published": when(d.published_at),
            "callInStatus": d.call_in_state,
            "callInStatusText": d.status_text(),
            "callInExpires": when(d.call_in_expires),
            "inForceFrom": day(d.in_force_date),
            "urgent": d.is_urgent or None,
            "declarations": d.declarations_noted,
            "dispensations": d.dispensations,
        }
    ) | {"keyDecision": d.key_decision}


def _period_end(snapshot: dict[str, Any]) -> str | None:
    """The last day of a period as the plan printed it ("Between 3 March 2025 and ...")."""
    printed = str(snapshot.get("when") or "")
    if not (snapshot.get("decision_date") and printed.startswith("Between ")):
        return None
    _, _, last = printed.rpartition(" and ")
    try:
        return dt.datetime.strptime(last, "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def forward_plan_obj(urls: Urls, e: ForwardPlanEntry, face: PublishedEntry) -> dict[str, Any]:
    """The entry as the public was last told of it (``face``: the latest published plan
    version listing it), never the live row's unpublished edits. The row gives only the
    id, the stamps (``modified`` moves when a plan listing it, or the first plan leaving
    it out, is published) and the decision maker's link while the row names the one
    printed. It is ``withdrawn`` once a plan published since its withdrawal leaves it out,
    as the public site tells it (an entry noticed outside any stored plan: as its row)."""
    printed = face.snapshot
    withdrawn = e.is_withdrawn and (face.version is None or not face.in_current)
    maker = None
    if e.decision_maker_id and e.decision_maker_name == printed.get("decision_maker"):
        maker = urls.obj(OParlType.ORGANIZATION, e.decision_maker_id)
    wards = list(printed.get("wards") or [])
    all_wards = wards == [ALL_WARDS]
    paragraphs = list(printed.get("exempt_paragraphs") or [])
    access = printed.get("access") or Access.OPEN
    key = bool(printed.get("key_decision"))
    return clean(
        {
            "id": urls.forward_plan_entry(e.pk),
            "type": FORWARD_PLAN_ENTRY,
            "reference": face.reference,
            "title": face.title,
            "description": printed.get("description"),
            "keyDecision": key,
            "keyDecisionReason": printed.get("key_decision_reason"),
            "decisionMaker": maker,
            "decisionMakerName": printed.get("decision_maker"),
            "decisionDate": printed.get("decision_date"),
            "decisionPeriodEnd": _period_end(printed),
            "decisionDateText": None if printed.get("decision_date") else printed.get("when"),
            "access": Access(access).label if access in Access.values else access,
            "exemptParagraphs": paragraphs,
            "exemptReason": describe_paragraphs(paragraphs) if paragraphs else None,
            "firstPublished": day(face.first_published),
            "withdrawn": withdrawn,
            "wardsAffected": [] if all_wards else wards,
            "allWards": all_wards or None,
            "created": when(e.created),
            "modified": when(e.modified),
        }
    ) | {"keyDecision": key, "withdrawn": withdrawn, "deleted": False}


def forward_plan_entries(ids: Iterable[int] | None, council_id: int | None = None) -> Any:
    """Published forward-plan entries (withdrawn ones included, marked so)."""
    qs = ForwardPlanEntry.objects.filter(first_published__isnull=False).select_related(
        "council", "decision_maker", "decision_maker_person"
    )
    if ids is not None:
        qs = qs.filter(pk__in=set(ids))
    if council_id is not None:
        qs = qs.filter(council_id=council_id)
    return qs


def published_faces(rows: Sequence[ForwardPlanEntry]) -> dict[int, PublishedEntry]:
    """The published wording of ``rows``, read in bulk: one pass over each council's
    plan versions (a page of a list is one council's)."""
    by_council: dict[int, list[ForwardPlanEntry]] = defaultdict(list)
    for e in rows:
        by_council[e.council_id].append(e)
    out: dict[int, PublishedEntry] = {}
    for group in by_council.values():
        out |= published_entries(group[0].council, [e.pk for e in group])
    return out


def published_plan_entries(
    ids: Iterable[int],
) -> dict[int, tuple[ForwardPlanEntry, PublishedEntry]]:
    """Each published entry among ``ids`` with its published wording (a Paper's entry)."""
    rows = list(forward_plan_entries(ids))
    faces = published_faces(rows)
    return {e.pk: (e, faces[e.pk]) for e in rows if e.pk in faces}


def serialize_forward_plan(urls: Urls, rows: Sequence[ForwardPlanEntry]) -> list[dict[str, Any]]:
    faces = published_faces(rows)
    # Every row here has had notice given, so it has a published face (``published``).
    return [forward_plan_obj(urls, e, faces[e.pk]) for e in rows if e.pk in faces]


#: A report's sections in the order its web page shows them (publishing/item.html).
REPORT_SECTIONS = (
    ("brief_summary", "Brief summary"),
    ("recommendations", "Recommendations"),
    ("reasons", "Reasons for the recommendations"),
    ("body", "Report"),
)
IMPLICATIONS = (
    ("financial_implications", "Financial"),
    ("legal_implications", "Legal"),
    ("climate_implications", "Climate"),
    ("wellbeing_health_implications", "Well-being and health"),
    ("hr_implications", "Human resources"),
    ("equalities_implications", "Equalities"),
    ("risk_implications", "Risk"),
)


def report_text(report: Report) -> str:
    """The report's main text and implications, as its web page shows them, as text."""
    parts = [
        f"{heading}\n\n{text}"
        for field, heading in REPORT_SECTIONS
        if (text := getattr(report, field).strip())
    ]
    implications = [
        f"{heading}\n\n{text}"
        for field, heading in IMPLICATIONS
        if (text := getattr(report, field).strip())
    ]
    if implications:
        parts.append("Implications\n\n" + "\n\n".join(implications))
    return "\n\n".join(parts)


def main_text_obj(urls: Urls, report: Report, text: str) -> dict[str, Any]:
    """A report's main text as an OParl File (its Paper's ``mainFile``), text included."""
    obj = {
        "id": urls.main_text(report.pk),
        "type": oparl_type(OParlType.FILE),
        "name": f"Report: {report.title}",
        "fileName": f"report-{report.pk}.txt",
        "mimeType": "text/plain",
        "size": len(text.encode("utf-8")),
        "text": text,
        "accessUrl": urls.main_text(report.pk) + "/text",
        "paper": [urls.obj(OParlType.PAPER, report.pk)],
    }
    return stamped(obj, report)


def item_votes(urls: Urls, minute_items: dict[int, int]) -> dict[int, list[dict[str, Any]]]:
    """Motions and the votes on them, per agenda item, from published public minutes.

    ``minute_items``: published, non-exempt minute id -> its agenda item id.
    """
    from minutebook.minutes.models import Motion, RecordedVote

    motions = list(Motion.objects.filter(minute_item_id__in=list(minute_items)).order_by("pk"))
    named: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for v in RecordedVote.objects.filter(motion_id__in=[m.pk for m in motions]).order_by("pk"):
        named[v.motion_id].append(
            {"person": urls.obj(OParlType.PERSON, v.person_id), "vote": v.choice}
        )
    orders = {m.pk: m.order for m in motions}
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in sorted(motions, key=lambda m: (m.minute_item_id, m.order, m.pk)):
        counted = m.vote_method != ""
        out[minute_items[m.minute_item_id]].append(
            clean(
                {
                    "kind": m.kind,
                    "order": m.order,
                    "amends": orders.get(m.amends_id) if m.amends_id else None,
                    "text": m.text,
                    "proposer": urls.obj(OParlType.PERSON, m.proposer_id)
                    if m.proposer_id
                    else None,
                    "seconder": urls.obj(OParlType.PERSON, m.seconder_id)
                    if m.seconder_id
                    else None,
                    "outcome": m.outcome,
                    "voteMethod": m.vote_method,
                    "for": m.votes_for if counted else None,
                    "against": m.votes_against if counted else None,
                    "abstained": m.abstentions if counted else None,
                    "chairCastingVote": m.chair_casting_vote or None,
                    "recorded": named[m.pk],
                }
            )
        )
    return out


def declaration_obj(urls: Urls, d: Any) -> dict[str, Any]:
    """An interest declared at a meeting (embedded in its Meeting and its AgendaItem)."""
    return clean(
        {
            "person": urls.obj(OParlType.PERSON, d.person_id),
            "agendaItem": urls.obj(OParlType.AGENDA_ITEM, d.agenda_item_id)
            if d.agenda_item_id
            else None,
            "kind": d.get_kind_display(),
            "nature": d.nature,
            "action": d.get_action_display(),
            "actionDetail": d.action_detail,
            "dispensation": d.dispensation_reference,
        }
    )


def item_declarations(urls: Urls, item_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Declarations per (non-exempt) agenda item."""
    from minutebook.interests.models import Declaration

    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in Declaration.objects.filter(agenda_item_id__in=item_ids).order_by("pk"):
        out[d.agenda_item_id].append(declaration_obj(urls, d))  # type: ignore[index]
    return out
