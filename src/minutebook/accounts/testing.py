"""A small council with one user per role, for tests of permissions, clearance and the
members' area (importable by any app's tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role

PASSWORD = "a-long-test-password-42"

#: Users of the world, by name; each holds the role its name says (see ``build_world``).
OFFICER_USERS = ("dso", "author", "finance", "legal", "monitoring", "admin", "legacy_staff")
MEMBER_USERS = ("councillor", "councillor_other", "co_opted")
ALL_USERS = (*OFFICER_USERS, *MEMBER_USERS, "plain", "outsider_dso")


@dataclass
class World:
    council: Any
    other_council: Any
    committee: Any
    meeting: Any
    public_item: Any
    exempt_item: Any
    para3_item: Any
    public_report: Any
    exempt_report: Any
    para3_report: Any
    submitted_report: Any
    users: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)

    def user(self, name: str) -> Any:
        return self.users[name]


def make_user(username: str, **extra: Any) -> Any:
    return get_user_model().objects.create_user(
        username, f"{username}@example.gov.uk", PASSWORD, **extra
    )


def grant(user: Any, council: Any, role: str) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, council=council, role=role)


def build_world(exempt_access_rule: str = "committee") -> World:
    from minutebook.committees.factories import CommitteeFactory, MembershipFactory
    from minutebook.councils.factories import CouncilFactory
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
    from minutebook.people.factories import CouncillorFactory, PersonFactory
    from minutebook.people.models import PersonKind
    from minutebook.reports.factories import ReportFactory
    from minutebook.reports.models import ReportState

    council = CouncilFactory(exempt_access_rule=exempt_access_rule)
    other = CouncilFactory()
    committee = CommitteeFactory(council=council)
    start = timezone.now() + dt.timedelta(days=30)
    meeting = MeetingFactory(committee=committee, start=start, published_at=timezone.now())
    users: dict[str, Any] = {}
    people: dict[str, Any] = {}

    users["author"] = make_user("author")
    public = ReportFactory(council=council, title="Parks strategy", assigned_to=users["author"])
    exempt = ReportFactory(council=council, title="Staffing review", exempt_paragraphs=[1])
    para3 = ReportFactory(council=council, title="Depot sale terms", exempt_paragraphs=[3])
    submitted = ReportFactory(
        council=council,
        title="Leisure contract",
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    public_item = AgendaItemFactory(meeting=meeting, report=public, title="Parks strategy")
    exempt_item = AgendaItemFactory(meeting=meeting, report=exempt, title="Staffing review")
    para3_item = AgendaItemFactory(meeting=meeting, report=para3, title="Depot sale")
    AgendaItemFactory(meeting=meeting, report=submitted, title="Leisure contract")

    roles = {
        "dso": Role.DEMOCRATIC_SERVICES,
        "author": Role.REPORT_AUTHOR,
        "finance": Role.FINANCE,
        "legal": Role.LEGAL,
        "monitoring": Role.MONITORING_OFFICER,
        "admin": Role.ADMINISTRATOR,
    }
    for name, role in roles.items():
        if name not in users:
            users[name] = make_user(name)
        grant(users[name], council, role)
    users["outsider_dso"] = make_user("outsider_dso")
    grant(users["outsider_dso"], other, Role.DEMOCRATIC_SERVICES)
    users["legacy_staff"] = make_user("legacy_staff", is_staff=True)
    users["plain"] = make_user("plain")

    people["councillor"] = CouncillorFactory(council=council, user=make_user("councillor"))
    MembershipFactory(committee=committee, person=people["councillor"])
    people["councillor_other"] = CouncillorFactory(
        council=council, user=make_user("councillor_other")
    )
    people["co_opted"] = PersonFactory(
        council=council, kind=PersonKind.CO_OPTED, user=make_user("co_opted")
    )
    MembershipFactory(committee=committee, person=people["co_opted"], voting_right=False)
    for name in MEMBER_USERS:
        users[name] = people[name].user
    for user in users.values():
        user.refresh_from_db()
    return World(
        council=council,
        other_council=other,
        committee=committee,
        meeting=meeting,
        public_item=public_item,
        exempt_item=exempt_item,
        para3_item=para3_item,
        public_report=public,
        exempt_report=exempt,
        para3_report=para3,
        submitted_report=submitted,
        users=users,
        people=people,
    )
