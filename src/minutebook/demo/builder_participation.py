"""The demo's public participation: questions, statements and petitions, councillors'
questions, and declarations of interest."""

from __future__ import annotations

import random
from datetime import timedelta

from minutebook.demo import data
from minutebook.demo.builder_defs import BuilderBase, Plan, S
from minutebook.interests.models import Declaration, DeclarationAction, InterestKind
from minutebook.meetings.models import AgendaItem, MeetingState, Supplement
from minutebook.participation.models import (
    CouncillorQuestion,
    PublicQuestion,
    SubmissionKind,
    SubmissionStatus,
)


class ParticipationMixin(BuilderBase):
    """Public submissions, councillors' questions and declarations."""

    def write_participation(self) -> None:
        """Public questions (held and published meetings) and declarations (held ones)."""
        questions: list[PublicQuestion] = []
        declarations: list[Declaration] = []
        for plan, items in self.pending_items:
            rng = self.rng("participation", plan.cdef.key, plan.cycle)
            flat = self.flatten(items)
            slot = next((i for i in flat if i.get("kind") == S.PUBLIC_PARTICIPATION), None)
            held = plan.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
            if slot is not None and plan.cdef.key != "planning":
                n = rng.choice([0, 0, 1, 2, 3])
                for order in range(1, n + 1):
                    plan.questions.append(self.submission(plan, rng, slot["obj"], order, held))
                questions += plan.questions
            if plan.cdef.key == "council":
                plan.councillor_questions = self.councillor_questions(plan, rng, held)
            if not held:
                continue
            members = [p for p in self.committee_members[plan.cdef.key] if p.kind == "councillor"]
            business = [i for i in flat if i.get("spec") and not i["spec"].report.is_exempt]
            seen: set[tuple[int, int]] = set()
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                if not business:
                    break
                item = rng.choice(business)
                person = rng.choice(members)
                if (person.pk, id(item)) in seen:
                    continue
                seen.add((person.pk, id(item)))
                pool = (
                    data.DECLARATIONS_PLANNING if item["spec"].planning else data.DECLARATIONS_ANY
                )
                kind_label, nature, action = rng.choice(pool)
                vals = self.values(rng, plan.day)
                kind = {
                    "pecuniary": InterestKind.DPI,
                    "other_registrable": InterestKind.OTHER_REGISTRABLE,
                    "non_registrable": InterestKind.NON_REGISTRABLE,
                }[kind_label]
                withdrew = action.startswith("Left")
                if kind == InterestKind.DPI and not withdrew:
                    continue
                declaration = Declaration(
                    person=person,
                    meeting=plan.meeting,
                    agenda_item=item["obj"],
                    kind=kind,
                    nature=nature.format(**vals),
                    action=DeclarationAction.WITHDREW if withdrew else DeclarationAction.OTHER,
                    action_detail=action,
                )
                plan.declarations.append(declaration)
                declarations.append(declaration)
        self.publish_questions()
        PublicQuestion.objects.bulk_create(questions)
        asked = [q for plan, _ in self.pending_items for q in plan.councillor_questions]
        CouncillorQuestion.objects.bulk_create(asked)
        self.count("councillor_questions", len(asked))
        Declaration.objects.bulk_create(declarations)
        self.count("public_questions", len(questions))
        self.count("declarations", len(declarations))

    def publish_questions(self) -> None:
        """Accepted submissions go out in a supplement at noon on the working day before the
        meeting (``participation.services.publish``), once that time has passed."""
        supplements: list[tuple[Supplement, list[PublicQuestion | CouncillorQuestion]]] = []
        for plan, _ in self.pending_items:
            submitted = [*plan.questions, *plan.councillor_questions]
            when = self.at(self.cal.add_working_days(plan.day, -1), 12)
            if not submitted or when > self.now:
                continue
            number = 1
            title = f"Supplement {number}: public participation and questions"
            supplement = Supplement(
                meeting=plan.meeting, number=number, title=title, published_at=when
            )
            supplements.append((supplement, submitted))
        Supplement.objects.bulk_create([s for s, _ in supplements])
        for supplement, submitted in supplements:
            for submission in submitted:
                submission.supplement = supplement
        self.count("question_supplements", len(supplements))

    def submission(
        self, plan: Plan, rng: random.Random, item: AgendaItem, order: int, held: bool
    ) -> PublicQuestion:
        vals = self.values(rng, plan.day)
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        roll = rng.random()
        portfolio = rng.choice(list(self.holders))
        if roll < 0.7:
            text, portfolio = rng.choice(data.PUBLIC_QUESTIONS)
            kind = SubmissionKind.QUESTION
        elif roll < 0.92:
            kind, text = SubmissionKind.STATEMENT, rng.choice(data.PUBLIC_STATEMENTS)
        else:
            kind, text = SubmissionKind.PETITION, rng.choice(data.PETITIONS)
        holder = self.holders[portfolio]
        chair = self.chairs.get(self.committees[plan.cdef.key].pk)
        to = holder if plan.cdef.key in ("cabinet", "council") else chair
        received = self.at(self.cal.add_working_days(plan.day, -rng.randrange(4, 9)), 9, 15)
        answer = ""
        if held and kind == SubmissionKind.QUESTION:
            answer = "Thank you for your question. " + rng.choice(
                [
                    "The work is programmed for the next financial year, subject to "
                    "the capital budget being approved in February.",
                    "Officers will write to you with the latest figures, which are also "
                    "published in the quarterly performance report.",
                    "The council keeps this under review and will consult residents "
                    "before any change is made.",
                ]
            )
        status = (
            SubmissionStatus.ANSWERED
            if answer
            else SubmissionStatus.ACCEPTED
            if not held or kind != SubmissionKind.QUESTION
            else SubmissionStatus.WRITTEN_REPLY
        )
        return PublicQuestion(
            meeting=plan.meeting,
            agenda_item=item,
            kind=kind,
            order=order,
            name=f"{first} {last}",
            address=f"{rng.randrange(1, 80)} {vals['lane']}, {vals['place']}",
            email=f"{first}.{last}@example.com".lower(),
            on_behalf_of=f"{vals['place']} Parish Council" if rng.random() < 0.2 else "",
            addressed_to=to,
            addressed_to_text=(
                f"Portfolio Holder for {self.portfolios[portfolio].title.split(': ')[-1]}"
                if to is holder
                else "Chairman of the committee"
            ),
            text=text.format(**vals),
            signatures=rng.randrange(120, 1800) if kind == SubmissionKind.PETITION else None,
            received_at=received,
            status=status,
            answer=answer,
            answered_by=to if answer else None,
            answered_at=plan.start + timedelta(minutes=40) if answer else None,
            decided_at=received + timedelta(days=1),
        )

    def councillor_questions(
        self, plan: Plan, rng: random.Random, held: bool
    ) -> list[CouncillorQuestion]:
        """Two written questions to portfolio holders at each Full Council meeting."""
        vals = self.values(rng, plan.day)
        picks = rng.sample(range(len(data.COUNCILLOR_QUESTIONS)), 2)
        askers = rng.sample([p for p in self.councillors if p not in self.cabinet_members], 2)
        received = self.at(self.cal.add_working_days(plan.day, -4), 8, 10)
        out = []
        for order, (i, who) in enumerate(zip(picks, askers, strict=True), 1):
            portfolio = data.COUNCILLOR_QUESTION_PORTFOLIOS[i]
            holder = self.holders[portfolio]
            title = self.portfolios[portfolio].title.split(": ")[-1]
            out.append(
                CouncillorQuestion(
                    meeting=plan.meeting,
                    councillor=who,
                    order=order,
                    addressed_to=holder,
                    addressed_to_text=f"Portfolio Holder for {title}",
                    text=data.COUNCILLOR_QUESTIONS[i].format(**vals),
                    received_at=received,
                    status=SubmissionStatus.ANSWERED if held else SubmissionStatus.ACCEPTED,
                    answer=(
                        f"{self.name(holder)} thanked the councillor and said that the figures "
                        "would be circulated to all members, with a summary in the next "
                        "quarterly performance report."
                    )
                    if held
                    else "",
                    answered_by=holder if held else None,
                    answered_at=plan.start + timedelta(minutes=50) if held else None,
                    decided_at=received + timedelta(hours=3),
                )
            )
        return out

    # -- tenures and the register of interests ------------------------------------------
