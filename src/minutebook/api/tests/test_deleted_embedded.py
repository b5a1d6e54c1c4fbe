"""Deletions a client sees through the parent it re-reads (meine-stadt-transparent syncs
this way): a deleted Paper lists the deleted markers of its consultations and files, and
a superseded file (a rebuilt pack) is a deleted marker, not a live File no list holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.api.tests.conftest import oparl_validators, schema_errors
from minutebook.meetings import services
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import generate_pack

pytestmark = pytest.mark.django_db


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return json.loads(response.content)


def path(oparl_id: str) -> str:
    return oparl_id.removeprefix("http://testserver")


def test_a_paper_made_exempt_lists_its_embedded_objects_as_deleted(
    demo: Any, client: Client
) -> None:
    item = (
        AgendaItem.public_objects.filter(
            meeting__committee__council=demo.council,
            meeting__published_at__isnull=False,
            report__isnull=False,
            is_exempt=False,
            withdrawn_at=None,
        )
        .order_by("pk")
        .first()
    )
    assert item is not None
    paper = get(client, f"/oparl/v1/paper/{item.report_id}")
    assert paper["deleted"] is False
    embedded = [c["id"] for c in paper.get("consultation", [])]
    embedded += [f["id"] for f in paper.get("auxiliaryFile", [])]
    embedded.append(paper["mainFile"]["id"])
    assert any("/consultation/" in i for i in embedded)

    services.mark_exempt(item, [3], "Tender prices under negotiation.")

    gone = get(client, f"/oparl/v1/paper/{item.report_id}")
    assert gone["deleted"] is True
    listed = {gone["mainFile"]["id"]}
    listed |= {c["id"] for c in gone.get("consultation", [])}
    listed |= {f["id"] for f in gone.get("auxiliaryFile", [])}
    # Every object the live Paper embedded is in the marker, and deleted at its own id.
    assert set(embedded) <= listed
    for oparl_id in listed:
        assert get(client, path(oparl_id))["deleted"] is True, oparl_id
    validators = oparl_validators()
    problems = schema_errors(validators, gone)
    for child in [gone["mainFile"], *gone.get("consultation", []), *gone.get("auxiliaryFile", [])]:
        problems += schema_errors(validators, child)
    assert problems == []


def test_a_rebuilt_pack_leaves_a_deleted_marker_for_the_old_version(
    demo: Any, client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = (
        Meeting.objects.filter(committee__council=demo.council, published_at__isnull=False)
        .filter(agenda_items__report__isnull=False)
        .order_by("-start")
        .first()
    )
    assert meeting is not None
    generate_pack(meeting)
    stamp = (timezone.now() - dt.timedelta(seconds=1)).isoformat().replace("+", "%2B")
    first = get(client, f"/oparl/v1/meeting/{meeting.pk}")["invitation"]["id"]
    item = AgendaItem.public_objects.filter(meeting=meeting).order_by("order").first()
    assert item is not None
    item.title = f"{item.title} (amended)"
    item.save()
    generate_pack(meeting)
    current = GeneratedDocument.objects.get(
        meeting=meeting,
        product=Product.AGENDA_PACK,
        audience=Audience.PUBLIC,
        format=Format.PDF,
        supplement=None,
    )
    now = get(client, f"/oparl/v1/meeting/{meeting.pk}")["invitation"]["id"]
    assert now != first
    assert now.endswith(f"/file/{current.document_id}")
    old = get(client, path(first))
    assert old["deleted"] is True
    assert schema_errors(oparl_validators(), old) == []
    # A client syncing the files list by date sees it go too.
    url = f"/oparl/v1/body/{demo.council.slug}/files?modified_since={stamp}&limit=100"
    seen: dict[str, bool] = {}
    while url:
        page = get(client, url)
        seen |= {o["id"]: o["deleted"] for o in page["data"]}
        url = page["links"].get("next")
    assert seen.get(first) is True
    assert seen.get(now) is False


def test_a_sync_page_of_deleted_papers_costs_the_same_for_one_or_many(
    demo: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    """The deleted markers' embedded children are read for the page at once: a query per
    child (and per Paper) made a page of 20 deleted Papers cost hundreds."""
    items = list(
        AgendaItem.public_objects.filter(
            meeting__committee__council=demo.council,
            meeting__published_at__isnull=False,
            report__isnull=False,
            is_exempt=False,
            withdrawn_at=None,
        ).order_by("pk")[:6]
    )
    assert len(items) == 6
    body = get(client, f"/oparl/v1/body/{demo.council.slug}")
    since = (timezone.now() - dt.timedelta(seconds=5)).isoformat(timespec="seconds")
    url = f"{path(body['paper'])}?modified_since={since}&limit=100"

    def deleted_children(page: dict[str, Any]) -> int:
        return sum(
            len(p.get("consultation", [])) + len(p.get("auxiliaryFile", []))
            for p in page["data"]
            if p["deleted"]
        )

    services.mark_exempt(items[0], [3], "Tender prices under negotiation.")
    with django_assert_max_num_queries(30) as one:
        first = get(client, url)
    assert deleted_children(first) >= 1
    for item in items[1:]:
        services.mark_exempt(item, [3], "Tender prices under negotiation.")
    with django_assert_max_num_queries(30) as many:
        page = get(client, url)
    assert deleted_children(page) > deleted_children(first)
    assert len(many.captured_queries) <= len(one.captured_queries) + 2
