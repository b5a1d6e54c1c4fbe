"""The demo's minutes and decisions: one numbered minute per item of each held meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from minutebook.clock.deadlines import call_in_expires, decision_in_force_from
from minutebook.decisions.models import CallInState, Decision, KeyDecisionNotice, MinuteItem
from minutebook.demo.builder_defs import COMMITTEES, BuilderBase, Plan, ReportSpec, S
from minutebook.meetings.models import AgendaItem, MeetingState
from minutebook.reports.models import ReportPurpose


class MinutesMixin(BuilderBase):
    """Numbered minutes, their wording, and the decisions they record."""

    def write_minutes(self) -> None:
        """Minutes and decisions for held meetings, numbered on per committee."""
        minutes: list[MinuteItem] = []
        decisions: list[Decision] = []
        next_number = {
            c.key: self.rng("minute-start", c.key).randrange(12, 140) for c in COMMITTEES
        }
        for plan, items in self.pending_items:
            if plan.state not in (MeetingState.HELD, MeetingState.MINUTES_APPROVED):
                continue
            key = plan.cdef.key
            for item in self.flatten(items):
                obj: AgendaItem = item["obj"]
                if item.get("sub") and not item.get("spec"):
                    # A heading ("Planning applications"): its sub-items carry the minutes.
                    continue
                number = next_number[key]
                next_number[key] += 1
                text, resolution = self.minute_text(plan, item)
                minute = MinuteItem(
                    meeting=plan.meeting,
                    committee=self.committees[key],
                    number=number,
                    agenda_item=obj,
                    title=obj.title,
                    text=text,
                    resolution=resolution,
                    exempt_paragraphs=list(obj.exempt_paragraphs),
                    public_interest_reason=obj.public_interest_reason,
                    is_exempt=obj.is_exempt,
                    ready_for_public=True,  # the clerk has checked the draft
                )
                minutes.append(minute)
                item["minute"] = minute
                spec: ReportSpec | None = item.get("spec")
                if spec is not None and resolution:
                    item["decision"] = self.decision(plan, item, spec, minute, resolution)
                    decisions.append(item["decision"])
        MinuteItem.officer_objects.bulk_create(minutes)
        Decision.officer_objects.bulk_create(decisions)
        self.decisions = decisions
        self.count("minute_items", len(minutes))
        self.count("decisions", len(decisions))

    def flatten(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in items:
            out.append(item)
            out.extend(item.get("sub", []))
        return out

    def minute_text(self, plan: Plan, item: dict[str, Any]) -> tuple[str, str]:
        rng, kind = plan.rng, item.get("kind", "")
        members = self.committee_members[plan.cdef.key]
        body = {
            "council": "Council",
            "cabinet": "Cabinet",
        }.get(plan.cdef.key, "the Committee")
        if kind == S.APOLOGIES:
            # Whoever moves a motion or declares an interest is there to do it.
            there = [*plan.movers, *(d.person for d in plan.declarations)]
            pool = [p for p in members if p not in there]
            absent = rng.sample(pool, min(len(pool), rng.randrange(0, 4)))
            plan.absent = absent
            plan.remote = self.remote_attendees(plan)
            if not absent:
                return "There were no apologies for absence.", ""
            names = ", ".join(self.name(p) for p in absent)
            return f"Apologies for absence were received from {names}.", ""
        if kind == S.SUBSTITUTES:
            lines = []
            for person in plan.absent:
                taken = [sub for sub, _ in plan.substitutes]
                pool = [
                    p
                    for p in self.councillors
                    if p.political_group_id == person.political_group_id
                    and p not in members
                    and p not in self.cabinet_members
                    and p not in taken
                ]
                if pool and rng.random() < 0.5:
                    substitute = rng.choice(pool)
                    plan.substitutes.append((substitute, person))
                    lines.append(
                        f"{self.name(substitute)} attended as a substitute for {self.name(person)}."
                    )
            return "\n".join(lines) or "There were no substitute members.", ""
        if kind == S.DECLARATIONS:
            if not plan.declarations:
                return "There were no declarations of interest.", ""
            lines = [
                f"{self.name(d.person)} declared an interest in item {d.agenda_item.number} "
                f"({d.get_kind_display().lower()}): {d.nature} {d.action_detail}"
                for d in plan.declarations
                if d.agenda_item is not None
            ]
            return "\n".join(lines), ""
        if kind == S.MINUTES:
            prev = plan.previous.day if plan.previous else plan.day - timedelta(weeks=4)
            return (
                "",
                f"That the minutes of the {prev.day} {prev:%B %Y} meeting be approved as a "
                "correct record and signed by the Chairman.",
            )
        if kind == S.PUBLIC_PARTICIPATION:
            if not plan.questions:
                return "There were no questions, statements or petitions from the public.", ""
            lines = []
            for q in plan.questions:
                lines.append(f"{q.get_kind_display()} from {q.name}: {q.text}")
                if q.answer:
                    lines.append(f"Response: {q.answer}")
            return "\n\n".join(lines), ""
        if kind == S.COUNCILLOR_QUESTIONS:
            if not plan.councillor_questions:
                return "No questions from councillors had been received.", ""
            return "\n\n".join(
                f"{self.name(q.councillor)} asked the {q.addressed_to_text}: {q.text}\n"
                f"Answer: {q.answer}"
                for q in plan.councillor_questions
            ), ""
        if kind == S.URGENT_ITEMS:
            return "There were no urgent items.", ""
        if kind in (S.FORWARD_PLAN, S.ACTION_SHEET):
            return (
                f"{body.capitalize() if body != 'the Committee' else 'The Committee'} "
                f"considered the {item['title'].lower()}.",
                f"That the {item['title'].lower()} be noted.",
            )
        if kind == S.EXEMPT_BUSINESS:
            return "", (
                f"That the press and public be excluded for the following item: it was likely "
                f"to disclose exempt information as defined in {item['grounds']}, and in all "
                "the circumstances the public interest in keeping the information exempt "
                "outweighed the public interest in its disclosure."
            )
        spec: ReportSpec | None = item.get("spec")
        if spec is None:
            return item.get("minute_text", "The item was noted."), item.get("resolution", "")
        report = spec.report
        speaker = report.portfolio_holder
        speaker_text = (
            f"{self.name(speaker)} introduced the report."
            if speaker
            else "The planning officer presented the report and the update sheet."
        )
        asker = rng.choice([p for p in members if p != speaker] or members)
        officer = spec.authors[0]
        text = (
            f"{speaker_text} {self.name(asker)} asked about the timetable and the effect on "
            f"residents; the {officer.job_title} explained the steps set out in the report."
        )
        if item.get("urgent"):
            text = (
                "The Chairman agreed to take this item as urgent under section 100B(4)(b) of "
                f"the Local Government Act 1972. {item['urgent']} The Chairman of the Place and "
                "Resources Scrutiny Committee had agreed that the decision was urgent and "
                f"could not reasonably be deferred. {text}"
            )
        if report.is_exempt:
            text = f"{body.capitalize()} considered the exempt report. {spec.exempt_body}"
        if spec.planning:
            votes = self.planning_votes(
                len(self.voters(plan, item)),
                rng.randrange(6, 10),
                rng.randrange(0, 4),
                rng.randrange(0, 2),
            )
            item["votes"] = votes
            rec = spec.recommendations[0].rstrip(".")
            outcome = "GRANTED" if rec.startswith("Grant") else "REFUSED"
            if rng.random() < 0.15:
                outcome = "REFUSED" if outcome == "GRANTED" else "GRANTED"
                text += " Members did not accept the officer recommendation."
            text += (
                f" On being put to the vote (for {votes[0]}, against {votes[1]}, "
                f"abstentions {votes[2]}) the motion was carried."
            )
            return text, f"That planning permission be {outcome}" + (
                " subject to the conditions set out in the report."
                if outcome == "GRANTED"
                else " for the reasons set out in the report."
            )
        subject = {"council": "Council", "cabinet": "Cabinet"}.get(plan.cdef.key, "the Committee")
        lines = [
            f"{i}. That {subject} {r[0].lower()}{r[1:]}"
            for i, r in enumerate(spec.recommendations, 1)
        ]
        if report.purpose == ReportPurpose.INFORMATION:
            lines = ["That the report be noted."]
        return text, "\n".join(lines) + f"\n\nReason for decision: {report.reasons}"

    def decision(
        self,
        plan: Plan,
        item: dict[str, Any],
        spec: ReportSpec,
        minute: MinuteItem,
        resolution: str,
    ) -> Decision:
        report = spec.report
        key = plan.cdef.key
        executive = key == "cabinet"
        published = self.cal.add_working_days(plan.day, 2)
        # Published two working days after the meeting; until then (a meeting of the last
        # couple of days) the record is not published yet: no publication time in the
        # future, and no call-in period before publication starts it.
        published_at: datetime | None = self.at(published, 12)
        state = CallInState.NOT_APPLICABLE
        expires = in_force = None
        if published_at > self.now:
            published_at = None
        elif executive:
            expiry = call_in_expires(published)
            expires = self.at(expiry, 17)
            in_force = decision_in_force_from(published)
            state = CallInState.IN_FORCE if expires < self.now else CallInState.OPEN
            if plan.cycle == -4 and report.key_decision and not report.is_exempt:
                state = CallInState.CALL_IN_REJECTED
            if item.get("urgent"):
                state = CallInState.URGENT
        decision_text, _, reasons = resolution.partition("\n\nReason for decision: ")
        return Decision(
            council=self.council,
            title=report.title,
            meeting=plan.meeting,
            agenda_item=item["obj"],
            minute_item=minute,
            report=report,
            decision=f"{decision_text}\n[{spec.token}]" if report.is_exempt else decision_text,
            reasons=reasons or report.reasons,
            alternatives_rejected="Option 2 (defer) and option 3 (do nothing) were considered "
            "and rejected for the reasons in the report."
            if not spec.planning
            else "",
            decision_maker=self.committees[key],
            date=plan.day,
            key_decision=report.key_decision,
            key_decision_notice=(
                KeyDecisionNotice.SPECIAL_URGENCY
                if item.get("urgent")
                else KeyDecisionNotice.FORWARD_PLAN
                if report.key_decision
                else ""
            ),
            declarations_noted="None." if executive else "",
            published_at=published_at,
            call_in_state=state,
            call_in_expires=expires,
            in_force_date=in_force,
            exempt_paragraphs=list(report.exempt_paragraphs),
            public_interest_reason=report.public_interest_reason,
            is_exempt=report.is_exempt,
            is_urgent=bool(item.get("urgent")),
            urgency_reason=item.get("urgent", ""),
        )

    # -- forward plan --------------------------------------------------------------------
