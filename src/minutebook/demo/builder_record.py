"""The record of each held meeting: attendance and the quorum, motions and votes under its
minutes, and the minutes' own lifecycle (draft, then confirmed at the next meeting and
locked as version 1).

Who was absent, substituted or online comes from the meeting's apologies and substitutes
minutes (``MinutesMixin.minute_text``), so the minutes' words and the register agree.
Rows are written with ``bulk_create``; the model guards (``minutes.guards``) only see
saves, and the minutes are locked last, after everything they record is written.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from minutebook.attendance.models import (
    Attendance,
    AttendanceMode,
    AttendanceRules,
    AttendanceStatus,
    Capacity,
    QuorumCheck,
)
from minutebook.committees.models import CommitteeKind, Membership, MembershipRole
from minutebook.decisions.models import MinuteItem
from minutebook.demo import data
from minutebook.demo.builder_defs import BuilderBase, Plan, ReportSpec, S
from minutebook.interests.models import DeclarationAction
from minutebook.meetings.models import MeetingState
from minutebook.minutes import services as minutes_services
from minutebook.minutes.models import (
    Minutes,
    MinutesState,
    MinutesVersion,
    Motion,
    MotionKind,
    MotionOutcome,
    RecordedVote,
    VoteChoice,
    VoteMethod,
)
from minutebook.people.models import Person
from minutebook.reports.models import ReportPurpose

HELD = (MeetingState.HELD, MeetingState.MINUTES_APPROVED)

#: How each political group (by its index in ``data.GROUPS``) votes on the budget and on
#: the opposition's amendment to a motion on notice; independents split.
BUDGET_VOTES = {0: VoteChoice.FOR, 1: VoteChoice.AGAINST, 2: VoteChoice.FOR, 3: VoteChoice.ABSTAIN}
AMENDMENT_VOTES = {
    0: VoteChoice.AGAINST,
    1: VoteChoice.FOR,
    2: VoteChoice.AGAINST,
    3: VoteChoice.FOR,
    4: VoteChoice.ABSTAIN,
}
AMENDMENT = (
    "To add at the end: “and asks the Place and Resources Scrutiny Committee to review "
    "progress within six months.”"
)


class RecordMixin(BuilderBase):
    """Attendance, quorum, motions and votes, and the minutes register."""

    def held(self) -> list[tuple[Plan, list[dict[str, Any]]]]:
        return [(plan, items) for plan, items in self.pending_items if plan.state in HELD]

    def seats_of(self, plan: Plan) -> list[Membership]:
        committee_id = self.committees[plan.cdef.key].pk
        return [m for (cid, _), m in self.seats.items() if cid == committee_id]

    def remote_attendees(self, plan: Plan) -> list[Person]:
        """Now and then a scrutiny or audit member joins online: in England they may speak
        but have no vote and do not count to the quorum (``attendance.models``)."""
        if plan.cdef.kind not in (CommitteeKind.OVERVIEW_SCRUTINY, CommitteeKind.OTHER):
            return []
        rng = self.rng("remote", plan.cdef.key, plan.cycle)
        if rng.random() >= 0.3:
            return []
        chair = self.chairs.get(self.committees[plan.cdef.key].pk)
        there = {p.pk for p in [*plan.absent, *plan.movers, *(d.person for d in plan.declarations)]}
        pool = [
            p for p in self.committee_members[plan.cdef.key] if p.pk not in there and p != chair
        ]
        return rng.sample(pool, 1) if pool else []

    def voters(self, plan: Plan, item: dict[str, Any] | None = None) -> list[Person]:
        """Members with a vote, present in the room (substitutes included), less anyone who
        left the room for ``item`` after declaring an interest."""
        away = {p.pk for p in [*plan.absent, *plan.remote]}
        out = [m.person for m in self.seats_of(plan) if m.voting_right and m.person.pk not in away]
        out += [substitute for substitute, _ in plan.substitutes]
        if item is not None:
            left = {
                d.person.pk
                for d in plan.declarations
                if d.agenda_item is item.get("obj") and d.action == DeclarationAction.WITHDREW
            }
            out = [p for p in out if p.pk not in left]
        return out

    @staticmethod
    def planning_votes(voters: int, for_: int, against: int, abstain: int) -> tuple[int, int, int]:
        """A show of hands that fits the members voting and is carried."""
        abstain = min(abstain, 1)
        against = min(against, max(0, (voters - abstain - 1) // 2))
        return min(for_, voters - against - abstain), against, abstain

    # -- attendance --------------------------------------------------------------------

    def also_attending(self, plan: Plan, items: list[dict[str, Any]]) -> list[Person]:
        """Portfolio holders answer for their reports at scrutiny and audit; the scrutiny
        chairmen attend Cabinet."""
        if plan.cdef.key == "cabinet":
            return [
                self.chairs[self.committees[k].pk] for k in ("people_scrutiny", "place_scrutiny")
            ]
        if plan.cdef.kind not in (CommitteeKind.OVERVIEW_SCRUTINY, CommitteeKind.OTHER):
            return []
        out: list[Person] = []
        for item in self.flatten(items):
            spec: ReportSpec | None = item.get("spec")
            holder = spec.report.portfolio_holder if spec is not None else None
            if holder is not None and not spec.report.is_exempt and holder not in out:
                out.append(holder)
        return out

    def write_attendance(self) -> None:
        """The register of every held meeting and its quorum, as the minutes record them."""
        AttendanceRules.objects.create(council=self.council)
        rows: list[Attendance] = []
        checks: list[QuorumCheck] = []
        for plan, items in self.held():
            meeting, seats = plan.meeting, self.seats_of(plan)
            absent = {p.pk for p in plan.absent}
            remote = {p.pk for p in plan.remote}
            substitute_for = {member.pk: sub for sub, member in plan.substitutes}
            first = len(rows)
            for seat in seats:
                person = seat.person
                if person.pk in absent:
                    sub = substitute_for.get(person.pk)
                    rows.append(
                        Attendance(
                            meeting=meeting,
                            person=person,
                            membership=seat,
                            capacity=Capacity.MEMBER,
                            status=AttendanceStatus.APOLOGIES,
                            note=f"Substituted by {self.name(sub)}" if sub else "",
                        )
                    )
                    continue
                online = person.pk in remote
                vote = seat.voting_right and not online
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        membership=seat,
                        capacity=Capacity.CO_OPTED
                        if seat.role == MembershipRole.CO_OPTED
                        else Capacity.MEMBER,
                        status=AttendanceStatus.PRESENT,
                        mode=AttendanceMode.REMOTE if online else AttendanceMode.IN_PERSON,
                        has_vote=vote,
                        counts_to_quorum=vote,
                    )
                )
            by_person = {s.person.pk: s for s in seats}
            for sub, member in plan.substitutes:
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=sub,
                        membership=by_person[member.pk],
                        capacity=Capacity.SUBSTITUTE,
                        status=AttendanceStatus.PRESENT,
                        substitute_for=member,
                        notice_given_at=self.at(self.cal.add_working_days(plan.day, -1), 16),
                        has_vote=True,
                        counts_to_quorum=True,
                    )
                )
            for person in self.also_attending(plan, items):
                if person.pk not in by_person:
                    rows.append(
                        Attendance(
                            meeting=meeting,
                            person=person,
                            capacity=Capacity.OTHER,
                            status=AttendanceStatus.PRESENT,
                        )
                    )
            checks.append(
                QuorumCheck(
                    meeting=meeting,
                    required=self.committees[plan.cdef.key].quorum,
                    present=sum(r.counts_to_quorum for r in rows[first:]),
                    remote=len(remote),
                    basis="the committee's quorum",
                )
            )
        Attendance.objects.bulk_create(rows)
        QuorumCheck.objects.bulk_create(checks)
        # auto_now_add stamped the load time: the quorum was checked as each meeting opened.
        for check in checks:
            check.checked_at = check.meeting.start + timedelta(minutes=2)
        QuorumCheck.objects.bulk_update(checks, ["checked_at"])
        self.count("attendance", len(rows))

    # -- motions and votes ---------------------------------------------------------------

    def mover_and_seconder(
        self, plan: Plan, voters: list[Person], first: Person | None = None
    ) -> tuple[Person | None, Person | None]:
        chair = self.chairs.get(self.committees[plan.cdef.key].pk)
        proposer = next((p for p in (first, chair) if p is not None and p in voters), None)
        proposer = proposer or (voters[0] if voters else None)
        seconder = next((p for p in voters if p != proposer and p != chair), None)
        return proposer, seconder

    def counted(self, rng: random.Random, voters: int, dissent: int) -> dict[str, int]:
        """A show of hands that is carried: fewer against than for, whatever abstains."""
        against = min(rng.randrange(0, dissent + 1), max(0, (voters - 1) // 2))
        abstain = max(0, min(rng.choice([0, 0, 1]), voters - 2 * against - 1))
        return {
            "vote_method": VoteMethod.COUNTS,
            "votes_for": voters - against - abstain,
            "votes_against": against,
            "abstentions": abstain,
        }

    def named(self, voters: list[Person], by_group: dict[int, str]) -> list[tuple[Person, str]]:
        """How each member voted in a recorded vote, by political group."""
        index = {g.pk: i for i, g in enumerate(self.groups)}
        out = []
        for n, person in enumerate(voters):
            group = index.get(person.political_group_id or 0, len(self.groups) - 1)
            choice = by_group.get(group, VoteChoice.FOR if n % 2 else VoteChoice.AGAINST)
            out.append((person, choice))
        return out

    def write_motions(self) -> None:
        """A motion under each minute that resolved something, with its vote: Cabinet agrees
        without a vote, committees by a show of hands, Full Council's budget by a recorded
        vote (as the Standing Orders Regulations 2014 require), and an opposition amendment
        to a motion on notice lost on a recorded vote."""
        motions: list[Motion] = []
        amendments: list[Motion] = []
        named: list[tuple[Motion, list[tuple[Person, str]]]] = []
        budget = data.COUNCIL_TOPICS[0].title
        for plan, items in self.held():
            rng = self.rng("motions", plan.cdef.key, plan.cycle)
            for item in self.flatten(items):
                minute: MinuteItem | None = item.get("minute")
                spec: ReportSpec | None = item.get("spec")
                if minute is None or minute.is_exempt or not minute.resolution:
                    continue
                if spec is None and "motion" not in item:
                    continue  # standing items: agreed without a motion
                voters = self.voters(plan, item)
                if "motion" in item:
                    proposer, seconder = plan.movers
                    motion = Motion(
                        minute_item=minute,
                        text=item["motion"],
                        proposer=proposer,
                        seconder=seconder,
                        outcome=MotionOutcome.CARRIED,
                        **self.counted(rng, len(voters), 8),
                    )
                    motions.append(motion)
                    movers = [
                        p
                        for p in voters
                        if p.political_group_id == self.groups[1].pk and p not in plan.movers
                    ]
                    if len(movers) >= 2:
                        votes = self.named(voters, AMENDMENT_VOTES)
                        ayes = sum(c == VoteChoice.FOR for _, c in votes)
                        noes = sum(c == VoteChoice.AGAINST for _, c in votes)
                        amendment = Motion(
                            minute_item=minute,
                            order=2,
                            kind=MotionKind.AMENDMENT,
                            amends=motion,
                            text=AMENDMENT,
                            proposer=movers[0],
                            seconder=movers[1],
                            outcome=MotionOutcome.CARRIED if ayes > noes else MotionOutcome.LOST,
                            vote_method=VoteMethod.RECORDED,
                        )
                        amendments.append(amendment)
                        named.append((amendment, votes))
                    continue
                assert spec is not None
                report = spec.report
                holder = report.portfolio_holder
                proposer, seconder = self.mover_and_seconder(plan, voters, holder)
                motion = Motion(
                    minute_item=minute,
                    text=minute.resolution.split("\n\nReason for decision:")[0],
                    proposer=proposer,
                    seconder=seconder,
                    outcome=MotionOutcome.CARRIED,
                )
                if spec.planning:
                    for_, against, abstain = item["votes"]
                    motion.vote_method = VoteMethod.COUNTS
                    motion.votes_for, motion.votes_against = for_, against
                    motion.abstentions = abstain
                elif spec.topic is not None and spec.topic.title == budget:
                    motion.text = (
                        "That the budget and council tax recommended in the report be approved."
                    )
                    motion.vote_method = VoteMethod.RECORDED
                    named.append((motion, self.named(voters, BUDGET_VOTES)))
                elif plan.cdef.key != "cabinet" and report.purpose != ReportPurpose.INFORMATION:
                    dissent = 6 if plan.cdef.key == "council" else 2
                    for key, value in self.counted(rng, len(voters), dissent).items():
                        setattr(motion, key, value)
                motions.append(motion)
        Motion.objects.bulk_create(motions)
        Motion.objects.bulk_create(amendments)
        votes: list[RecordedVote] = []
        for motion, choices in named:
            for person, choice in choices:
                votes.append(RecordedVote(motion=motion, person=person, choice=choice))
            counts = {c: sum(1 for _, x in choices if x == c) for c in VoteChoice.values}
            motion.votes_for = counts[VoteChoice.FOR]
            motion.votes_against = counts[VoteChoice.AGAINST]
            motion.abstentions = counts[VoteChoice.ABSTAIN]
        RecordedVote.objects.bulk_create(votes)
        Motion.objects.bulk_update(
            [m for m, _ in named], ["votes_for", "votes_against", "abstentions"]
        )
        self.count("motions", len(motions) + len(amendments))
        self.count("recorded_votes", len(votes))

    # -- the minutes as a record -----------------------------------------------------------

    def write_minutes_register(self) -> None:
        """Draft minutes for the latest meeting of each committee; earlier ones confirmed
        at the next meeting under its "minutes" item, signed by whoever chaired it, and
        locked the next working day as version 1 (``minutes.services``)."""
        items_of = {id(plan): items for plan, items in self.pending_items}
        confirmed_by = {
            id(p.previous): p for p in self.plans if p.previous is not None and p.state in HELD
        }
        records: list[Minutes] = []
        for plan, _ in self.held():
            rng = self.rng("minutes-record", plan.cdef.key, plan.cycle)
            opened = plan.start + timedelta(minutes=rng.randrange(0, 6))
            hours = plan.cdef.hours * rng.uniform(0.55, 0.95)
            record = Minutes(
                meeting=plan.meeting,
                opened_at=opened,
                closed_at=opened + timedelta(minutes=int(hours * 60)),
            )
            later = confirmed_by.get(id(plan))
            if plan.state == MeetingState.MINUTES_APPROVED and later is not None:
                item = next(i for i in items_of[id(later)] if i.get("kind") == S.MINUTES)
                signer = self.presiding(later)
                record.state = MinutesState.CONFIRMED
                record.confirmed_at_meeting = later.meeting
                record.confirmed_item = item["obj"]
                record.confirmation_minute = item["minute"]
                record.signed_by, record.signed_by_name = signer, signer.display_name
                record.signed_at = later.start + timedelta(minutes=10)
                locked = self.at(self.cal.add_working_days(later.day, 1), 10)
                if locked <= self.now:
                    record.state, record.locked_at = MinutesState.LOCKED, locked
            records.append(record)
        Minutes.objects.bulk_create(records)
        versions: list[MinutesVersion] = []
        for record in records:
            if record.state != MinutesState.LOCKED:
                continue
            meeting, at = record.meeting, record.confirmed_at_meeting
            assert at is not None and record.locked_at is not None
            snapshot = minutes_services.build_snapshot(meeting, record)
            versions.append(
                MinutesVersion(
                    minutes=record,
                    number=1,
                    reason=f"Confirmed as a correct record at the meeting of "
                    f"{at.date.day} {at.date:%B %Y}; signed by {record.signed_by_name}.",
                    text=minutes_services.render_text(snapshot),
                    snapshot=snapshot,
                    public_snapshot=minutes_services.build_snapshot(meeting, record, public=True),
                    created_at=record.locked_at,  # versions are fixed once written
                )
            )
        MinutesVersion.objects.bulk_create(versions)
        self.count("minutes_records", len(records))
        self.count("minutes_locked", len(versions))

    def presiding(self, plan: Plan) -> Person:
        """The chairman, or the vice-chairman when the chairman sent apologies."""
        chair = self.chairs[self.committees[plan.cdef.key].pk]
        if chair not in plan.absent:
            return chair
        vice = next(
            (m.person for m in self.seats_of(plan) if m.role == MembershipRole.VICE_CHAIRMAN),
            None,
        )
        return vice if vice is not None and vice not in plan.absent else chair
