"""An accepted notice of motion goes onto its meeting's agenda (participation.services
.accept), is printed on the public meeting page once the agenda is published, and leaves
the agenda again if it is rejected after all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings import services as meeting_services
from minutebook.meetings.models import AgendaItem
from minutebook.participation.motions import submit_motion
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


def test_accepted_motions_go_on_the_agenda_and_the_public_page() -> None:
    council = CouncilFactory(slug="motionshire")
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL, name="Council")
    meeting = meeting_services.create_meeting(full, start=timezone.now() + dt.timedelta(days=40))
    mover = CouncillorFactory(council=council, first_name="Ada", last_name="Pemberton")
    seconder = CouncillorFactory(council=council, first_name="Ben", last_name="Okafor")
    officer = make_user("motions_dso")
    grant(officer, council, Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(officer)
    text = "This council declares a nature emergency."
    motion = submit_motion(meeting, mover=mover, seconder=seconder, text=text)
    other = submit_motion(meeting, mover=seconder, text="This council regrets the weather.")
    before = AgendaItem.public_objects.filter(meeting=meeting).count()

    for row in (motion, other):
        url = reverse("backoffice:participation_accept", args=["motion", row.pk])
        assert client.post(url).status_code == 302
        row.refresh_from_db()
        assert row.agenda_item is not None and row.agenda_item.meeting_id == meeting.pk
    item = motion.agenda_item
    assert item is not None
    assert "Pemberton" in item.title and text in item.description
    assert "seconded by" in item.description
    assert AgendaItem.public_objects.filter(meeting=meeting).count() == before + 2

    # Rejected after all, before the agenda is out: its item is deleted again.
    url = reverse("backoffice:participation_reject", args=["motion", other.pk])
    response = client.post(url, {"reason": "Not a matter for the council."})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.agenda_item is None and other.status == "rejected"
    assert AgendaItem.public_objects.filter(meeting=meeting).count() == before + 1

    # Published: the public meeting page lists the motion.
    meeting_services.publish_agenda(meeting, by=officer)
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert f"Notice of motion: {mover}" in page
    assert "regrets the weather" not in page
