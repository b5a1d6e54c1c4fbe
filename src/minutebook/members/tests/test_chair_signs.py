"""The chairman signs the minutes from the members' area (members.signing), with the
officers' route's checks: only the chairman, only minutes awaiting confirmation at this
meeting, not in the future; another member gets 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.minutes import services
from minutebook.minutes.models import MinutesState
from minutebook.minutes.tests.test_minutes import Setup

pytestmark = pytest.mark.django_db


def _member(person, council, name: str) -> Client:  # type: ignore[no-untyped-def]
    user = make_user(name)
    grant(user, council, Role.COUNCILLOR)
    person.user = user
    person.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    return client


def test_the_chairman_signs_the_minutes_from_the_members_area() -> None:
    s = Setup()
    first, second, _ = s.meetings
    minutes = services.start_minutes(first)
    chair = _member(s.members[0], s.council, "chair")
    other = _member(s.members[1], s.council, "backbencher")
    url = reverse("members:sign-minutes", args=[second.pk])

    # Only the chairman: another member is refused, and sees no link.
    assert other.get(url).status_code == 403
    assert other.post(url, {"minutes": minutes.pk, "confirm": "on"}).status_code == 403
    assert url not in other.get(reverse("members:meeting", args=[second.pk])).content.decode()
    assert url in chair.get(reverse("members:meeting", args=[second.pk])).content.decode()

    page = chair.get(url).content.decode()
    assert "Sign the minutes" in page and str(first) in page
    # Refused on the form, with what was typed kept: no tick, a time in the future.
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = chair.post(url, {"minutes": minutes.pk, "signed_at": future})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Tick the box to sign the minutes." in body and future in body
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT
    # Before the confirming meeting started: the service's own check, on the form.
    early = timezone.localtime(second.start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    body = chair.post(url, {"minutes": minutes.pk, "signed_at": early, "confirm": "on"})
    assert "signed at the confirming meeting" in body.content.decode()

    signed = timezone.localtime(second.start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = chair.post(url, {"minutes": minutes.pk, "signed_at": signed, "confirm": "on"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.CONFIRMED
    assert minutes.signed_by == s.members[0] and minutes.confirmed_at_meeting == second
    # Signed: nothing is waiting any more.
    assert "No draft minutes" in chair.get(url).content.decode()
