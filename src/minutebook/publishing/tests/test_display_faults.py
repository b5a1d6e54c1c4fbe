"""Display faults of issue 19, each shown fixed on the public pages: an imported meeting
whose papers gave no time or venue is not shown at "midnight" or "To be confirmed";
breadcrumbs give a meeting's local date (not the UTC date, a day early after midnight in
summer); an action without a number is not shown as "None"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.committees.models import CommitteeKind
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import MeetingState
from minutebook.publishing.tests.scenario import Scenario
from minutebook.scrutiny.factories import ActionFactory
from minutebook.scrutiny.models import Action

pytestmark = pytest.mark.django_db


def _crumbs(body: str) -> list[str]:
    nav = re.search(r'<nav class="govuk-breadcrumbs".*?</nav>', body, re.S)
    assert nav is not None, "the page has breadcrumbs"
    return [
        re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r"<li.*?</li>", nav.group(0), re.S)
    ]


def test_imported_meeting_without_time_or_venue(client: Client, scenario: Scenario) -> None:
    meeting = scenario.imported
    midnight = timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(0, 0)))
    meeting.start, meeting.venue = midnight, None
    meeting.save()
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "midnight" not in body
    assert "To be confirmed" not in body
    assert ">Time<" not in body and ">Venue<" not in body
    committee = client.get(scenario.committee.get_absolute_url()).content.decode()
    assert "midnight" not in committee
    # A meeting of ours with no venue yet is still "To be confirmed", with its time.
    upcoming = scenario.upcoming
    upcoming.venue = None
    upcoming.save()
    body = client.get(upcoming.get_absolute_url()).content.decode()
    assert "To be confirmed" in body and ">Time<" in body


def test_breadcrumbs_give_the_local_date(client: Client, scenario: Scenario) -> None:
    scenario.committee.kind = CommitteeKind.OVERVIEW_SCRUTINY
    scenario.committee.save()
    # 00:30 on 2 July in London is 23:30 on 1 July in UTC.
    start = timezone.make_aware(dt.datetime(2025, 7, 2, 0, 30))
    assert start.astimezone(dt.UTC).date() == dt.date(2025, 7, 1)
    meeting = MeetingFactory(
        committee=scenario.committee,
        start=start,
        state=MeetingState.HELD,
        published_at=timezone.now(),
    )
    base = meeting.get_absolute_url()
    for url in (f"{base}minutes/", f"{base}action-sheet/"):
        crumbs = _crumbs(client.get(url).content.decode())
        assert "Cabinet, 2 July 2025" in crumbs, (url, crumbs)
        assert not any("2025-07-01" in c or "1 July" in c for c in crumbs), (url, crumbs)


def test_action_without_a_number_is_not_none(client: Client, scenario: Scenario) -> None:
    scenario.committee.kind = CommitteeKind.OVERVIEW_SCRUTINY
    scenario.committee.save()
    unnumbered = ActionFactory(committee=scenario.committee, meeting_raised=scenario.held)
    ActionFactory(committee=scenario.committee, meeting_raised=scenario.held, number=7)
    # As a bulk load leaves it (the demo's actions had no number): save() would give one.
    Action.objects.filter(pk=unnumbered.pk).update(number=None)  # bulk-update-ok: test set-up
    body = client.get(f"{scenario.committee.get_absolute_url()}action-sheet/").content.decode()
    assert ">None<" not in body and "None." not in body
    sheet = client.get(f"{scenario.upcoming.get_absolute_url()}action-sheet/").content.decode()
    # Each cell opens with its column's name (shown on a phone), then the value.
    label = r'<span class="app-table__label">[^<]*</span> '
    cells = re.findall(rf'<td class="govuk-table__cell">(?:{label})?([^<]*)</td>', sheet)
    assert "None" not in cells and "7" in cells and "\u2013" in cells
