"""The demo's scrutiny: action sheets and the committees' work programmes."""

from __future__ import annotations

from datetime import timedelta

from minutebook.committees.models import CommitteeKind
from minutebook.demo import data
from minutebook.demo.builder_defs import BuilderBase, ReportSpec
from minutebook.demo.data_plans import WORK_PROGRAMME_EXTRAS
from minutebook.meetings.models import MeetingState
from minutebook.scrutiny.models import Action, ActionStatus, WorkItemStatus, WorkProgrammeItem


class ScrutinyMixin(BuilderBase):
    """Scrutiny action sheets and work programmes."""

    def write_actions(self) -> None:
        """Scrutiny action sheets: actions from report minutes, older ones completed."""
        actions: list[Action] = []
        for plan, items in self.pending_items:
            if plan.cdef.kind != CommitteeKind.OVERVIEW_SCRUTINY or plan.state not in (
                MeetingState.HELD,
                MeetingState.MINUTES_APPROVED,
            ):
                continue
            rng = self.rng("actions", plan.cdef.key, plan.cycle)
            for item in self.flatten(items):
                spec: ReportSpec | None = item.get("spec")
                minute = item.get("minute")
                if spec is None or minute is None or spec.report.is_exempt:
                    continue
                owner = spec.authors[0]
                due = plan.day + timedelta(weeks=rng.choice([4, 8, 12]))
                status = (
                    ActionStatus.COMPLETED
                    if due < self.today - timedelta(weeks=2)
                    else rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
                )
                prefix = "PH" if plan.cdef.key == "people_scrutiny" else "PR"
                actions.append(
                    Action(
                        committee=self.committees[plan.cdef.key],
                        meeting_raised=plan.meeting,
                        minute_item=minute,
                        reference=f"{prefix}{minute.number}",
                        text=rng.choice(
                            [
                                "Circulate a briefing note to members on the figures by ward.",
                                "Bring an update report to a future meeting.",
                                "Share the consultation results with the committee.",
                                "Invite the portfolio holder to attend for the update.",
                            ]
                        )
                        + f" ({spec.report.title})",
                        owner=owner,
                        owner_text=f"{owner.first_name} {owner.last_name}, {owner.job_title}",
                        due=due,
                        status=status,
                        update="Completed; briefing circulated."
                        if status == ActionStatus.COMPLETED
                        else "Work in progress.",
                        completed=due if status == ActionStatus.COMPLETED else None,
                    )
                )
        # Running numbers per committee, in the order raised, as services.record_action
        # gives them (the sheet's "No." column and each action's address).
        actions.sort(key=lambda a: (a.committee.pk, a.meeting_raised.start, a.reference))
        numbers: dict[int, int] = {}
        for action in actions:
            numbers[action.committee.pk] = numbers.get(action.committee.pk, 0) + 1
            action.number = numbers[action.committee.pk]
        Action.objects.bulk_create(actions)
        self.count("actions", len(actions))

    # -- matters travelling between bodies, call-in -----------------------------------------

    def write_work_programmes(self) -> None:
        """Each scrutiny committee's work programme: the reports its meetings took or will
        take (a recommendation goes on to Cabinet), and work in hand between meetings."""
        specs = {(id(s.plan), s.topic.title): s for s in self.report_specs if s.topic is not None}
        cabinets = sorted(p.day for p in self.plans if p.cdef.key == "cabinet")
        rows: list[WorkProgrammeItem] = []
        for key, extras in WORK_PROGRAMME_EXTRAS.items():
            committee = self.committees[key]
            number = 0
            for plan in sorted((p for p in self.plans if p.cdef.key == key), key=lambda p: p.day):
                rng = self.rng("work-programme", key, plan.cycle)
                for topic in self.topics_for[(key, plan.cycle)]:
                    number += 1
                    spec = specs.get((id(plan), topic.title))
                    vals = self.values(rng, plan.day, topic)
                    posts, _ = data.PORTFOLIO_OFFICERS[topic.portfolio]
                    author = spec.authors[0] if spec else self.officers[posts[0]]
                    holder = self.holders[topic.portfolio]
                    onward = topic.purpose == "recommendation"
                    held = plan.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
                    status = (
                        WorkItemStatus.DEFERRED
                        if plan.state == MeetingState.CANCELLED
                        else (WorkItemStatus.REFERRED if onward else WorkItemStatus.REPORTED)
                        if held
                        else WorkItemStatus.SCHEDULED
                    )
                    cancelled = plan.state == MeetingState.CANCELLED
                    rows.append(
                        WorkProgrammeItem(
                            committee=committee,
                            number=number,
                            meeting=None if cancelled else plan.meeting,
                            meeting_date=None if cancelled else plan.day,
                            subject=spec.report.title if spec else topic.title.format(**vals),
                            description=topic.summary.format(**vals).split(". ")[0] + ".",
                            requested_by=rng.choice(["The committee", "Cabinet", "Member request"]),
                            author=author,
                            author_text=f"{author.first_name} {author.last_name}, {author.job_title}",
                            portfolio_holder=holder,
                            portfolio_holder_text=self.name(holder),
                            route_onward="Cabinet" if onward else "",
                            onward_date=next((d for d in cabinets if d > plan.day), None)
                            if onward
                            else None,
                            status=status,
                            notes="Deferred: the meeting was cancelled." if cancelled else "",
                        )
                    )
            for subject, description, status, requested_by in extras:
                number += 1
                rows.append(
                    WorkProgrammeItem(
                        committee=committee,
                        number=number,
                        subject=subject,
                        description=description,
                        requested_by=requested_by,
                        status=status,
                    )
                )
        WorkProgrammeItem.objects.bulk_create(rows)
        self.count("work_programme_items", len(rows))
