"""The API serves a forward plan entry as the public was last told of it.

An officer may retitle or rewrite an entry after the plan was published, in words nobody
has been given notice of. Until the plan is published again, the entry's object, the
forward plan list, a Paper's ``reference`` and embedded entry, and the export keep the
published words; publishing again moves the entry's (and its Paper's) ``modified``, so a
client syncing by ``modified_since`` fetches the new words.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any
from urllib.parse import quote

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.publishing.tests.scenario import Scenario

PUBLISHED = "Disposal of the former depot site"
DRAFT = "Sale of the depot to Harrowgate Estates DRAFT-WORDING-7T"


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return json.loads(response.content)


def since(moment: dt.datetime) -> str:
    return quote(moment.isoformat())


def exported(client: Client, slug: str) -> dict[str, list[dict[str, Any]]]:
    response = client.get(f"/oparl/v1/body/{slug}/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {
        name: [json.loads(line) for line in archive.read(name).decode().splitlines()]
        for name in archive.namelist()
        if name.endswith(".jsonl")
    }


def test_the_published_words_until_the_plan_is_published_again(
    client: Client, scenario: Scenario
) -> None:
    council, slug = scenario.council, scenario.council.slug
    entry = ForwardPlanEntryFactory(
        council=council,
        title=PUBLISHED,
        reference="FP/77",
        description="The depot site is surplus to requirements.",
        key_decision_reason="Over the spending threshold",
        first_published=None,
        decision_date=timezone.localdate() + dt.timedelta(days=40),
    )
    report = scenario.public_report
    report.forward_plan_entry = entry
    report.save()
    publish_plan(council)
    url = f"/oparl/v1/forward-plan-entry/{entry.pk}"
    first = get(client, url)
    assert (first["title"], first["reference"]) == (PUBLISHED, "FP/77")

    # Rewritten on the officer side after publication; the plan is not published again.
    entry.title = DRAFT
    entry.reference = "FP/77-DRAFT"
    entry.description = "Harrowgate Estates offered 1.2m DRAFT-WORDING-7T"
    entry.key_decision_reason = "DRAFT-WORDING-7T reason"
    entry.save()
    obj = get(client, url)
    listed = get(client, f"/oparl/v1/body/{slug}/forward-plan?limit=100")["data"]
    paper = get(client, f"/oparl/v1/paper/{report.pk}")
    export = exported(client, slug)
    seen = json.dumps([obj, listed, paper, export])
    assert "DRAFT-WORDING-7T" not in seen and "FP/77-DRAFT" not in seen
    assert obj["title"] == PUBLISHED
    assert obj["description"] == "The depot site is surplus to requirements."
    assert [e["title"] for e in listed if e["id"] == obj["id"]] == [PUBLISHED]
    assert paper["reference"] == "FP/77"
    assert paper["minutebook:forwardPlanEntry"]["title"] == PUBLISHED
    assert paper["minutebook:keyDecisionReason"] == "Over the spending threshold"
    [in_export] = [e for e in export["forward-plan-entry.jsonl"] if e["id"] == obj["id"]]
    assert in_export["title"] == PUBLISHED

    # Published again: the new words, and a sync since before it sees them.
    before = timezone.now()
    publish_plan(council)
    synced = get(client, f"/oparl/v1/body/{slug}/forward-plan?modified_since={since(before)}")
    [now] = [e for e in synced["data"] if e["id"] == obj["id"]]
    assert (now["title"], now["reference"]) == (DRAFT, "FP/77-DRAFT")
    papers = get(client, f"/oparl/v1/body/{slug}/papers?modified_since={since(before)}")
    [moved] = [p for p in papers["data"] if p["id"] == paper["id"]]
    assert moved["reference"] == "FP/77-DRAFT"
    assert moved["minutebook:forwardPlanEntry"]["title"] == DRAFT
    assert get(client, url)["title"] == DRAFT


def test_forward_plan_list_queries_do_not_grow_with_the_page(
    client: Client, scenario: Scenario
) -> None:
    """The published words are read once per page (one pass over the plan versions)."""
    council = scenario.council
    # Noticed in no stored version (withdrawn before any was kept): read from their rows.
    ForwardPlanEntryFactory.create_batch(3, council=council, is_withdrawn=True)
    for n in range(15):
        ForwardPlanEntryFactory(
            council=council,
            title=f"Matter {n}",
            first_published=None,
            decision_date=timezone.localdate() + dt.timedelta(days=40 + n),
        )
    publish_plan(council)
    publish_plan(council)
    url = f"/oparl/v1/body/{council.slug}/forward-plan"
    counts = []
    for limit in (5, 18):
        with CaptureQueriesContext(connection) as queries:
            page = get(client, f"{url}?limit={limit}")
        assert len(page["data"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_an_entry_is_withdrawn_for_the_public_once_a_plan_leaves_it_out(
    client: Client, scenario: Scenario
) -> None:
    """The withdrawal is news to the public when the next plan is published without the
    entry, as the entry's own page tells it; then its ``modified`` moves, so a client
    that synced in between fetches it again."""
    council = scenario.council
    entry = ForwardPlanEntryFactory(
        council=council,
        title=PUBLISHED,
        first_published=None,
        decision_date=timezone.localdate() + dt.timedelta(days=40),
    )
    publish_plan(council)
    url = f"/oparl/v1/forward-plan-entry/{entry.pk}"
    assert get(client, url)["withdrawn"] is False

    entry.is_withdrawn = True
    entry.save()
    synced = timezone.now()
    # Not yet published: the public (the entry's page, the API) still has it on the plan.
    assert get(client, url)["withdrawn"] is False
    listed = get(client, f"/oparl/v1/body/{council.slug}/forward-plan")["data"]
    assert [e["withdrawn"] for e in listed if e["id"].endswith(f"/{entry.pk}")] == [False]
    page = client.get(f"/{council.slug}/forward-plan/entries/{entry.pk}/").content.decode()
    assert "In the current forward plan" in page

    publish_plan(council)
    obj = get(client, url)
    assert obj["withdrawn"] is True
    assert dt.datetime.fromisoformat(obj["modified"]) >= synced.replace(microsecond=0)
    changed = get(
        client,
        f"/oparl/v1/body/{council.slug}/forward-plan?modified_since={since(synced)}",
    )["data"]
    assert [e["withdrawn"] for e in changed if e["id"].endswith(f"/{entry.pk}")] == [True]
    page = client.get(f"/{council.slug}/forward-plan/entries/{entry.pk}/").content.decode()
    assert "It is not in the current plan" in page
