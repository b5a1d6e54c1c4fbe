"""A meeting deleted (created in error) takes every version of its packs with it.

A rebuilt pack's earlier version is detached from the meeting (``meeting=None``) and
reachable only through the new version's ``replaces``. Found by the API's sync property
test: once the meeting and its current pack were deleted, the earlier version belonged to
no meeting and was replaced by nothing, so it came back as a current public file (listed
live by OParl while its deleted marker was listed too, and served at its address).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from minutebook.documents.models import Document
from minutebook.meetings.models import Meeting
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.tasks import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db


def _current_public_pdf(meeting: Meeting) -> int:
    row = GeneratedDocument.objects.get(
        meeting=meeting,
        product=Product.AGENDA_PACK,
        audience=Audience.PUBLIC,
        format=Format.PDF,
    )
    return int(row.document_id)


def test_deleting_a_meeting_deletes_the_earlier_versions_of_its_pack() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    generate_pack.enqueue(meeting.pk)
    first = _current_public_pdf(meeting)
    report = Report.officer_objects.get(pk=scenario.public_report.pk)
    report.body = "1. New section\nA rewritten report."
    report.save()
    generate_pack.enqueue(meeting.pk)
    second = _current_public_pdf(meeting)
    assert second != first
    assert Document.officer_objects.get(pk=first).meeting_id is None  # detached, kept

    council = meeting.committee.council
    client = Client()
    assert client.get(f"/{council.slug}/documents/{first}/").status_code == 200

    Meeting.objects.get(pk=meeting.pk).delete()

    assert not Document.officer_objects.filter(pk__in=[first, second]).exists()
    assert client.get(f"/{council.slug}/documents/{first}/").status_code == 404
    listed = json.loads(client.get(f"/oparl/v1/body/{council.slug}/files").content)
    live = {o["id"].rsplit("/", 1)[-1] for o in listed["data"] if not o.get("deleted")}
    assert str(first) not in live and str(second) not in live
