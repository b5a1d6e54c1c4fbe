"""Named substitutes per committee: chosen on the committee's set-up page (the council's
councillors only) and listed first, marked, when the attendance register records a
substitution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.meetings import services
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


def test_named_substitutes_are_set_up_and_offered_first() -> None:
    d = desk()
    committee = CommitteeFactory(council=d.council, name="Planning", slug="planning")
    member = CouncillorFactory(council=d.council, first_name="Ada", last_name="Pemberton")
    MembershipFactory(committee=committee, person=member)
    named = CouncillorFactory(council=d.council, first_name="Zoe", last_name="Young")
    CouncillorFactory(council=d.council, first_name="Alan", last_name="Abbott")
    theirs = CouncillorFactory(council=d.other, first_name="Otto", last_name="Other")
    url = reverse("backoffice:setup_committee", args=[committee.pk])
    data = {"name": "Planning", "slug": "planning", "kind": committee.kind, "quorum": 3}
    data["is_active"] = "on"

    refused(d.client.post(url, {**data, "named_substitutes": [theirs.pk]}), "Choose one of")
    response = d.client.post(url, {**data, "named_substitutes": [named.pk]})
    assert response.status_code == 302, text(response)[:2000]
    assert list(committee.named_substitutes.all()) == [named]
    assert "Otto Other" not in text(d.client.get(url))

    meeting = services.create_meeting(committee, start=timezone.now() + dt.timedelta(days=9))
    page = text(d.client.get(reverse("backoffice:attendance:substitute", args=[meeting.pk])))
    assert f"{named.display_name} (named substitute)" in page
    # Listed before councillors who come earlier in the alphabet.
    assert page.index("(named substitute)") < page.index("Abbott")
