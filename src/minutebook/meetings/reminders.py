"""Reminders to democratic services of statutory deadlines coming up and not yet met.

Officers must never miss a deadline, so a scheduled run (``deadline-reminders``, see
``forwardplan.tasks``) e-mails each council's democratic services officers one digest of
everything due at that council: here the meetings' deadlines (agenda publication, LGA
1972 s100B(3); the council's report deadline), in ``forwardplan.reminders`` the forward
plan's notices (SI 2012/2089 regs 9 and 5(2)).

A deadline is *due soon* from ``Council.reminder_working_days`` working days before it
and *overdue* after it; officers hear once at each stage (``DeadlineReminder``). The
dates are the statutory clock's, fed with the council's rules, bank holidays and
closure days, as the officer pages compute them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.clock import (
    WorkingCalendar,
    agenda_publish_by,
    report_deadline,
    working_days_before,
)
from minutebook.core.inputs import one_line
from minutebook.core.saving import save_each
from minutebook.core.site import site_url
from minutebook.councils.models import Council
from minutebook.meetings.models import (
    AgendaItem,
    DeadlineReminder,
    Meeting,
    MeetingReminder,
    MeetingReminderKind,
    MeetingState,
    ReminderStage,
)
from minutebook.meetings.services import council_clock
from minutebook.reports.models import ReportState

log = logging.getLogger(__name__)

#: A claim not marked sent after this long belongs to a run that died before sending
#: (its worker killed mid-run): a later run takes it over, so the reminder is not lost.
CLAIM_LEASE = timedelta(minutes=30)


@dataclass(frozen=True)
class Due:
    """One deadline of one record at one stage, as the digest lists it."""

    record: type[DeadlineReminder]
    target: Any
    kind: str
    stage: str
    due: dt.date
    title: str
    action: str
    path: str
    details: tuple[str, ...] = field(default=())

    @property
    def overdue(self) -> bool:
        return self.stage == ReminderStage.OVERDUE

    @property
    def url(self) -> str:
        return site_url(self.path)


#: A source of reminders: the deadlines due at ``council`` as of ``now``.
Source = Callable[[Council, dt.datetime], list[Due]]


class ReminderFailure(Exception):
    """Some councils' reminders could not be worked out or sent; the rest went out."""


def reminder_stage(
    today: dt.date, due: dt.date, window: int, cal: WorkingCalendar
) -> ReminderStage | None:
    """Due soon from ``window`` working days before ``due`` (inclusive), overdue after it."""
    if today > due:
        return ReminderStage.OVERDUE
    if today >= working_days_before(due, window, cal):
        return ReminderStage.DUE_SOON
    return None


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# The meetings' deadlines ------------------------------------------------------------


def meeting_reminders(council: Council, now: dt.datetime) -> list[Due]:
    """Agenda publication and report deadlines of the council's unpublished meetings."""
    rules, cal = council_clock(council)
    today = timezone.localdate(now)
    window = council.reminder_working_days
    # No meeting later than this can have a deadline in its window yet.
    horizon = cal.add_working_days(
        today, window + rules.report_deadline_working_days + rules.agenda_clear_days + 2
    )
    meetings = (
        Meeting.objects.filter(
            committee__council=council,
            state=MeetingState.SCHEDULED,
            published_at__isnull=True,
            is_imported=False,
            withdrawn_at__isnull=True,  # created in error: no deadline to meet
            start__gt=now,
            date__lte=horizon,
        )
        .select_related("committee__council")
        .order_by("start", "pk")
    )
    found: list[Due] = []
    for meeting in meetings:
        path = reverse("backoffice:meeting", args=[meeting.pk])
        publish_by = agenda_publish_by(meeting.date, rules.agenda_clear_days, cal)
        stage = reminder_stage(today, publish_by, window, cal)
        if stage is not None:
            found.append(_agenda_due(meeting, stage, publish_by, rules.agenda_clear_days, path))
        reports_by = report_deadline(
            meeting.date, rules.report_deadline_working_days, rules.agenda_clear_days, cal
        )
        stage = reminder_stage(today, reports_by, window, cal)
        if stage is not None:
            drafts = _draft_items(meeting)
            if drafts:
                found.append(_reports_due(meeting, stage, reports_by, drafts, path))
    return found


def _agenda_due(
    meeting: Meeting, stage: ReminderStage, publish_by: dt.date, clear_days: int, path: str
) -> Due:
    if stage == ReminderStage.OVERDUE:
        action = (
            f"The agenda was due by {long_date(publish_by)} ({clear_days} clear working days, "
            "LGA 1972 s100B(3)) and is not published. Publishing it now needs the chair's "
            "agreement that it is urgent, with the special circumstances recorded in the "
            "minutes (s100B(4)(b))."
        )
    else:
        action = (
            f"Publish the agenda and reports by {long_date(publish_by)}: {clear_days} clear "
            "working days before the meeting (LGA 1972 s100B(3))."
        )
    return Due(
        MeetingReminder,
        meeting,
        MeetingReminderKind.AGENDA,
        stage,
        publish_by,
        str(meeting),
        action,
        path,
    )


def _draft_items(meeting: Meeting) -> tuple[str, ...]:
    """Agenda items whose report is still a draft: not yet with democratic services.

    The item's title, not the report's: it is printed on the public agenda even for
    exempt business, so the e-mail carries nothing exempt.
    """
    items = AgendaItem.public_objects.filter(
        meeting=meeting, report__state=ReportState.DRAFT
    ).order_by("order")
    return tuple(str(item) for item in items)


