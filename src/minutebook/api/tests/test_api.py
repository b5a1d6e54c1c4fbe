"""The OParl API's lists, filters, soft deletion, CORS and query budget."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.api import oparl
from minutebook.api.models import Tombstone
from minutebook.core.exempt import releasing
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return json.loads(response.content)


def ids(page: dict[str, Any]) -> list[str]:
    return [o["id"] for o in page["data"]]


def walk(client: Client, url: str) -> list[str]:
    out: list[str] = []
    while url:
        page = get(client, url)
        out += ids(page)
        url = page["links"].get("next")
    return out


def test_keyset_pages_are_stable_and_complete(demo: Any, client: Client) -> None:
    url = f"/oparl/v1/body/{demo.council.slug}/agenda-items"
    small = walk(client, f"{url}?limit=7")
    big = walk(client, f"{url}?limit=100")
    assert small == big and len(small) > 100
    assert len(set(small)) == len(small)
    first = get(client, f"{url}?limit=7")
    # A row added before the cursor does not shift the next page.
    after = first["links"]["next"]
    before = ids(get(client, after))
    meeting = Meeting.objects.filter(committee__council=demo.council, published_at__isnull=False)[0]
    AgendaItem.public_objects.create(
        meeting=meeting, order=999, title="Late item", published_at=timezone.now()
    )
    assert ids(get(client, after)) == before
    assert first["pagination"] == {"elementsPerPage": 7}
    assert first["links"]["first"].endswith("agenda-items?limit=7")


def test_list_filters_and_bad_input(demo: Any, client: Client) -> None:
    url = f"/oparl/v1/body/{demo.council.slug}/meetings"
    everything = walk(client, f"{url}?limit=100")
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk")[1].pk).update(
        modified=timezone.now() + dt.timedelta(days=1)
    )
    since = (timezone.now() + dt.timedelta(hours=12)).isoformat()
    recent = get(client, f"{url}?modified_since={since.replace('+', '%2B')}")
    assert len(recent["data"]) == 1
    assert "modified_since=" in recent["links"]["first"]
    until = get(client, f"{url}?created_until=2000-01-01T00:00:00Z")
    assert until["data"] == []
    assert len(walk(client, f"{url}?created_since=2000-01-01T00:00:00Z&limit=50")) == len(
        everything
    )
    committee = demo.council.committees.order_by("pk")[0]
    own = walk(client, f"{url}?organization={committee.pk}&limit=100")
    assert own and len(own) < len(everything)
    get(client, f"{url}?after=nonsense", 400)
    get(client, f"{url}?after=9.1", 400)
    get(client, f"{url}?limit=0", 400)
    get(client, f"{url}?modified_since=yesterday", 400)
    get(client, "/oparl/v1/body/no-such-council/meetings", 404)
    get(client, "/oparl/v1/meeting/999999", 404)


def test_cors_on_every_response(demo: Any, client: Client) -> None:
    for url in ("/oparl/v1/", "/oparl/v1/meeting/999999", "/oparl/v1/bodies?limit=0"):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"


def test_exempt_item_is_metadata_only(demo: Any, client: Client) -> None:
    item = AgendaItem.public_objects.open_to_inspection().filter(is_exempt=True).first()
    assert item is not None and item.report_id is not None
    obj = get(client, f"/oparl/v1/agenda-item/{item.pk}")
    assert obj["public"] is False
    assert obj["name"] == item.title
    assert obj["minutebook:exemptParagraphs"] == item.exempt_paragraphs
    assert "consultation" not in obj and "resolutionText" not in obj
    # The exempt report is no Paper and its consultation is no Consultation.
    get(client, f"/oparl/v1/paper/{item.report_id}", 404)
    get(client, f"/oparl/v1/consultation/{item.pk}", 404)


def test_unpublished_agenda_is_not_listed(demo: Any, client: Client) -> None:
    meeting = Meeting.objects.filter(
        committee__council=demo.council, published_at__isnull=False, is_imported=False
    ).first()
    assert meeting is not None and meeting.agenda_items.exists()
    Meeting.objects.filter(pk=meeting.pk).update(published_at=None)
    obj = get(client, f"/oparl/v1/meeting/{meeting.pk}")
    assert "agendaItem" not in obj
    hidden = meeting.agenda_items.first()
    get(client, f"/oparl/v1/agenda-item/{hidden.pk}", 404)


def test_soft_deletion(demo: Any, client: Client) -> None:
    slug = demo.council.slug
    start = timezone.now() - dt.timedelta(seconds=1)
    stamp = start.isoformat().replace("+", "%2B")
    report = Report.public_objects.filter(
        council=demo.council, agenda_items__meeting__published_at__isnull=False
    ).first()
    assert report is not None
    get(client, f"/oparl/v1/paper/{report.pk}")
    report.exempt_paragraphs = [3]
    report.save()
    gone = get(client, f"/oparl/v1/paper/{report.pk}")
    assert gone["deleted"] is True
    # Nothing but dates and the deleted markers of what it embedded.
    assert set(gone) - {"mainFile", "consultation", "auxiliaryFile"} == {
        "id",
        "type",
        "created",
        "modified",
        "deleted",
    }
    assert gone["mainFile"]["deleted"] is True
    assert all(c["deleted"] is True for c in gone.get("consultation", []))
    # Deleted, it keeps when it was made (OParl: id, type and created stay).
    assert gone["created"] == oparl.when(report.created)
    synced = walk(client, f"/oparl/v1/body/{slug}/papers?modified_since={stamp}&limit=100")
    assert synced[-1] == gone["id"]
    # Its created is kept, so the created filters place its tombstone too.
    made = (report.created + dt.timedelta(seconds=1)).isoformat().replace("+", "%2B")
    papers = f"/oparl/v1/body/{slug}/papers?modified_since={stamp}&limit=100"
    assert gone["id"] in walk(client, f"{papers}&created_until={made}")
    assert gone["id"] not in walk(client, f"{papers}&created_since={made}")
    # Without modified_since a list shows live objects only.
    assert gone["id"] not in walk(client, f"/oparl/v1/body/{slug}/papers?limit=100")
    # Made public again, its agenda items stay exempt until an officer clears them too.
    report.exempt_paragraphs = []
    with releasing(reason="An officer confirmed the release."):
        report.save()
    assert get(client, f"/oparl/v1/paper/{report.pk}")["deleted"] is True
    for item in AgendaItem.public_objects.filter(report_id=report.pk):
        item.exempt_paragraphs = []
        with releasing(reason="An officer confirmed the release."):
            item.save()
    # Then alive again, no tombstone.
    assert get(client, f"/oparl/v1/paper/{report.pk}")["deleted"] is False
    assert not Tombstone.objects.filter(oparl_type="Paper", object_id=report.pk).exists()
    meeting = Meeting.objects.filter(committee__council=demo.council).order_by("pk").last()
    items = list(meeting.agenda_items.values_list("pk", flat=True))
    meeting_id = meeting.pk
    meeting.delete()
    assert get(client, f"/oparl/v1/meeting/{meeting_id}")["deleted"] is True
    assert Tombstone.objects.filter(oparl_type="AgendaItem", object_id__in=items).count() == len(
        items
    )
    synced = walk(client, f"/oparl/v1/body/{slug}/meetings?modified_since={stamp}")
    assert synced[-1].endswith(f"/meeting/{meeting_id}")


@pytest.mark.parametrize(
    "segment",
    [
        "meetings",
        "agenda-items",
        "papers",
        "people",
        "files",
        "consultations",
        "memberships",
    ],
)
def test_list_queries_do_not_grow_with_the_page(demo: Any, client: Client, segment: str) -> None:
    url = f"/oparl/v1/body/{demo.council.slug}/{segment}"
    counts = []
    sizes = []
    for limit in (10, 60):
        with CaptureQueriesContext(connection) as queries:
            page = get(client, f"{url}?limit={limit}")
        sizes.append(len(page["data"]))
        counts.append(len(queries))
    assert sizes[0] == 10 and sizes[1] > 10
    assert counts[0] == counts[1], counts
    # A fixed budget: a meeting embeds its items with their votes and declarations, its
    # attendance and files (measured: 18 queries on PostgreSQL for 10 and for 60 meetings).
    assert counts[1] <= 18
