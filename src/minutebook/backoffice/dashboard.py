"""What is mine to do, by role, with its due date from the statutory clock.

Each section is one kind of work; each row links to the page where it is done and says
when it is due (``clock``, fed with the council's rules, bank holidays and closures,
through ``meetings.services.council_clock``) and whether that day has passed. A section
is built only for users whose role does that work, at the councils where they hold it
(``scope_to_councils`` with the work's action's roles); a report author's work is their
own reports, a clearer's the reports waiting for one of their clearance roles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.permissions import ACTION_ROLES, roles_for
from minutebook.accounts.roles import CLEARANCE_ROLES
from minutebook.accounts.scope import scope_to_councils
from minutebook.clock import WorkingCalendar, agenda_publish_by, report_deadline
from minutebook.councils.models import Council
from minutebook.decisions.models import CallInOutcome, CallInRequest, Decision
from minutebook.interests.models import Tenure
from minutebook.interests.rules import registration_deadline
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.meetings.services import council_clock
from minutebook.members.models import RegisterEntry
from minutebook.participation.models import CouncillorQuestion, PublicQuestion, SubmissionStatus
from minutebook.reports.models import Report, ReportAuthor, ReportState
from minutebook.reports.services import outstanding_roles

#: How far back unfinished work is looked for (older is the archive's, not a to-do).
LOOKBACK = timedelta(days=180)
#: How far ahead agendas to publish are listed.
AHEAD = timedelta(days=42)
ROWS = 50


@dataclass
class Todo:
    title: str
    url: str
    due: dt.date | None = None
    overdue: bool = False
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    rows: list[Todo] = field(default_factory=list)
    see_all: str = ""
    see_all_label: str = ""

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


class _Clocks:
    """Each council's rules and calendar, read once per page."""

    def __init__(self) -> None:
        self._got: dict[int, tuple[Any, WorkingCalendar]] = {}

    def __call__(self, council: Council) -> tuple[Any, WorkingCalendar]:
        if council.pk not in self._got:
            self._got[council.pk] = council_clock(council)
        return self._got[council.pk]

    def publish_by(self, meeting: Meeting) -> dt.date:
        rules, cal = self(meeting.committee.council)
        return agenda_publish_by(meeting.date, rules.agenda_clear_days, cal)

    def reports_by(self, meeting: Meeting) -> dt.date:
        rules, cal = self(meeting.committee.council)
        return report_deadline(
            meeting.date, rules.report_deadline_working_days, rules.agenda_clear_days, cal
        )


def _next_meetings(report_ids: list[int], now: dt.datetime) -> dict[int, Meeting]:
    """Each report's next meeting (the one its deadlines run to)."""
    items = (
        AgendaItem.public_objects.filter(report_id__in=report_ids, meeting__start__gte=now)
        .select_related("meeting__committee__council")
        .order_by("meeting__start")
    )
    found: dict[int, Meeting] = {}
    for item in items:
        found.setdefault(item.report_id, item.meeting)
    return found


def _due(day: dt.date | None, today: dt.date) -> tuple[dt.date | None, bool]:
    return day, bool(day is not None and today > day)


