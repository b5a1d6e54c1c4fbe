"""The demo's forward plan: notices of key decisions, its published versions, and the
special urgency exception."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from minutebook.clock.deadlines import (
    call_in_expires,
    decision_in_force_from,
    key_decision_notice_by,
)
from minutebook.decisions.models import CallInState, Decision
from minutebook.demo import data
from minutebook.demo.builder_defs import BuilderBase, ReportSpec
from minutebook.forwardplan.models import (
    Access,
    ExceptionKind,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)
from minutebook.forwardplan.services import entry_snapshot, key_decision_test
from minutebook.meetings.models import MeetingState
from minutebook.people.models import Ward
from minutebook.reports.models import Report


class ForwardPlanMixin(BuilderBase):
    """Forward plan entries, portfolio holder decisions and the plan's versions."""

    def build_forward_plan(self) -> None:
        """Notices for every cabinet item: past (decided) and future (to be decided)."""
        entries: list[ForwardPlanEntry] = []
        links: list[tuple[ForwardPlanEntry, Report | None]] = []
        entry_wards: list[tuple[ForwardPlanEntry, list[Ward]]] = []
        serial = self.rng("forward-plan").randrange(100, 300)
        specs_by_plan: dict[int, list[ReportSpec]] = {}
        for spec in self.report_specs:
            if spec.fp_key:
                specs_by_plan.setdefault(spec.fp_key[1], []).append(spec)
        for plan in self.plans:
            if plan.cdef.key != "cabinet":
                continue
            rng = self.rng("forward-plan", plan.cycle)
            written = specs_by_plan.get(plan.cycle)
            pairs: list[tuple[data.Topic | None, Report | None, list[Ward]]]
            if written is not None:
                pairs = [(s.topic, s.report, s.wards) for s in written]
            else:
                pairs = [(t, None, []) for t in self.topics_for[("cabinet", plan.cycle)]]
                if plan.cycle % 3 == 0:
                    pairs.append((None, None, []))
            for topic, report, wards in pairs:
                serial += 1
                if topic is None or (report is not None and report.is_exempt):
                    idx = [0, 1, 3, 2][(plan.cycle // 3) % 4]
                    title, portfolio, paragraphs = data.EXEMPT_TOPICS[idx][:3]
                    vals = self.values(rng, plan.day)
                    title = report.title if report is not None else title.format(**vals)
                    access, desc = Access.FULLY_EXEMPT, data.EXEMPT_TOPICS[idx][4]
                    amount = topic.amount if topic is not None else vals["secret_k"] * 1000
                    all_wards = False
                else:
                    portfolio, paragraphs = topic.portfolio, []
                    vals = self.values(rng, plan.day, topic)
                    title = report.title if report is not None else topic.title.format(**vals)
                    access = Access.OPEN
                    desc = (
                        report.brief_summary if report is not None else topic.summary.format(**vals)
                    )
                    if topic.title == data.CABINET_TOPICS[8].title:
                        access, paragraphs = Access.PART_EXEMPT, [3]
                    amount = topic.amount
                    all_wards = topic.key and topic.wards == "All"
                    if topic.wards != "All" and not wards:
                        wards = [self.ward_by_name[data.PLACES[vals["place"]]]]
                test = key_decision_test(
                    amount or None,
                    len(self.wards) if all_wards else len(wards),
                    threshold=self.council.key_decision_threshold,
                    wards_threshold=self.council.key_decision_wards,
                )
                holder = self.holders[portfolio]
                officer = self.officers[data.PORTFOLIO_OFFICERS[portfolio][0][0]]
                notice = key_decision_notice_by(plan.day) - timedelta(days=rng.randrange(0, 40))
                entry = ForwardPlanEntry(
                    council=self.council,
                    reference=f"FP{serial:04d}",
                    title=title,
                    description=desc,
                    key_decision=test.key,
                    key_decision_limb=test.limb,
                    key_decision_reason=test.reason[:300],
                    spending_amount=Decimal(amount) if amount else None,
                    access=access,
                    exempt_paragraphs=paragraphs,
                    decision_maker=self.committees["cabinet"],
                    decision_maker_text="Cabinet",
                    decision_date=plan.day,
                    portfolio=self.portfolios[portfolio],
                    portfolio_holder=holder,
                    portfolio_holder_text=f"Portfolio Holder for "
                    f"{self.portfolios[portfolio].title.split(': ')[-1]}",
                    officer=officer,
                    officer_text=f"{officer.first_name} {officer.last_name}, "
                    f"{officer.job_title}, {officer.email}",
                    consultation="Portfolio holder, ward members, relevant scrutiny committee "
                    "chair; public consultation where stated.",
                    documents_to_be_submitted="Report to Cabinet and appendices.",
                    first_published=self.plan_published_on(notice),
                    all_wards=all_wards,
                )
                entries.append(entry)
                links.append((entry, report))
                entry_wards.append((entry, wards))
        urgent_entry = self.urgent_entry(serial + 100)
        if urgent_entry is not None:
            entries.append(urgent_entry[0])
            links.append(urgent_entry)
        # Individual portfolio holder decisions (two taken, two to come) and an undated item.
        individual: list[Decision] = []
        for i, (portfolio, title, offset) in enumerate(
            (
                ("economy", "Community Grants Scheme: Allocations", -48),
                ("highways", "Extension of the Highways Term Maintenance Contract", -20),
                ("highways", "Traffic Regulation Order: {place} 20mph Zone", 35),
                ("housing", "Disabled Facilities Grant Policy Amendment", 56),
                ("finance", "Review of Fees and Charges", 0),
            )
        ):
            rng = self.rng("forward-plan", "individual", i)
            vals = self.values(rng, self.today)
            holder = self.holders[portfolio]
            serial += 1
            dated = offset != 0
            when = self.cal.next_working_day(self.today + timedelta(days=offset or 77))
            entry = ForwardPlanEntry(
                council=self.council,
                reference=f"FP{serial:04d}",
                title=title.format(**vals),
                description="Decision by the portfolio holder under the scheme of delegation."
                if dated
                else "The annual review of discretionary fees and charges.",
                key_decision=False,
                decision_maker_person=holder if dated else None,
                decision_maker=None if dated else self.committees["cabinet"],
                decision_maker_text="Portfolio Holder" if dated else "Cabinet",
                decision_date=when if dated else None,
                decision_date_text="" if dated else f"Not before {when:%B %Y}",
                portfolio=self.portfolios[portfolio],
                portfolio_holder=holder,
                portfolio_holder_text=f"Cllr {holder.first_name} {holder.last_name}",
                first_published=self.plan_published_on(min(when, self.today) - timedelta(days=30)),
                all_wards=False,  # not key: no significant effect across wards
            )
            entries.append(entry)
            links.append((entry, None))
            if dated and when < self.today:
                published = self.cal.next_working_day(when)
                expires = call_in_expires(published)
                # Published the next working day; not yet if that is still to come.
                out = self.at(published, 12) <= self.now
                individual.append(
                    Decision(
                        council=self.council,
                        title=entry.title,
                        forward_plan_entry=entry,
                        decision=f"{self.name(holder)}, Portfolio Holder, approved the "
                        f"{entry.title[0].lower()}{entry.title[1:]} as set out in the "
                        "officer report.",
                        reasons="To deliver the service within the approved budget.",
                        alternatives_rejected="Not to proceed: rejected because the service "
                        "would not be delivered.",
                        decision_maker_person=holder,
                        date=when,
                        declarations_noted="None.",
                        published_at=self.at(published, 12) if out else None,
                        call_in_state=CallInState.NOT_APPLICABLE
                        if not out
                        else CallInState.IN_FORCE
                        if self.at(expires, 17) < self.now
                        else CallInState.OPEN,
                        call_in_expires=self.at(expires, 17) if out else None,
                        in_force_date=decision_in_force_from(published) if out else None,
                    )
                )
        ForwardPlanEntry.objects.bulk_create(entries)
        through = ForwardPlanEntry.wards_affected.through
        through.objects.bulk_create(
            through(forwardplanentry_id=e.pk, ward_id=w.pk) for e, ws in entry_wards for w in ws
        )
        if urgent_entry is not None:
            self.urgency_exception(urgent_entry[0])
        to_update: list[Report] = []
        for entry, linked in links:
            if linked is not None:
                linked.forward_plan_entry = entry
                to_update.append(linked)
        Report.officer_objects.bulk_update(to_update, ["forward_plan_entry"])
        entry_by_report = {r.pk: e for e, r in links if r is not None}
        decisions = [d for d in self.decisions if d.report_id in entry_by_report]
        for d in decisions:
            d.forward_plan_entry = entry_by_report[d.report_id]
        Decision.officer_objects.bulk_update(decisions, ["forward_plan_entry"])
        Decision.officer_objects.bulk_create(individual)
        self.count("decisions", len(individual))
        self.count("forward_plan_entries", len(entries))
        self.write_plan_versions()

    # -- participation, declarations, actions -------------------------------------------

    def version_days(self) -> list[date]:
        """The plan is republished every four weeks (on a working day), for a year."""
        days = {
            self.cal.previous_working_day(self.today - timedelta(weeks=4 * k) + timedelta(days=1))
            for k in range(14)
        }
        return sorted(days)

    def plan_published_on(self, day: date) -> date:
        """The last publication of the plan on or before ``day`` (notice runs from it)."""
        earlier = [v for v in self.version_days() if v <= day]
        return earlier[-1] if earlier else day

    def write_plan_versions(self) -> None:
        entries = list(
            ForwardPlanEntry.objects.filter(council=self.council)
            .select_related(
                "decision_maker", "decision_maker_person", "portfolio_holder", "officer"
            )
            .prefetch_related("wards_affected")
            .order_by("decision_date", "title", "pk")
        )
        versions = []
        for number, day in enumerate(self.version_days(), 1):
            listed = [
                e
                for e in entries
                if e.first_published is not None
                and e.first_published <= day
                and (e.decision_date is None or e.decision_date >= day)
            ]
            versions.append(
                ForwardPlanVersion(
                    council=self.council,
                    number=number,
                    # Never after the demo's "now" (today's version, built before 9 am).
                    published_at=min(self.at(day, 9), self.now),
                    entries=[entry_snapshot(e) for e in listed],
                )
            )
        ForwardPlanVersion.objects.bulk_create(versions)
        self.count("forward_plan_versions", len(versions))

    def urgent_entry(self, serial: int) -> tuple[ForwardPlanEntry, Report] | None:
        """The urgent key decision's late entry (special urgency, SI 2012/2089 reg 11)."""
        spec = next((s for s in self.report_specs if s.item and s.item.get("urgent")), None)
        if spec is None or spec.plan is None or spec.topic is None:
            return None
        day = spec.plan.day
        test = key_decision_test(
            spec.topic.amount,
            0,
            threshold=self.council.key_decision_threshold,
            wards_threshold=self.council.key_decision_wards,
        )
        holder = self.holders[spec.topic.portfolio]
        entry = ForwardPlanEntry(
            council=self.council,
            reference=f"FP{serial:04d}",
            title=spec.report.title,
            description=spec.report.brief_summary,
            key_decision=test.key,
            key_decision_limb=test.limb,
            key_decision_reason=test.reason[:300],
            spending_amount=Decimal(spec.topic.amount),
            decision_maker=self.committees["cabinet"],
            decision_maker_text="Cabinet",
            decision_date=day,
            portfolio=self.portfolios[spec.topic.portfolio],
            portfolio_holder=holder,
            portfolio_holder_text=f"Cllr {holder.first_name} {holder.last_name}",
            officer=spec.authors[0],
            officer_text=f"{spec.authors[0].first_name} {spec.authors[0].last_name}",
            first_published=self.cal.previous_working_day(day),
        )
        return entry, spec.report

    def urgency_exception(self, entry: ForwardPlanEntry) -> None:
        chair = self.chairs[self.committees["place_scrutiny"].pk]
        assert entry.decision_date is not None
        agreed = self.cal.previous_working_day(entry.decision_date)
        later_council = next(
            (
                p.day
                for p in self.plans
                if p.cdef.key == "council"
                and p.day > entry.decision_date
                and p.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
            ),
            None,
        )
        KeyDecisionException.objects.create(
            entry=entry,
            kind=ExceptionKind.SPECIAL_URGENCY,
            reason=data.URGENCY_REASON,
            scrutiny_chair=chair,
            scrutiny_chair_text=f"{self.name(chair)}, Chairman of the Place and Resources "
            "Scrutiny Committee",
            agreed_on=agreed,
            recorded_at=self.at(agreed, 15),
            reported_to_council_on=later_council,
        )

    # -- logins and report clearance -----------------------------------------------------
