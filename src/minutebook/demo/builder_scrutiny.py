"""The demo's scrutiny: action sheets."""

from __future__ import annotations

from datetime import timedelta

from minutebook.committees.models import CommitteeKind
from minutebook.demo.builder_defs import BuilderBase, ReportSpec
from minutebook.meetings.models import MeetingState
from minutebook.scrutiny.models import Action, ActionStatus


class ScrutinyMixin(BuilderBase):
    """Scrutiny action sheets."""

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
        Action.objects.bulk_create(actions)
        self.count("actions", len(actions))

    # -- matters travelling between bodies, call-in -----------------------------------------
