"""Two councils for the permission matrix: Alpha, where every role is held, and Bravo,
where nobody but the superuser acts.

Each council has one of everything a route can name (committee, published meeting,
public and exempt agenda items, reports, decisions, minutes, an exempt appendix, a
forward plan entry, a referral, a public question, a register entry). The exempt
records carry a secret word in their text ("alphasecret", "bravosecret"), so a
response leaks exempt content exactly when its body holds the word.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user

#: Rows of the matrix: the anonymous public, then one login per role (all held at Alpha).
ANON = "anonymous"
USERS = (
    "plain",  # signed in, no role, not staff
    "staff_norole",  # staff flag, no role: no rights anywhere
    "dso",
    "author",
    "finance",
    "legal",
    "monitoring",
    "admin",
    "councillor",  # sits on the committee
    "councillor_other",  # does not
    "co_opted",  # sits on the committee
    "superuser",
)
ROLES = (ANON, *USERS)

OFFICER_ROLE_OF = {
    "dso": Role.DEMOCRATIC_SERVICES,
    "author": Role.REPORT_AUTHOR,
    "finance": Role.FINANCE,
    "legal": Role.LEGAL,
    "monitoring": Role.MONITORING_OFFICER,
    "admin": Role.ADMINISTRATOR,
}


@dataclass
class Side:
    """One council's records, by what a route argument stands for."""

    council: Any
    secret: str
    records: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["records"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Scene:
    alpha: Side
    bravo: Side
    users: dict[str, Any]


def build_side(name: str) -> Side:
    from minutebook.committees.factories import CommitteeFactory
    from minutebook.councils.factories import CouncilFactory
    from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
    from minutebook.decisions.models import Matter
    from minutebook.documents.factories import AppendixFactory, DocumentFactory
    from minutebook.forwardplan.factories import ForwardPlanEntryFactory
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
    from minutebook.participation.factories import PublicQuestionFactory
    from minutebook.people.factories import CouncillorFactory
    from minutebook.reports.factories import ReportFactory
    from minutebook.reports.models import ReportState

    secret = f"{name}secret"
    council = CouncilFactory(name=f"{name.title()} District Council", slug=name)
    committee = CommitteeFactory(council=council, name=f"{name.title()} Cabinet", slug="cabinet")
    now = timezone.now()
    meeting = MeetingFactory(
        committee=committee, start=now + dt.timedelta(days=30), published_at=now
    )
    public_report = ReportFactory(council=council, title=f"{name.title()} parks strategy")
    exempt_report = ReportFactory(
        council=council,
        title=f"{name.title()} staffing review",
        exempt_paragraphs=[1],
        brief_summary=f"Names of staff at risk: {secret} report.",
    )
    submitted = ReportFactory(
        council=council,
        title=f"{name.title()} leisure contract",
        state=ReportState.SUBMITTED,
        submitted_at=now,
    )
    public_item = AgendaItemFactory(meeting=meeting, report=public_report, title="Parks strategy")
    exempt_item = AgendaItemFactory(
        meeting=meeting,
        report=exempt_report,
        title="Staffing review",
        description=f"The posts to go: {secret} item.",
        exempt_paragraphs=[1],
    )
    AgendaItemFactory(meeting=meeting, report=submitted, title="Leisure contract")
    public_decision = DecisionFactory(
        meeting=meeting, council=council, title="Parks decision", published_at=now
    )
    exempt_decision = DecisionFactory(
        meeting=meeting,
        council=council,
        title="Staffing decision",
        decision=f"Delete the posts named: {secret} decision.",
        exempt_paragraphs=[1],
    )
    public_minute = MinuteItemFactory(meeting=meeting, title="Parks", text="Noted.")
    exempt_minute = MinuteItemFactory(
        meeting=meeting,
        title="Staffing",
        text=f"Members discussed: {secret} minute.",
        exempt_paragraphs=[1],
    )
    appendix = AppendixFactory(
        council=council,
        report=exempt_report,
        exempt_paragraphs=[1],
        media_type="text/plain",
        extracted_text=f"Appendix text: {secret} appendix.",
    )
    appendix.file.save("appendix.txt", ContentFile(f"{secret} appendix file".encode()), save=True)
    document = DocumentFactory(
        council=council, meeting=meeting, title="Public notice", media_type="text/plain"
    )
    document.file.save("notice.txt", ContentFile(b"Public notice of the meeting."), save=True)
    councillor = CouncillorFactory(council=council, first_name=name.title(), last_name="Member")
    setup_records = _setup_records(council, committee, councillor)
    record_objects = _record_objects(council, committee, meeting, councillor, public_minute)
    from minutebook.members.models import RegisterEntry

    entry = RegisterEntry.objects.create(
        person=councillor, category="employment", description="Teacher"
    )
    return Side(
        council=council,
        secret=secret,
        records={
            "committee": committee,
            "meeting": meeting,
            "public_item": public_item,
            "exempt_item": exempt_item,
            "public_report": public_report,
            "exempt_report": exempt_report,
            "submitted_report": submitted,
            "public_decision": public_decision,
            "exempt_decision": exempt_decision,
            "public_minute": public_minute,
            "exempt_minute": exempt_minute,
            "appendix": appendix,
            "document": document,
            "councillor": councillor,
            "entry": entry,
            "plan_entry": ForwardPlanEntryFactory(council=council),
            "matter": Matter.objects.create(council=council, title=f"{name.title()} referral"),
            "question": PublicQuestionFactory(meeting=meeting),
            **setup_records,
            **record_objects,
        },
    )


def _setup_records(council: Any, committee: Any, councillor: Any) -> dict[str, Any]:
    """One of each record the set-up pages name (/officer/setup/...)."""
    from minutebook.committees.factories import MembershipFactory, PortfolioFactory
    from minutebook.committees.models import NamedSubstitute, PortfolioHolder
    from minutebook.councils.factories import ClosureDayFactory
    from minutebook.people.factories import LegislativeTermFactory
    from minutebook.people.models import Surgery

    portfolio = PortfolioFactory(council=council)
    return {
        "closure_day": ClosureDayFactory(council=council),
        "seat": MembershipFactory(committee=committee, person=councillor),
        "named_substitute": NamedSubstitute.objects.create(committee=committee, person=councillor),
        "portfolio": portfolio,
        "holding": PortfolioHolder.objects.create(portfolio=portfolio, person=councillor),
        "venue": committee.meetings.first().venue,
        "term": LegislativeTermFactory(council=council),
        "surgery": Surgery.objects.create(
            council=council, person=councillor, where="Library", when="Mondays"
        ),
    }


def _record_objects(
    council: Any, committee: Any, meeting: Any, councillor: Any, minute: Any
) -> dict[str, Any]:
    """One public row of each ``minutebook:`` record type the OParl routes name."""
    from minutebook.forwardplan.models import ForwardPlanVersion
    from minutebook.meetings.models import Supplement
    from minutebook.participation.factories import PublicQuestionFactory
    from minutebook.participation.models import CouncillorQuestion
    from minutebook.plans.factories import PlanFactory
    from minutebook.scrutiny.factories import ActionFactory
    from minutebook.scrutiny.models import WorkProgrammeItem

    now = timezone.now()
    supplement = Supplement.objects.create(meeting=meeting, number=1, published_at=now)
    return {
        "published_question": PublicQuestionFactory(meeting=meeting, supplement=supplement),
        "councillor_question": CouncillorQuestion.objects.create(
            meeting=meeting,
            councillor=councillor,
            text="When will the park reopen?",
            received_at=now,
            supplement=supplement,
        ),
        "plan_version": ForwardPlanVersion.objects.create(
            council=council, number=1, published_at=now
        ),
        "work_item": WorkProgrammeItem.objects.create(
            committee=committee, number=1, subject="Parks review"
        ),
        "action": ActionFactory(committee=committee, meeting_raised=meeting, minute_item=minute),
        "plan": PlanFactory(council=council, slug="corporate-plan"),
    }


def build_scene() -> Scene:
    from minutebook.committees.factories import MembershipFactory
    from minutebook.people.factories import CouncillorFactory, PersonFactory
    from minutebook.people.models import PersonKind

    alpha, bravo = build_side("alpha"), build_side("bravo")
    users: dict[str, Any] = {}
    for name, role in OFFICER_ROLE_OF.items():
        users[name] = make_user(name)
        grant(users[name], alpha.council, role)
    alpha.public_report.assigned_to = users["author"]
    alpha.public_report.save()
    users["plain"] = make_user("plain")
    users["staff_norole"] = make_user("staff_norole", is_staff=True)
    users["superuser"] = make_user("superuser", is_staff=True, is_superuser=True)
    people = {
        "councillor": CouncillorFactory(council=alpha.council, user=make_user("councillor")),
        "councillor_other": CouncillorFactory(
            council=alpha.council, user=make_user("councillor_other")
        ),
        "co_opted": PersonFactory(
            council=alpha.council, kind=PersonKind.CO_OPTED, user=make_user("co_opted")
        ),
    }
    MembershipFactory(committee=alpha.committee, person=people["councillor"])
    MembershipFactory(committee=alpha.committee, person=people["co_opted"], voting_right=False)
    for name, person in people.items():
        users[name] = person.user
    # The councillor's own register entry (the members' area edits only one's own).
    from minutebook.members.models import RegisterEntry

    alpha.records["own_entry"] = RegisterEntry.objects.create(
        person=people["councillor"], category="employment", description="Engineer"
    )
    # A login at each council that the /officer/users/ pages can name.
    alpha.records["staff_user"] = users["dso"]
    bravo.records["staff_user"] = make_user("bravo_dso")
    grant(bravo.records["staff_user"], bravo.council, Role.DEMOCRATIC_SERVICES)
    for user in users.values():
        user.refresh_from_db()
    return Scene(alpha=alpha, bravo=bravo, users=users)


def arguments(side: Side, exempt: bool) -> dict[str, Any]:
    """Route arguments for one council: by "segment/name", then converter, then name.

    With ``exempt`` the records a route names are the exempt ones where there are both.
    """
    r = side.records
    item = r["exempt_item"] if exempt else r["public_item"]
    report = r["exempt_report"] if exempt else r["public_report"]
    decision = r["exempt_decision"] if exempt else r["public_decision"]
    minute = r["exempt_minute"] if exempt else r["public_minute"]
    document = r["appendix"] if exempt else r["document"]
    return {
        # officer and members' routes
        "committee/pk": r["committee"].pk,
        "meetings/pk": r["meeting"].pk,
        "items/pk": item.pk,
        "entries/pk": r["plan_entry"].pk,
        "decisions/pk": decision.pk,
        "referrals/pk": r["matter"].pk,
        "reports/pk": report.pk,
        "people/pk": r["councillor"].pk,
        "register-entries/pk": r["entry"].pk,
        "interests/pk": r.get("own_entry", r["entry"]).pk,
        "documents/pk": document.pk,
        # a report's file: the exempt report's appendix (the public report has none)
        "files/document": document.pk,
        "appendices/document": document.pk,
        "submissionkind": "public",
        "submissionkind/pk": r["question"].pk,
        "minute/number": minute.number,
        "users/pk": r["staff_user"].pk,
        # set-up pages
        "closure-days/pk": r["closure_day"].pk,
        "wards/pk": r["councillor"].ward_id,
        "groups/pk": r["councillor"].political_group_id,
        "committees/pk": r["committee"].pk,
        "memberships/pk": r["seat"].pk,
        "named-substitutes/pk": r["named_substitute"].pk,
        "portfolios/pk": r["portfolio"].pk,
        "portfolio-holders/pk": r["holding"].pk,
        "venues/pk": r["venue"].pk,
        "terms/pk": r["term"].pk,
        "surgeries/pk": r["surgery"].pk,
        # public site and feeds
        "council": side.council.slug,
        "committee": r["committee"].slug,
        "meeting": r["meeting"].slug,
        "participation_meeting": r["meeting"].slug,
        "calendar_year": f"{r['meeting'].date:%Y}",
        "calendar_month": f"{r['meeting'].date:%m}",
        "itemnumber": item.number,
        "councillors/pk": r["councillor"].pk,
        "wards/ward": r["councillor"].ward.slug,
        "name": "member",
        "plan": "corporate-plan",
        "fmt": "pdf",
        "token": "not-a-token",
        "task_id": uuid.UUID(int=1),
        "kind": "general_exception",
        # OParl
        "slug": side.council.slug,
        "organization/pk": r["committee"].pk,
        # an OParl group is a political group (the councillor's), not a committee
        "group/pk": r["councillor"].political_group_id,
        "person/pk": r["councillor"].pk,
        "membership/pk": 1,
        "meeting/pk": r["meeting"].pk,
        "agenda-item/pk": item.pk,
        "paper/pk": report.pk,
        "consultation/pk": item.pk,
        "file/pk": document.pk,
        "location/pk": 1,
        "legislative-term/pk": 1,
        "public-question/pk": r["published_question"].pk,
        "councillor-question/pk": r["councillor_question"].pk,
        "forward-plan-version/pk": r["plan_version"].pk,
        "work-programme-item/pk": r["work_item"].pk,
        "action/pk": r["action"].pk,
        "plan/pk": r["plan"].pk,
        # running numbers with nothing behind them (a 404 is a fair answer)
        "number": 1,
        "request_pk": 1,
        "pk": r["committee"].pk,
    }
