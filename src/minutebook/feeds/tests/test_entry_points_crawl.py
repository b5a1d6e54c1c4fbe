"""From the home page, by following links only, a visitor reaches every feed, calendar,
export and API entry point (issue 19: they worked but were linked from no page).

The entry points are read from the URL patterns of the feeds and the API (everything
there but single objects by id), so a feed or API list added later fails this test
until a page links it. Links are followed in HTML pages and in the API's JSON (a client
finds the lists from the system object and the body); each entry point reached must
answer 200 and parse: Atom by RFC 4287's rules, RSS, iCalendar, JSON, the ZIP export.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import icalendar
import pytest
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from minutebook.core.testing_crawl import hrefs, named_routes
from minutebook.feeds.tests.atom_rules import atom_faults, rss_faults
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.publishing.tests.scenario import Scenario

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
#: What a page's link may lead to that is a file, not a page to read for more links.
FILES = re.compile(r"(\.(pdf|html?|docx?|zip|ics|rss|atom|txt)$|/documents/\d+/$|/text$)")


def entry_points() -> set[str]:
    """Routes of every feed, calendar, export and API entry point (not objects by id)."""
    return {
        route
        for route, name in named_routes()
        if name.startswith(("feeds:", "oparl:")) and "<pk>" not in route
    }


def _json_links(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith(("http://testserver/", "/")):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_links(item)


def _route(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


def _check(url: str, content_type: str, body: bytes) -> None:
    """The entry point's answer is what it says it is, and valid."""
    if "atom" in content_type:
        assert atom_faults(body) == [], url
    elif "rss" in content_type:
        assert rss_faults(body) == [], url
    elif content_type.startswith("text/calendar"):
        assert "VCALENDAR" in str(icalendar.Calendar.from_ical(body).name), url
    elif content_type.startswith("application/json"):
        json.loads(body)
    elif content_type.startswith("application/zip"):
        assert zipfile.ZipFile(io.BytesIO(body)).namelist(), url


def crawl_entry_points(client: Client, start: str = "/") -> dict[str, str]:
    """Entry point route -> the first address of it reached from ``start`` by links."""
    wanted = entry_points()
    reached: dict[str, str] = {}
    queue, seen = deque([start]), {start}
    while queue:
        url = queue.popleft()
        route = _route(url)
        response = client.get(url)
        if response.status_code in {301, 302}:
            queue.append(urljoin(url, response["Location"]))
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        if route in wanted:
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            _check(url, kind, body)
            reached.setdefault(route, url)
        if response.status_code != 200:
            continue
        if kind.startswith("text/html"):
            links = hrefs(body.decode(errors="replace"), ("a", "link"))
        elif kind.startswith("application/json"):
            links = [u for u in _json_links(json.loads(body)) if _route(u) in wanted]
        else:
            continue
        for href in links:
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path in seen or path.startswith(("/static/", "/media/", "/admin/", "/accounts/")):
                continue
            if FILES.search(parts.path) and _route(path) not in wanted:
                continue
            seen.add(path)
            queue.append(path)
    return reached


def test_every_feed_calendar_export_and_api_entry_point_is_linked(
    client: Client, scenario: Scenario
) -> None:
    ForwardPlanEntryFactory(council=scenario.council, title="Leisure centre contract")
    publish_plan(scenario.council)
    reached = crawl_entry_points(client)
    missing = sorted(entry_points() - set(reached))
    assert missing == [], f"no page links {missing}"
    # The ones a person looks for on a page are linked from that page itself.
    slug, committee, meeting = scenario.council.slug, scenario.committee, scenario.upcoming
    on_page = {
        f"/{slug}/decisions/": f"/{slug}/feeds/decisions.atom",
        f"/{slug}/forward-plan/": f"/{slug}/feeds/forward-plan.atom",
        f"/{slug}/meetings/": f"/{slug}/calendar.ics",
        committee.get_absolute_url(): f"{committee.get_absolute_url()}calendar.ics",
        meeting.get_absolute_url(): f"{meeting.get_absolute_url()}calendar.ics",
    }
    for page, feed in on_page.items():
        html = client.get(page).content.decode()
        assert f'href="{feed}"' in html, f"{page} does not link {feed}"
    for page in (f"/{slug}/decisions/", f"/{slug}/forward-plan/"):
        head = client.get(page).content.decode().split("</head>")[0]
        assert 'rel="alternate" type="application/atom+xml"' in head, page
        assert 'rel="alternate" type="application/rss+xml"' in head, page
