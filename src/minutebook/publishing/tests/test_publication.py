"""An agenda is open to inspection from its publication (LGA 1972 s100B(1)), not before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import MeetingState


@pytest.mark.django_db
def test_unpublished_agenda_is_not_shown_and_items_404(client):
    meeting = MeetingFactory(
        start=timezone.now() + dt.timedelta(days=20), state=MeetingState.SCHEDULED
    )
    AgendaItemFactory(meeting=meeting, number="5", title="Draft title not yet public")
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Draft title not yet public" not in page.content.decode()
    assert "has not been published yet" in page.content.decode()
    assert client.get(f"{meeting.get_absolute_url()}items/5/").status_code == 404


@pytest.mark.django_db
def test_to_follow_item_is_listed_then_published_with_its_supplement(client):
    published = timezone.now() - dt.timedelta(days=1)
    meeting = MeetingFactory(
        start=timezone.now() + dt.timedelta(days=6),
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=published,
    )
    AgendaItemFactory(meeting=meeting, number="1", title="Apologies for absence")
    late = AgendaItemFactory(
        meeting=meeting, number="2", title="Budget monitoring", to_follow=True, published_at=None
    )
    # Listed on the published agenda, marked "to follow" until its supplement.
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budget monitoring" in body and "Report to follow." in body
    late.published_at = timezone.now()
    late.save()
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Apologies for absence" in body and "Budget monitoring" in body
    assert "Report to follow." not in body


@pytest.mark.django_db
def test_imported_archive_meeting_shows_its_agenda(client):
    meeting = MeetingFactory(start=timezone.now() - dt.timedelta(days=900), is_imported=True)
    AgendaItemFactory(meeting=meeting, number="3", title="Archive item title")
    assert "Archive item title" in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unpublished_decision_is_not_shown(client):
    from minutebook.decisions.factories import DecisionFactory

    meeting = MeetingFactory(start=timezone.now() - dt.timedelta(days=2))
    DecisionFactory(meeting=meeting, title="Not yet published decision", published_at=None)
    DecisionFactory(
        meeting=meeting,
        title="Published decision",
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Published decision" in body
    assert "Not yet published decision" not in body


@pytest.mark.django_db
def test_held_scrutiny_meeting_links_its_minutes_and_action_sheet(client):
    from minutebook.committees.factories import CommitteeFactory
    from minutebook.committees.models import CommitteeKind

    committee = CommitteeFactory(kind=CommitteeKind.OVERVIEW_SCRUTINY)
    meeting = MeetingFactory(
        committee=committee,
        start=timezone.now() - dt.timedelta(days=3),
        state=MeetingState.HELD,
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    for suffix in ("minutes/", "action-sheet/"):
        link = f"{meeting.get_absolute_url()}{suffix}"
        assert f'href="{link}"' in body
        assert client.get(link).status_code == 200
