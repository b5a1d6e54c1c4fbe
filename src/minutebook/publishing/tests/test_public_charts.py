"""The charts on the public pages (issue 19): drawn from what the page publishes, with
their figures as a table, and never a word of an exempt record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from minutebook.attendance.models import Attendance, AttendanceStatus, Capacity
from minutebook.decisions.register import register_rows
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import MeetingState
from minutebook.publishing.tests.scenario import CANARY, Scenario

pytestmark = pytest.mark.django_db


def _figure(body: str, key: str) -> str:
    found = re.search(rf'<figure class="app-chart" id="{key}[^"]*">.*?</figure>', body, re.S)
    assert found is not None, f"no {key} chart"
    figure = found.group(0)
    assert "<figcaption" in figure and 'role="img"' in figure and "<table" in figure
    return figure


def _values(figure: str) -> list[int]:
    return [int(v) for v in re.findall(r'data-value="(\d+)"', figure)]


def test_decisions_chart_counts_the_register(client: Client, scenario: Scenario) -> None:
    council = scenario.council
    body = client.get(f"/{council.slug}/decisions/").content.decode()
    figure = _figure(body, "chart-decisions-by-month")
    assert sum(_values(figure)) == register_rows(council).count() > 0
    assert CANARY not in body


def test_attendance_charts_on_committee_and_councillor_pages(
    client: Client, scenario: Scenario
) -> None:
    memberships = list(scenario.committee.memberships.select_related("person"))
    for n, membership in enumerate(memberships):
        Attendance.objects.create(
            meeting=scenario.held,
            person=membership.person,
            membership=membership,
            capacity=Capacity.MEMBER,
            status=AttendanceStatus.APOLOGIES if n == 0 else AttendanceStatus.PRESENT,
        )
    rows = Attendance.objects.filter(meeting=scenario.held)
    body = client.get(scenario.committee.get_absolute_url()).content.decode()
    figure = _figure(body, "chart-committee-attendance")
    member_rows = rows.filter(capacity="member")
    assert sum(_values(figure)) == member_rows.count()
    person = member_rows.filter(person__kind="councillor").first().person
    assert person.display_name in figure or str(person) in figure
    page = client.get(f"/{scenario.council.slug}/councillors/").content.decode()
    link = re.search(rf'href="(/{scenario.council.slug}/councillors/{person.pk}-[\w-]+/)"', page)
    assert link is not None
    mine = _figure(client.get(link.group(1)).content.decode(), "chart-attendance")
    assert sum(_values(mine)) == Attendance.objects.filter(person=person).count()


def test_forward_plan_timeline(client: Client, scenario: Scenario) -> None:
    council = scenario.council
    for day, key in ((dt.date(2031, 3, 1), True), (dt.date(2031, 3, 20), False)):
        ForwardPlanEntryFactory(council=council, decision_date=day, key_decision=key)
    ForwardPlanEntryFactory(council=council, decision_date=None, key_decision=True)
    publish_plan(council)
    figure = _figure(
        client.get(f"/{council.slug}/forward-plan/").content.decode(), "chart-forward-plan"
    )
    assert "Mar 2031" in figure and "Date not yet known" in figure
    march = re.search(r'data-label="Mar 2031">(.*?)</g>', figure, re.S)
    assert march is not None and _values(march.group(1)) == [1, 1]


def test_councillor_attendance_figures_leave_out_a_cancelled_meeting(
    client: Client, scenario: Scenario
) -> None:
    """Apologies sent for a meeting later cancelled stay recorded, but the meeting was never
    held: the page's figures and its chart both leave it out, so they agree."""
    membership = scenario.committee.memberships.filter(person__kind="councillor").first()
    person = membership.person
    Attendance.objects.create(
        meeting=scenario.held,
        person=person,
        membership=membership,
        capacity=Capacity.MEMBER,
        status=AttendanceStatus.PRESENT,
    )
    cancelled = MeetingFactory(
        committee=scenario.committee,
        start=scenario.held.start - dt.timedelta(days=7),
        state=MeetingState.CANCELLED,
    )
    Attendance.objects.create(
        meeting=cancelled,
        person=person,
        membership=membership,
        capacity=Capacity.MEMBER,
        status=AttendanceStatus.APOLOGIES,
    )
    page = client.get(f"/{scenario.council.slug}/councillors/").content.decode()
    link = re.search(rf'href="(/{scenario.council.slug}/councillors/{person.pk}-[\w-]+/)"', page)
    assert link is not None
    body = client.get(link.group(1)).content.decode()
    assert "Present at 1 of 1 meeting expected (100%)" in body
    assert "Apologies sent: 0." in body
    assert sum(_values(_figure(body, "chart-attendance"))) == 1
