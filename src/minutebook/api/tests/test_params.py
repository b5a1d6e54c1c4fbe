"""OParl date filters the database cannot hold are refused with a JSON explanation.

PostgreSQL reads an offset of at most ±15:59; a filter such as ``+20:00`` was passed to
it as given and the list answered 500. Filters are now converted to UTC, and offsets no
clock shows (beyond ±14:00) or years outside 1-9999 are refused (400, like every other
invalid parameter of this API, as its OpenAPI description says).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PARAMS = ("created_since", "created_until", "modified_since", "modified_until")


@pytest.fixture
def council() -> Any:
    council = CouncilFactory(slug="example")
    MeetingFactory(
        committee=CommitteeFactory(council=council),
        start=dt.datetime(2025, 3, 4, 18, tzinfo=dt.UTC),
        published_at=dt.datetime(2025, 2, 20, tzinfo=dt.UTC),
    )
    return council


def get(client: Client, segment: str, **params: str) -> Any:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return client.get(f"/oparl/v1/body/example/{segment}?{query}")


@pytest.mark.parametrize("param", PARAMS)
@pytest.mark.parametrize(
    "value",
    ["2024-01-01T00:00:00+20:00", "2024-01-01T00:00:00-16:30", "2024-01-01T00:00:00+14:01"],
)
def test_an_offset_no_clock_shows_is_refused_with_a_reason(
    council: Any, client: Client, param: str, value: str
) -> None:
    response = get(client, "meetings", **{param: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "offset" in response.json()["detail"]
    assert param in response.json()["detail"]


def test_offsets_within_14_hours_filter_as_the_same_instant(council: Any, client: Client) -> None:
    # 2025-01-01T00:00Z written in two far-apart zones: the same page either way.
    east = get(client, "meetings", modified_since="2025-01-01T14:00:00+14:00")
    west = get(client, "meetings", modified_since="2024-12-31T12:00:00-12:00")
    assert east.status_code == west.status_code == 200
    assert east.json()["data"] == west.json()["data"]
    assert len(east.json()["data"]) == 1
    later = get(client, "meetings", created_since="2999-01-01T00:00:00+13:45")
    assert later.status_code == 200 and later.json()["data"] == []


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-10:00", "0001-01-01T00:00:00+10:00"])
def test_an_instant_outside_the_calendar_is_refused(
    council: Any, client: Client, value: str
) -> None:
    response = get(client, "papers", modified_until=value)
    assert response.status_code == 400
    assert "9999" in response.json()["detail"]


def test_a_nul_byte_in_a_parameter_is_a_json_400(council: Any, client: Client) -> None:
    response = get(client, "meetings", modified_since="2025-01-01\x00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "control characters" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "value",
    ["2024", "1700000000", "2024-05-01", "yesterday", "2025-02-30T00:00:00", "2024-05-01T9:00"],
)
def test_a_date_parameter_is_an_rfc3339_date_time_or_a_400_error_object(
    council: Any, client: Client, value: str
) -> None:
    """``modified_since=2024`` was read as 2024 seconds after 1970 and matched everything."""
    for param in PARAMS:
        response = get(client, "meetings", **{param: value})
        assert response.status_code == 400, (param, value)
        body = response.json()
        assert body["type"] == "Error" and body["status"] == 400
        assert param in body["message"], body
        assert response["Access-Control-Allow-Origin"] == "*"
    # Seconds, a fraction, 'Z' or an offset, or none (UK local time): all accepted.
    for good in ("2024-05-01T09:00:00Z", "2024-05-01T09:00:00.5+01:00", "2024-05-01T09:00:00"):
        assert get(client, "meetings", modified_since=good).status_code == 200, good
    # An offset's "+" sent unencoded arrives as a space: still the same instant.
    plus = client.get("/oparl/v1/body/example/meetings?modified_since=2025-01-01T01:00:00+01:00")
    assert plus.status_code == 200 and len(plus.json()["data"]) == 1
