"""Calendar UIDs and feed ids are stable: built from the configured site address
(``MINUTEBOOK_BASE_URL``, as the OParl ids), never from the Host header, so a meeting, a
feed and an item keep one id whichever allowed host name a reader used."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import icalendar
import pytest
from django.test import Client

from minutebook.demo import load_demo

pytestmark = pytest.mark.django_db

BASE = "https://democracy.example.gov.uk"
HOSTS = ("first.example.org", "second.example.net")
ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ("documents", "decisions", "forward-plan")


def _get(client: Client, url: str, host: str) -> bytes:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, host, response.status_code)
    return response.content


def calendar_ids(client: Client, url: str, host: str) -> list[str]:
    cal = icalendar.Calendar.from_ical(_get(client, url, host))
    return [str(event["UID"]) for event in cal.walk("VEVENT")]


def atom_ids(client: Client, url: str, host: str) -> list[str]:
    root = ET.fromstring(_get(client, url, host))
    return [root.findtext(f"{ATOM}id") or ""] + [
        entry.findtext(f"{ATOM}id") or "" for entry in root.findall(f"{ATOM}entry")
    ]


def rss_ids(client: Client, url: str, host: str) -> list[str]:
    root = ET.fromstring(_get(client, url, host))
    return [item.findtext("guid") or "" for item in root.findall("./channel/item")]


def test_ids_do_not_follow_the_host_header(client: Client, settings) -> None:
    settings.ALLOWED_HOSTS = [*HOSTS, "testserver"]
    settings.MINUTEBOOK_BASE_URL = BASE
    demo = load_demo(seed=1, today=date(2025, 3, 12))
    slug = demo.council.slug

    uids = [calendar_ids(client, f"/{slug}/calendar.ics", host) for host in HOSTS]
    assert uids[0], "the demo council's calendar has meetings"
    assert uids[0] == uids[1]
    assert all(uid.endswith("@democracy.example.gov.uk") for uid in uids[0])

    for name in FEEDS:
        atom = [atom_ids(client, f"/{slug}/feeds/{name}.atom", host) for host in HOSTS]
        assert len(atom[0]) > 1, f"the {name} feed has entries"
        assert atom[0] == atom[1], name
        assert all(i.startswith(f"{BASE}/{slug}/") for i in atom[0]), atom[0]
        rss = [rss_ids(client, f"/{slug}/feeds/{name}.rss", host) for host in HOSTS]
        assert rss[0] and rss[0] == rss[1], name
        assert all(i.startswith(f"{BASE}/{slug}/") for i in rss[0]), rss[0]
