"""Scheduling rules on the officer forms (meetings.rules): no meeting in the past, no room
or committee double-booked, a members' clash confirmed; each error on the form, the input
kept."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import ASSUMED_MEETING_MINUTES, Council
from minutebook.councils.tests.test_setup_pages import _rules_data
from minutebook.meetings import rules, services
from minutebook.meetings.factories import VenueFactory
from minutebook.meetings.models import Meeting
from minutebook.people.factories import CouncillorFactory

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def world(db, client: Client, monkeypatch: pytest.MonkeyPatch):
    now = london(2025, 3, 3, 9, 0)
    monkeypatch.setattr(timezone, "now", lambda: now.astimezone(dt.UTC))
    council = CouncilFactory(slug="exampleshire")
    planning = CommitteeFactory(council=council, name="Planning", slug="planning")
    licensing = CommitteeFactory(council=council, name="Licensing", slug="licensing")
    shared = CouncillorFactory(council=council, first_name="Sam", last_name="Both")
    MembershipFactory(committee=planning, person=shared)
    MembershipFactory(committee=licensing, person=shared)
    chamber = VenueFactory(council=council, name="Council Chamber")
    room_2 = VenueFactory(council=council, name="Committee Room 2")
    # Licensing meets in the chamber on 10 March, 18:00 to 20:00.
    services.create_meeting(
        licensing, start=london(2025, 3, 10, 18), end=london(2025, 3, 10, 20), venue=chamber
    )
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    return client, planning, chamber, room_2


def _post(client: Client, url: str, data: dict[str, object]) -> str:
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_new_and_moved_meetings_are_checked(world) -> None:
    client, planning, chamber, room_2 = world
    url = reverse("backoffice:meeting_create", args=[planning.pk])

    # In the past: refused on the start field, what was typed kept.
    page = _post(client, url, {"start": "2025-02-20T18:30", "venue": room_2.pk})
    assert "The meeting cannot start in the past" in page
    assert 'value="2025-02-20T18:30"' in page and "govuk-error-summary" in page
    assert not Meeting.objects.filter(committee=planning).exists()

    # The room is taken at an overlapping time (18:30 to 21:00 against 18:00 to 20:00).
    data = {"start": "2025-03-10T18:30", "end": "2025-03-10T21:00", "venue": chamber.pk}
    page = _post(client, url, data)
    assert "Council Chamber is already booked for Licensing" in page
    assert 'value="2025-03-10T21:00"' in page

    # Another room: only the shared member is left, a warning to confirm.
    data["venue"] = room_2.pk
    page = _post(client, url, data)
    assert "Sam Both also sits on Licensing" in page
    assert "Tick the box to schedule it anyway" in page
    assert not Meeting.objects.filter(committee=planning).exists()
    data["confirm_clash"] = "on"
    assert client.post(url, data).status_code == 302
    first = Meeting.objects.get(committee=planning)

    # The same committee twice at once: refused, confirmation or not.
    page = _post(client, url, {**data, "start": "2025-03-10T19:00", "end": ""})
    assert "Planning already meets at an overlapping time" in page
    assert Meeting.objects.filter(committee=planning).count() == 1

    # A meeting already held can be recorded with the box ticked.
    held = {"start": "2025-02-20T18:30", "venue": room_2.pk, "already_held": "on"}
    assert client.post(url, held).status_code == 302
    assert Meeting.objects.filter(committee=planning).count() == 2

    # Moving: not into the past, not onto the room's other booking.
    move = reverse("backoffice:meeting_move", args=[first.pk])
    page = _post(client, move, {"start": "2025-03-01T18:30"})
    assert "cannot be moved to a time already past" in page
    first.venue = chamber
    first.save()
    page = _post(client, move, {"start": "2025-03-10T19:30", "confirm_clash": "on"})
    assert "Council Chamber is already booked" in page
    first.refresh_from_db()
    assert first.start == london(2025, 3, 10, 18, 30)
    assert client.post(move, {"start": "2025-03-11T18:30"}).status_code == 302

    # Changing the venue onto a booked room is refused on the venue field.
    other = services.create_meeting(
        planning, start=london(2025, 3, 10, 14), end=london(2025, 3, 10, 16), venue=room_2
    )
    services.create_meeting(
        CommitteeFactory(council=planning.council, name="Audit", slug="audit"),
        start=london(2025, 3, 10, 15),
        venue=chamber,
    )
    page = _post(client, reverse("backoffice:meeting_edit", args=[other.pk]), {"venue": chamber.pk})
    assert "Council Chamber is already booked for Audit" in page


def test_the_councils_assumed_length_is_set_at_setup(world) -> None:
    """A meeting with no end lasts three hours for the clash check unless the council
    sets its own length in its rules at /officer/setup/."""
    client, planning, _chamber, room_2 = world
    council = planning.council
    audit = CommitteeFactory(council=council, name="Audit", slug="audit")
    services.create_meeting(audit, start=london(2025, 3, 12, 14), venue=room_2)
    url = reverse("backoffice:meeting_create", args=[planning.pk])
    data = {"start": "2025-03-12T16:00", "venue": room_2.pk}
    assert "Committee Room 2 is already booked for Audit" in _post(client, url, data)

    rules_url = reverse("backoffice:setup_rules", args=[council.slug])
    assert "Length assumed for a meeting with no end time" in client.get(rules_url).content.decode()
    page = _post(client, rules_url, _rules_data(council, assumed_meeting_minutes=5))
    assert "govuk-error-summary" in page and 'value="5"' in page
    response = client.post(rules_url, _rules_data(council, assumed_meeting_minutes=90))
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.assumed_meeting_minutes == 90
    # 14:00 to 15:30 and 16:00 to 17:30: no clash now.
    assert client.post(url, data).status_code == 302
    assert rules.assumed_length(council) == dt.timedelta(minutes=90)


def test_the_rules_are_pure_functions() -> None:
    start = london(2025, 3, 10, 18)
    assert rules.in_the_past(start, start + dt.timedelta(minutes=1))
    assert rules.in_the_past(start, start) is None
    # Back to back is not a clash; no end counts as the length given (three hours here).
    three = dt.timedelta(hours=3)
    assert not rules.overlaps(
        (start, start + dt.timedelta(hours=1)), (start + dt.timedelta(hours=1), None), three
    )
    assert rules.overlaps((start, None), (start + dt.timedelta(hours=2, minutes=59), None), three)
    assert not rules.overlaps((start, None), (start + dt.timedelta(hours=3), None), three)


def test_one_default_length_for_a_meeting_with_no_end(db) -> None:
    """The council field's default and the rules' fallback are one value: a council that
    never set its own length, and a meeting with no council to ask, get the same."""
    council = CouncilFactory(slug="unset")
    council.refresh_from_db()
    field = Council._meta.get_field("assumed_meeting_minutes")
    assert council.assumed_meeting_minutes == field.default == ASSUMED_MEETING_MINUTES
    assert rules.assumed_length(council) == rules.assumed_length(None)
    assert rules.assumed_length(None) == dt.timedelta(minutes=field.default)
