"""What real OParl clients need before they read a single object.

The official validator starts with a HEAD of the System URL (it got a 405 unless the page
cache held the page) and browsers send an OPTIONS pre-flight (405, no CORS headers); it
then reported a missing ``license``. meine-stadt-transparent keys organisations by the
spec's vocabulary. Ids followed the request's Host header, so one server had two sets of
ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import OPEN_GOVERNMENT_LICENCE_V3
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.people.factories import CouncillorFactory, PoliticalGroupFactory
from minutebook.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
}


@pytest.fixture
def council() -> Any:
    council = CouncilFactory(slug="example")
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL, name="Council")
    outside = CommitteeFactory(council=council, kind=CommitteeKind.OUTSIDE_BODY, name="Fire")
    group = PoliticalGroupFactory(council=council)
    MembershipFactory(
        committee=full, person=CouncillorFactory(council=council, political_group=group)
    )
    now = timezone.now()
    meeting = MeetingFactory(
        committee=full,
        venue=VenueFactory(council=council),
        start=now + dt.timedelta(days=5),
        published_at=now,
    )
    report = ReportFactory(
        council=council,
        title="Library hours",
        body="The libraries open at nine.",
        financial_implications="None.",
    )
    AgendaItemFactory(meeting=meeting, order=1, number="1", report=report, published_at=now)
    council.outside = outside
    council.report = report
    return council


def urls(client: Client) -> list[str]:
    """One URL of every kind the API answers: System, lists, objects, files, errors."""
    body = client.get("/oparl/v1/body/example").json()
    out = ["/oparl/v1/", "/oparl/v1/bodies", "/oparl/v1/body/example", "/oparl/v1/meeting/999"]
    for prop in ("organization", "meeting", "paper", "agendaItem", "membership"):
        page = client.get(body[prop].removeprefix("http://testserver")).json()
        out.append(body[prop])
        out += [obj["id"] for obj in page["data"]]
    return [u.removeprefix("http://testserver") for u in out] + ["/oparl/v1/no/such/path"]


def test_head_options_and_cors_on_every_url(council: Any, client: Client) -> None:
    cache.clear()  # the System page is not in the page cache: HEAD answers all the same
    head = client.head("/oparl/v1/")
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) == len(client.get("/oparl/v1/").content)
    for url in urls(client):
        got = client.get(url)
        for method in (client.head, client.options):
            response = method(url)
            expected = 204 if method == client.options else got.status_code
            assert response.status_code == expected, (method.__name__, url)
            assert response.content == b"", url
            for header, value in CORS.items():
                assert response[header] == value, (method.__name__, url, header)
        for header, value in CORS.items():
            assert got[header] == value, (url, header)
        if got.status_code != 200:
            error = got.json()  # an error object, the unknown path included
            assert error["type"] == "Error" and error["status"] == got.status_code
            assert error["message"]
    preflight = client.options(
        "/oparl/v1/",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Max-Age"]
    posted = client.post("/oparl/v1/")
    assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD, OPTIONS"
    assert posted.json()["type"] == "Error"
    # A file download and the export answer HEAD too.
    assert client.head("/oparl/v1/body/example/export.zip").status_code == 200


def test_licence_vocabulary_main_text_and_ids_from_the_settings(
    council: Any, client: Client, settings: Any
) -> None:
    system = client.get("/oparl/v1/").json()
    assert system["license"] == OPEN_GOVERNMENT_LICENCE_V3
    body = client.get("/oparl/v1/body/example").json()
    assert body["license"] == OPEN_GOVERNMENT_LICENCE_V3
    council.open_data_licence = "https://creativecommons.org/licenses/by/4.0/"
    council.save()
    assert client.get("/oparl/v1/body/example").json()["license"].endswith("/by/4.0/")

    organizations = client.get("/oparl/v1/body/example/organizations").json()["data"]
    vocabulary = {
        o["name"]: (o["organizationType"], o["classification"], o["minutebook:organizationType"])
        for o in organizations
    }
    assert vocabulary["Council"] == ("Gremium", "Parlament", "committee")
    assert vocabulary["Fire"] == ("externes Gremium", "Beirat", "committee")
    groups = [v for v in vocabulary.values() if v[2] == "political group"]
    assert groups == [("Fraktion", "Fraktion", "political group")]

    # The report's text and implications are its Paper's mainFile, with the text in it.
    paper = client.get(f"/oparl/v1/paper/{council.report.pk}").json()
    main = paper["mainFile"]
    assert "The libraries open at nine." in main["text"] and "Financial\n\nNone." in main["text"]
    assert client.get(main["id"].removeprefix("http://testserver")).json() == main
    text = client.get(main["accessUrl"].removeprefix("http://testserver"))
    assert text.content.decode() == main["text"]

    # Made exempt after publication (LGA 1972 Sch 12A), the text leaves the API at once,
    # cached copies included: the File is a deleted marker, its text a 404.
    from minutebook.meetings.services import mark_exempt

    mark_exempt(council.report.agenda_items.get(), [3], "Tender prices under negotiation.")
    gone = client.get(main["id"].removeprefix("http://testserver"))
    assert "The libraries open at nine." not in gone.content.decode()
    assert gone.status_code == 404 or gone.json().get("deleted") is True
    assert client.get(main["accessUrl"].removeprefix("http://testserver")).status_code == 404
    assert (
        "libraries open" not in client.get(f"/oparl/v1/paper/{council.report.pk}").content.decode()
    )

    # Ids come from MINUTEBOOK_BASE_URL, whatever Host the request names.
    settings.ALLOWED_HOSTS = ["*"]
    settings.MINUTEBOOK_BASE_URL = "https://democracy.example.gov.uk/"
    seen = client.get("/oparl/v1/body/example/meetings", HTTP_HOST="evil.example").json()
    assert seen["data"][0]["id"].startswith("https://democracy.example.gov.uk/oparl/v1/meeting/")
    assert seen["links"]["self"].startswith("https://democracy.example.gov.uk/oparl/v1/")
    assert "evil" not in str(seen)


def test_organization_filter_on_every_list_with_a_committee(council: Any, client: Client) -> None:
    spec = client.get("/oparl/v1/openapi.json").json()["paths"]
    for segment in ("meetings", "memberships", "agenda-items", "consultations", "papers"):
        url = f"/oparl/v1/body/example/{segment}"
        names = {p["name"] for p in spec[f"/oparl/v1/body/{{slug}}/{segment}"]["get"]["parameters"]}
        assert "organization" in names, segment
        full = client.get(url).json()["data"]
        assert full, segment
        assert client.get(f"{url}?organization={council.outside.pk}").json()["data"] == []
        own = council.committees.get(name="Council").pk
        assert client.get(f"{url}?organization={own}").json()["data"] == full
    people = spec["/oparl/v1/body/{slug}/people"]["get"]["parameters"]
    assert "organization" not in {p["name"] for p in people}
