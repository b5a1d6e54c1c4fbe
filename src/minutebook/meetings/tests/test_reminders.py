"""Deadline reminders for meetings: agenda publication (LGA 1972 s100B(3)) and reports.

Worked example: a meeting on Thursday 24 April 2025 must have its agenda published by
Monday 14 April (Easter: docs/statutory-rules.md). With the default window of two
working days officers hear on Thursday 10 April, and again on Tuesday 15 April if it is
still not published. Reports are due five working days before that: Monday 7 April,
reminded from Thursday 3 April.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.forwardplan.tasks import deadline_reminders
from minutebook.meetings import services
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import MeetingReminder, MeetingState, ReminderStage
from minutebook.meetings.reminders import CLAIM_LEASE, ReminderFailure
from minutebook.meetings.withdrawal import withdraw_meeting
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import ReportState

LONDON = ZoneInfo("Europe/London")
BASE = "https://democracy.example.gov.uk"


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=LONDON)


def run(moment: dt.datetime) -> int:
    """The scheduled task, called as the worker calls it, as at ``moment``."""
    mail.outbox.clear()
    return deadline_reminders.call(as_of=moment.isoformat())


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages: Any) -> int:
        raise OSError("connection refused")


@pytest.fixture
def town(db: None, settings: Any) -> dict[str, Any]:
    settings.MINUTEBOOK_BASE_URL = BASE + "/"
    council = CouncilFactory(name="Riverside Borough Council", slug="riverside")
    officers = [make_user("dso_one"), make_user("dso_two")]
    for user in officers:
        grant(user, council, Role.DEMOCRATIC_SERVICES)
    committee = CommitteeFactory(council=council, name="Planning Committee")
    meeting = MeetingFactory(committee=committee, start=at(4, 24, 19))
    AgendaItemFactory(meeting=meeting, title="Planning applications")
    return {"council": council, "meeting": meeting, "committee": committee}


def test_agenda_reminder_is_sent_in_the_window_not_before_and_once_per_stage(
    town: dict[str, Any],
) -> None:
    meeting = town["meeting"]
    assert run(at(4, 9, 23, 59)) == 0  # Wednesday: window not open yet
    assert mail.outbox == []

    assert run(at(4, 10)) == 2  # Thursday: two working days before Monday 14 April
    assert recipients() == ["dso_one@example.gov.uk", "dso_two@example.gov.uk"]
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert message.subject == "Riverside Borough Council: 1 statutory deadline due soon"
    assert "Planning Committee, 24 April 2025" in message.body
    assert "by Monday 14 April 2025" in message.body and "s100B(3)" in message.body
    assert f"{BASE}/officer/meetings/{meeting.pk}/" in message.body
    assert "//officer" not in message.body

    assert run(at(4, 10, 10)) == 0  # the next hourly run
    assert run(at(4, 14, 17)) == 0  # the last day: already reminded at this stage

    assert run(at(4, 15)) == 2  # passed and still not published
    message = mail.outbox[0]
    assert message.subject == "Riverside Borough Council: 1 statutory deadline passed"
    assert "s100B(4)(b)" in message.body and "DEADLINE PASSED" in message.body
    assert run(at(4, 16)) == 0

    rows = MeetingReminder.objects.filter(meeting=meeting).order_by("claimed_at")
    assert [(r.kind, r.stage, r.due) for r in rows] == [
        ("agenda", ReminderStage.DUE_SOON, dt.date(2025, 4, 14)),
        ("agenda", ReminderStage.OVERDUE, dt.date(2025, 4, 14)),
    ]
    assert all(r.sent_at is not None for r in rows)
    assert rows[0].recipients.splitlines() == ["dso_one@example.gov.uk", "dso_two@example.gov.uk"]


def test_a_council_name_on_two_lines_still_gives_a_one_line_subject(
    town: dict[str, Any],
) -> None:
    """A name stored before the validator (or by raw SQL) must not break the header:
    Django refuses a subject with a line break, which would fail the whole run."""
    from minutebook.councils.models import Council

    Council.objects.filter(pk=town["council"].pk).update(  # bulk-update-ok: test set-up
        name="Riverside\nBorough Council"
    )
    assert run(at(4, 10)) == 2
    assert mail.outbox[0].subject == "Riverside Borough Council: 1 statutory deadline due soon"
    mail.outbox[0].message()  # the header is written without BadHeaderError


def test_a_published_or_cancelled_meeting_is_not_reminded(town: dict[str, Any]) -> None:
    meeting = town["meeting"]
    assert run(at(4, 10)) == 2
    services.publish_agenda(meeting, by=None, at=at(4, 11, 12))
    assert run(at(4, 15)) == 0  # deadline met: nothing about it passing

    other = MeetingFactory(committee=town["committee"], start=at(4, 24, 14))
    AgendaItemFactory(meeting=other)
    services.cancel_meeting(other, reason="No business")
    assert run(at(4, 15, 10)) == 0
    assert other.state == MeetingState.CANCELLED
    assert not MeetingReminder.objects.filter(meeting=other).exists()

    # Nor one withdrawn as created in error (meetings.withdrawal).
    third = MeetingFactory(committee=town["committee"], start=at(4, 25, 14))
    AgendaItemFactory(meeting=third)
    withdraw_meeting(third, reason="A duplicate")
    assert run(at(4, 15, 11)) == 0
    assert not MeetingReminder.objects.filter(meeting=third).exists()


def test_only_the_councils_own_democratic_services_officers_are_written_to(
    town: dict[str, Any],
) -> None:
    council = town["council"]
    grant(make_user("author"), council, Role.REPORT_AUTHOR)
    grant(make_user("retired", is_active=False), council, Role.DEMOCRATIC_SERVICES)
    nameless = make_user("nameless")
    nameless.email = ""
    nameless.save()
    grant(nameless, council, Role.DEMOCRATIC_SERVICES)
    make_user("legacy", is_staff=True)  # staff holding no role: no reminders
    both = make_user("both")
    grant(both, council, Role.DEMOCRATIC_SERVICES)

    other = CouncilFactory(name="Hillside District Council", slug="hillside")
    grant(make_user("hill_dso"), other, Role.DEMOCRATIC_SERVICES)
    grant(both, other, Role.DEMOCRATIC_SERVICES)
    hill_meeting = MeetingFactory(
        committee=CommitteeFactory(council=other, name="Licensing Committee"), start=at(4, 24, 10)
    )
    AgendaItemFactory(meeting=hill_meeting)

    assert run(at(4, 10)) == 5
    by_council: dict[str, list[str]] = {}
    for message in mail.outbox:
        by_council.setdefault(message.subject.split(":")[0], []).extend(message.to)
        if "Riverside" in message.subject:
            assert "Planning Committee" in message.body and "Licensing" not in message.body
        else:
            assert "Licensing Committee" in message.body and "Planning" not in message.body
    assert sorted(by_council["Riverside Borough Council"]) == [
        "both@example.gov.uk",
        "dso_one@example.gov.uk",
        "dso_two@example.gov.uk",
    ]
    assert sorted(by_council["Hillside District Council"]) == [
        "both@example.gov.uk",
        "hill_dso@example.gov.uk",
    ]


def test_the_window_is_the_councils_setting(town: dict[str, Any]) -> None:
    council = town["council"]
    council.reminder_working_days = 5
    council.save()
    assert run(at(4, 4)) == 0  # Friday 4 April: six working days before
    assert run(at(4, 7)) == 2  # Monday 7 April: five working days before the 14th


def test_reports_still_in_draft_at_the_report_deadline(town: dict[str, Any]) -> None:
    council, meeting = town["council"], town["meeting"]
    draft = ReportFactory(council=council, title="Sale of the depot site", exempt_paragraphs=[3])
    AgendaItemFactory(meeting=meeting, title="Land at Mill Lane", report=draft)
    ready = ReportFactory(council=council, title="Local plan", state=ReportState.READY)
    AgendaItemFactory(meeting=meeting, title="Local plan review", report=ready)

    assert run(at(4, 2)) == 0  # Wednesday: the window before Monday 7 April not open
    assert run(at(4, 3)) == 2
    body = mail.outbox[0].body
    assert "1 report still in draft" in body and "by Monday 7 April 2025" in body
    assert "Land at Mill Lane" in body  # the item's public title...
    assert "depot" not in body  # ...never the exempt report's
    assert "Local plan review" not in body

    draft.state = ReportState.SUBMITTED
    draft.save()
    assert run(at(4, 8)) == 0  # submitted: nothing about the deadline passing


def test_a_fresh_claim_by_another_run_is_respected_a_dead_runs_claim_taken_over(
    town: dict[str, Any],
) -> None:
    now = at(4, 10)
    MeetingReminder.objects.create(
        meeting=town["meeting"],
        kind="agenda",
        stage=ReminderStage.DUE_SOON,
        due=dt.date(2025, 4, 14),
        claimed_at=now - dt.timedelta(minutes=1),
    )
    assert run(now) == 0  # another run is sending it now
    assert run(now + CLAIM_LEASE) == 2  # that run died without sending
    assert run(now + 2 * CLAIM_LEASE) == 0
    assert MeetingReminder.objects.get().sent_at == now + CLAIM_LEASE


def test_a_failed_send_gives_the_reminder_back_for_the_next_run(
    town: dict[str, Any], settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(ReminderFailure, match="riverside"):
        run(at(4, 10))
    assert not MeetingReminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run(at(4, 10, 10)) == 2


def test_the_schedule_runs_the_reminders_hourly() -> None:
    from django.utils.module_loading import import_string

    from minutebook.jobs.scheduler import schedule

    entry = {e.name: e for e in schedule()}["deadline-reminders"]
    assert entry.every == dt.timedelta(hours=1)
    assert import_string(entry.task) is deadline_reminders


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(settings: Any) -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (name in ("", ":memory:") or "mode=memory" in name):
        pytest.skip("threads need a shared database file; in-memory SQLite is per connection")
    council = CouncilFactory(slug="concurrent")
    grant(make_user("dso_one"), council, Role.DEMOCRATIC_SERVICES)
    committee = CommitteeFactory(council=council)
    for hour in (10, 14, 19):
        AgendaItemFactory(meeting=MeetingFactory(committee=committee, start=at(4, 24, hour)))
    mail.outbox = []
    barrier = threading.Barrier(4)
    sent: list[int] = []

    def one_run() -> None:
        try:
            barrier.wait()
            sent.append(deadline_reminders.call(as_of=at(4, 10).isoformat()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == 4
    reminded = [line for m in mail.outbox for line in m.body.splitlines() if line.startswith("* ")]
    assert len(reminded) == 3  # each meeting once, whichever run sent it
    assert MeetingReminder.objects.filter(sent_at__isnull=False).count() == 3
