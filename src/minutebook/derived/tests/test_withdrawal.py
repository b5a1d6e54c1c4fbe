"""Exempt transitions withdraw every public copy at once; the worker rebuilds them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from minutebook.audit.models import AuditEvent
from minutebook.core.exempt import ReleaseNotConfirmed, releasing
from minutebook.derived.graph import rebuild_all
from minutebook.derived.models import StaleCopy
from minutebook.documents.models import Document, MadeFrom
from minutebook.jobs.worker import Worker
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts
from minutebook.reports.models import Report

TOKEN = "WITHDRAWME7Q"


def _public_bytes(client: Client, council: str) -> dict[int, str]:
    """What an anonymous visitor gets at every document address, by id."""
    seen: dict[int, str] = {}
    for pk in Document.officer_objects.values_list("pk", flat=True):
        response = client.get(f"/{council}/documents/{pk}/")
        if response.status_code != 200:
            continue
        data = b"".join(response.streaming_content)
        text = " ".join(page_texts(data)) if data.startswith(b"%PDF") else data.decode("utf-8")
        seen[pk] = text
    return seen


def _current_public(meeting: Meeting, fmt: str = Format.PDF) -> Document | None:
    row = GeneratedDocument.objects.filter(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, format=fmt
    ).first()
    return Document.public_objects.filter(pk=row.document_id).first() if row else None


@pytest.mark.django_db
def test_a_report_made_exempt_withdraws_every_version_of_every_copy_at_once() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting, report = scenario.meeting, scenario.public_report
    council = meeting.committee.council.slug
    report.body += f"\n\nThe figures are in {TOKEN}."
    report.save()
    generate_pack(meeting)
    report.brief_summary = "A revised summary."  # any printed change: a second version
    report.save()
    generate_pack(meeting)
    versions = list(
        Document.officer_objects.filter(made_from__source_type="reports.report")
        .filter(made_from__source_id=report.pk, is_exempt=False)
        .distinct()
    )
    assert len(versions) >= 4  # two versions, PDF and HTML each
    client = Client()
    before = _public_bytes(client, council)
    assert any(TOKEN in text for text in before.values())

    report.exempt_paragraphs = [3]
    report.public_interest_reason = "Commercial terms under negotiation."
    report.save()

    # In the same transaction, before any rebuild: nothing public holds the token.
    after = _public_bytes(client, council)
    assert not [pk for pk, text in after.items() if TOKEN in text]
    for version in versions:
        version = Document.officer_objects.get(pk=version.pk)
        assert version.is_exempt and version.withdrawn_at is not None
        assert "became exempt" in version.withdrawn_reason
    assert client.get(f"{meeting.get_absolute_url()}agenda-pack.pdf").status_code == 404
    # What holds the same content went with it; every withdrawal is audited.
    assert AgendaItem.public_objects.get(pk=scenario.public_item.pk).is_exempt
    assert not Document.public_objects.filter(report=report).exists()
    withdrawn = AuditEvent.objects.filter(action="exempt.withdrawn")
    assert {int(e.object_id) for e in withdrawn} >= {v.pk for v in versions}
    assert StaleCopy.objects.filter(copy="agenda-pack", key=str(meeting.pk)).exists()

    # The worker's rebuild publishes a public pack again, with a restricted page.
    rebuild_all()
    current = _current_public(meeting)
    assert current is not None and current.withdrawn_at is None
    assert TOKEN not in current.extracted_text and "Restricted" in current.extracted_text
    pdf = client.get(f"{meeting.get_absolute_url()}agenda-pack.pdf")
    assert pdf.status_code == 200
    assert TOKEN not in " ".join(page_texts(b"".join(pdf.streaming_content)))
    assert not StaleCopy.objects.exists()


@pytest.mark.django_db
def test_a_release_needs_an_officers_confirmation_and_is_audited() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    report = Report.officer_objects.get(pk=scenario.exempt_report.pk)
    report.exempt_paragraphs = []
    with pytest.raises(ReleaseNotConfirmed):
        report.save()
    assert Report.officer_objects.get(pk=report.pk).is_exempt
    with releasing(reason="The negotiation has concluded."):
        report.save()
    assert Report.public_objects.filter(pk=report.pk).exists()
    event = AuditEvent.objects.get(action="exempt.released")
    assert event.object_id == str(report.pk) and "concluded" in event.reason


@pytest.mark.django_db
def test_a_change_marks_its_copies_stale_in_its_own_transaction() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    rebuild_all()
    item = scenario.public_item
    with pytest.raises(RuntimeError), transaction.atomic():
        item.title = "Library opening hours (revised)"
        item.save()
        assert StaleCopy.objects.filter(copy="agenda-pack", key=str(item.meeting_id)).exists()
        raise RuntimeError("the officer's save fails")
    assert not StaleCopy.objects.exists()  # rolled back with the change
    item.save()
    assert StaleCopy.objects.filter(copy="agenda-pack", key=str(item.meeting_id)).count() == 1


@pytest.mark.django_db
def test_parents_modified_moves_when_an_embedded_row_changes() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting = Meeting.objects.get(pk=scenario.meeting.pk)
    report = Report.officer_objects.get(pk=scenario.public_report.pk)
    item = scenario.public_item
    item.title = "Renamed"
    item.save()
    assert Meeting.objects.get(pk=meeting.pk).modified > meeting.modified
    assert Report.officer_objects.get(pk=report.pk).modified > report.modified


@pytest.mark.django_db
def test_existing_packs_record_what_they_were_made_from() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    generate_pack(scenario.meeting)
    current = _current_public(scenario.meeting)
    assert current is not None
    sources = set(MadeFrom.objects.filter(document=current).values_list("source_type", "source_id"))
    assert ("meetings.meeting", scenario.meeting.pk) in sources
    assert ("reports.report", scenario.public_report.pk) in sources
    assert ("meetings.agendaitem", scenario.public_item.pk) in sources


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_running_a_change_reaches_the_public_pack_in_one_cycle(
    settings: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    generate_pack(meeting)
    Worker(batch=True, interval=0).run()  # whatever the set-up queued
    first = _current_public(meeting)
    assert first is not None

    # An officer moves the meeting: no rebuild is asked for by anyone.
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.start += dt.timedelta(days=1)
    meeting.end = meeting.end + dt.timedelta(days=1) if meeting.end else None
    meeting.save()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued once, at commit
    Worker(batch=True, interval=0).run()

    current = _current_public(meeting)
    assert current is not None and current.version > first.version
    assert "13 March 2025" in current.extracted_text
    assert "12 March 2025" not in current.extracted_text.split("Page")[0]
    assert not StaleCopy.objects.exists()
    # The API's meeting shows the change too (its modified stamp moved, its date is new).
    api = Client().get(f"/oparl/v1/meeting/{meeting.pk}")
    assert api.status_code == 200 and "2025-03-13" in api.json()["start"]


@pytest.mark.django_db
def test_signed_minutes_get_a_redacted_public_version_when_a_minute_becomes_exempt() -> None:
    from minutebook.decisions.factories import MinuteItemFactory
    from minutebook.decisions.models import MinuteItem
    from minutebook.meetings.factories import MeetingFactory
    from minutebook.packs.minutes import approve_minutes, generate_minutes
    from minutebook.packs.models import MinutesRecord

    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    MinutesRecord.objects.create(meeting=meeting, present="Rosa Linton (Chairman)")
    minute = MinuteItemFactory(
        meeting=meeting,
        number=41,
        agenda_item=None,
        title="Depot lease",
        text=f"The tenant's offer was {TOKEN}.",
        resolution="That the lease be granted.",
    )
    generate_minutes(meeting)
    later = MeetingFactory(committee=meeting.committee, start=meeting.start + dt.timedelta(days=28))
    approve_minutes(meeting, later, "Rosa Linton", signed_on=later.date)
    signed = GeneratedDocument.objects.get(
        meeting=meeting, product=Product.MINUTES, audience=Audience.PUBLIC, format=Format.PDF
    )
    assert (
        signed.locked and TOKEN in Document.public_objects.get(pk=signed.document_id).extracted_text
    )

    minute = MinuteItem.officer_objects.get(pk=minute.pk)
    minute.exempt_paragraphs = [3]
    minute.save()
    # Withdrawn at once, every version (the draft and the signed copy).
    assert not Document.public_objects.filter(extracted_text__contains=TOKEN).exists()
    rebuild_all()
    redacted = GeneratedDocument.objects.get(pk=signed.pk)
    document = Document.public_objects.get(pk=redacted.document_id)
    assert redacted.locked and document.version > 1
    assert TOKEN not in document.extracted_text and "paragraph 3" in document.extracted_text
    assert "Signed by Rosa Linton" in " ".join(document.extracted_text.split())


@pytest.mark.django_db
def test_a_report_on_two_agendas_withdraws_the_unsourced_packs_of_both() -> None:
    from minutebook.documents.factories import DocumentFactory
    from minutebook.documents.models import DocumentKind
    from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory

    scenario = build_pack_scenario(paragraphs=1)
    report = Report.officer_objects.get(pk=scenario.public_report.pk)
    other = MeetingFactory(
        committee=scenario.meeting.committee,
        start=scenario.meeting.start + dt.timedelta(days=14),
        published_at=scenario.meeting.published_at,
    )
    AgendaItemFactory(meeting=other, order=1, number="1", title="Again", report=report)
    packs = [
        DocumentFactory(council=report.council, meeting=m, kind=DocumentKind.AGENDA_PACK)
        for m in (scenario.meeting, other)
    ]  # imported packs: they record no sources
    report.exempt_paragraphs = [3]
    report.save()
    for pack in packs:
        assert Document.officer_objects.get(pk=pack.pk).withdrawn_at is not None
