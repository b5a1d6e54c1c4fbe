"""The demo's fixed shape: committees and their meeting patterns, standing items, seats,
the per-meeting plan and report spec, and the builder's shared helpers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from minutebook.clock.calendar import WorkingCalendar
from minutebook.committees.models import CommitteeKind, StandingItemKind
from minutebook.demo import data
from minutebook.interests.models import Declaration
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.participation.models import CouncillorQuestion, PublicQuestion
from minutebook.people.models import Person, Ward
from minutebook.reports.models import Report

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

#: Both scrutiny committees' standing items.
SCRUTINY_STANDING_ITEMS = [
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
]

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
        SCRUTINY_STANDING_ITEMS,
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
        SCRUTINY_STANDING_ITEMS,
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
    #: (substitute, member replaced), from the "substitute members" minute.
    substitutes: list[tuple[Person, Person]] = field(default_factory=list)
    #: Members who joined online: no vote and not in the quorum (England).
    remote: list[Person] = field(default_factory=list)
    #: The mover and seconder of a motion on notice: they attend.
    movers: list[Person] = field(default_factory=list)
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


class BuilderBase:
    """State and helpers every part of the demo builder shares."""

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
