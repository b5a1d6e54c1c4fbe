"""The exempt canary crawl of the API, the export, the feeds and the calendars.

The demo puts a unique token into every exempt report, appendix and minute. An anonymous
visitor walks everything these apps publish, following every list page and every object,
and the token must never appear. Every OParl object seen is then validated against the OParl
1.1 JSON schemas, in a subtest that skips when ../shared/oparl-1.1-schema is absent (a fresh
clone); the crawl itself needs nothing outside the repository.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from minutebook.api.oparl import BODY_LISTS
from minutebook.committees.models import Committee
from minutebook.decisions.models import MinuteItem
from minutebook.demo import EXEMPT_CANARY
from minutebook.meetings.models import Meeting
from minutebook.reports.models import Report

from .conftest import oparl_validators, schema_errors

pytestmark = pytest.mark.slow


def officer_rows(model: Any) -> Any:
    """Every row, exempt included: the test's own check that there is something to leak."""
    return model.officer_objects


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


API = "http://testserver/oparl/"


def collect(value: Any, objects: dict[str, dict[str, Any]], addresses: set[str]) -> None:
    """Every object with an id inside ``value`` (each must be typed), and every API
    address it names."""
    if isinstance(value, dict):
        if "id" in value:
            assert "type" in value, f"an object without a type: {value['id']}"
            objects.setdefault(value["id"], value)
        for item in value.values():
            collect(item, objects, addresses)
    elif isinstance(value, list):
        for item in value:
            collect(item, objects, addresses)
    elif isinstance(value, str) and value.startswith(API):
        addresses.add(value)


class Crawler:
    def __init__(self) -> None:
        self.client = Client()
        self.fetched: dict[str, bytes] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        #: Every OParl object seen, crawled and exported, for the schema check at the end.
        self.to_validate: list[dict[str, Any]] = []
        #: minutebook's own objects (``api.record``): their addresses are followed too.
        self.record: list[dict[str, Any]] = []

    def get(self, url: str, expect: str | None = "application/json") -> bytes:
        path = local(url)
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if expect:
            assert response["Content-Type"].startswith(expect), (path, response["Content-Type"])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.fetched[path] = body
        return body

    def check(self, obj: dict[str, Any]) -> None:
        if str(obj.get("type", "")).startswith("minutebook:"):
            return
        self.to_validate.append(obj)
        self.objects.setdefault(obj["id"], obj)

    def dereference_all(self) -> int:
        """GET every API address any object seen names (ids first); how many there were.

        An embedded object's id must answer 200 with the object of that id and type.
        """
        embedded: dict[str, dict[str, Any]] = {}
        addresses: set[str] = set()
        for obj in [*self.objects.values(), *self.record]:
            collect(obj, embedded, addresses)
        for oid, obj in embedded.items():
            path = local(oid)
            body = self.fetched.get(path) or self.get(oid)
            alone = json.loads(body)
            assert (alone["id"], alone["type"]) == (oid, obj["type"]), oid
        for url in sorted(addresses - set(embedded)):
            if local(url) not in self.fetched:
                self.get(url, expect=None)
        return len(addresses | set(embedded))

    def walk_list(self, url: str) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        next_url: str | None = url
        while next_url:
            page = json.loads(self.get(next_url))
            assert set(page) == {"data", "pagination", "links"}
            for obj in page["data"]:
                self.check(obj)
            seen += page["data"]
            next_url = page["links"].get("next")
        ids = [o["id"] for o in seen]
        assert len(ids) == len(set(ids)), f"{url}: an object on two pages"
        return seen


