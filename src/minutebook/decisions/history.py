"""The history of a matter across meetings, as the public may read it.

A matter seldom ends where it starts: notice in the forward plan, pre-decision
scrutiny, the cabinet's decision or recommendation, full council, perhaps a call-in.
The records that tie these together already exist: the decision's forward plan
entry, agenda item and report (one report considered at several meetings), the
referrals (``Matter`` and its ``Consideration`` per body) and call-in requests. This
module follows those links and gives each step a date, the body, what happened and
the public page that shows it. Only facts the public may know are read: agenda items
open to inspection (whose titles are public even when exempt, LGA 1972 s100B(2)),
bodies, dates, outcomes' labels, and decisions through ``decisions.register``; never
a report, minute, resolution or grounds text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from minutebook.councils.models import Council
from minutebook.decisions.models import (
    CallInOutcome,
    CallInRequest,
    Consideration,
    ConsiderationOutcome,
    Decision,
)
from minutebook.decisions.register import RestrictedDecision, resolve
from minutebook.forwardplan.published import PublishedEntry, published_entries
from minutebook.meetings.item_links import item_url
from minutebook.meetings.models import AgendaItem

#: Same-day steps in the order they happen.
_FORWARD_PLAN, _ITEM, _DECISION, _CALL_IN = range(4)


@dataclass(frozen=True)
class Step:
    """One step of a matter's history."""

    date: dt.date | None
    body: str
    text: str
    url: str = ""
    #: The page showing this history is this step's page.
    here: bool = False
    kind: int = _ITEM


def entry_url(entry: PublishedEntry) -> str:
    try:
        return reverse(
            "publishing:forward_plan_entry",
            kwargs={"council": entry.council.slug, "pk": entry.pk},
        )
    except NoReverseMatch:
        return ""


def related_decisions(
    council: Council,
    *,
    entry_ids: Collection[int] = (),
    item_ids: Collection[int] = (),
    decision_ids: Collection[int] = (),
) -> list[Decision | RestrictedDecision]:
    """Published, current decisions on these entries or items, exempt ones restricted."""
    rows = (
        Decision.officer_objects.filter(council=council)
        .filter(
            Q(forward_plan_entry_id__in=entry_ids)
            | Q(agenda_item_id__in=item_ids)
            | Q(pk__in=decision_ids)
        )
        .published()
        .current()
        .order_by("date", "pk")
        .values_list("pk", "is_exempt")
    )
    return resolve(council, list(rows))