def reports_to_write(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    named = ReportAuthor.officer_objects.filter(person__user_id=user.pk).values("report_id")
    reports = list(
        Report.officer_objects.filter(Q(assigned_to_id=user.pk) | Q(pk__in=named))
        .filter(state=ReportState.DRAFT)
        .order_by("-created")[:ROWS]
    )
    meetings = _next_meetings([r.pk for r in reports], now)
    today = timezone.localdate(now)
    rows = []
    for report in reports:
        meeting = meetings.get(report.pk)
        due, late = _due(clocks.reports_by(meeting) if meeting else None, today)
        detail = f"For {meeting}" if meeting else "Not on an agenda yet"
        rows.append(
            Todo(report.title, reverse("backoffice:report", args=[report.pk]), due, late, detail)
        )
    return Section(
        "reports-to-write",
        "Reports to write",
        _by_due(rows),
        reverse("backoffice:reports") + "?state=draft",
        "All draft reports",
    )


def reports_to_clear(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    mine = roles_for(user) & CLEARANCE_ROLES
    reports = scope_to_councils(
        Report.officer_objects.filter(state=ReportState.SUBMITTED), user, roles=mine
    ).order_by("submitted_at", "pk")[: ROWS * 2]
    waiting = [r for r in reports if roles_for(user, r.council_id) & set(outstanding_roles(r))][
        :ROWS
    ]
    meetings = _next_meetings([r.pk for r in waiting], now)
    today = timezone.localdate(now)
    rows = []
    for report in waiting:
        meeting = meetings.get(report.pk)
        due, late = _due(clocks.publish_by(meeting) if meeting else None, today)
        detail = f"Agenda for {meeting} is published by then" if meeting else "Not on an agenda yet"
        rows.append(
            Todo(report.title, reverse("backoffice:report", args=[report.pk]), due, late, detail)
        )
    return Section(
        "reports-to-clear",
        "Reports to clear",
        _by_due(rows),
        reverse("backoffice:reports") + "?state=submitted",
        "All reports awaiting clearance",
    )


def agendas_to_publish(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    meetings = scope_to_councils(
        Meeting.objects.filter(
            state=MeetingState.SCHEDULED,
            published_at__isnull=True,
            is_imported=False,
            start__gte=now,
            start__lte=now + AHEAD,
        ),
        user,
        roles=ACTION_ROLES["agenda.publish"],
    ).select_related("committee__council")
    today = timezone.localdate(now)
    rows = []
    for meeting in meetings.order_by("start")[:ROWS]:
        due, late = _due(clocks.publish_by(meeting), today)
        rows.append(
            Todo(
                str(meeting),
                reverse("backoffice:meeting", args=[meeting.pk]),
                due,
                late,
                "Five clear working days before the meeting (LGA 1972 s100B(3))",
            )
        )
    return Section(
        "agendas-to-publish",
        "Agendas to publish",
        _by_due(rows),
        reverse("backoffice:meeting_committees"),
        "All meetings",
    )


def minutes_to_write(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    """Held meetings whose minutes are not started or still draft.

    Draft minutes go to the committee's next meeting for confirmation (LGA 1972 Sch 12
    para 41(1)), so they are due by that meeting's agenda publication.
    """
    meetings = scope_to_councils(
        Meeting.objects.filter(start__lt=now, start__gte=now - LOOKBACK, is_imported=False)
        .exclude(state=MeetingState.CANCELLED)
        .filter(Q(minutes__isnull=True) | Q(minutes__state="draft")),
        user,
        roles=ACTION_ROLES["minutes.change"],
    ).select_related("committee__council")
    today = timezone.localdate(now)
    rows = []
    for meeting in meetings.order_by("start")[:ROWS]:
        following = (
            Meeting.objects.filter(committee_id=meeting.committee_id, start__gt=meeting.start)
            .exclude(state=MeetingState.CANCELLED)
            .select_related("committee__council")
            .order_by("start")
            .first()
        )
        due, late = _due(clocks.publish_by(following) if following else None, today)
        detail = f"To be confirmed at {following}" if following else "No next meeting yet"
        rows.append(
            Todo(
                str(meeting),
                reverse("backoffice:minutes:meeting", args=[meeting.pk]),
                due,
                late,
                detail,
            )
        )
    return Section("minutes-to-write", "Minutes to write", _by_due(rows))


def questions_to_answer(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    today = timezone.localdate(now)
    open_q = Q(status=SubmissionStatus.RECEIVED) | Q(status=SubmissionStatus.ACCEPTED, answer="")
    rows = []
    for model, kind in ((PublicQuestion, "public"), (CouncillorQuestion, "councillor")):
        found = scope_to_councils(
            model.objects.filter(open_q, meeting__start__gte=now - LOOKBACK),
            user,
            "meeting__committee__council",
            roles=ACTION_ROLES["participation.change"],
        ).select_related("meeting__committee")
        for q in found.order_by("meeting__start", "pk")[:ROWS]:
            step = "decide whether to accept" if q.status == SubmissionStatus.RECEIVED else "answer"
            who = getattr(q, "name", "") or ("councillor" if kind == "councillor" else "")
            due, late = _due(q.meeting.date, today)
            rows.append(
                Todo(
                    f"{'Councillor' if kind == 'councillor' else 'Public'} question"
                    f"{' from ' + who if who and kind == 'public' else ''} for {q.meeting}",
                    reverse(
                        "backoffice:participation_submission", kwargs={"kind": kind, "pk": q.pk}
                    ),
                    due,
                    late,
                    f"To {step}, by the meeting",
                )
            )
    return Section(
        "questions-to-answer",
        "Questions to answer",
        _by_due(rows)[:ROWS],
        reverse("backoffice:participation"),
        "Public participation",
    )


def call_ins_to_settle(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    requests = scope_to_councils(
        CallInRequest.objects.filter(outcome=CallInOutcome.PENDING),
        user,
        "decision_record__council",
        roles=ACTION_ROLES["decision.change"],
    )
    requests = list(requests.order_by("received_at")[:ROWS])
    decisions = Decision.officer_objects.in_bulk([r.decision_record_id for r in requests])
    rows = []
    for request in requests:
        decision = decisions.get(request.decision_record_id)
        named = (
            decision.title
            if decision is not None and not decision.is_exempt
            else f"exempt decision no. {request.decision_record_id}"
        )
        rows.append(
            Todo(
                f"Call-in of {named}",
                reverse("backoffice:decisions:detail", args=[request.decision_record_id]),
                detail=f"Received {timezone.localtime(request.received_at):%d %B %Y}; "
                "record the scrutiny committee's outcome",
            )
        )
    return Section(
        "call-ins-to-settle",
        "Call-ins to settle",
        rows,
        reverse("backoffice:decisions:list") + "?state=called_in",
        "All decisions",
    )


def registers_due(user: Any, clocks: _Clocks, now: dt.datetime) -> Section:
    """Members in office with nothing registered since: Localism Act 2011 s30(1)."""
    today = timezone.localdate(now)
    tenures = scope_to_councils(
        Tenure.objects.filter(
            took_office__lte=today, took_office__gte=today - LOOKBACK, person__is_active=True
        ).filter(Q(left_office__isnull=True) | Q(left_office__gte=today)),
        user,
        "person__council",
        roles=ACTION_ROLES["interests.view"],
    ).select_related("person")
    rows = []
    for tenure in tenures.order_by("took_office", "pk")[: ROWS * 2]:
        if RegisterEntry.objects.filter(
            person_id=tenure.person_id, created__date__gte=tenure.took_office
        ).exists():
            continue
        due, late = _due(registration_deadline(tenure.took_office), today)
        rows.append(
            Todo(
                tenure.person.display_name,
                reverse("backoffice:interests_person", args=[tenure.person_id]),
                due,
                late,
                f"Took office {tenure.took_office:%d %B %Y}; 28 days to register (s30)",
            )
        )
    return Section(
        "registers-due",
        "Registers of interests due",
        _by_due(rows)[:ROWS],
        reverse("backoffice:interests"),
        "Register of interests",
    )


def _by_due(rows: list[Todo]) -> list[Todo]:
    return sorted(rows, key=lambda r: (r.due is None, r.due or dt.date.max))


#: Each section and the action whose roles do that work.
SECTIONS = (
    (reports_to_write, "report.change"),
    (reports_to_clear, "report.clear"),
    (agendas_to_publish, "agenda.publish"),
    (minutes_to_write, "minutes.change"),
    (questions_to_answer, "participation.change"),
    (call_ins_to_settle, "decision.change"),
    (registers_due, "interests.view"),
)


def sections_for(user: Any, now: dt.datetime | None = None) -> list[Section]:
    now = now or timezone.now()
    held = roles_for(user)
    clocks = _Clocks()
    return [build(user, clocks, now) for build, action in SECTIONS if held & ACTION_ROLES[action]]
