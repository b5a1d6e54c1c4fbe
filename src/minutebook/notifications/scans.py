"""Notifications the calendar brings, not a change: found by the scheduled scan.

- Agenda deadlines: the statutory clock's dates for each unpublished meeting, as the
  deadline reminders compute them (``meetings.reminders.meeting_reminders``), at their
  "due soon" and "overdue" stages, to the council's democratic services officers and
  the authors of the meeting's reports not yet cleared.
- The register of interests: Localism Act 2011 s30(1) gives a member 28 days beginning
  with taking office (``interests.rules.registration_deadline``); a member with a
  current term and nothing registered since it began hears when the term starts and
  again once the 28 days have run out.

Each is keyed per person and stage, so however often the scan runs, one notice each.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minutebook.councils.models import Council
from minutebook.interests.models import Tenure
from minutebook.interests.rules import registration_deadline
from minutebook.meetings.models import AgendaItem, MeetingReminderKind, ReminderStage
from minutebook.meetings.reminders import long_date, meeting_reminders
from minutebook.members.models import RegisterEntry
from minutebook.notifications.events import report_authors
from minutebook.notifications.models import NotificationKind as Kind
from minutebook.notifications.services import democratic_services, notify
from minutebook.reports.models import Report, ReportState

log = logging.getLogger(__name__)

#: Terms that began longer ago than this are the archive's, not news.
REGISTER_LOOKBACK = dt.timedelta(days=120)


def deadline_notices(council: Council, now: dt.datetime) -> int:
    """Notify the agenda and report deadlines due soon or passed at one council."""
    made = 0
    officers = democratic_services(council.pk)
    for due in meeting_reminders(council, now):
        meeting = due.target
        report_ids = AgendaItem.public_objects.filter(
            meeting=meeting, report__isnull=False
        ).values_list("report_id", flat=True)
        what = "agenda" if due.kind == MeetingReminderKind.AGENDA else "reports"
        when = "was due" if due.stage == ReminderStage.OVERDUE else "is due"
        title = f"{meeting}: the {what} deadline {when} {long_date(due.due)}"
        key = f"deadline:{due.kind}:{meeting.pk}:{due.stage}:{due.due.isoformat()}"
        made += len(
            notify(
                officers,
                kind=Kind.AGENDA_DEADLINE,
                title=title,
                body=due.action,
                path=due.path,
                council_id=council.pk,
                key=key,
            )
        )
        # Authors do not see the meeting's page: each is sent to their own report.
        reports = Report.officer_objects.filter(pk__in=list(report_ids)).exclude(
            state=ReportState.READY
        )
        for report in reports.order_by("pk"):
            made += len(
                notify(
                    report_authors(report),
                    kind=Kind.AGENDA_DEADLINE,
                    title=title,
                    body=due.action,
                    path=reverse("backoffice:report", args=[report.pk]),
                    council_id=council.pk,
                    key=key,
                )
            )
    return made


def register_notices(now: dt.datetime) -> int:
    """Tell members whose register is due (or overdue) under s30(1)."""
    today = timezone.localdate(now)
    tenures = (
        Tenure.objects.filter(
            took_office__lte=today,
            took_office__gte=today - REGISTER_LOOKBACK,
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .filter(Q(left_office__isnull=True) | Q(left_office__gte=today))
        .select_related("person__user")
    )
    made = 0
    for tenure in tenures:
        person = tenure.person
        registered = RegisterEntry.objects.filter(
            person=person, created__date__gte=tenure.took_office
        ).exists()
        if registered:
            continue
        deadline = registration_deadline(tenure.took_office)
        overdue = today > deadline
        if overdue:
            title = (
                f"Your register of interests was due by {long_date(deadline)}: 28 days "
                "from taking office (Localism Act 2011 s30)"
            )
        else:
            title = (
                f"Register your interests by {long_date(deadline)}: 28 days from taking "
                "office (Localism Act 2011 s30)"
            )
        made += len(
            notify(
                [person.user],
                kind=Kind.REGISTER_DUE,
                title=title,
                body="Failing to register a disclosable pecuniary interest without a "
                "reasonable excuse is an offence (s34).",
                path=reverse("members:interests"),
                council_id=person.council_id,
                key=f"register:{tenure.pk}:{'overdue' if overdue else 'due'}",
            )
        )
    return made


def scan(now: dt.datetime | None = None) -> int:
    """Every council's deadline notices and the members' register notices; rows written."""
    now = now or timezone.now()
    made = 0
    for council in Council.objects.order_by("pk"):
        made += deadline_notices(council, now)
    made += register_notices(now)
    return made
