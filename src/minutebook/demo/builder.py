"""Write the demo council into the database, deterministically and fast.

Determinism: every random choice comes from a ``random.Random`` seeded with the demo seed
and a label (``"{seed}:people"``, ``"{seed}:cabinet:3"``), so names, titles and numbers
depend on the seed only; dates are placed relative to the week of ``today`` so the demo
always has a past (held meetings with minutes) and a future (scheduled meetings).

Speed: rows are written with ``bulk_create``. That skips ``save()``, so the fields a
model derives there (``Person.normalised_name``, ``Meeting.date``/``slug``, ``is_exempt``,
``MinuteItem.committee``) are set here explicitly; the tests check they agree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from minutebook.clock.calendar import WorkingCalendar
from minutebook.clock.deadlines import (
    agenda_publish_by,
    call_in_expires,
    decision_in_force_from,
    key_decision_notice_by,
)
from minutebook.committees.models import (
    Committee,
    CommitteeKind,
    Membership,
    MembershipRole,
    Portfolio,
    PortfolioHolder,
    PortfolioRole,
    StandingItemKind,
)
from minutebook.core.exempt import describe_paragraphs
from minutebook.councils.models import ClosureDay, Council
from minutebook.decisions.models import (
    CallInOutcome,
    CallInRequest,
    CallInState,
    Consideration,
    ConsiderationOutcome,
    Decision,
    KeyDecisionNotice,
    Matter,
    MatterStatus,
    MinuteItem,
)
from minutebook.demo import data
from minutebook.documents.models import Document, DocumentKind
from minutebook.forwardplan.models import (
    Access,
    ExceptionKind,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)
from minutebook.forwardplan.services import entry_snapshot, key_decision_test
from minutebook.interests.models import (
    Declaration,
    DeclarationAction,
    EntryRecord,
    InterestKind,
    Tenure,
)
from minutebook.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingState,
    Supplement,
    UrgencyKind,
    UrgencyRecord,
    Venue,
)
from minutebook.members.models import RegisterCategory, RegisterEntry
from minutebook.participation.models import (
    CouncillorQuestion,
    PublicQuestion,
    SubmissionKind,
    SubmissionStatus,
)
from minutebook.people.models import (
    LegislativeTerm,
    Person,
    PersonKind,
    PoliticalGroup,
    Ward,
    normalise_name,
)
from minutebook.reports.models import (
    ClearanceDecision,
    EqiaStatus,
    Report,
    ReportAuthor,
    ReportClearance,
    ReportPurpose,
    ReportState,
    RiskLevel,
)
from minutebook.scrutiny.models import Action, ActionStatus

LONDON = ZoneInfo("Europe/London")
S = StandingItemKind


@dataclass(frozen=True)
class CommitteeDef:
    """A committee of the demo council and its meeting pattern.

    Meetings fall on ``weekday`` of every ``period_weeks``-th week, shifted by
    ``offset_weeks`` from the week of "today", for cycles ``first``..``last``.
    """

    key: str
    name: str
    slug: str
    kind: str
    quorum: int
    weekday: int
    start: time
    hours: float
    period_weeks: int
    offset_weeks: int
    first: int
    last: int
    venue: str
    description: str
    clerk: str
    standing: list[dict[str, str]]


def _std(kind: str, title: str, description: str, position: str = "start") -> dict[str, str]:
    return {"kind": kind, "title": title, "description": description, "position": position}


APOLOGIES = _std(S.APOLOGIES, "Apologies", "To receive any apologies for absence.")
SUBSTITUTES = _std(
    S.SUBSTITUTES,
    "Substitute members",
    "To note any substitute members attending for this meeting, as notified to the "
    "Monitoring Officer.",
)
DECLARATIONS = _std(
    S.DECLARATIONS,
    "Declarations of interest",
    "Members are asked to declare any disclosable pecuniary, other registrable or "
    "non-registrable interest in an item on this agenda, saying which item, what the "
    "interest is and whether they will leave the meeting for it.",
)
MINUTES = _std(
    S.MINUTES,
    "Minutes",
    "To approve as a correct record, for the Chairman to sign, the minutes of the previous "
    "meeting.",
)
PUBLIC = _std(
    S.PUBLIC_PARTICIPATION,
    "Public participation",
    "To receive questions and statements from residents and from town and parish councils. "
    "Each person may submit up to two questions or one statement of no more than 450 words "
    "by 8.30am three clear working days before the meeting.",
)
MEMBER_QUESTIONS = _std(
    S.COUNCILLOR_QUESTIONS,
    "Questions from councillors",
    "To answer questions from councillors received in writing by 8.30am three clear working "
    "days before the meeting.",
)
URGENT = _std(
    S.URGENT_ITEMS,
    "Urgent items",
    "To consider any item the Chairman agrees is urgent under section 100B(4)(b) of the "
    "Local Government Act 1972; the reasons for urgency will be recorded in the minutes.",
    "end",
)
EXEMPT = _std(
    S.EXEMPT_BUSINESS,
    "Exempt business",
    "To decide whether to exclude the press and public for the following business.",
    "end",
)

COMMITTEES: list[CommitteeDef] = [
    CommitteeDef(
        "council",
        "Full Council",
        "full-council",
        CommitteeKind.FULL_COUNCIL,
        10,
        3,
        time(18, 30),
        3.0,
        8,
        1,
        -4,
        2,
        data.MAIN_VENUE,
        "All 40 councillors. Sets the budget and the policy framework, adopts the "
        "constitution and appoints the Leader.",
        "ds_manager",
        [
            APOLOGIES,
            DECLARATIONS,
            MINUTES,
            _std(S.PUBLIC_PARTICIPATION, "Public participation", PUBLIC["description"]),
            _std(
                S.COUNCILLOR_QUESTIONS,
                "Questions from councillors",
                "To answer questions from councillors under procedure rule 14.",
            ),
            URGENT,
            EXEMPT,
        ],
    ),
    CommitteeDef(
        "cabinet",
        "Cabinet",
        "cabinet",
        CommitteeKind.EXECUTIVE,
        3,
        1,
        time(10, 0),
        2.5,
        4,
        0,
        -8,
        4,
        data.COMMITTEE_ROOM,
        "The Leader and the portfolio holders. Takes executive decisions, including key "
        "decisions published in the forward plan.",
        "dso_3",
        [
            APOLOGIES,
            DECLARATIONS,
            MINUTES,
            PUBLIC,
            MEMBER_QUESTIONS,
            _std(
                S.FORWARD_PLAN,
                "Cabinet forward plan",
                "To note the forward plan of key decisions and private items.",
            ),
            URGENT,
            EXEMPT,
        ],
    ),
    CommitteeDef(
        "people_scrutiny",
        "People and Health Scrutiny Committee",
        "people-and-health-scrutiny",
        CommitteeKind.OVERVIEW_SCRUTINY,
        4,
        0,
        time(10, 0),
        3.0,
        8,
        3,
        -4,
        2,
        data.COMMITTEE_ROOM,
        "Scrutinises adult social care, children's services, education, housing and public "
        "health, and makes recommendations to Cabinet.",
        "dso_1",
        [
            APOLOGIES,
            SUBSTITUTES,
            DECLARATIONS,
            MINUTES,
            PUBLIC,
            _std(
                S.COUNCILLOR_QUESTIONS,
                "Questions from members",
                "To answer questions from members of the committee.",
            ),
            _std(
                S.ACTION_SHEET,
                "Action sheet",
                "To review progress on actions agreed at previous meetings.",
                "end",
            ),
            _std(
                S.FORWARD_PLAN,
                "Work programme and Cabinet forward plan",
                "To review the committee's work programme and the Cabinet forward plan.",
                "end",
            ),
            URGENT,
            EXEMPT,
        ],
    ),
    CommitteeDef(
        "place_scrutiny",
        "Place and Resources Scrutiny Committee",
        "place-and-resources-scrutiny",
        CommitteeKind.OVERVIEW_SCRUTINY,
        4,
        3,
        time(14, 0),
        3.0,
        8,
        7,
        -4,
        2,
        data.COMMITTEE_ROOM,
        "Scrutinises highways, planning policy, climate, the economy and the council's "
        "finances and assets.",
        "dso_2",
        [
            APOLOGIES,
            SUBSTITUTES,
            DECLARATIONS,
            MINUTES,
            PUBLIC,
            _std(
                S.COUNCILLOR_QUESTIONS,
                "Questions from members",
                "To answer questions from members of the committee.",
            ),
            _std(
                S.ACTION_SHEET,
                "Action sheet",
                "To review progress on actions agreed at previous meetings.",
                "end",
            ),
            _std(
                S.FORWARD_PLAN,
                "Work programme and Cabinet forward plan",
                "To review the committee's work programme and the Cabinet forward plan.",
                "end",
            ),
            URGENT,
            EXEMPT,
        ],
    ),
    CommitteeDef(
        "planning",
        "Planning Committee",
        "planning",
        CommitteeKind.REGULATORY,
        4,
        2,
        time(10, 0),
        4.0,
        4,
        2,
        -9,
        4,
        data.MAIN_VENUE,
        "Determines major and contentious planning applications.",
        "dso_2",
        [
            APOLOGIES,
            SUBSTITUTES,
            DECLARATIONS,
            MINUTES,
            _std(
                S.PUBLIC_PARTICIPATION,
                "Public speaking",
                "Registered speakers may address the committee for up to three minutes on an "
                "application. Register with democratic services by noon two working days "
                "before the meeting.",
            ),
            URGENT,
            EXEMPT,
        ],
    ),
    CommitteeDef(
        "audit",
        "Audit and Governance Committee",
        "audit-and-governance",
        CommitteeKind.OTHER,
        3,
        1,
        time(14, 0),
        2.0,
        8,
        5,
        -4,
        2,
        data.COMMITTEE_ROOM,
        "Oversees internal and external audit, risk management and the annual governance "
        "statement.",
        "dso_1",
        [APOLOGIES, DECLARATIONS, MINUTES, PUBLIC, URGENT, EXEMPT],
    ),
]

#: Seats on each committee by group (Alliance, Wessex First, Progressive, Green, Independent).
SEATS: dict[str, list[int]] = {
    "people_scrutiny": [5, 3, 2, 1, 0],
    "place_scrutiny": [5, 3, 2, 0, 1],
    "planning": [5, 3, 2, 1, 0],
    "audit": [3, 2, 1, 0, 1],
}

SCRUTINY_TOPICS = {
    "people_scrutiny": data.SCRUTINY_PEOPLE_TOPICS,
    "place_scrutiny": data.SCRUTINY_PLACE_TOPICS,
    "audit": data.AUDIT_TOPICS,
}


@dataclass
class Plan:
    """One meeting being built."""

    cdef: CommitteeDef
    cycle: int
    day: date
    start: datetime
    state: str
    published_at: datetime | None
    rng: random.Random
    meeting: Meeting | None = None
    previous: Plan | None = None
    items: list[AgendaItem] = field(default_factory=list)
    questions: list[PublicQuestion] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    councillor_questions: list[CouncillorQuestion] = field(default_factory=list)


@dataclass
class ReportSpec:
    """A report and what the builder needs to minute and decide it."""

    topic: data.Topic | None
    report: Report
    authors: list[Person]
    recommendations: list[str]
    exempt_body: str = ""
    planning: bool = False
    fp_key: tuple[str, int] | None = None
    plan: Plan | None = None
    wards: list[Ward] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    exempt_appendix: tuple[str, str] | None = None
    item: dict[str, Any] | None = None
    token: str = ""


class DemoBuilder:
    def __init__(self, seed: int, today: date, now: datetime | None = None) -> None:
        """``now`` splits held from future meetings; by default midday on ``today``."""
        self.seed = seed
        self.today = today
        self.now = now or datetime.combine(today, time(12, 0), tzinfo=LONDON)
        self.week0 = today - timedelta(days=today.weekday())
        # The offices close between Christmas and New Year: those days are not working days.
        plain = WorkingCalendar("ENG")
        self.closures = [
            date(year, 12, d)
            for year in range(today.year - 1, today.year + 2)
            for d in range(27, 32)
            if plain.is_working_day(date(year, 12, d))
        ]
        self.cal = WorkingCalendar("ENG", self.closures)
        self.canary_serial = 0
        self.counts: dict[str, int] = {}

    # -- helpers -----------------------------------------------------------------------

    def rng(self, *label: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *label)))

    def canary(self) -> str:
        self.canary_serial += 1
        return f"{data.EXEMPT_CANARY}-{self.canary_serial:04d}"

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=LONDON)

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    # -- the build ---------------------------------------------------------------------

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
        return self.council

    def build_areas(self) -> None:
        self.wards = Ward.objects.bulk_create(
            Ward(council=self.council, name=name, slug=slugify(name), seats=2)
            for name in data.WARDS
        )
        self.ward_by_name = {w.name: w for w in self.wards}
        self.groups = PoliticalGroup.objects.bulk_create(
            PoliticalGroup(council=self.council, name=n, short_name=s, colour=c, is_independent=ind)
            for n, s, c, _, ind in data.GROUPS
        )
        year = self.today.year if self.today.month >= 5 else self.today.year - 1
        start = date(year, 5, 1)
        while start.weekday() != 3:  # elections are on the first Thursday in May
            start += timedelta(days=1)
        self.term_start = start
        self.term = LegislativeTerm.objects.create(
            council=self.council,
            name=f"{year} to {year + 4}",
            start_date=start,
            end_date=date(year + 4, 5, 1),
        )
        self.venues = {
            name: Venue.objects.create(
                council=self.council,
                name=name.split(",")[0] + ", Vale House",
                address=data.COUNCIL_ADDRESS,
                postcode=data.COUNCIL_ADDRESS.rsplit(",", 1)[1].strip(),
                accessibility="Step-free access from Market Street; hearing loop; "
                "two accessible parking bays.",
            )
            for name in (data.MAIN_VENUE, data.COMMITTEE_ROOM)
        }

    def build_people(self) -> None:
        rng = self.rng("people")
        firsts = list(data.FIRST_NAMES)
        lasts = list(data.LAST_NAMES)
        rng.shuffle(firsts)
        rng.shuffle(lasts)
        names = iter(zip(firsts * 2, lasts, strict=False))
        phones = iter(rng.sample(range(100, 999), 120))

        # Seats: each ward has two, each group its number of seats, shuffled.
        labels = [
            g
            for g, (_, _, _, seats, _) in zip(self.groups, data.GROUPS, strict=True)
            for _ in range(seats)
        ]
        rng.shuffle(labels)
        people: list[Person] = []
        for i, group in enumerate(labels):
            first, last = next(names)
            people.append(
                Person(
                    council=self.council,
                    kind=PersonKind.COUNCILLOR,
                    honorific="Cllr",
                    first_name=first,
                    last_name=last,
                    email=f"cllr.{first}.{last}@{data.EMAIL_DOMAIN}".lower(),
                    phone=f"01632 960{next(phones):03d}",
                    political_group=group,
                    ward=self.wards[i // 2],
                )
            )
        self.officers: dict[str, Person] = {}
        for post in data.OFFICER_POSTS:
            first, last = next(names)
            person = Person(
                council=self.council,
                kind=PersonKind.OFFICER,
                honorific=rng.choice(data.HONORIFICS_OFFICER),
                first_name=first,
                last_name=last,
                job_title=post.job_title,
                email=f"{first}.{last}@{data.EMAIL_DOMAIN}".lower(),
                phone=f"01632 960{next(phones):03d}",
            )
            self.officers[post.key] = person
            people.append(person)
        self.coopted: list[Person] = []
        for title, honorific in (
            ("Parent governor representative (statutory, voting on education matters)", "Mrs"),
            ("Healthwatch Wessex Vale representative (non-voting)", "Mr"),
        ):
            first, last = next(names)
            person = Person(
                council=self.council,
                kind=PersonKind.CO_OPTED,
                honorific=honorific,
                first_name=first,
                last_name=last,
                job_title=title,
            )
            self.coopted.append(person)
            people.append(person)
        for p in people:
            p.normalised_name = normalise_name(p.full_name)
        Person.objects.bulk_create(people)
        self.councillors = [p for p in people if p.kind == PersonKind.COUNCILLOR]
        self.count("councillors", len(self.councillors))
        self.count("officers", len(self.officers))

    def by_group(self, index: int) -> list[Person]:
        group = self.groups[index]
        return [p for p in self.councillors if p.political_group_id == group.pk]

    def build_committees(self) -> None:
        rng = self.rng("committees")
        committees = Committee.objects.bulk_create(
            Committee(
                council=self.council,
                name=c.name,
                slug=c.slug,
                short_name=c.name.replace(" Committee", ""),
                kind=c.kind,
                quorum=c.quorum,
                description=c.description,
                standing_items=c.standing,
            )
            for c in COMMITTEES
        )
        self.committees = {c.key: obj for c, obj in zip(COMMITTEES, committees, strict=True)}

        alliance = self.by_group(0)
        rng.shuffle(alliance)
        cabinet = alliance[:8]
        backbench = {
            i: [p for p in self.by_group(i) if p not in cabinet] for i in range(len(self.groups))
        }
        for people in backbench.values():
            rng.shuffle(people)
        self.cabinet_members = cabinet
        self.leader, self.deputy = cabinet[0], cabinet[1]
        start = self.term_start + timedelta(days=12)
        rows: list[Membership] = []

        def seat(
            key: str, person: Person, role: str = MembershipRole.MEMBER, vote: bool = True
        ) -> None:
            rows.append(
                Membership(
                    committee=self.committees[key],
                    person=person,
                    role=role,
                    voting_right=vote,
                    start_date=start,
                )
            )

        # Full council: everyone; the civic chairman is a senior backbencher.
        chairman, vice = backbench[0][0], backbench[1][0]
        for person in self.councillors:
            role = (
                MembershipRole.CHAIRMAN
                if person is chairman
                else MembershipRole.VICE_CHAIRMAN
                if person is vice
                else MembershipRole.MEMBER
            )
            seat("council", person, role)
        # Cabinet: the Leader chairs, the Deputy Leader is vice-chairman.
        for i, person in enumerate(cabinet):
            seat(
                "cabinet",
                person,
                [MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN][i]
                if i < 2
                else MembershipRole.MEMBER,
            )
        # Other committees: politically balanced, no cabinet members; opposition chairs scrutiny.
        pointer = {i: 1 if i < 2 else 0 for i in backbench}
        self.committee_members: dict[str, list[Person]] = {
            "council": list(self.councillors),
            "cabinet": list(cabinet),
        }
        for key, seats in SEATS.items():
            members: list[Person] = []
            for gi, n in enumerate(seats):
                pool = backbench[gi]
                for _ in range(n):
                    members.append(pool[pointer[gi] % len(pool)])
                    pointer[gi] += 1
            chair_group = 1 if "scrutiny" in key or key == "audit" else 0
            chair = next(p for p in members if p.political_group_id == self.groups[chair_group].pk)
            vice_group = 0 if chair_group == 1 else 1
            vice_c = next(p for p in members if p.political_group_id == self.groups[vice_group].pk)
            for person in members:
                role = (
                    MembershipRole.CHAIRMAN
                    if person is chair
                    else MembershipRole.VICE_CHAIRMAN
                    if person is vice_c
                    else MembershipRole.MEMBER
                )
                seat(key, person, role)
            self.committee_members[key] = members
        seat("people_scrutiny", self.coopted[0], MembershipRole.CO_OPTED, vote=True)
        seat("people_scrutiny", self.coopted[1], MembershipRole.CO_OPTED, vote=False)
        Membership.objects.bulk_create(rows)
        self.chairs = {m.committee_id: m.person for m in rows if m.role == MembershipRole.CHAIRMAN}
        self.count("memberships", len(rows))

        portfolios = Portfolio.objects.bulk_create(
            Portfolio(
                council=self.council,
                title=p.title,
                slug=slugify(p.key),
                description=p.description,
            )
            for p in data.PORTFOLIOS
        )
        self.portfolios = {p.key: obj for p, obj in zip(data.PORTFOLIOS, portfolios, strict=True)}
        self.holders = {p.key: cabinet[i] for i, p in enumerate(data.PORTFOLIOS)}
        PortfolioHolder.objects.bulk_create(
            PortfolioHolder(
                portfolio=self.portfolios[key],
                person=person,
                role=PortfolioRole.HOLDER,
                start_date=start,
            )
            for key, person in self.holders.items()
        )
        # Cabinet lead members support two portfolios (not cabinet members).
        leads = [backbench[0][2], backbench[0][3]]
        PortfolioHolder.objects.bulk_create(
            PortfolioHolder(
                portfolio=self.portfolios[key],
                person=person,
                role=PortfolioRole.LEAD_MEMBER,
                start_date=start,
            )
            for key, person in zip(("children", "planning"), leads, strict=True)
        )
        for key, person in self.holders.items():
            person.job_title = (
                "Leader of the Council"
                if key == "leader"
                else "Deputy Leader and Portfolio Holder"
                if key == "adults"
                else "Portfolio Holder"
            )
        Person.objects.bulk_update(list(self.holders.values()), ["job_title"])

    # -- meetings ----------------------------------------------------------------------

    def build_meetings(self) -> None:
        plans: list[Plan] = []
        for cdef in COMMITTEES:
            previous: Plan | None = None
            for cycle in range(cdef.first, cdef.last + 1):
                day = self.week0 + timedelta(
                    weeks=cdef.period_weeks * cycle + cdef.offset_weeks, days=cdef.weekday
                )
                while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
                    day -= timedelta(weeks=1)  # no meetings over Christmas and New Year
                if not self.cal.is_working_day(day):
                    day = self.cal.next_working_day(day)
                start = datetime.combine(day, cdef.start, tzinfo=LONDON)
                publish_day = self.cal.add_working_days(agenda_publish_by(day), -2)
                published: datetime | None = self.at(publish_day, 16)
                if start < self.now:
                    state = MeetingState.HELD
                elif published is not None and published <= self.now:
                    state = MeetingState.AGENDA_PUBLISHED
                else:
                    state = MeetingState.SCHEDULED
                    published = None
                plan = Plan(cdef, cycle, day, start, state, published, self.rng(cdef.key, cycle))
                if cdef.key == "planning" and cycle == -5:
                    plan.state = MeetingState.CANCELLED
                    plan.published_at = None
                if (
                    previous is not None
                    and previous.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
                    and plan.state == MeetingState.HELD
                ):
                    previous.state = MeetingState.MINUTES_APPROVED
                plan.previous = previous
                if plan.state != MeetingState.CANCELLED:
                    previous = plan
                plans.append(plan)
        meetings = []
        for plan in plans:
            m = Meeting(
                committee=self.committees[plan.cdef.key],
                start=plan.start,
                end=plan.start + timedelta(hours=plan.cdef.hours),
                venue=self.venues[plan.cdef.venue],
                online_url=data.ONLINE_LINK,
                state=plan.state,
                published_at=plan.published_at,
                date=plan.day,
                slug=plan.day.isoformat(),
                cancellation_reason=(
                    "Cancelled by the Chairman: there was no business to transact."
                    if plan.state == MeetingState.CANCELLED
                    else ""
                ),
            )
            plan.meeting = m
            meetings.append(m)
        Meeting.objects.bulk_create(meetings)
        self.plans = plans
        self.count("meetings", len(meetings))

    # -- agendas, reports, minutes, decisions ------------------------------------------

    def build_agendas(self) -> None:
        self.report_specs: list[ReportSpec] = []
        self.travels: list[tuple[ReportSpec, dict[str, Any], Plan]] = []
        self.fp_topics: dict[tuple[str, int], tuple[data.Topic, Plan, str, list[int]]] = {}
        self.assign_topics()
        self.pending_items: list[tuple[Plan, list[dict[str, Any]]]] = []
        # Cabinet first: Full Council agendas carry Cabinet's recommendations.
        for plan in sorted(self.plans, key=lambda p: p.cdef.key != "cabinet"):
            if plan.state in (MeetingState.SCHEDULED, MeetingState.CANCELLED):
                continue
            self.pending_items.append((plan, self.agenda_for(plan)))
        self.write_reports()
        self.write_items()
        self.write_participation()
        self.write_minutes()
        self.write_actions()
        self.write_matters()
        self.write_call_ins()

    def assign_topics(self) -> None:
        """Decide which topics go to which meeting, for every meeting (scheduled too).

        The forward plan needs topics for future cabinet meetings that have no agenda yet.
        """
        self.topics_for: dict[tuple[str, int], list[data.Topic]] = {}
        recurring = {data.CABINET_TOPICS[0].title, data.CABINET_TOPICS[7].title}
        rng = self.rng("topics", "cabinet")
        one_offs = [t for t in data.CABINET_TOPICS if t.title not in recurring]
        rng.shuffle(one_offs)
        cab = [p for p in self.plans if p.cdef.key == "cabinet"]
        for i, plan in enumerate(cab):
            chosen: list[data.Topic] = []
            if i % 3 == 0:
                chosen.append(data.CABINET_TOPICS[0])
            if i % 3 == 1:
                chosen.append(data.CABINET_TOPICS[7])
            if one_offs:
                chosen.append(one_offs.pop())
            self.topics_for[("cabinet", plan.cycle)] = chosen
        for key, pool in SCRUTINY_TOPICS.items():
            rng = self.rng("topics", key)
            topics = list(pool)
            rng.shuffle(topics)
            # Task and finish reports come early in the year, so Cabinet can respond.
            topics.sort(key=lambda t: t.purpose != "recommendation")
            series = [p for p in self.plans if p.cdef.key == key]
            for i, plan in enumerate(series):
                picks = [topics[i % len(topics)]]
                if i % 2 == 0:
                    picks.append(topics[(i + len(series)) % len(topics)])
                unique = {t.title: t for t in picks}
                self.topics_for[(key, plan.cycle)] = list(unique.values())
        rng = self.rng("topics", "council")
        council_topics = list(data.COUNCIL_TOPICS)
        budget = council_topics.pop(0)  # the budget meeting is the one nearest February
        rng.shuffle(council_topics)
        councils = [p for p in self.plans if p.cdef.key == "council"]
        budget_plan = min(
            councils, key=lambda p: min((p.day.month - 2) % 12, (2 - p.day.month) % 12)
        )
        for plan in councils:
            if plan is budget_plan:
                self.topics_for[("council", plan.cycle)] = [budget]
            else:
                self.topics_for[("council", plan.cycle)] = council_topics[:1]
                council_topics = council_topics[1:]

    def values(
        self, rng: random.Random, day: date, topic: data.Topic | None = None
    ) -> dict[str, Any]:
        places = rng.sample(sorted(data.PLACES), 2)
        # Quarterly reports cover the quarter that was under way six weeks earlier.
        covered = day - timedelta(days=45)
        fy_start = covered.year if covered.month >= 4 else covered.year - 1
        quarter = ((covered.month - 4) % 12) // 3 + 1
        amount = topic.amount if topic and topic.amount else rng.randrange(200, 900) * 1000
        return {
            "place": places[0],
            "place2": places[1],
            "year": day.year,
            "next_year": day.year + 1,
            "next_next_year": day.year + 2,
            "this_fy": f"{day.year}/{(day.year + 1) % 100:02d}",
            "next_fy": f"{day.year + 1}/{(day.year + 2) % 100:02d}",
            "fy": f"{fy_start}/{(fy_start + 1) % 100:02d}",
            "quarter": quarter,
            "overspend": f"{rng.randrange(12, 68) / 10:.1f}",
            "responses": rng.randrange(300, 2400),
            "amount_k": amount // 1000,
            "amount_m": f"{amount / 1_000_000:.1f}",
            "pct": rng.randrange(18, 46),
            "ev": rng.randrange(2, 6),
            "providers": rng.randrange(40, 90),
            "uplift": f"{rng.randrange(45, 90) / 10:.1f}",
            "measures": rng.randrange(28, 44),
            "libraries": rng.randrange(14, 22),
            "budget": rng.randrange(310, 380),
            "ct": "4.99",
            "unmet": rng.randrange(900, 1400),
            "unmet2": rng.randrange(200, 500),
            "done": rng.randrange(14, 22),
            "total": rng.randrange(24, 30),
            "sessions": rng.randrange(4, 8),
            "potholes": rng.randrange(6000, 14000),
            "homes": rng.randrange(9, 16) * 1000,
            "secret_k": rng.randrange(350, 4800),
            "secret_k2": rng.randrange(300, 4000),
            "n": rng.randrange(3, 120),
            "lane": rng.choice(data.LANES),
            "farm": rng.choice(data.FARMS),
        }

    def authors_for(self, portfolio: str, rng: random.Random) -> tuple[list[Person], Person]:
        posts, director = data.PORTFOLIO_OFFICERS[portfolio]
        authors = [self.officers[posts[0]]]
        if rng.random() < 0.3:
            authors.append(self.officers[posts[1]])
        return authors, self.officers[director]

    def new_report(
        self,
        plan: Plan,
        topic: data.Topic,
        vals: dict[str, Any],
        *,
        exempt: tuple[list[int], str, str] | None = None,
        title: str | None = None,
    ) -> ReportSpec:
        authors, director = self.authors_for(topic.portfolio, plan.rng)
        holder = self.holders[topic.portfolio]
        portfolio = self.portfolios[topic.portfolio]
        purpose = {
            "decision": ReportPurpose.DECISION,
            "recommendation": ReportPurpose.RECOMMENDATION,
            "review": ReportPurpose.REVIEW_CONSULTATION,
            "information": ReportPurpose.INFORMATION,
        }[topic.purpose]
        recs = [r.format(**vals) for r in topic.recommendations]
        wards = topic.wards.format(**vals)
        risk = {"Low": RiskLevel.LOW, "Medium": RiskLevel.MEDIUM, "High": RiskLevel.HIGH}
        summary = topic.summary.format(**vals)
        body_parts = [
            "1. Background",
            summary,
            "2. Proposals",
            "Officers have considered the options set out below and recommend the first.",
            "Option 1: proceed as recommended. Option 2: defer for further work. Option 3: do "
            "nothing, which would leave the council exposed to the risks in section 8.",
            "3. Consultation",
            f"The portfolio holder, the chairman of the relevant scrutiny committee and ward "
            f"members for {wards if wards != 'All' else 'all wards'} have been consulted. "
            "Their comments are reflected in the recommendations.",
            "4. Next steps",
            "Subject to the decision, officers will implement the recommendations and report "
            "progress through the quarterly performance report.",
        ]
        exempt_body = spec_token = ""
        paragraphs: list[int] = []
        reason = ""
        if exempt:
            paragraphs, reason, exempt_body = exempt
            token = self.canary()
            exempt_body = f"{exempt_body} [{token}]"
            spec_token = token
            summary = f"{summary} Restricted: {token}."
            body_parts.append(f"5. Confidential details\n{exempt_body}")
        report = Report(
            council=self.council,
            title=title or topic.title.format(**vals),
            purpose=purpose,
            recommendation_to=self.committees["council"]
            if topic.purpose == "recommendation" and plan.cdef.key == "cabinet"
            else (self.committees["cabinet"] if topic.purpose == "recommendation" else None),
            portfolio=portfolio,
            portfolio_holder=holder,
            portfolio_holder_text=f"Cllr {holder.first_name[0]} {holder.last_name}, "
            f"{portfolio.title.split(': ')[-1]}",
            executive_director=director,
            executive_director_text=f"{director.first_name[0]} {director.last_name}, "
            f"{director.job_title}",
            local_councillors_text="All"
            if wards == "All"
            else f"Councillors for {data.PLACES.get(wards, wards)} ward",
            key_decision=topic.key and plan.cdef.key == "cabinet",
            brief_summary=summary,
            recommendations="\n".join(f"{i}. {r}" for i, r in enumerate(recs, 1)),
            reasons=topic.reasons.format(**vals),
            financial_implications=topic.financial.format(**vals),
            legal_implications=topic.legal.format(**vals),
            climate_implications=topic.climate,
            wellbeing_health_implications=topic.wellbeing,
            hr_implications=topic.hr,
            equalities_implications=topic.equalities,
            eqia_status=EqiaStatus.FULL if "Appendix" in topic.equalities else EqiaStatus.SCREENING,
            risk_current=risk[topic.risk[0]],
            risk_residual=risk[topic.risk[1]],
            risk_implications=f"Risk assessment: {topic.risk[0].lower()} before mitigation, "
            f"{topic.risk[1].lower()} once the measures in this report are in place.",
            body="\n\n".join(body_parts),
            background_papers=topic.background.format(**vals),
            exempt_paragraphs=sorted(paragraphs),
            public_interest_reason=reason,
            is_exempt=bool(paragraphs),
        )
        spec = ReportSpec(topic, report, authors, recs, exempt_body=exempt_body)
        spec.token = spec_token
        spec.wards = [] if wards == "All" else [self.ward_by_name[data.PLACES[vals["place"]]]]
        spec.appendices = list(topic.appendices)
        self.report_specs.append(spec)
        return spec

    def exempt_topic(self, plan: Plan, index: int, vals: dict[str, Any]) -> ReportSpec:
        title, portfolio, paragraphs, reason, summary, body = data.EXEMPT_TOPICS[index]
        deciding = plan.cdef.kind in (CommitteeKind.EXECUTIVE, CommitteeKind.REGULATORY)
        topic = data.Topic(
            title=title,
            portfolio=portfolio,
            purpose="decision" if deciding else "review",
            summary=summary,
            recommendations=[
                "Approve the recommendations set out in the exempt report."
                if deciding
                else "Consider the exempt report and make any comments to the portfolio holder."
            ],
            reasons="Set out in the exempt report.",
            key=vals["secret_k"] * 1000 >= self.council.key_decision_threshold,
            amount=vals["secret_k"] * 1000,
        )
        return self.new_report(plan, topic, vals, exempt=(paragraphs, reason, body.format(**vals)))

    def agenda_for(self, plan: Plan) -> list[dict[str, Any]]:
        """The agenda as a list of item dicts (children under "sub")."""
        cdef, rng = plan.cdef, plan.rng
        vals = self.values(rng, plan.day)
        business: list[dict[str, Any]] = []
        exempt: list[dict[str, Any]] = []
        key = cdef.key
        if key == "cabinet":
            for topic in self.topics_for[("cabinet", plan.cycle)]:
                tv = self.values(rng, plan.day, topic)
                spec = self.new_report(plan, topic, tv)
                if topic.title == data.CABINET_TOPICS[8].title:  # town centre: part exempt
                    self.part_exempt(spec, tv)
                spec.fp_key = ("cabinet", plan.cycle)
                business.append(self.report_item(spec, plan))
            if plan.state == MeetingState.AGENDA_PUBLISHED:
                business.append(
                    {
                        "title": "Recommendations from the Place and Resources Scrutiny Committee",
                        "description": "Report to follow: the committee's recommendations "
                        "will be published in a supplement to this agenda.",
                        "to_follow": True,
                    }
                )
            if plan.cycle % 3 == 0:
                index = (plan.cycle // 3) % 4
                index = [0, 1, 3, 2][index]
                spec = self.exempt_topic(plan, index, vals)
                spec.fp_key = ("cabinet", plan.cycle)
                exempt.append(self.report_item(spec, plan))
        elif key == "planning":
            n_apps = rng.randrange(2, 5)
            subs = [self.application_item(plan, j) for j in range(n_apps)]
            business.append(
                {
                    "title": "Planning applications",
                    "description": "To consider the reports of the Head of Planning and "
                    "Building Control on the following applications.",
                    "sub": subs,
                }
            )
            business.append(
                {
                    "title": "Planning appeals decisions",
                    "description": "To note appeal decisions received since the last meeting.",
                    "pages": rng.randrange(2, 5),
                    "minute_text": f"The Committee noted {rng.randrange(2, 6)} appeal decisions; "
                    f"{rng.randrange(1, 3)} appeal(s) had been allowed.",
                    "resolution": "That the appeal decisions be noted.",
                }
            )
            if plan.cycle % 4 == 1:
                spec = self.exempt_topic(plan, 5, vals)
                exempt.append(self.report_item(spec, plan))
        elif key == "council":
            business.append(
                {
                    "title": "Chairman's announcements",
                    "description": "To receive any announcements from the Chairman.",
                    "minute_text": "The Chairman reported on civic engagements since the last "
                    f"meeting, including a visit to {vals['place']} to mark the reopening of "
                    "the community hall, and thanked the volunteers of the Wessex Vale flood "
                    "warden scheme.",
                }
            )
            subs = []
            for cab in self.plans:
                if (
                    cab.cdef.key == "cabinet"
                    and cab.meeting is not None
                    and plan.previous is not None
                    and plan.previous.day < cab.day < plan.day - timedelta(days=6)
                ):
                    for spec in self.report_specs:
                        if (
                            spec.topic is not None
                            and spec.topic.purpose == "recommendation"
                            and spec.plan is cab
                        ):
                            subs.append(
                                {
                                    "title": spec.report.title,
                                    "description": "To consider the recommendation of Cabinet "
                                    f"of {cab.day.day} {cab.day:%B %Y}.",
                                    "spec": spec,
                                    "pages": rng.randrange(8, 30),
                                    "reuse": True,
                                }
                            )
                            self.travels.append((spec, subs[-1], plan))
            if subs:
                business.append(
                    {
                        "title": "Recommendations from Cabinet",
                        "description": "To consider the following recommendations.",
                        "sub": subs,
                    }
                )
            for topic in self.topics_for[("council", plan.cycle)]:
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                business.append(self.report_item(spec, plan))
            mover, seconder = (self.name(p) for p in rng.sample(self.councillors, 2))
            motion = rng.choice(data.MOTIONS).format(**vals)
            business.append(
                {
                    "title": "Motions on notice",
                    "description": f"To consider the following motion, proposed by {mover}: "
                    + motion,
                    "minute_text": f"The motion was moved by {mover} and seconded by "
                    f"{seconder}. After debate, on being put to the vote, the motion was carried.",
                    "resolution": motion,
                }
            )
        else:
            for topic in self.topics_for[(key, plan.cycle)]:
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                business.append(self.report_item(spec, plan))
            if key == "audit" and plan.cycle == -2:
                spec = self.exempt_topic(plan, 4, vals)
                exempt.append(self.report_item(spec, plan))
            if key == "people_scrutiny" and plan.cycle == -3:
                spec = self.exempt_topic(plan, 2, vals)
                exempt.append(self.report_item(spec, plan))

        start = [s for s in cdef.standing if s.get("position", "start") == "start"]
        end = [s for s in cdef.standing if s.get("position") == "end"]
        items: list[dict[str, Any]] = [
            {"title": s["title"], "description": s["description"], "kind": s["kind"]} for s in start
        ]
        for item in items:
            if item["kind"] == S.MINUTES and plan.previous is not None:
                prev = plan.previous.day
                item["description"] = (
                    f"To approve as a correct record, for the Chairman to sign, the minutes "
                    f"of the meeting held on "
                    f"{prev.day} {prev:%B %Y}."
                )
                item["pages"] = rng.randrange(4, 10)
            if item["kind"] == S.FORWARD_PLAN:
                item["pages"] = rng.randrange(4, 9)
        items += business
        for s in end:
            if s["kind"] == S.EXEMPT_BUSINESS:
                continue
            item = {"title": s["title"], "description": s["description"], "kind": s["kind"]}
            if s["kind"] in (S.FORWARD_PLAN, S.ACTION_SHEET):
                item["pages"] = rng.randrange(3, 8)
            if s["kind"] == S.URGENT_ITEMS and key == "cabinet" and plan.cycle == -2:
                topic = data.URGENT_TOPIC
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                urgent = self.report_item(spec, plan)
                urgent["urgent"] = data.URGENCY_REASON
                urgent["pages"] = None  # tabled at the meeting, not in the published pack
                item["sub"] = [urgent]
            items.append(item)
        if exempt:
            paragraphs = sorted({p for e in exempt for p in e["spec"].report.exempt_paragraphs})
            grounds = (
                describe_paragraphs(paragraphs).replace("exempt under ", "")
                + " to the Local Government Act 1972"
            )
            items.append(
                {
                    "title": "Exempt business",
                    "kind": S.EXEMPT_BUSINESS,
                    "description": "To resolve that the press and public be excluded during "
                    "the following item, because it is likely to disclose exempt information "
                    f"as defined in {grounds}.",
                    "grounds": grounds,
                }
            )
            items += exempt
        return items

    def name(self, person: Person) -> str:
        return f"Cllr {person.first_name} {person.last_name}"

    def report_item(self, spec: ReportSpec, plan: Plan) -> dict[str, Any]:
        spec.plan = plan
        spec.item = item = {}
        report = spec.report
        director = report.executive_director
        desc = (
            f"To consider a report of the {director.job_title.split(' (')[0]}."
            if director
            else "To consider the report."
        )
        if report.is_exempt:
            desc = "To consider an exempt report. The report is not for publication."
        item.update(
            {
                "title": report.title,
                "description": desc,
                "spec": spec,
                "pages": None if report.is_exempt else plan.rng.randrange(6, 34),
            }
        )
        return item

    def part_exempt(self, spec: ReportSpec, vals: dict[str, Any]) -> None:
        token = self.canary()
        spec.exempt_appendix = (
            "Appendix C - Financial appraisal (exempt: paragraph 3)",
            f"Bid prices and the funding gap of £{vals['secret_k']}k by work package. [{token}]",
        )

    def application_item(self, plan: Plan, j: int) -> dict[str, Any]:
        rng = plan.rng
        proposal, site, rec, (low, high) = rng.choice(data.PLANNING_PROPOSALS)
        vals = self.values(rng, plan.day)
        vals["n"] = rng.randint(low, high) if high else 0
        kind = {
            "Erection": "FUL",
            "Change": "COU",
            "Installation": "FUL",
            "Demolition": "FUL",
            "Extension": "FUL",
            "Outline": "OUT",
            "Variation": "VOC",
        }[proposal.split()[0]]
        ref = f"WV/{plan.day.year % 100:02d}/{rng.randrange(100, 4999):05d}/{kind}"
        site_text = site.format(**vals)
        title = f"{ref}: {site_text}"
        topic = data.Topic(
            title=title,
            portfolio="planning",
            purpose="decision",
            summary=f"{proposal.format(**vals)} at {site_text}. The application has been "
            f"brought to committee because the parish council objects. {rng.randrange(3, 60)} "
            "representations have been received.",
            recommendations=[f"{rec}."],
            reasons="The proposal accords with the development plan as a whole"
            if rec.startswith("Grant")
            else "The proposal conflicts with policies on design and the countryside",
            wards=vals["place"],
        )
        spec = self.new_report(plan, topic, vals)
        spec.planning = True
        spec.report.recommendation_to = None
        spec.report.portfolio = None
        spec.report.portfolio_holder = None
        spec.report.portfolio_holder_text = ""
        spec.authors = [self.officers["planning_team" if j % 2 else "planning_south"]]
        spec.report.executive_director = self.officers["head_planning"]
        spec.report.executive_director_text = self.officers["head_planning"].job_title
        item = self.report_item(spec, plan)
        item["description"] = f"{proposal.format(**vals)}. Recommendation: {rec}."
        return item

    # -- writing -------------------------------------------------------------------------

    def write_reports(self) -> None:
        Report.officer_objects.bulk_create([s.report for s in self.report_specs])
        authors: list[ReportAuthor] = []
        wards: list[Any] = []
        documents: list[Document] = []
        through = Report.wards_affected.through
        for spec in self.report_specs:
            for order, person in enumerate(spec.authors, 1):
                authors.append(
                    ReportAuthor(
                        report=spec.report,
                        person=person,
                        order=order,
                        name=f"{person.first_name} {person.last_name}",
                        job_title=person.job_title,
                        phone=person.phone,
                        email=person.email,
                    )
                )
            for ward in spec.wards:
                wards.append(through(report_id=spec.report.pk, ward_id=ward.pk))
            appendices = list(spec.appendices)
            for order, label_title in enumerate(appendices, 1):
                label, _, title = label_title.partition(" - ")
                text = f"{title}: supporting information for the report."
                if spec.report.is_exempt:
                    text = f"{title}. {spec.exempt_body}"
                documents.append(
                    self.document(spec, order, label, title, text, spec.report.exempt_paragraphs)
                )
            if spec.report.is_exempt and not appendices:
                documents.append(
                    self.document(
                        spec,
                        1,
                        "Appendix 1",
                        "Confidential financial information",
                        f"Confidential financial information. {spec.exempt_body}",
                        spec.report.exempt_paragraphs,
                    )
                )
            extra = spec.exempt_appendix
            if extra:
                label, _, title = extra[0].partition(" - ")
                documents.append(
                    self.document(spec, len(appendices) + 1, label, title, extra[1], [3])
                )
        ReportAuthor.officer_objects.bulk_create(authors)
        through.objects.bulk_create(wards)
        Document.officer_objects.bulk_create(documents)
        self.count("reports", len(self.report_specs))
        self.count("exempt_reports", sum(s.report.is_exempt for s in self.report_specs))
        self.count("documents", len(documents))

    def document(
        self,
        spec: ReportSpec,
        order: int,
        label: str,
        title: str,
        text: str,
        paragraphs: list[int],
    ) -> Document:
        plan = spec.plan
        assert plan is not None
        return Document(
            council=self.council,
            kind=DocumentKind.APPENDIX,
            title=title,
            media_type="application/pdf",
            pages=plan.rng.randrange(1, 24),
            extracted_text=text,
            report=spec.report,
            meeting=plan.meeting,
            order=order,
            label=label,
            exempt_paragraphs=sorted(paragraphs),
            public_interest_reason=spec.report.public_interest_reason
            or "The appendix contains commercially sensitive prices; disclosure would "
            "prejudice the council's negotiating position.",
            is_exempt=bool(paragraphs),
            published_at=plan.published_at,
        )

    def write_items(self) -> None:
        top: list[AgendaItem] = []
        subs: list[tuple[AgendaItem, dict[str, Any], AgendaItem]] = []
        for plan, items in self.pending_items:
            page = 5
            order = 0
            for number, item in enumerate(items, 1):
                order += 1
                obj = self.agenda_item(plan, item, order, str(number))
                if item.get("pages"):
                    obj.first_page, obj.last_page = page, page + item["pages"] - 1
                    page += item["pages"]
                item["obj"] = obj
                top.append(obj)
                plan.items.append(obj)
                for letter, sub in zip("abcdefghij", item.get("sub", []), strict=False):
                    order += 1
                    child = self.agenda_item(plan, sub, order, f"{number}{letter}")
                    if sub.get("pages"):
                        child.first_page, child.last_page = page, page + sub["pages"] - 1
                        page += sub["pages"]
                    sub["obj"] = child
                    subs.append((child, sub, obj))
                    plan.items.append(child)
        AgendaItem.public_objects.bulk_create(top)
        for child, _, parent in subs:
            child.parent = parent
        AgendaItem.public_objects.bulk_create([c for c, _, _ in subs])
        self.write_urgency([(c, sub) for c, sub, _ in subs if sub.get("urgent")])
        self.count("agenda_items", len(top) + len(subs))

    def write_urgency(self, urgent: list[tuple[AgendaItem, dict[str, Any]]]) -> None:
        """Late items: a supplement and the chair's reasons (LGA 1972 s100B(4)(b))."""
        for item, spec_item in urgent:
            meeting = item.meeting
            chair = self.chairs[meeting.committee_id]
            published = meeting.start - timedelta(hours=2)
            supplement = Supplement.objects.create(
                meeting=meeting, number=1, title="Supplement 1: urgent item", published_at=published
            )
            item.supplement, item.published_at = supplement, published
            item.save(update_fields=["supplement", "published_at"])
            record = UrgencyRecord.objects.create(
                meeting=meeting,
                kind=UrgencyKind.SUPPLEMENT,
                supplement=supplement,
                chair=chair,
                chair_name=self.name(chair),
                reason=spec_item["urgent"],
                published_at=published,
                clear_days=0,
                required_days=self.council.agenda_clear_days,
            )
            record.items.add(item)

    def agenda_item(self, plan: Plan, item: dict[str, Any], order: int, number: str) -> AgendaItem:
        spec: ReportSpec | None = item.get("spec")
        report = spec.report if spec else None
        paragraphs = list(report.exempt_paragraphs) if report is not None else []
        return AgendaItem(
            meeting=plan.meeting,
            order=order,
            number=number,
            title=item["title"],
            description=item.get("description", ""),
            standing_kind=item.get("kind", ""),
            exempt_paragraphs=paragraphs,
            public_interest_reason=report.public_interest_reason if report is not None else "",
            is_exempt=bool(paragraphs),
            report=report,
            to_follow=bool(item.get("to_follow")),
            published_at=None if item.get("to_follow") or item.get("urgent") else plan.published_at,
            is_urgent=bool(item.get("urgent")),
            urgency_reason=item.get("urgent", ""),
        )

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
            absent = rng.sample(members, min(len(members), rng.randrange(0, 4)))
            plan.absent = absent
            if not absent:
                return "There were no apologies for absence.", ""
            names = ", ".join(self.name(p) for p in absent)
            return f"Apologies for absence were received from {names}.", ""
        if kind == S.SUBSTITUTES:
            lines = []
            for person in plan.absent:
                pool = [
                    p
                    for p in self.councillors
                    if p.political_group_id == person.political_group_id
                    and p not in members
                    and p not in self.cabinet_members
                ]
                if pool and rng.random() < 0.5:
                    lines.append(
                        f"{self.name(rng.choice(pool))} attended as a substitute for "
                        f"{self.name(person)}."
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
            votes = (rng.randrange(6, 10), rng.randrange(0, 4), rng.randrange(0, 2))
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
        state = CallInState.NOT_APPLICABLE
        expires = in_force = None
        if executive:
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
            published_at=self.at(published, 12),
            call_in_state=state,
            call_in_expires=expires,
            in_force_date=in_force if executive else None,
            exempt_paragraphs=list(report.exempt_paragraphs),
            public_interest_reason=report.public_interest_reason,
            is_exempt=report.is_exempt,
            is_urgent=bool(item.get("urgent")),
            urgency_reason=item.get("urgent", ""),
        )

    # -- forward plan --------------------------------------------------------------------

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
                        published_at=self.at(published, 12),
                        call_in_state=CallInState.IN_FORCE
                        if self.at(expires, 17) < self.now
                        else CallInState.OPEN,
                        call_in_expires=self.at(expires, 17),
                        in_force_date=decision_in_force_from(published),
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
                    questions.append(self.submission(plan, rng, slot["obj"], order, held))
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
        PublicQuestion.objects.bulk_create(questions)
        asked = [q for plan, _ in self.pending_items for q in plan.councillor_questions]
        CouncillorQuestion.objects.bulk_create(asked)
        self.count("councillor_questions", len(asked))
        Declaration.objects.bulk_create(declarations)
        self.count("public_questions", len(questions))
        self.count("declarations", len(declarations))

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

    def write_register(self) -> None:
        """Members took office at the election and registered their interests within 28 days
        (Localism Act 2011 s30); one entry is sensitive and withheld (s32)."""
        rng = self.rng("register")
        members = [*self.councillors, *self.coopted]
        Tenure.objects.bulk_create(
            Tenure(person=p, took_office=self.term_start + timedelta(days=4)) for p in members
        )
        entries: list[RegisterEntry] = []
        records: list[EntryRecord] = []
        monitoring = self.officers["monitoring_officer"]
        for n, person in enumerate(self.councillors):
            place = next(
                (
                    pl
                    for pl, ward in data.PLACES.items()
                    if person.ward and ward == person.ward.name
                ),
                "Amblesford",
            )
            vals = {"place": place, "last": person.last_name, "farm": rng.choice(data.FARMS)}
            notified = self.term_start + timedelta(days=rng.randrange(6, 28))
            rows = [
                (RegisterCategory.EMPLOYMENT, rng.choice(data.OCCUPATIONS).format(**vals)),
                (RegisterCategory.LAND, f"Home in {place}"),
                (
                    RegisterCategory.OTHER_REGISTRABLE,
                    rng.choice(data.OTHER_INTERESTS).format(**vals),
                ),
            ]
            for category, description in rows:
                sensitive = n == 7 and category == RegisterCategory.LAND
                entry = RegisterEntry(
                    person=person,
                    category=category,
                    description="Details withheld under section 32(2) of the Localism Act 2011"
                    if sensitive
                    else description,
                    start_date=self.term_start,
                )
                entries.append(entry)
                records.append(
                    EntryRecord(
                        entry=entry,
                        notified_on=notified,
                        is_sensitive=sensitive,
                        sensitivity_agreed_by=f"{monitoring.first_name} {monitoring.last_name}, "
                        "Monitoring Officer"
                        if sensitive
                        else "",
                        sensitivity_reason="Risk of intimidation reported to the police."
                        if sensitive
                        else "",
                    )
                )
        RegisterEntry.objects.bulk_create(entries)
        EntryRecord.objects.bulk_create(records)
        self.count("register_entries", len(entries))

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
        """A call-in of a Cabinet key decision that scrutiny decided not to pursue."""
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
        CallInRequest.objects.bulk_create([r for r, _ in requests])
        through = CallInRequest.signatories.through
        through.objects.bulk_create(
            through(callinrequest_id=r.pk, person_id=p.pk) for r, people in requests for p in people
        )
        Decision.officer_objects.bulk_update(called, ["in_force_date"])
        self.count("call_ins", len(requests))

    # -- forward plan publication ------------------------------------------------------

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
                    published_at=self.at(day, 9),
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
