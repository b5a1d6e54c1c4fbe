"""The public meetings calendar: month grid, list, committee filter, changed meetings.

Through the real views and templates with the public-site scenario (a held, an
upcoming and an imported Cabinet meeting) plus a cancelled and a moved Planning meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.committees.models import Committee
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.publishing.tests.scenario import CANARY, Scenario

pytestmark = pytest.mark.django_db


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _month(meeting: Meeting) -> str:
    return f"/{meeting.committee.council.slug}/meetings/{meeting.date:%Y/%m}/"


def _changed(scenario: Scenario) -> tuple[Meeting, Meeting]:
    planning = Committee.objects.get(council=scenario.council, slug="planning")
    soon = timezone.localtime(scenario.upcoming.start)
    cancelled = MeetingFactory(
        committee=planning,
        start=soon + dt.timedelta(hours=3),
        state=MeetingState.CANCELLED,
        cancellation_reason="No business",
    )
    moved = MeetingFactory(
        committee=planning,
        start=soon + dt.timedelta(days=1),
        moved_from=soon - dt.timedelta(days=2),
    )
    return cancelled, moved


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_month_grid_shows_each_meeting_on_its_day_and_marks_changes(
    client: Client, scenario: Scenario
) -> None:
    cancelled, moved = _changed(scenario)
    upcoming = scenario.upcoming
    html = _page(client, _month(upcoming))
    assert f"Meetings in {upcoming.date:%B %Y}" in html
    cells = re.findall(
        r'<td class="govuk-table__cell mb-calendar__day[^"]*">(.*?)</td>', html, re.S
    )
    assert len(cells) % 7 == 0 and len(cells) >= 28
    day = next(c for c in cells if upcoming.get_absolute_url() in c)
    assert f"</span>{upcoming.date.day}</span>" in day
    cancelled_cell = next(c for c in cells if cancelled.get_absolute_url() in c)
    assert "Cancelled" in cancelled_cell
    moved_cell = next(c for c in cells if moved.get_absolute_url() in c)
    assert "Moved" in moved_cell and f"{moved.moved_from:%B}" in moved_cell
    assert (
        scenario.held.get_absolute_url() not in html
        or scenario.held.date.month == upcoming.date.month
    )
    assert CANARY not in html

    only = _page(client, f"{_month(upcoming)}?committee=planning")
    assert cancelled.get_absolute_url() in only
    assert upcoming.get_absolute_url() not in only
    assert '<option value="planning" selected>' in only
    assert client.get(f"/{scenario.council.slug}/meetings/2025/13/").status_code == 404
    assert client.get(f"/{scenario.council.slug}/meetings/1800/01/").status_code == 404
    assert client.get("/nowhere/meetings/2025/01/").status_code == 404


def test_previous_and_next_months_stop_at_the_first_and_last_meeting(
    client: Client, scenario: Scenario
) -> None:
    meetings = Meeting.objects.filter(committee__council=scenario.council)
    first, last = meetings.order_by("start").first(), meetings.order_by("start").last()
    assert first is not None and last is not None
    seen = []
    url: str | None = _month(first)
    while url:
        html = _page(client, url)
        seen.append(url)
        assert len(seen) < 40, "the next links do not stop"
        after = re.search(r'href="([^"]+)" rel="next"', html)
        url = after.group(1).replace("&amp;", "&") if after else None
    assert seen[-1] == _month(last)
    assert 'rel="prev"' not in _page(client, _month(first))
    # Every meeting was on one of the months walked.
    walked = "".join(_page(client, u) for u in seen)
    assert all(m.get_absolute_url() in walked for m in meetings)


def test_list_of_meetings_coming_up_and_past_with_the_committee_filter(
    client: Client, scenario: Scenario
) -> None:
    cancelled, moved = _changed(scenario)
    slug = scenario.council.slug
    upcoming_html = _page(client, f"/{slug}/meetings/")
    order = [
        upcoming_html.index(m.get_absolute_url()) for m in (scenario.upcoming, cancelled, moved)
    ]
    assert order == sorted(order)
    assert scenario.held.get_absolute_url() not in upcoming_html
    assert "Cancelled" in upcoming_html and "Moved" in upcoming_html
    # The filter is a plain GET form: it works without JavaScript.
    form = re.search(r'<form method="get" action="".*?</form>', upcoming_html, re.S)
    assert form is not None and 'name="committee"' in form.group(0)
    past = _page(client, f"/{slug}/meetings/?when=past")
    assert past.index(scenario.held.get_absolute_url()) < past.index(
        scenario.imported.get_absolute_url()
    )
    assert scenario.upcoming.get_absolute_url() not in past
    planning = _page(client, f"/{slug}/meetings/?committee=planning")
    assert cancelled.get_absolute_url() in planning
    assert scenario.upcoming.get_absolute_url() not in planning
    assert "/meetings/?when=past&amp;committee=planning" in planning
    assert _page(client, f"/{slug}/meetings/?committee=no-such") == _page(
        client, f"/{slug}/meetings/"
    )
    assert CANARY not in upcoming_html + past


def test_calendar_is_linked_from_the_council_committee_and_navigation(
    client: Client, scenario: Scenario
) -> None:
    slug = scenario.council.slug
    calendar = f"/{slug}/meetings/"
    for url in (f"/{slug}/", f"/{slug}/committees/", scenario.upcoming.get_absolute_url()):
        assert calendar in _links(_page(client, url)), url
    committee: Any = scenario.committee
    assert f"{calendar}?committee={committee.slug}" in _links(
        _page(client, committee.get_absolute_url())
    )
    home = _links(_page(client, f"/{slug}/"))
    today = timezone.localdate()
    assert f"{calendar}?when=past" in home
    assert f"{calendar}{today:%Y/%m}/" in home
    assert "Add this meeting to your calendar" in _page(
        client, scenario.upcoming.get_absolute_url()
    )
    assert "Add this meeting to your calendar" not in _page(
        client, scenario.held.get_absolute_url()
    )
    html = _page(client, calendar)
    assert 'aria-current="page"' in html
    assert f"/{slug}/calendar.ics" in _links(html)