@pytest.mark.django_db
def test_anonymous_crawl_never_shows_exempt_content(demo: Any, subtests: pytest.Subtests) -> None:
    # The canary is really there, for officers: the crawl below could fail.
    assert officer_rows(Report).filter(body__contains=EXEMPT_CANARY).exists()
    assert officer_rows(MinuteItem).filter(text__contains=EXEMPT_CANARY).exists()

    crawler = Crawler()
    system = json.loads(crawler.get("/oparl/v1/"))
    crawler.check(system)
    bodies = crawler.walk_list(system["body"])
    assert [b["name"] for b in bodies] == [demo.council.name]
    body = json.loads(crawler.get(bodies[0]["id"]))
    crawler.check(body)
    listed: dict[str, list[dict[str, Any]]] = {}
    for prop in BODY_LISTS.values():
        listed[prop] = crawler.walk_list(body[prop])
    plan = crawler.walk_list(body["minutebook:forwardPlan"])
    assert plan and all(e["type"] == "minutebook:ForwardPlanEntry" for e in plan)
    # minutebook's own objects: every list walked, none empty, every id answers alike.
    for name, url in body["minutebook:record"].items():
        objects = crawler.walk_list(url)
        assert objects and all(o["type"] == f"minutebook:{name}" for o in objects), name
        for obj in objects:
            assert json.loads(crawler.get(obj["id"])) == obj, obj["id"]
        crawler.record += objects
    crawler.get(body["minutebook:vocabulary"])
    for objects in listed.values():
        for obj in objects:
            alone = json.loads(crawler.get(obj["id"]))
            assert alone == obj, obj["id"]
    for obj in listed["file"]:
        crawler.get(obj["accessUrl"], expect=None)

    # Exempt items are there as metadata, and nothing of them more.
    exempt = [i for i in listed["agendaItem"] if not i["public"]]
    assert exempt
    for item in exempt:
        assert item["minutebook:exemptParagraphs"]
        assert not {"resolutionText", "consultation", "auxiliaryFile", "minutebook:decision"} & set(
            item
        )
    # Every list a Body points at was walked, and none came back empty.
    assert all(listed.values()), [k for k, v in listed.items() if not v]

    # The bulk export holds the same objects, valid too.
    archive = zipfile.ZipFile(io.BytesIO(crawler.get(body["minutebook:export"], "application/zip")))
    exported = 0
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8")
        crawler.fetched[f"export:{name}"] = text.encode()
        own = name == "forward-plan-entry.jsonl" or name.startswith("minutebook-")
        if name.endswith(".jsonl") and not own:
            for line in text.splitlines():
                obj = json.loads(line)
                crawler.to_validate.append(obj)
                exported += 1
    assert exported == len(crawler.objects) - 1  # everything but the System

    # Feeds and calendars.
    slug = demo.council.slug
    for feed in ("documents", "decisions", "forward-plan"):
        crawler.get(f"/{slug}/feeds/{feed}.rss", "application/rss+xml")
        crawler.get(f"/{slug}/feeds/{feed}.atom", "application/atom+xml")
    crawler.get(f"/{slug}/calendar.ics", "text/calendar")
    for committee in Committee.objects.filter(council=demo.council):
        crawler.get(f"/{slug}/{committee.slug}/calendar.ics", "text/calendar")
    for meeting in Meeting.objects.filter(committee__council=demo.council).select_related(
        "committee"
    ):
        crawler.get(f"{meeting.get_absolute_url()}calendar.ics", "text/calendar")

    # Every id dereferences, and every object carrying an id is typed (a Paper's forward
    # plan entry once had an id that answered 404 and no type: a real client's importer
    # stopped with KeyError: 'type'). Every API address an object names answers too.
    named = crawler.dereference_all()
    assert named > len(crawler.objects)
    papers_with_text = [p for p in listed["paper"] if p.get("mainFile", {}).get("text")]
    assert papers_with_text, "no Paper's mainFile carries the report's text"

    leaks = [path for path, body in crawler.fetched.items() if EXEMPT_CANARY.encode() in body]
    assert leaks == []
    assert len(crawler.fetched) > 500

    with subtests.test(msg="every object seen is valid OParl 1.1"):
        validators = oparl_validators()  # skips without ../shared/oparl-1.1-schema
        errors = [e for obj in crawler.to_validate for e in schema_errors(validators, obj)]
        assert errors == []