def _reports_due(
    meeting: Meeting, stage: ReminderStage, due: dt.date, drafts: tuple[str, ...], path: str
) -> Due:
    count = f"{len(drafts)} report{'s' if len(drafts) != 1 else ''}"
    verb = "were" if stage == ReminderStage.OVERDUE else "are"
    action = (
        f"{count} still in draft: reports {verb} due to democratic services by "
        f"{long_date(due)} (the council's report deadline)."
    )
    return Due(
        MeetingReminder,
        meeting,
        MeetingReminderKind.REPORTS,
        stage,
        due,
        str(meeting),
        action,
        path,
        drafts,
    )


# Sending ----------------------------------------------------------------------------


def officer_addresses(council: Council) -> list[str]:
    """E-mail addresses of the council's democratic services officers (active, with one).

    Only users given the role at this council: staff holding no role, whom the officer
    pages treat as democratic services everywhere, are not written to.
    """
    rows = (
        RoleAssignment.objects.filter(
            council=council, role=Role.DEMOCRATIC_SERVICES, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    seen: dict[str, str] = {}
    for address in rows:
        seen.setdefault(address.strip().lower(), address.strip())
    return list(seen.values())


def _claim(due: Due, now: dt.datetime) -> DeadlineReminder | None:
    """Take this reminder on for this run, or None if another run has (or has sent it).

    Inserting the row is the claim: the unique constraint lets one of two concurrent runs
    in. A claim older than ``CLAIM_LEASE`` and never sent was abandoned: taken over with
    a compare-and-set, so again only one run wins it.
    """
    model = due.record
    key = {model.target_field: due.target, "kind": due.kind, "stage": due.stage, "due": due.due}
    try:
        with transaction.atomic():
            return model.objects.create(**key, claimed_at=now)
    except IntegrityError:
        pass
    stale = model.objects.filter(**key, sent_at__isnull=True, claimed_at__lt=now - CLAIM_LEASE)
    row = stale.first()
    if row is None:
        return None
    # bulk-update-ok: compare-and-set of a bookkeeping row (not audited, not searched, no
    # modified stamp); a save could not tell whether another run took it over first.
    won = stale.filter(pk=row.pk, claimed_at=row.claimed_at).update(claimed_at=now)
    if not won:
        return None
    row.claimed_at = now
    return row


def _digest(council: Council, items: Sequence[Due], to: str) -> EmailMessage:
    overdue = [d for d in items if d.overdue]
    soon = [d for d in items if not d.overdue]
    if overdue:
        subject = f"{council.name}: {len(overdue)} statutory deadline{'s' if len(overdue) != 1 else ''} passed"
        if soon:
            subject += f", {len(soon)} due soon"
    else:
        subject = f"{council.name}: {len(soon)} statutory deadline{'s' if len(soon) != 1 else ''} due soon"
    body = render_to_string(
        "reminders/deadline_digest.txt",
        {
            "council": council,
            "overdue": overdue,
            "soon": soon,
            "window": council.reminder_working_days,
            "officer_url": site_url(reverse("backoffice:dashboard")),
        },
    )
    # One line whatever an older or imported council name holds (a header cannot break).
    return EmailMessage(subject=one_line(subject), body=body, to=[to])


def remind_council(council: Council, sources: Sequence[Source], now: dt.datetime) -> int:
    """Send the council's officers one digest of the reminders no run has sent; e-mails sent."""
    items = [due for source in sources for due in source(council, now)]
    if not items:
        return 0
    recipients = officer_addresses(council)
    if not recipients:
        # Nothing is claimed, so the reminders go out once an officer is given the role.
        log.warning(
            "deadline reminders: %s has %d deadline(s) to remind but no democratic services "
            "officer with an e-mail address",
            council.slug,
            len(items),
        )
        return 0
    claimed = [(due, row) for due in items if (row := _claim(due, now)) is not None]
    if not claimed:
        return 0
    messages = [_digest(council, [due for due, _ in claimed], to) for to in recipients]
    try:
        get_connection().send_messages(messages)
    except Exception:
        # Give the claims back, so the next run sends them (a reminder lost is worse
        # than one sent twice to an officer whose copy did go).
        for _, row in claimed:
            type(row).objects.filter(pk=row.pk, sent_at__isnull=True).delete()
        raise
    save_each((row for _, row in claimed), sent_at=now, recipients="\n".join(recipients))
    log.info(
        "deadline reminders: %s: %d deadline(s) to %d officer(s)",
        council.slug,
        len(claimed),
        len(recipients),
    )
    return len(messages)


def send_reminders(sources: Sequence[Source], now: dt.datetime | None = None) -> int:
    """Remind every council's officers; returns the e-mails sent.

    Safe to run at any time and twice at once: each reminder is claimed before it is
    sent. One council's failure (an unreadable rule, the mail server refusing) does not
    stop the others; the run then fails naming them, so the tasks page shows it and the
    next run tries again. Database errors end the run at once (the worker retries it).
    """
    now = now or timezone.now()
    sent = 0
    failed: list[str] = []
    for council in Council.objects.order_by("pk"):
        try:
            sent += remind_council(council, sources, now)
        except DatabaseError:
            raise
        except Exception:
            log.exception("deadline reminders: %s failed", council.slug)
            failed.append(council.slug)
    if failed:
        raise ReminderFailure(
            f"Deadline reminders could not be sent for {', '.join(failed)}; "
            f"{sent} e-mail(s) went to the other councils."
        )
    return sent
