"""A name holding a line break or a control character cannot break a calendar or a feed.

Names are validated when written (core.inputs.validate_name), but rows written before
that, or by a path that skips validation, must still give a well-formed calendar (a raw
line break inside a property ended it: the calendar was a 500) and well-formed XML.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import icalendar
import pytest
from django.test import Client

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import Committee
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import Council
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db

PUBLISHED = dt.datetime(2025, 6, 20, 9, tzinfo=dt.UTC)


@pytest.fixture
def committee() -> Any:
    council = CouncilFactory(slug="cal")
    committee = CommitteeFactory(council=council, slug="planning")
    meeting = MeetingFactory(
        committee=committee,
        start=dt.datetime(2025, 7, 1, 17, 30, tzinfo=dt.UTC),
        venue=VenueFactory(council=council, name="Council\nChamber", address="1 High St\r\n\x0b"),
        published_at=PUBLISHED,
    )
    AgendaItemFactory(meeting=meeting, order=1, number="1", published_at=PUBLISHED)
    # As an old row or a raw import would hold them: past any form's validation.
    Committee.objects.filter(pk=committee.pk).update(name="Planning\r\nX-INJECTED:1\x0b")
    Council.objects.filter(pk=council.pk).update(name="Vale\x0c District\nCouncil")
    AgendaItem.public_objects.filter(meeting=meeting).update(title="Apologies\x1f\nfor absence")
    return committee


@pytest.mark.parametrize("url", ["/cal/planning/calendar.ics", "/cal/calendar.ics"])
def test_calendar_keeps_each_name_on_its_own_line(committee: Any, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert b"\r\nX-INJECTED" not in response.content
    assert not any(ord(c) < 32 and c not in "\r\n" for c in response.content.decode())
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Planning X-INJECTED:1"
    assert str(event["LOCATION"]).startswith("Council Chamber, 1 High St, ")
    assert "1. Apologies for absence" in str(event["DESCRIPTION"])
    assert "X-INJECTED" not in event  # no property was smuggled in


@pytest.mark.parametrize(
    "url", ["/cal/feeds/documents.rss", "/cal/feeds/decisions.atom", "/cal/feeds/forward-plan.rss"]
)
def test_feeds_are_well_formed_xml(committee: Any, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [e.text for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "title"]
    assert titles[0] is not None and titles[0].startswith("Vale District Council: ")
