"""Venues, set up at /officer/setup/ (no admin needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.meetings.factories import MeetingFactory, VenueFactory
from minutebook.meetings.models import Venue

pytestmark = pytest.mark.django_db


def test_venue_added_edited_and_shown_on_the_public_meeting_page() -> None:
    d = desk()
    c = d.client
    new = reverse("backoffice:setup_venue_new", args=["exampleshire"])
    assert c.get(new).status_code == 200
    r = c.post(
        new,
        {
            "name": "Council Chamber, Shire Hall",
            "address": "Shire Hall\nMarket Square",
            "postcode": "zz1 1zz",
            "accessibility": "Step-free entrance; hearing loop.",
        },
    )
    assert r.status_code == 302
    venue = Venue.objects.get(council=d.council)
    assert venue.postcode == "ZZ1 1ZZ"
    assert "Council Chamber, Shire Hall" in text(
        c.get(reverse("backoffice:setup_venues", args=["exampleshire"]))
    )
    meeting = MeetingFactory(
        committee__council=d.council,
        venue=venue,
        start=timezone.now() + dt.timedelta(days=20),
        published_at=timezone.now(),
    )
    r = c.post(
        reverse("backoffice:setup_venue", args=[venue.pk]),
        {"name": "The Council Chamber, Shire Hall", "address": "Shire Hall", "postcode": ""},
    )
    assert r.status_code == 302
    public = text(c.get(meeting.get_absolute_url()))
    assert "The Council Chamber, Shire Hall" in public


def test_venue_bad_input_refused_and_kept() -> None:
    d = desk()
    c = d.client
    VenueFactory(council=d.council, name="Room 1")
    new = reverse("backoffice:setup_venue_new", args=["exampleshire"])
    r = c.post(new, {"name": "Room 1", "postcode": "not a postcode", "address": "a" * 100_001})
    refused(
        r,
        "There is already a venue called Room 1.",
        "Enter a UK postcode, such as SW1A 1AA.",
        "characters",
        kept=("not a postcode",),
    )
    refused(c.post(new, {"name": ""}), "Enter the name.")
    refused(c.post(new, {"name": "V" * 301}), "at most 300 characters", kept=("V" * 301,))
    assert Venue.objects.filter(council=d.council).count() == 1
    theirs = VenueFactory(council=d.other)
    assert c.get(reverse("backoffice:setup_venue", args=[theirs.pk])).status_code == 403
    assert c.post(reverse("backoffice:setup_venue", args=[theirs.pk]), {}).status_code == 403
