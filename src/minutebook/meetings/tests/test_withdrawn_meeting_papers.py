"""A withdrawn meeting, or a withdrawn item, takes every public copy of its papers down at once.

Withdrawing a meeting (``meetings.withdrawal``) lists every item without its papers, as
withdrawing one item does: the reports' and appendices' document addresses answer 404,
search drops them, OParl marks them deleted, and no version of the agenda pack (PDF and
HTML) that printed them is served; the worker's rebuild is the notice of the withdrawal,
listing the items without their papers. Withdrawing an item withdraws every version of the packs that printed it
in the same transaction (as an exemption does), so the public pack addresses never serve
a pack holding the withdrawn papers; the page says a new pack is being prepared until the
worker's rebuild lands.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.audit.models import AuditEvent
from minutebook.documents.models import Document, MadeFrom
from minutebook.jobs.worker import Worker
from minutebook.meetings.models import Meeting
from minutebook.packs.models import Audience, GeneratedDocument, Product
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts
from minutebook.search.models import EntryKind, SearchEntry

APPENDIX = "USAGE-FIGURES"  # printed on the public report's first appendix


def _officer(council: Any) -> Client:
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    data = b"".join(response.streaming_content)
    return " ".join(page_texts(data)) if data.startswith(b"%PDF") else data.decode("utf-8")


def _pack_ids(meeting: Meeting) -> set[int]:
    """Every public pack file of the meeting, PDF and HTML, each version."""
    return set(
        MadeFrom.objects.filter(source_type="meetings.meeting", source_id=meeting.pk)
        .filter(document__kind="agenda_pack", document__is_exempt=False)
        .values_list("document_id", flat=True)
    )


def _served(client: Client, council: str, ids: set[int]) -> dict[int, str]:
    out = {}
    for pk in sorted(ids):
        response = client.get(f"/{council}/documents/{pk}/")
        if response.status_code == 200:
            out[pk] = _text(response)
    return out


@pytest.fixture
def worker_queue(settings: Any) -> None:
    """Tasks go to the database queue and wait for the worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True


def _json(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    return json.loads(response.content)


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_meetings_papers_and_pack_leave_every_public_path(worker_queue: None) -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, report = scenario.meeting, scenario.public_report
    council = meeting.committee.council
    generate_pack(meeting)
    Worker(batch=True, interval=0).run()  # whatever the set-up queued
    public = Client()
    files = list(Document.public_objects.open_to_inspection().filter(report=report))
    assert len(files) == 2
    packs = _pack_ids(meeting)
    assert len(packs) == 2  # PDF and HTML
    watched = {d.pk for d in files} | packs
    assert set(_served(public, council.slug, watched)) == watched
    for fmt in ("pdf", "html"):
        response = public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}")
        assert response.status_code == 200 and APPENDIX in _text(response)
    links = [f"/{council.slug}/documents/{d.pk}/" for d in files]
    found = public.get(f"/{council.slug}/search/", {"q": "Usage figures"}).content.decode()
    assert links[0] in found
    assert SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=report.pk).exists()

    url = reverse("backoffice:meeting_withdraw", args=[meeting.pk])
    assert _officer(council).post(url, {"reason": "Duplicate."}).status_code == 302

    # At once, before any worker runs: no report file, no pack, by any address.
    assert _served(public, council.slug, watched) == {}
    for fmt in ("pdf", "html"):
        assert public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}").status_code == 404
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert "A new agenda pack is being prepared" in page and "agenda-pack.pdf" not in page
    item_page = public.get(f"{meeting.get_absolute_url()}items/{scenario.public_item.number}/")
    assert "Usage figures" not in item_page.content.decode()
    found = public.get(f"/{council.slug}/search/", {"q": "Usage figures"}).content.decode()
    assert not [link for link in links if link in found]
    assert not SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=report.pk).exists()
    assert _json(public, f"/oparl/v1/paper/{report.pk}")["deleted"] is True
    assert "consultation" not in _json(public, f"/oparl/v1/agenda-item/{scenario.public_item.pk}")
    assert _json(public, f"/oparl/v1/consultation/{scenario.public_item.pk}")["deleted"] is True
    for pk in watched:
        assert _json(public, f"/oparl/v1/file/{pk}")["deleted"] is True
    assert AuditEvent.objects.filter(action="copy.withdrawn").count() == len(packs)

    # The worker rebuilds the pack as the notice of the withdrawal, without the papers.
    Worker(batch=True, interval=0).run()
    # (the rebuild saves the items: their consultations stay deleted for syncing clients)
    assert _json(public, f"/oparl/v1/consultation/{scenario.public_item.pk}")["deleted"] is True
    assert _json(public, f"/oparl/v1/paper/{report.pk}")["deleted"] is True
    for fmt in ("pdf", "html"):
        response = public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}")
        assert response.status_code == 200
        text = _text(response)
        assert "Withdrawn: Duplicate." in text and APPENDIX not in text
        assert "Usage figures" not in text
    everything = set(Document.officer_objects.values_list("pk", flat=True))
    assert not [t for t in _served(public, council.slug, everything).values() if APPENDIX in t]


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_items_pack_is_withheld_until_the_worker_rebuilds_it(
    worker_queue: None,
) -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, item = scenario.meeting, scenario.public_item
    council = meeting.committee.council
    generate_pack(meeting)
    item.title = "Library opening hours (revised)"
    item.save()
    generate_pack(meeting)  # a second version: both still hold the appendix
    Worker(batch=True, interval=0).run()  # whatever the set-up queued
    public = Client()
    versions = _pack_ids(meeting)
    assert len(versions) == 4
    held = _served(public, council.slug, versions)
    assert len(held) == 4 and all(APPENDIX in text for text in held.values())

    url = reverse("backoffice:item_withdraw", args=[item.pk])
    assert _officer(council).post(url, {"reason": "Created in error."}).status_code == 302

    # At once: no version of the pack is served, by the stable addresses or by id.
    for fmt in ("pdf", "html"):
        assert public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}").status_code == 404
    assert _served(public, council.slug, versions) == {}
    for pk in versions:
        document = Document.officer_objects.get(pk=pk)
        assert document.withdrawn_at is not None and not document.is_exempt
        assert "withdrawn: Created in error." in document.withdrawn_reason
        assert _json(public, f"/oparl/v1/file/{pk}")["deleted"] is True
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert "A new agenda pack is being prepared" in page and "agenda-pack.pdf" not in page

    # The worker, as it runs, rebuilds the pack without the withdrawn papers.
    Worker(batch=True, interval=0).run()
    for fmt in ("pdf", "html"):
        response = public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}")
        assert response.status_code == 200
        text = _text(response)
        assert APPENDIX not in text and "(Withdrawn)" in text
    page = public.get(meeting.get_absolute_url()).content.decode()
    assert "agenda-pack.pdf" in page and "being prepared" not in page
    current = GeneratedDocument.objects.filter(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC
    )
    assert all(Document.public_objects.filter(pk=g.document_id).exists() for g in current)
