"""The OpenAPI description, and schemathesis against it.

Schemathesis generates requests from the description (valid and invalid parameters) and
checks every response against it: no server error, documented status codes, content
types and bodies. The examples per operation are bounded so the run stays well under a
minute. Generated examples rarely hit the values that once broke a response (a NUL byte,
an offset PostgreSQL cannot hold, a number past 64 bits), so every parameter of every
operation in the description is also sent each of those, and must not get a 5xx.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings

from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.people.factories import (
    CouncillorFactory,
    LegislativeTermFactory,
    PoliticalGroupFactory,
)

EXAMPLES = 8


@pytest.fixture
def small_council(db: Any) -> Any:
    """A council with one of everything, for the generated requests to find."""
    council = CouncilFactory(slug="example")
    committee = CommitteeFactory(council=council)
    person = CouncillorFactory(
        council=council, political_group=PoliticalGroupFactory(council=council)
    )
    MembershipFactory(committee=committee, person=person)
    LegislativeTermFactory(council=council)
    now = timezone.now()
    meeting = MeetingFactory(
        committee=committee,
        venue=VenueFactory(council=council),
        start=now + dt.timedelta(days=9),
        published_at=now,
    )
    AgendaItemFactory(meeting=meeting, order=1, number="1", published_at=now)
    return council


@pytest.fixture
def keep_test_connection() -> Any:
    """Requests go through the bare WSGI app, which would close the test's connection
    (inside the test transaction) at the end of each request; Django's test client
    avoids that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


#: Loaded once from the app itself: the description needs no database.
schema = schemathesis.openapi.from_wsgi("/oparl/v1/openapi.json", get_wsgi_application())


@pytest.mark.slow
@pytest.mark.usefixtures("small_council", "keep_test_connection")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_description(case: Any) -> None:
    case.call_and_validate()


#: Values that once made a 5xx somewhere (see core.inputs and docs/security.md).
CRITICAL = [
    "a\x00b",
    "\x1b",
    "9" * 30,
    "-1",
    "0",
    "2024-01-01T00:00:00+20:00",
    "2024-01-01T00:00:00-15:59",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+14:00",
    "2025-02-30T00:00:00",
    "x" * 5000,
]


@pytest.mark.slow
@pytest.mark.usefixtures("small_council")
def test_no_operation_answers_a_server_error_to_critical_values(client: Client) -> None:
    spec = client.get("/oparl/v1/openapi.json").json()
    assert len(spec["paths"]) > 20
    for template, item in spec["paths"].items():
        parameters = item["get"].get("parameters", [])
        path = {p["name"]: ("example" if p["name"] == "slug" else "1") for p in parameters}
        path = {k: v for k, v in path.items() if "{" + k + "}" in template}
        for parameter in parameters:
            for value in CRITICAL:
                values = dict(path)
                query = ""
                if parameter["in"] == "path":
                    values[parameter["name"]] = quote(value, safe="")
                else:
                    query = "?" + urlencode({parameter["name"]: value})
                url = template.format(**values) + query
                response = client.get(url)
                assert response.status_code < 500, f"{response.status_code} for {url:.200}"
                assert response["Content-Type"].startswith("application/json"), url


@pytest.mark.django_db
def test_openapi_describes_every_type_and_400(client: Client) -> None:
    spec = client.get("/oparl/v1/openapi.json").json()
    paths = spec["paths"]
    for segment in ("organization", "person", "meeting", "agenda-item", "paper", "file"):
        assert f"/oparl/v1/{segment}/{{pk}}" in paths
    for segment in ("meetings", "papers", "agenda-items", "legislative-terms"):
        operation = paths[f"/oparl/v1/body/{{slug}}/{segment}"]["get"]
        assert {"200", "400", "404"} <= set(operation["responses"])
        names = {p["name"] for p in operation["parameters"]}
        assert {"created_since", "modified_until", "after", "limit"} <= names
