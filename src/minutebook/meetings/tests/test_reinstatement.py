"""A meeting or item withdrawn by mistake is reinstated: its papers come back on every
public path (document addresses, the item page, search, OParl) and the worker rebuilds the
agenda pack with them; refusals are shown on the form, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.audit.models import AuditEvent
from minutebook.documents.models import Document
from minutebook.jobs.worker import Worker
from minutebook.meetings.models import AgendaItem, MeetingState
from minutebook.meetings.tests.test_withdrawn_meeting_papers import (
    APPENDIX,
    _json,
    _officer,
    _pack_ids,
    _served,
    _text,
    worker_queue,  # noqa: F401 - the fixture, used by name
)
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.search.models import EntryKind, SearchEntry


def _public_state(public: Client, scenario: Any) -> dict[str, Any]:
    """What the public sees of the scenario's public report, on each path."""
    meeting, report, item = scenario.meeting, scenario.public_report, scenario.public_item
    council = meeting.committee.council.slug
    files = {d.pk for d in Document.officer_objects.filter(report=report)}
    packs = {}
    for fmt in ("pdf", "html"):
        response = public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}")
        packs[fmt] = _text(response) if response.status_code == 200 else None
    item_page = public.get(f"{meeting.get_absolute_url()}items/{item.number}/")
    return {
        "files": set(_served(public, council, files)),
        "item page has the report": "Usage figures" in item_page.content.decode(),
        "searchable": SearchEntry.objects.filter(
            kind=EntryKind.REPORT, object_id=report.pk
        ).exists(),
        "paper deleted": _json(public, f"/oparl/v1/paper/{report.pk}").get("deleted", False),
        "consultation deleted": _json(public, f"/oparl/v1/consultation/{item.pk}").get(
            "deleted", False
        ),
        "packs hold the appendix": {k: v is not None and APPENDIX in v for k, v in packs.items()},
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", ["meeting", "item"])
@pytest.mark.usefixtures("worker_queue")
def test_a_reinstated_meeting_or_item_is_back_on_every_public_path(what: str) -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, item = scenario.meeting, scenario.public_item
    council = meeting.committee.council
    generate_pack(meeting)
    Worker(batch=True, interval=0).run()
    public = Client()
    before = _public_state(public, scenario)
    assert before["files"] and before["packs hold the appendix"] == {"pdf": True, "html": True}
    officer = _officer(council)
    target = meeting if what == "meeting" else item
    withdraw = reverse(f"backoffice:{what}_withdraw", args=[target.pk])
    assert officer.post(withdraw, {"reason": "Duplicate."}).status_code == 302
    Worker(batch=True, interval=0).run()
    gone = _public_state(public, scenario)
    assert gone["files"] == set() and not gone["searchable"] and gone["paper deleted"]
    withdrawn_packs = _pack_ids(meeting)

    # The officer's meeting page offers the reinstatement; the form needs a reason.
    page = officer.get(reverse("backoffice:meeting", args=[meeting.pk])).content.decode()
    reinstate = reverse(f"backoffice:{what}_reinstate", args=[target.pk])
    assert reinstate in page
    refused = officer.post(reinstate, {"reason": ""})
    assert (
        refused.status_code == 400 and "Give the reason for reinstating" in refused.content.decode()
    )
    assert officer.post(reinstate, {"reason": "Withdrawn by mistake."}).status_code == 302

    # At once, before the worker runs: the papers are public again, search and OParl too.
    back = _public_state(public, scenario)
    assert back["files"] == before["files"]
    assert back["item page has the report"] and back["searchable"]
    assert not back["paper deleted"] and not back["consultation deleted"]
    target.refresh_from_db()
    assert target.withdrawn_at is None and target.withdrawal_reason == ""
    # The worker rebuilds the pack with the papers; the withdrawn versions stay withdrawn.
    Worker(batch=True, interval=0).run()
    rebuilt = _public_state(public, scenario)
    assert rebuilt["packs hold the appendix"] == {"pdf": True, "html": True}
    for fmt in ("pdf", "html"):
        text = _text(public.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}"))
        assert "Withdrawn" not in text
    assert not Document.public_objects.filter(pk__in=withdrawn_packs - _pack_ids(meeting)).exists()
    assert all(
        Document.officer_objects.get(pk=pk).withdrawn_at is not None
        for pk in withdrawn_packs
        if not Document.public_objects.filter(pk=pk).exists()
    )
    reasons = list(AuditEvent.objects.values_list("reason", flat=True))
    assert "Withdrawn: Duplicate." in reasons and "Reinstated: Withdrawn by mistake." in reasons


@pytest.mark.django_db
def test_reinstatement_is_refused_on_the_form_when_it_cannot_be() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, item = scenario.meeting, scenario.public_item
    officer = _officer(meeting.committee.council)
    item_url = reverse("backoffice:item_reinstate", args=[item.pk])
    meeting_url = reverse("backoffice:meeting_reinstate", args=[meeting.pk])
    # Not withdrawn
    response = officer.post(item_url, {"reason": "Why not."})
    assert response.status_code == 400 and "The item is not withdrawn." in response.content.decode()
    response = officer.post(meeting_url, {"reason": "Why not."})
    assert "The meeting is not withdrawn." in response.content.decode()
    # An item of a withdrawn meeting: the meeting first
    withdraw = reverse("backoffice:item_withdraw", args=[item.pk])
    assert officer.post(withdraw, {"reason": "Duplicate."}).status_code == 302
    withdraw = reverse("backoffice:meeting_withdraw", args=[meeting.pk])
    assert officer.post(withdraw, {"reason": "Duplicate."}).status_code == 302
    response = officer.post(item_url, {"reason": "Back."})
    assert "reinstate the meeting first" in response.content.decode()
    # A meeting held: its record stands
    meeting.refresh_from_db()
    meeting.state = MeetingState.HELD
    meeting.save(update_fields=["state"])
    response = officer.post(meeting_url, {"reason": "Back."})
    assert "The meeting has been held" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.withdrawn_at is not None
    assert AgendaItem.public_objects.get(pk=item.pk).withdrawn_at is not None
