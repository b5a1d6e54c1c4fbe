"""Write the demo council into the database, deterministically and fast.

Determinism: every random choice comes from a ``random.Random`` seeded with the demo seed
and a label (``"{seed}:people"``, ``"{seed}:cabinet:3"``), so names, titles and numbers
depend on the seed only; dates are placed relative to the week of ``today`` so the demo
always has a past (held meetings with minutes) and a future (scheduled meetings).

Speed: rows are written with ``bulk_create``. That skips ``save()``, so the fields a
model derives there (``Person.normalised_name``, ``Meeting.date``/``slug``, ``is_exempt``,
``MinuteItem.committee``) are set here explicitly; the tests check they agree.

Each concern is a mixin in its own module (``builder_people``, ``builder_agendas``,
``builder_papers``, ``builder_participation``, ``builder_minutes``, ``builder_record``,
``builder_decisions``, ``builder_scrutiny``, ``builder_forward_plan``, ``builder_plans``);
``DemoBuilder`` combines them and ``build`` runs them in order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from minutebook.alerts.models import AlertKind, Subscription
from minutebook.councils.models import ClosureDay, Council
from minutebook.demo import data
from minutebook.demo.builder_agendas import AgendasMixin
from minutebook.demo.builder_decisions import DecisionsMixin
from minutebook.demo.builder_forward_plan import ForwardPlanMixin
from minutebook.demo.builder_minutes import MinutesMixin
from minutebook.demo.builder_papers import PapersMixin
from minutebook.demo.builder_participation import ParticipationMixin
from minutebook.demo.builder_people import PeopleMixin
from minutebook.demo.builder_plans import PlansMixin
from minutebook.demo.builder_record import RecordMixin
from minutebook.demo.builder_scrutiny import ScrutinyMixin
from minutebook.people.models import Person
from minutebook.reports.models import ClearanceDecision, Report, ReportClearance, ReportState


class DemoBuilder(
    PeopleMixin,
    AgendasMixin,
    PapersMixin,
    ParticipationMixin,
    MinutesMixin,
    ScrutinyMixin,
    DecisionsMixin,
    ForwardPlanMixin,
    RecordMixin,
    PlansMixin,
):
    """Builds the demo council; ``build`` writes it, each part comes from its mixin."""

    def build(self) -> Council:
        self.council = Council.objects.create(
            name=data.COUNCIL_NAME,
            slug=data.COUNCIL_SLUG,
            short_name=data.COUNCIL_SHORT_NAME,
            website=data.WEBSITE,
            address=data.COUNCIL_ADDRESS,
            contact_email=f"democratic.services@{data.EMAIL_DOMAIN}",
            contact_phone=data.COUNCIL_PHONE,
            default_quorum=None,
            # Like many councils, Wessex Vale publishes draft minutes once the clerk marks
            # them ready, before the next meeting confirms them.
            publish_draft_minutes=True,
        )
        ClosureDay.objects.bulk_create(
            ClosureDay(council=self.council, date=day, reason="Offices closed over Christmas")
            for day in self.closures
        )
        self.build_areas()
        self.build_people()
        self.build_committees()
        self.write_register()
        self.build_meetings()
        self.build_agendas()
        self.build_forward_plan()
        self.write_minutes_register()  # last: confirmed minutes lock what they record
        self.write_work_programmes()
        self.write_plans()
        self.write_alerts()
        return self.council

    def write_alerts(self) -> None:
        """A resident's confirmed email alert for a saved search (``minutebook.alerts``):
        an email goes out as each new paper matching it is published."""
        Subscription.objects.create(
            council=self.council,
            email="jo.resident@example.com",
            kind=AlertKind.SEARCH,
            query="library",
            site_url="http://127.0.0.1:8000",
            confirmed_at=self.at(self.cal.add_working_days(self.today, -30), 19),
        )
        self.count("alert_subscriptions", 1)

    def login_people(self) -> dict[str, Person]:
        """Whom each demo login belongs to (keys are ``DemoLogin.person``)."""
        scrutiny_chair = self.chairs[self.committees["people_scrutiny"].pk]
        return {
            "officer": self.officers["dso_1"],
            "author": self.officers["head_housing"],
            "finance": self.officers["head_finance"],
            "monitoring": self.officers["monitoring_officer"],
            "councillor": scrutiny_chair,
        }

    def write_clearances(self, users: dict[str, Any]) -> None:
        """Reports on published agendas were cleared by finance and legal (and the
        monitoring officer for exempt ones) before publication, so they are ready."""
        signers = [("finance_officer", users["finance"]), ("legal_officer", users["legal"])]
        reports: list[Report] = []
        clearances: list[ReportClearance] = []
        for spec in self.report_specs:
            plan = spec.plan
            if plan is None:
                continue
            report = spec.report
            published = plan.published_at or plan.start - timedelta(hours=3)
            report.submitted_at = published - timedelta(days=7)
            report.state = ReportState.READY
            report.cleared_sha256 = report.content_sha256()
            reports.append(report)
            roles = list(signers)
            if report.is_exempt:
                roles.append(("monitoring_officer", users["monitoring"]))
            for day, (role, user) in enumerate(roles, 1):
                clearances.append(
                    ReportClearance(
                        report=report,
                        role=role,
                        decision=ClearanceDecision.CLEARED,
                        by=user,
                        at=report.submitted_at + timedelta(days=day),
                        comment="Cleared.",
                        content_sha256=report.cleared_sha256,
                    )
                )
        Report.officer_objects.bulk_update(reports, ["submitted_at", "state", "cleared_sha256"])
        when = [c.at for c in clearances]
        ReportClearance.objects.bulk_create(clearances)
        # auto_now_add stamped the load time: put back when each sign-off was given.
        for clearance, at in zip(clearances, when, strict=True):
            clearance.at = at
        ReportClearance.objects.bulk_update(clearances, ["at"])
        self.count("report_clearances", len(clearances))
