"""A withdrawn item is listed without its papers on every public path, at once.

Withdrawing an agenda item after publication (``meetings.withdrawal``) takes its report
and appendices off the direct document address, the OParl API (the Paper and its Files
deleted, the item without its consultation) and the pack the worker rebuilds; a
withdrawn meeting is ``cancelled`` in OParl, as the calendar feeds mark it.
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
from minutebook.derived.graph import rebuild_all
from minutebook.documents.models import Document
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario


def _json(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    return json.loads(response.content)


def _pack_html(client: Client, meeting: Any) -> str:
    response = client.get(f"{meeting.get_absolute_url()}agenda-pack.html")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_withdrawn_items_papers_leave_every_public_path() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, item, report = scenario.meeting, scenario.public_item, scenario.public_report
    generate_pack(meeting)
    council = meeting.committee.council
    public = Client()
    files = list(Document.public_objects.open_to_inspection().filter(report=report))
    assert len(files) == 2  # the two public appendices; the exempt one never was
    urls = [f"/{council.slug}/documents/{d.pk}/" for d in files]
    for url in urls:
        assert public.get(url).status_code == 200
    assert _json(public, f"/oparl/v1/paper/{report.pk}")["deleted"] is False
    oparl_item = _json(public, f"/oparl/v1/agenda-item/{item.pk}")
    assert "consultation" in oparl_item
    assert "Usage figures" in _pack_html(public, meeting)
    oparl_meeting = _json(public, f"/oparl/v1/meeting/{meeting.pk}")
    assert oparl_meeting["cancelled"] is False

    officer = Client()
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    officer.force_login(user)
    url = reverse("backoffice:item_withdraw", args=[item.pk])
    assert officer.post(url, {"reason": "Created in error."}).status_code == 302

    # At once, before any worker runs: the direct addresses and the API.
    for url in urls:
        assert public.get(url).status_code == 404
    assert _json(public, f"/oparl/v1/paper/{report.pk}")["deleted"] is True
    for document in files:
        assert _json(public, f"/oparl/v1/file/{document.pk}")["deleted"] is True
    oparl_item = _json(public, f"/oparl/v1/agenda-item/{item.pk}")
    assert oparl_item["deleted"] is False and "consultation" not in oparl_item
    assert _json(public, f"/oparl/v1/consultation/{item.pk}")["deleted"] is True
    papers = _json(public, f"/oparl/v1/body/{council.slug}/papers")
    assert f"/oparl/v1/paper/{report.pk}" not in json.dumps(papers)
    page = public.get(f"{meeting.get_absolute_url()}items/{item.number}/").content.decode()
    assert "Usage figures" not in page

    # The worker rebuilds the pack without them.
    rebuild_all()
    assert "Usage figures" not in _pack_html(public, meeting)

    # A meeting withdrawn as created in error will not take place: OParl says cancelled.
    url = reverse("backoffice:meeting_withdraw", args=[meeting.pk])
    assert officer.post(url, {"reason": "Duplicate."}).status_code == 302
    assert _json(public, f"/oparl/v1/meeting/{meeting.pk}")["cancelled"] is True
    listed = _json(public, f"/oparl/v1/body/{council.slug}/meetings")["data"]
    assert [m["cancelled"] for m in listed if m["id"].endswith(f"/meeting/{meeting.pk}")] == [True]
