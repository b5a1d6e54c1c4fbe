"""Deadline reminders for the forward plan: key decision notice (SI 2012/2089 reg 9) and
notice of a private meeting (reg 5(2)).

Worked example (docs/statutory-rules.md): a decision on Wednesday 30 July 2025 needs
notice by Tuesday 1 July. Two working days before that is Friday 27 June, when officers
hear; on Wednesday 2 July, still unpublished, they hear that reg 10 or reg 11 is needed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import Access, ForwardPlanReminder
from minutebook.forwardplan.services import publish_plan, record_general_exception
from minutebook.forwardplan.tasks import deadline_reminders
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import ReminderStage

LONDON = ZoneInfo("Europe/London")
DECISION = dt.date(2025, 7, 30)


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=LONDON)


def run(moment: dt.datetime) -> int:
    mail.outbox.clear()
    return deadline_reminders.call(as_of=moment.isoformat())


@pytest.fixture
def council(db: None, settings: Any) -> Any:
    settings.MINUTEBOOK_BASE_URL = "https://democracy.example.gov.uk"
    council = CouncilFactory(name="Riverside Borough Council", slug="riverside")
    grant(make_user("dso"), council, Role.DEMOCRATIC_SERVICES)
    return council


def entry(council: Any, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "title": "Leisure centre contract",
        "decision_date": DECISION,
        "first_published": None,
    }
    return ForwardPlanEntryFactory(council=council, **{**values, **fields})


def test_key_decision_reminded_before_notice_is_due_then_once_it_has_passed(council: Any) -> None:
    matter = entry(council)
    assert run(at(6, 26)) == 0  # Thursday: three working days before 1 July
    assert run(at(6, 27)) == 1
    message = mail.outbox[0]
    assert message.to == ["dso@example.gov.uk"]
    assert "Leisure centre contract (decision Wednesday 30 July 2025)" in message.body
    assert "by Tuesday 1 July 2025" in message.body and "reg 9" in message.body
    assert f"https://democracy.example.gov.uk/officer/forward-plan/entries/{matter.pk}/" in (
        message.body
    )
    assert "https://democracy.example.gov.uk/officer/forward-plan/riverside/" in message.body
    assert run(at(6, 30)) == 0
    assert run(at(7, 1, 16)) == 0

    assert run(at(7, 2)) == 1
    body = mail.outbox[0].body
    assert "was due by Tuesday 1 July 2025" in body
    assert "general exception (reg 10" in body and "special urgency (reg 11" in body
    assert run(at(7, 3)) == 0
    assert list(ForwardPlanReminder.objects.filter(entry=matter).values_list("kind", "stage")) == [
        ("key_decision", ReminderStage.OVERDUE),
        ("key_decision", ReminderStage.DUE_SOON),
    ]


def test_an_entry_published_on_the_plan_is_not_reminded(council: Any) -> None:
    matter = entry(council)
    assert run(at(6, 27)) == 1
    publish_plan(council, now=at(6, 27, 15))
    matter.refresh_from_db()
    assert matter.first_published == dt.date(2025, 6, 27)
    assert run(at(7, 2)) == 0  # notice given in time: nothing about it passing
    assert run(at(7, 29)) == 0


def test_no_reminder_without_a_deadline_running(council: Any) -> None:
    entry(council, title="Already published", first_published=dt.date(2025, 6, 1))
    entry(council, title="Not key", key_decision=False)
    entry(council, title="Withdrawn", is_withdrawn=True)
    entry(council, title="No date yet", decision_date=None, decision_date_text="Autumn 2025")
    entry(council, title="Decided yesterday", decision_date=dt.date(2025, 7, 1))
    assert run(at(7, 2)) == 0
    assert not ForwardPlanReminder.objects.exists()


def test_a_late_key_decision_with_an_exception_recorded_is_left_alone(council: Any) -> None:
    matter = entry(council)
    assert run(at(6, 27)) == 1
    record_general_exception(
        matter,
        reason="The contractor went into administration.",
        notice_published=dt.date(2025, 7, 2),
        scrutiny_chair_text="Cllr A Chair, chair of Overview and Scrutiny",
    )
    assert run(at(7, 2, 12)) == 0


def test_private_meeting_notice_under_reg_5(council: Any) -> None:
    entry(
        council,
        title="Sale of the depot",
        key_decision=False,
        access=Access.PART_EXEMPT,
        exempt_paragraphs=[3],
    )
    assert run(at(6, 26)) == 0
    assert run(at(6, 27)) == 1
    body = mail.outbox[0].body
    assert "To be taken in private" in body and "reg 5(2)" in body
    assert "by Tuesday 1 July 2025" in body and "reg 9" not in body
    assert run(at(7, 2)) == 1
    assert "reg 5(6)" in mail.outbox[0].body
    assert run(at(7, 3)) == 0


def test_one_digest_per_officer_lists_meetings_and_the_forward_plan(council: Any) -> None:
    """Meeting on Thursday 24 April 2025: agenda by Monday 14 April; a decision on Tuesday
    13 May needs notice by the same Monday. Both are reminded on Thursday 10 April."""
    grant(make_user("dso_two"), council, Role.DEMOCRATIC_SERVICES)
    other = CouncilFactory(slug="hillside")
    grant(make_user("hill_dso"), other, Role.DEMOCRATIC_SERVICES)
    committee = CommitteeFactory(council=council, name="Cabinet")
    AgendaItemFactory(meeting=MeetingFactory(committee=committee, start=at(4, 24, 19)))
    entry(council, title="Waste strategy", decision_date=dt.date(2025, 5, 13))

    assert run(at(4, 10)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dso@example.gov.uk", "dso_two@example.gov.uk"]
    for message in mail.outbox:
        assert message.subject == "Riverside Borough Council: 2 statutory deadlines due soon"
        assert "Cabinet, 24 April 2025" in message.body
        assert "Waste strategy (decision Tuesday 13 May 2025)" in message.body
