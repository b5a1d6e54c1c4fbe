"""Feeds link each item to its own page, with stable URL ids, and are valid Atom and RSS.

Issue 19: decision items linked to the meeting, forward-plan items to the home page,
Atom ids were not URLs and forward-plan entries had no ``<updated>``. Every Atom feed
is checked against RFC 4287's MUST rules (``atom_rules``), every calendar is read back
with ``icalendar`` and checked for the properties RFC 5545 requires.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import Decision
from minutebook.feeds.tests.atom_rules import NS, atom_faults, rss_faults
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import ForwardPlanVersion
from minutebook.forwardplan.services import publish_plan
from minutebook.meetings.factories import MeetingFactory, VenueFactory
from minutebook.meetings.venues import address_parts
from minutebook.publishing.tests.scenario import CANARY, Scenario

pytestmark = pytest.mark.django_db
FEEDS = ("decisions", "documents", "forward-plan")


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return bytes(response.content)


def _plan(scenario: Scenario) -> list[ForwardPlanVersion]:
    ForwardPlanEntryFactory(council=scenario.council, title="Leisure centre contract")
    first = publish_plan(scenario.council)
    ForwardPlanEntryFactory(council=scenario.council, title="Depot relocation")
    return [first, publish_plan(scenario.council)]


def test_every_feed_is_valid_and_links_items_to_their_own_pages(
    client: Client, scenario: Scenario
) -> None:
    versions = _plan(scenario)
    slug = scenario.council.slug
    feed_ids = set()
    for name in FEEDS:
        atom = _get(client, f"/{slug}/feeds/{name}.atom")
        assert atom_faults(atom) == [], name
        feed_ids.add(ET.fromstring(atom).findtext(NS + "id"))
        assert rss_faults(_get(client, f"/{slug}/feeds/{name}.rss")) == [], name
        assert CANARY not in atom.decode()
    assert feed_ids == {f"http://testserver/{slug}/feeds/{name}.atom" for name in FEEDS}

    entries = ET.fromstring(_get(client, f"/{slug}/feeds/decisions.atom")).findall(NS + "entry")
    public = Decision.public_objects.published().filter(council=scenario.council)
    assert len(entries) == public.count() > 0
    for entry in entries:
        link = entry.find(NS + "link")
        assert link is not None
        href = link.get("href", "")
        pk = int(href.rstrip("/").rsplit("/", 1)[1])
        assert href == f"http://testserver/{slug}/decisions/{pk}/"
        assert entry.findtext(NS + "id") == href
        assert client.get(href).status_code == 200

    plan = ET.fromstring(_get(client, f"/{slug}/feeds/forward-plan.atom")).findall(NS + "entry")
    assert [e.findtext(NS + "id") for e in plan] == [
        f"http://testserver/{slug}/forward-plan/versions/{v.number}/" for v in reversed(versions)
    ]
    for entry, version in zip(plan, reversed(versions), strict=True):
        updated = entry.findtext(NS + "updated") or ""
        assert updated.startswith(version.published_at.strftime("%Y-%m-%dT%H:%M:%S"))
        link = entry.find(NS + "link")
        assert link is not None and link.get("href") == entry.findtext(NS + "id")
        assert client.get(link.get("href", "")).status_code == 200

    rss = ET.fromstring(_get(client, f"/{slug}/feeds/forward-plan.rss"))
    assert [i.findtext("guid") for i in rss.findall("./channel/item")] == [
        e.findtext(NS + "id") for e in plan
    ]


def test_entry_ids_stay_the_same_as_the_feed_grows(client: Client, scenario: Scenario) -> None:
    slug = scenario.council.slug

    def ids() -> dict[str, str]:
        root = ET.fromstring(_get(client, f"/{slug}/feeds/decisions.atom"))
        return {
            e.findtext(NS + "title") or "": e.findtext(NS + "id") or ""
            for e in root.findall(NS + "entry")
        }

    before = ids()
    assert before
    DecisionFactory(
        meeting=scenario.held,
        title="Library opening hours",
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    after = ids()
    assert {title: after[title] for title in before} == before
    assert after["Library opening hours"] not in before.values()


def test_the_validator_finds_broken_feeds() -> None:
    broken = f"""<feed xmlns="{NS[1:-1]}">
      <title>Decisions</title><id>decision-feed</id>
      <link href="/a" rel="alternate" type="text/html"/>
      <link href="/b" rel="alternate" type="text/html"/>
      <entry><title>One</title><id>decision-1</id><updated>2025-03-01 10:00</updated></entry>
    </feed>""".encode()
    faults = atom_faults(broken)
    assert any("exactly one updated" in f for f in faults)
    assert any("'decision-feed' is not an absolute IRI" in f for f in faults)
    assert any("'decision-1' is not an absolute IRI" in f for f in faults)
    assert any("RFC 3339" in f for f in faults)
    assert any("2 alternate links" in f for f in faults)
    assert any("no author" in f for f in faults)
    assert any("neither content nor an alternate link" in f for f in faults)


def _calendar(client: Client, url: str) -> Any:
    cal = icalendar.Calendar.from_ical(_get(client, url))
    for prop in ("PRODID", "VERSION"):
        assert prop in cal, f"{url}: no {prop}"
    events = cal.walk("VEVENT")
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"):
            assert prop in event, f"{url}: an event without {prop}"
    return events


def test_calendars_are_valid_and_name_each_part_of_the_venue_once(
    client: Client, scenario: Scenario
) -> None:
    committee = scenario.committee
    venue = VenueFactory(
        council=scenario.council,
        name="Council Chamber, Vale House",
        address="Vale House\nMarket Street\nAmblesford WX1 4VC",
        postcode="WX1 4VC",
    )
    meeting = MeetingFactory(committee=committee, venue=venue)
    slug = scenario.council.slug
    events = _calendar(client, f"/{slug}/calendar.ics")
    assert len(events) == committee.meetings.count()
    assert _calendar(client, f"/{slug}/{committee.slug}/calendar.ics")
    (event,) = _calendar(client, f"{meeting.get_absolute_url()}calendar.ics")
    location = str(event["LOCATION"])
    assert location == "Council Chamber, Vale House, Market Street, Amblesford WX1 4VC"
    assert address_parts(venue) == location.split(", ")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count("WX1 4VC") == 1
    assert page.count("Vale House") == 1
