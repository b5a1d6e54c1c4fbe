"""The work programme and the action sheet through services, officer and public pages:
the "one commissioned piece of work at a time" rule, and actions carried to every later
meeting until completed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.factories import MinuteItemFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting
from minutebook.people.factories import CouncillorFactory, PersonFactory
from minutebook.scrutiny import services
from minutebook.scrutiny.models import Action, ActionStatus, WorkItemStatus, WorkProgrammeItem

pytestmark = pytest.mark.django_db


class Setup:
    def __init__(self) -> None:
        self.council = CouncilFactory(slug="exampleshire")
        self.committee = CommitteeFactory(
            council=self.council,
            slug="overview",
            name="Overview and Scrutiny",
            kind=CommitteeKind.OVERVIEW_SCRUTINY,
        )
        today = timezone.localdate()
        self.meetings: list[Meeting] = [
            MeetingFactory(
                committee=self.committee,
                start=timezone.make_aware(
                    dt.datetime.combine(today - dt.timedelta(days=d), dt.time(18, 0))
                ),
                venue__council=self.council,
            )
            for d in (80, 60, 40, 20)
        ]
        self.owner = PersonFactory(council=self.council, job_title="Head of Libraries")
        self.holder = CouncillorFactory(council=self.council)


@pytest.fixture
def s() -> Setup:
    return Setup()


@pytest.fixture
def officer_client(s: Setup) -> Client:
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=s.council, role=Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return client


def _public(name: str, s: Setup, **extra: str) -> str:
    kwargs = {"council": s.council.slug, "committee": s.committee.slug, **extra}
    return reverse(f"publishing:scrutiny:{name}", kwargs=kwargs)


# Work programme -------------------------------------------------------------------------------


def test_one_commissioned_piece_of_work_at_a_time(s: Setup) -> None:
    settings = services.settings_for(s.council)
    settings.one_commissioned_at_a_time = True
    settings.save()
    first = services.add_work_item(
        s.committee, subject="Home to school transport", status=WorkItemStatus.COMMISSIONED
    )
    second = services.add_work_item(s.committee, subject="Library opening hours")
    with pytest.raises(services.ScrutinyError, match="one commissioned piece of work at a time"):
        services.update_work_item(second, status=WorkItemStatus.COMMISSIONED)
    with pytest.raises(services.ScrutinyError, match="already commissioned"):
        services.add_work_item(
            s.committee, subject="Flood defences", status=WorkItemStatus.COMMISSIONED
        )
    services.update_work_item(first, status=WorkItemStatus.COMMISSIONED, notes="Still going")
    services.update_work_item(first, status=WorkItemStatus.REPORTED)
    services.update_work_item(second, status=WorkItemStatus.COMMISSIONED)
    second.refresh_from_db()
    assert second.status == WorkItemStatus.COMMISSIONED


def test_without_the_rule_several_may_be_commissioned(s: Setup) -> None:
    for subject in ("Transport", "Libraries"):
        services.add_work_item(s.committee, subject=subject, status=WorkItemStatus.COMMISSIONED)
    assert WorkProgrammeItem.objects.filter(status=WorkItemStatus.COMMISSIONED).count() == 2


def test_officer_page_refuses_a_second_commission(s: Setup, officer_client: Client) -> None:
    officer_client.post(
        reverse("backoffice:scrutiny:settings", args=[s.council.slug]),
        {"one_commissioned_at_a_time": "on"},
    )
    assert services.settings_for(s.council).one_commissioned_at_a_time
    url = reverse("backoffice:scrutiny:work_item_add", args=[s.committee.pk])
    ok = officer_client.post(url, {"subject": "Transport", "status": "commissioned"})
    assert ok.status_code == 302
    refused = officer_client.post(url, {"subject": "Libraries", "status": "commissioned"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page and "one commissioned piece of work at a time" in page
    assert WorkProgrammeItem.objects.count() == 1


def test_work_programme_fields_on_officer_and_public_pages(
    s: Setup, officer_client: Client
) -> None:
    later = s.meetings[-1]
    item = services.add_work_item(
        s.committee,
        subject="Library opening hours",
        meeting=later,
        requested_by="Councillor question at full council",
        author=s.owner,
        portfolio_holder=s.holder,
        route_onward="Cabinet",
        onward_date=later.date + dt.timedelta(days=14),
        status=WorkItemStatus.SCHEDULED,
    )
    assert item.meeting_date == later.date and item.number == 1
    edit = reverse("backoffice:scrutiny:work_item", args=[s.committee.pk, item.number])
    assert officer_client.get(edit).status_code == 200
    for page in (
        officer_client.get(reverse("backoffice:scrutiny:work_programme", args=[s.committee.pk])),
        Client().get(_public("work_programme", s)),
    ):
        text = page.content.decode()
        for expected in (
            "Library opening hours",
            "Councillor question at full council",
            s.owner.display_name,
            s.holder.display_name,
            "Cabinet",
            "Scheduled for a meeting",
        ):
            assert expected in text
    with pytest.raises(services.ScrutinyError, match="onward date"):
        services.update_work_item(item, onward_date=later.date - dt.timedelta(days=1))


# Action sheet ---------------------------------------------------------------------------------


def _minute(meeting: Meeting, **extra: object) -> int:
    return MinuteItemFactory(meeting=meeting, title="Library services", **extra).number


def test_actions_carried_to_later_meetings_until_completed(s: Setup) -> None:
    m1, m2, m3, m4 = s.meetings
    number = _minute(m1)
    done = services.raise_action(
        s.committee, text="Circulate the visitor figures.", minute_number=number, owner=s.owner
    )
    still = services.raise_action(
        s.committee, text="Report back on mobile libraries.", minute_number=number, owner=s.owner
    )
    assert (done.number, still.number) == (1, 2)
    assert done.meeting_raised == m1 and done.reference == str(number)
    assert services.open_actions(m1) == []  # raised there, on later sheets only
    assert services.open_actions(m2) == [done, still]
    services.update_action(
        done,
        status=ActionStatus.COMPLETED,
        outcome="Figures circulated by email.",
        on=m2.date + dt.timedelta(days=10),
    )
    assert services.open_actions(m3) == [still]
    assert services.action_sheet(m3)["closed"] == [done]  # reported once, with the outcome
    assert services.open_actions(m4) == [still]
    assert services.action_sheet(m4)["closed"] == []
    assert services.open_actions(m2) == [done, still]  # still open on the day of m2


def test_completing_an_action_needs_its_outcome(s: Setup, officer_client: Client) -> None:
    action = services.raise_action(
        s.committee, text="Brief members.", minute_number=_minute(s.meetings[0]), owner=s.owner
    )
    url = reverse("backoffice:scrutiny:action", args=[s.committee.pk, action.number])
    refused = officer_client.post(url, {"status": "completed", "update": "", "outcome": ""})
    assert "Record the outcome" in refused.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    ok = officer_client.post(
        url, {"status": "completed", "update": "Done", "outcome": "Briefing held."}
    )
    assert ok.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED and action.completed is not None
    reopened = services.update_action(action, status=ActionStatus.IN_PROGRESS, update="Again")
    assert reopened.completed is None


def test_officer_raises_an_action_from_a_minute(s: Setup, officer_client: Client) -> None:
    url = reverse("backoffice:scrutiny:action_add", args=[s.committee.pk])
    missing = officer_client.post(url, {"minute_number": 99, "text": "x", "owner_text": "Me"})
    assert "has no minute 99" in missing.content.decode()
    number = _minute(s.meetings[0])
    ok = officer_client.post(
        url,
        {
            "minute_number": number,
            "text": "Write to the bus operator.",
            "owner": s.owner.pk,
            "due": (s.meetings[0].date + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert ok.status_code == 302
    action = Action.objects.get()
    assert action.minute_item.number == number and action.owner == s.owner
    sheet = officer_client.get(
        reverse("backoffice:scrutiny:meeting_sheet", args=[s.meetings[1].pk])
    )
    assert "Write to the bus operator." in sheet.content.decode()


def test_public_action_sheets_leave_out_exempt_minutes(s: Setup) -> None:
    m1, m2 = s.meetings[:2]
    services.raise_action(
        s.committee, text="Publish the survey.", minute_number=_minute(m1), owner=s.owner
    )
    services.raise_action(
        s.committee,
        text="SECRET-TERMS to be renegotiated.",
        minute_number=_minute(m1, exempt_paragraphs=[3]),
        owner=s.owner,
    )
    for url in (
        _public("action_sheet", s),
        _public("meeting_action_sheet", s, meeting=m2.slug),
    ):
        page = Client().get(url).content.decode()
        assert "Publish the survey." in page
        assert "SECRET-TERMS" not in page
    assert len(services.open_actions(m2)) == 2  # officers see both


def test_action_sheet_tag_renders_the_carried_actions(s: Setup) -> None:
    from django.template import Context, Template

    m1, m2 = s.meetings[:2]
    services.raise_action(
        s.committee, text="Publish the survey.", minute_number=_minute(m1), owner=s.owner
    )
    tag = Template("{% load scrutiny %}{% meeting_action_sheet meeting %}")
    assert "Publish the survey." in tag.render(Context({"meeting": m2}))
    assert "Actions carried forward" not in tag.render(Context({"meeting": m1}))
