"""The demo's decisions after the meeting: matters travelling between bodies, and call-in."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from minutebook.committees.models import CommitteeKind
from minutebook.decisions.models import (
    CallInOutcome,
    CallInRequest,
    CallInState,
    Consideration,
    ConsiderationOutcome,
    Decision,
    Matter,
    MatterStatus,
)
from minutebook.demo.builder_defs import BuilderBase
from minutebook.meetings.models import MeetingState
from minutebook.people.models import Person


class DecisionsMixin(BuilderBase):
    """Matters referred from one body to the next, and call-ins."""

    def write_matters(self) -> None:
        """Reports that travel: scrutiny or Cabinet recommends, the next body decides."""
        rows: list[tuple[Matter, list[Consideration]]] = []
        for spec, council_item, council_plan in self.travels:
            cab_item = spec.item
            assert cab_item is not None and spec.plan is not None
            held = council_item.get("decision") is not None
            matter = Matter(
                council=self.council,
                title=spec.report.title,
                report=spec.report,
                status=MatterStatus.DECIDED if held else MatterStatus.IN_PROGRESS,
            )
            first = Consideration(
                matter=matter,
                sequence=1,
                committee=self.committees["cabinet"],
                meeting=spec.plan.meeting,
                recommendation=spec.report.recommendations,
                outcome=ConsiderationOutcome.RECOMMENDED,
                resolution=cab_item["minute"].resolution if "minute" in cab_item else "",
                refer_to=self.committees["council"],
                minute_item=cab_item.get("minute"),
                decision_record=cab_item.get("decision"),
            )
            second = Consideration(
                matter=matter,
                sequence=2,
                committee=self.committees["council"],
                meeting=council_plan.meeting,
                recommendation=first.resolution,
                outcome=ConsiderationOutcome.DECIDED if held else ConsiderationOutcome.PENDING,
                resolution=council_item["minute"].resolution if held else "",
                minute_item=council_item.get("minute"),
                decision_record=council_item.get("decision"),
            )
            rows.append((matter, [first, second]))
        # Scrutiny recommendations to Cabinet, awaiting a Cabinet meeting.
        for plan, items in self.pending_items:
            if plan.cdef.kind != CommitteeKind.OVERVIEW_SCRUTINY:
                continue
            for item in self.flatten(items):
                spec = item.get("spec")
                if spec is None or spec.topic is None or spec.topic.purpose != "recommendation":
                    continue
                if "minute" not in item:
                    continue
                matter = Matter(council=self.council, title=spec.report.title, report=spec.report)
                first = Consideration(
                    matter=matter,
                    sequence=1,
                    committee=self.committees[plan.cdef.key],
                    meeting=plan.meeting,
                    recommendation=spec.report.recommendations,
                    outcome=ConsiderationOutcome.RECOMMENDED,
                    resolution=item["minute"].resolution,
                    refer_to=self.committees["cabinet"],
                    minute_item=item["minute"],
                )
                second = Consideration(
                    matter=matter,
                    sequence=2,
                    committee=self.committees["cabinet"],
                    recommendation=first.resolution,
                )
                rows.append((matter, [first, second]))
        Matter.objects.bulk_create([m for m, _ in rows])
        firsts = [c[0] for _, c in rows]
        for m, considerations in rows:
            for c in considerations:
                c.matter = m
        Consideration.objects.bulk_create(firsts)
        for _, (first, second) in rows:
            second.referred_from = first
        Consideration.objects.bulk_create([c[1] for _, c in rows])
        self.count("matters", len(rows))

    def write_call_ins(self) -> None:
        """Call-ins: one of a Cabinet key decision that scrutiny decided not to pursue, and one
        awaiting scrutiny."""
        called = [d for d in self.decisions if d.call_in_state == CallInState.CALL_IN_REJECTED]
        opposition = [p for p in self.councillors if p.political_group_id == self.groups[1].pk]
        rng = self.rng("call-in")
        requests: list[tuple[CallInRequest, list[Person]]] = []
        for decision in called:
            assert decision.published_at is not None
            received = self.at(
                self.cal.add_working_days(timezone.localtime(decision.published_at).date(), 2),
                10,
            )
            scrutiny = next(
                (
                    p
                    for p in self.plans
                    if p.cdef.key == "place_scrutiny"
                    and p.start > received
                    and p.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
                ),
                None,
            )
            outcome_on = scrutiny.day if scrutiny else self.cal.add_working_days(received.date(), 8)
            decision.in_force_date = outcome_on + timedelta(days=1)
            requests.append(
                (
                    CallInRequest(
                        decision_record=decision,
                        received_at=received,
                        grounds="The consultation did not reach rural communities and the "
                        "equality impact assessment does not consider older residents "
                        "without internet access.",
                        outcome=CallInOutcome.NO_FURTHER_ACTION,
                        outcome_on=outcome_on,
                        outcome_notes="The committee was satisfied that the consultation was "
                        "adequate and took no further action; the decision takes effect.",
                        considered_at=scrutiny.meeting if scrutiny else None,
                    ),
                    rng.sample(opposition, self.council.call_in_signatories),
                )
            )
        live = self.live_call_in(opposition, rng)
        if live is not None:
            requests.append(live)
            called.append(live[0].decision_record)
        CallInRequest.objects.bulk_create([r for r, _ in requests])
        through = CallInRequest.signatories.through
        through.objects.bulk_create(
            through(callinrequest_id=r.pk, person_id=p.pk) for r, people in requests for p in people
        )
        Decision.officer_objects.bulk_update(called, ["call_in_state", "in_force_date"])
        self.count("call_ins", len(requests))

    def live_call_in(
        self, opposition: list[Person], rng: random.Random
    ) -> tuple[CallInRequest, list[Person]] | None:
        """The latest Cabinet decision that could be called in, called in the working day
        after publication and awaiting scrutiny (``decisions.services.request_call_in``)."""
        cabinet = self.committees["cabinet"].pk
        candidates = sorted(
            (
                d
                for d in self.decisions
                if d.decision_maker_id == cabinet
                and d.call_in_state in (CallInState.OPEN, CallInState.IN_FORCE)
                and not d.is_exempt
                and d.published_at is not None
                and d.call_in_expires is not None
            ),
            key=lambda d: (d.date, d.title),
            reverse=True,
        )
        for decision in candidates:
            assert decision.published_at is not None and decision.call_in_expires is not None
            published = timezone.localtime(decision.published_at).date()
            received = self.at(self.cal.add_working_days(published, 1), 11)
            if received >= self.now or received > decision.call_in_expires:
                continue
            decision.call_in_state = CallInState.CALLED_IN
            decision.in_force_date = None
            request = CallInRequest(
                decision_record=decision,
                received_at=received,
                grounds="The decision was taken without the options appraisal promised to the "
                "Place and Resources Scrutiny Committee, and the costs of the preferred option "
                "were not set out in the report.",
            )
            return request, rng.sample(opposition, self.council.call_in_signatories)
        return None
