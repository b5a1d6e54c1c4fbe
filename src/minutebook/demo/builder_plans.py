"""The plans the demo's committees track (``minutebook.plans``): a written statement of
action reported to scrutiny, and the strategic risk register reviewed by audit.

Each plan has its status vocabulary, a tree of items with owners and dates, and the
append-only history of status changes that progress reports count from.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from minutebook.demo.builder_defs import BuilderBase
from minutebook.demo.data_plans import PLANS, Action, PlanDef
from minutebook.plans.models import (
    Finding,
    ItemLevel,
    Plan,
    PlanItem,
    PlanState,
    RiskBand,
    StatusOption,
    StatusUpdate,
)
from minutebook.plans.services import DEFAULT_RISK_BANDS, VOCABULARIES


class PlansMixin(BuilderBase):
    """Plans with their vocabularies, items, findings and status history."""

    def write_plans(self) -> None:
        RiskBand.objects.bulk_create(
            RiskBand(council=self.council, label=label, min_score=lo, max_score=hi, colour=colour)
            for label, lo, hi, colour in DEFAULT_RISK_BANDS
        )
        plans = Plan.objects.bulk_create(
            Plan(
                council=self.council,
                number=number,
                kind=p.kind,
                title=p.title,
                slug=p.slug,
                description=p.description,
                committee=self.committees[p.committee],
                state=PlanState.ACTIVE,
                is_published=True,
            )
            for number, p in enumerate(PLANS, 1)
        )
        self.plan_status: dict[tuple[int, str], StatusOption] = {}
        options = [
            StatusOption(plan=plan, label=label, category=category, colour=colour, order=order)
            for plan in plans
            for order, (label, category, colour) in enumerate(VOCABULARIES["brag"])
        ]
        StatusOption.objects.bulk_create(options)
        for option in options:
            self.plan_status[(option.plan.pk, option.label)] = option
        Finding.objects.bulk_create(
            Finding(plan=plan, reference=ref, text=text, source="Joint local area SEND inspection")
            for plan, p in zip(plans, PLANS, strict=True)
            for ref, text in p.findings
        )
        self.plan_items: list[tuple[PlanItem, tuple[tuple[int, str, str], ...]]] = []
        for plan, p in zip(plans, PLANS, strict=True):
            self.plan_tree(plan, p)
        updates = self.plan_history()
        self.link_plans(plans)
        self.count("plans", len(plans))
        self.count("plan_items", len(self.plan_items))
        self.count("plan_status_updates", len(updates))

    def plan_node(
        self, plan: Plan, level: str, order: int, ref: str, title: str, **fields: Any
    ) -> PlanItem:
        return PlanItem(plan=plan, level=level, order=order, reference=ref, title=title, **fields)

    def plan_action(
        self, plan: Plan, level: str, order: int, a: Action, parent: PlanItem
    ) -> PlanItem:
        owner = self.officers[a.owner]
        return self.plan_node(
            plan,
            level,
            order,
            a.reference,
            a.title,
            parent=parent,
            owner=owner,
            owner_text=owner.job_title,
            start_date=self.today + timedelta(weeks=a.start_weeks),
            end_date=self.today + timedelta(weeks=a.end_weeks) if a.end_weeks is not None else None,
            is_ongoing=a.ongoing,
            measures_of_success=a.measures,
        )

    def plan_tree(self, plan: Plan, p: PlanDef) -> None:
        """Write the tree a level at a time (each level needs its parents' keys)."""
        areas = PlanItem.objects.bulk_create(
            self.plan_node(plan, ItemLevel.AREA, i, a.reference, a.title)
            for i, a in enumerate(p.areas, 1)
        )
        focus: list[tuple[PlanItem, tuple[Action, ...]]] = [
            (self.plan_node(plan, ItemLevel.FOCUS, i, ref, title, parent=area), actions)
            for area, a in zip(areas, p.areas, strict=True)
            for i, (ref, title, actions) in enumerate(a.focus, 1)
        ]
        PlanItem.objects.bulk_create([f for f, _ in focus])
        actions = [
            (self.plan_action(plan, ItemLevel.ACTION, i, a, parent), a)
            for parent, defs in focus
            for i, a in enumerate(defs, 1)
        ]
        for i, r in enumerate(p.risks, 1):
            likelihood, impact, residual_l, residual_i = r.scores
            owner = self.officers[r.owner]
            risk = self.plan_node(
                plan,
                ItemLevel.RISK,
                i,
                r.reference,
                r.title,
                owner=owner,
                owner_text=owner.job_title,
                likelihood=likelihood,
                impact=impact,
                residual_likelihood=residual_l,
                residual_impact=residual_i,
                controls=r.controls,
                is_ongoing=True,
            )
            actions.append((risk, Action(r.reference, r.title, r.owner, 0, None, r.history)))
        PlanItem.objects.bulk_create([item for item, _ in actions])
        milestones = [
            (self.plan_action(plan, ItemLevel.MILESTONE, i, m, parent), m)
            for parent, a in actions
            for i, m in enumerate(a.milestones, 1)
        ]
        PlanItem.objects.bulk_create([item for item, _ in milestones])
        self.plan_items += [(item, a.history) for item, a in [*actions, *milestones]]

    def plan_history(self) -> list[StatusUpdate]:
        """Each item's status changes (``plans.services.set_status``), and where it stands."""
        updates: list[StatusUpdate] = []
        changed: list[PlanItem] = []
        for item, history in self.plan_items:
            old: StatusOption | None = None
            for weeks_ago, label, note in history:
                new = self.plan_status[(item.plan.pk, label)]
                at = self.at(self.today - timedelta(weeks=weeks_ago), 11)
                updates.append(
                    StatusUpdate(
                        item=item,
                        at=at,
                        old_status=old,
                        new_status=new,
                        old_label=old.label if old else "",
                        new_label=new.label,
                        note=note,
                    )
                )
                old = new
                item.completed_on = at.date() if label == "Complete" else None
            if old is None and item.level != ItemLevel.RISK:
                old = self.plan_status[(item.plan.pk, "Not started")]
            if old is not None:
                item.status = old
                changed.append(item)
        StatusUpdate.objects.bulk_create(updates)
        PlanItem.objects.bulk_update(changed, ["status", "completed_on"])
        return updates

    def link_plans(self, plans: list[Plan]) -> None:
        """Each plan's first item points to the meetings, minutes and decisions where its
        committee reviewed the plan (the demo's report of the plan's title)."""
        for plan, p in zip(plans, PLANS, strict=True):
            reviewed = [
                s.item
                for s in self.report_specs
                if s.topic is not None
                and s.topic.title == p.report
                and s.item
                and "minute" in s.item
            ]
            first = next(item for item, _ in self.plan_items if item.plan_id == plan.pk)
            first.meetings.add(*[r["minute"].meeting for r in reviewed])
            first.minute_items.add(*[r["minute"] for r in reviewed])
            first.decisions.add(*[r["decision"] for r in reviewed if r.get("decision")])