def matter_history(
    council: Council,
    *,
    decision_id: int | None = None,
    entry_id: int | None = None,
) -> list[Step]:
    """The steps of the matter a decision or forward plan entry belongs to, oldest first.

    Empty when there is only the one record (nothing to trace).
    """
    seeds = (
        Decision.officer_objects.filter(council=council, pk=decision_id)
        .published()
        .values("forward_plan_entry_id", "agenda_item_id", "report_id")
        .first()
        if decision_id is not None
        else None
    ) or {}
    entry_ids = {pk for pk in (entry_id, seeds.get("forward_plan_entry_id")) if pk}
    item_ids = {seeds["agenda_item_id"]} if seeds.get("agenda_item_id") else set()
    decision_ids = {decision_id} if decision_id else set()
    report_ids = {seeds["report_id"]} if seeds.get("report_id") else set()
    # Two rounds pick up what the first finds: an entry's decisions and their items, the
    # other meetings that had the same report, the bodies a referral went through. Only
    # published records link: what a draft decision is about is not yet public.
    for _ in range(2):
        linked = (
            Decision.officer_objects.filter(council=council)
            .filter(
                Q(forward_plan_entry_id__in=entry_ids)
                | Q(agenda_item_id__in=item_ids)
                | Q(pk__in=decision_ids)
            )
            .published()
        )
        for entry, item, report, pk in linked.values_list(
            "forward_plan_entry_id", "agenda_item_id", "report_id", "pk"
        ):
            entry_ids |= {entry} if entry else set()
            item_ids |= {item} if item else set()
            report_ids |= {report} if report else set()
            decision_ids.add(pk)
        if report_ids:
            item_ids |= set(
                AgendaItem.public_objects.filter(report_id__in=report_ids).values_list(
                    "pk", flat=True
                )
            )
        matters = Consideration.objects.filter(
            Q(agenda_item_id__in=item_ids) | Q(decision_record_id__in=decision_ids)
        ).values("matter_id")
        for item, record in Consideration.objects.filter(matter_id__in=matters).values_list(
            "agenda_item_id", "decision_record_id"
        ):
            item_ids |= {item} if item else set()
            decision_ids |= {record} if record else set()
    steps: list[Step] = []
    for entry in published_entries(council, entry_ids).values():
        steps.append(
            Step(
                entry.first_published,
                "Forward plan",
                f"Notice given in the forward plan: {entry.title}",
                entry_url(entry),
                here=entry.pk == entry_id,
                kind=_FORWARD_PLAN,
            )
        )
    steps += _item_steps(item_ids)
    decisions = related_decisions(
        council, entry_ids=entry_ids, item_ids=item_ids, decision_ids=decision_ids
    )
    for decision in decisions:
        steps.append(
            Step(
                decision.date,
                decision.maker_name,
                f"Decision: {decision.title}"
                + (" (taken in private)" if getattr(decision, "restricted", False) else ""),
                reverse("publishing:decision", kwargs={"council": council.slug, "pk": decision.pk}),
                here=decision.pk == decision_id,
                kind=_DECISION,
            )
        )
    steps += _call_in_steps([d.pk for d in decisions])
    if len(steps) < 2:
        return []
    return sorted(steps, key=lambda s: (s.date or dt.date.max, s.kind))


def _item_steps(item_ids: set[int]) -> list[Step]:
    items = (
        AgendaItem.public_objects.open_to_inspection()
        .filter(pk__in=item_ids)
        .select_related("meeting__committee__council")
    )
    outcomes = {
        c.agenda_item_id: c
        for c in Consideration.objects.filter(agenda_item_id__in=item_ids).select_related(
            "refer_to"
        )
    }
    today = timezone.localdate()
    steps = []
    for item in items:
        meeting = item.meeting
        number = f"item {item.number}: " if item.number else ""
        text = ("Considered" if meeting.date <= today else "To be considered") + f", {number}"
        text += item.title
        consideration = outcomes.get(item.pk)
        if consideration is not None and consideration.outcome:
            if consideration.outcome == ConsiderationOutcome.RECOMMENDED and consideration.refer_to:
                text += f". Recommended to {consideration.refer_to.name}"
            else:
                text += f". {consideration.get_outcome_display()}"
        if item.withdrawn_at is not None:
            text += ". Withdrawn"
        steps.append(
            Step(
                meeting.date,
                meeting.committee.name,
                text,
                (item_url(meeting, item) or meeting.get_absolute_url())
                if item.withdrawn_at is None
                else meeting.get_absolute_url(),
            )
        )
    return steps


def _call_in_steps(decision_ids: list[int]) -> list[Step]:
    steps = []
    for request in CallInRequest.objects.filter(decision_record_id__in=decision_ids).select_related(
        "considered_at__committee__council"
    ):
        meeting = request.considered_at
        steps.append(
            Step(
                timezone.localtime(request.received_at).date(),
                "Call-in",
                "Called in for review by scrutiny",
                kind=_CALL_IN,
            )
        )
        if request.outcome != CallInOutcome.PENDING:
            steps.append(
                Step(
                    request.outcome_on,
                    meeting.committee.name if meeting else "Scrutiny",
                    f"Call-in decided: {request.get_outcome_display()}",
                    meeting.get_absolute_url() if meeting else "",
                    kind=_CALL_IN,
                )
            )
    return steps
