"""Calendars (ICS with VTIMEZONE Europe/London) and RSS/Atom feeds."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.models import Decision
from minutebook.demo import load_demo
from minutebook.documents.models import Document
from minutebook.forwardplan.models import ForwardPlanVersion
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.meetings.models import MeetingState

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def calendar(client: Client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def committee() -> Any:
    council = CouncilFactory(slug="cal")
    return CommitteeFactory(council=council, slug="planning", name="Planning Committee")


def test_committee_and_meeting_calendars(committee: Any, client: Client) -> None:
    summer = MeetingFactory(
        committee=committee,
        start=dt.datetime(2025, 7, 1, 18, 30, tzinfo=LONDON),
        venue=VenueFactory(council=committee.council, name="Council Chamber"),
        published_at=dt.datetime(2025, 6, 20, 9, tzinfo=LONDON),
    )
    AgendaItemFactory(
        meeting=summer, order=1, number="1", title="Apologies", published_at=summer.published_at
    )
    AgendaItemFactory(
        meeting=summer,
        order=2,
        number="2",
        title="Land disposal",
        exempt_paragraphs=[3],
        published_at=summer.published_at,
    )
    winter = MeetingFactory(
        committee=committee,
        start=dt.datetime(2025, 12, 2, 10, 0, tzinfo=LONDON),
        state=MeetingState.CANCELLED,
        cancellation_reason="No business",
    )
    cal = calendar(client, "/cal/planning/calendar.ics")
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    # Both offsets of the UK year are described, so clients place either meeting right.
    offsets = {s["TZOFFSETTO"].to_ical() for s in zones[0].subcomponents}
    offsets = {o.decode() if isinstance(o, bytes) else o for o in offsets}
    assert {"+0000", "+0100"} <= offsets
    events = cal.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert first["DTSTART"].dt == dt.datetime(2025, 7, 1, 18, 30, tzinfo=LONDON)
    assert first["DTSTART"].params["TZID"] == "Europe/London"
    assert str(first["SUMMARY"]) == "Planning Committee"
    assert str(first["LOCATION"]).startswith("Council Chamber")
    assert "1. Apologies" in str(first["DESCRIPTION"])
    assert "2. Land disposal (exempt" in str(first["DESCRIPTION"])
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(second["SUMMARY"]).startswith("Cancelled")
    one = calendar(client, f"{summer.get_absolute_url()}calendar.ics")
    assert len(one.walk("VEVENT")) == 1
    assert [str(z["TZID"]) for z in one.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(one.walk("VEVENT")[0]["UID"]) == str(first["UID"])
    assert len(calendar(client, "/cal/calendar.ics").walk("VEVENT")) == 2
    assert client.get("/cal/nothing/calendar.ics").status_code == 404
    assert client.get(f"/cal/planning/{winter.slug}x/calendar.ics").status_code == 404


def test_unpublished_agenda_stays_off_the_calendar(committee: Any, client: Client) -> None:
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, order=1, title="Draft item")
    event = calendar(client, f"{meeting.get_absolute_url()}calendar.ics").walk("VEVENT")[0]
    assert "Draft item" not in str(event["DESCRIPTION"])


def items(client: Client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    if root.tag == "rss":
        return root.findall("./channel/item")
    return root.findall("{http://www.w3.org/2005/Atom}entry")


def test_feeds(client: Client) -> None:
    demo = load_demo(seed=1, today=date(2025, 3, 12))
    slug = demo.council.slug
    decisions = items(client, f"/{slug}/feeds/decisions.rss")
    published = Decision.public_objects.filter(council=demo.council, published_at__isnull=False)
    assert 0 < len(decisions) <= 50
    titles = {d.findtext("title") for d in decisions}
    assert titles <= set(published.values_list("title", flat=True)) | set(
        Decision.public_objects.filter(meeting__is_imported=True).values_list("title", flat=True)
    )
    assert "Status:" in (decisions[0].findtext("description") or "")
    documents = items(client, f"/{slug}/feeds/documents.atom")
    assert documents
    public_titles = set(Document.public_objects.values_list("title", flat=True))
    for entry in documents:
        title = entry.findtext("{http://www.w3.org/2005/Atom}title") or ""
        assert title.split(": ", 1)[-1] in public_titles
    plan = items(client, f"/{slug}/feeds/forward-plan.rss")
    assert len(plan) == ForwardPlanVersion.objects.filter(council=demo.council).count()
    assert plan[0].findtext("title", "").startswith("Forward plan version")
    assert client.get("/nowhere/feeds/decisions.rss").status_code == 404


def test_an_empty_feed_was_last_updated_when_the_council_began(client: Client) -> None:
    """Not "now": the same stored data must give the same feed (a restored backup)."""
    council = CouncilFactory()
    atom = ET.fromstring(client.get(f"/{council.slug}/feeds/forward-plan.atom").content)
    updated = atom.findtext("{http://www.w3.org/2005/Atom}updated") or ""
    assert dt.datetime.fromisoformat(updated) == council.created
    rss = ET.fromstring(client.get(f"/{council.slug}/feeds/forward-plan.rss").content)
    built = rss.findtext("./channel/lastBuildDate") or ""
    assert parsedate_to_datetime(built) == council.created.replace(microsecond=0)


def test_a_meeting_with_no_end_lasts_the_councils_assumed_length(
    committee: Any, client: Client
) -> None:
    council = committee.council
    council.assumed_meeting_minutes = 150
    council.save()
    meeting = MeetingFactory(
        committee=committee,
        start=dt.datetime(2025, 9, 2, 10, tzinfo=LONDON),
        end=None,
        published_at=dt.datetime(2025, 8, 20, 9, tzinfo=LONDON),
    )
    cal = calendar(client, f"/cal/planning/{meeting.slug}/calendar.ics")
    [event] = cal.walk("VEVENT")
    assert event["dtend"].dt - event["dtstart"].dt == dt.timedelta(minutes=150)
