"""Packs and minutes stored as versioned Documents, served from the meeting page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.packs.minutes import approve_minutes, generate_minutes
from minutebook.packs.models import (
    Audience,
    Format,
    GeneratedDocument,
    MinutesRecord,
    MinutesState,
    Product,
)
from minutebook.packs.services import MinutesLocked, Output, store
from minutebook.packs.tasks import generate_pack
from minutebook.packs.tests.builders import CANARY, build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db


def generated(meeting, product=Product.AGENDA_PACK):  # type: ignore[no-untyped-def]
    return {
        (g.audience, g.format): g
        for g in GeneratedDocument.objects.filter(meeting=meeting, product=product)
    }


def test_task_stores_public_and_members_packs_and_serves_them() -> None:
    scenario = build_pack_scenario(paragraphs=2)
    meeting = scenario.meeting
    result = generate_pack.enqueue(meeting.pk)
    assert len(result.return_value) == 4

    rows = generated(meeting)
    public_pdf = Document.public_objects.get(pk=rows[Audience.PUBLIC, Format.PDF].document_id)
    public_html = Document.public_objects.get(pk=rows[Audience.PUBLIC, Format.HTML].document_id)
    members_id = rows[Audience.MEMBERS, Format.PDF].document_id
    assert not Document.public_objects.filter(pk=members_id).exists()
    members_pdf = Document.officer_objects.get(pk=members_id)
    assert members_pdf.is_exempt and members_pdf.exempt_paragraphs == [3]
    assert public_pdf.kind == DocumentKind.AGENDA_PACK and not public_pdf.is_exempt
    assert public_pdf.pages == rows[Audience.PUBLIC, Format.PDF].pages
    assert len(public_pdf.sha256) == 64
    assert CANARY not in public_pdf.extracted_text
    assert CANARY in members_pdf.extracted_text
    assert public_html.media_type == "text/html"

    # The agenda now carries the pack's page ranges.
    item = AgendaItem.public_objects.get(pk=scenario.public_item.pk)
    assert item.first_page is not None and item.last_page >= item.first_page

    client = Client()
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    pdf_url = f"{meeting.get_absolute_url()}agenda-pack.pdf"
    html_url = f"{meeting.get_absolute_url()}agenda-pack.html"
    assert f'href="{pdf_url}"' in body and f'href="{html_url}"' in body
    assert CANARY not in body
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content)
    assert data == public_pdf.file.open("rb").read()
    assert not any(CANARY in t for t in page_texts(data))
    html = b"".join(client.get(html_url).streaming_content).decode()
    assert 'lang="en-GB"' in html and CANARY not in html
    # The members' pack is not reachable through the public document address.
    council = meeting.committee.council.slug
    assert client.get(f"/{council}/documents/{members_id}/").status_code == 404
    assert client.get(f"{meeting.get_absolute_url()}agenda-pack.txt").status_code == 404
    # Before publication (s100B(1)) the pack is not open to inspection, even if built.
    Meeting.objects.filter(pk=meeting.pk).update(published_at=None)
    assert client.get(pdf_url).status_code == 404


def test_regenerated_only_when_sources_change() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    generate_pack.enqueue(meeting.pk)
    first = generated(meeting)[Audience.PUBLIC, Format.PDF]
    generate_pack.enqueue(meeting.pk)
    again = generated(meeting)[Audience.PUBLIC, Format.PDF]
    assert again.document_id == first.document_id, "nothing changed: same version"

    report = Report.officer_objects.get(pk=scenario.public_report.pk)
    report.body = "1. New section\nA rewritten report."
    report.save()
    generate_pack.enqueue(meeting.pk)
    new = generated(meeting)[Audience.PUBLIC, Format.PDF]
    assert new.fingerprint != first.fingerprint
    doc = Document.public_objects.get(pk=new.document_id)
    old = Document.public_objects.get(pk=first.document_id)
    assert doc.version == 2 and doc.replaces_id == old.pk
    assert old.meeting_id is None and doc.meeting_id == meeting.pk
    assert "A rewritten report." in doc.extracted_text
    assert old.sha256 != doc.sha256


def test_minutes_draft_then_approved_and_locked() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    MinutesRecord.objects.create(
        meeting=meeting,
        present="Rosa Linton (Chairman)\nOwen Marchbank",
        apologies="Tom Quayle",
        votes={"41": "For 3, against 1"},
    )
    MinuteItemFactory(
        meeting=meeting,
        number=41,
        agenda_item=scenario.public_item,
        title="Library opening hours",
        text="Members discussed the proposals.",
        resolution="That the longer hours be agreed.",
    )
    MinuteItemFactory(
        meeting=meeting,
        number=42,
        agenda_item=scenario.exempt_item,
        title=f"Depot {CANARY}",
        text=CANARY,
        resolution=CANARY,
        exempt_paragraphs=[3],
    )
    DecisionFactory(
        meeting=meeting, title="Library hours", decision="To agree the hours.", reasons="Demand."
    )
    generate_minutes(meeting)
    rows = generated(meeting, Product.MINUTES)
    assert set(rows) == {
        (Audience.PUBLIC, Format.PDF),
        (Audience.PUBLIC, Format.HTML),
        (Audience.MEMBERS, Format.PDF),
        (Audience.MEMBERS, Format.HTML),
    }
    draft = Document.public_objects.get(pk=rows[Audience.PUBLIC, Format.PDF].document_id)
    text = " ".join(draft.extracted_text.split())
    assert "Draft" in text and "Rosa Linton (Chairman)" in text and "Tom Quayle" in text
    assert "41. Library opening hours" in text and "For 3, against 1" in text
    assert "That the longer hours be agreed." in text and "To agree the hours." in text
    assert "42. Disposal of the depot" in text and "paragraph 3" in text
    assert CANARY not in text
    members = Document.officer_objects.get(pk=rows[Audience.MEMBERS, Format.PDF].document_id)
    assert members.is_exempt and CANARY in members.extracted_text

    later = MeetingFactory(committee=meeting.committee, start=meeting.start + dt.timedelta(days=28))
    approve_minutes(meeting, later, "Rosa Linton", signed_on=later.date)
    record = MinutesRecord.objects.get(meeting=meeting)
    assert record.state == MinutesState.APPROVED
    rows = generated(meeting, Product.MINUTES)
    assert all(g.locked for g in rows.values())
    approved = Document.public_objects.get(pk=rows[Audience.PUBLIC, Format.PDF].document_id)
    assert approved.version == 2 and approved.replaces_id == draft.pk
    approved_text = " ".join(approved.extracted_text.split())
    assert "Approved as a correct record" in approved_text
    assert "Signed by Rosa Linton" in approved_text

    with pytest.raises(MinutesLocked):
        generate_minutes(meeting)
    with pytest.raises(MinutesLocked):
        store(
            meeting,
            Product.MINUTES,
            Output(Audience.PUBLIC, Format.HTML, b"<p>rewritten</p>", None, []),
            "0" * 64,
            "Minutes",
        )
    with pytest.raises(MinutesLocked):
        approve_minutes(meeting, later, "Someone else")
    assert GeneratedDocument.objects.get(pk=rows[Audience.PUBLIC, Format.PDF].pk).document_id == (
        approved.pk
    )


def test_minutes_approved_only_at_a_later_meeting() -> None:
    scenario = build_pack_scenario(paragraphs=1)
    earlier = MeetingFactory(
        committee=scenario.meeting.committee,
        start=scenario.meeting.start - dt.timedelta(days=7),
    )
    with pytest.raises(ValueError):
        approve_minutes(scenario.meeting, earlier, "Rosa Linton", timezone.localdate())


def test_minutes_read_the_attendance_register_and_motions() -> None:
    from minutebook.attendance.models import Attendance, AttendanceStatus, Capacity
    from minutebook.committees.models import Membership
    from minutebook.minutes.models import Motion, MotionOutcome, VoteMethod

    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    seats = list(
        Membership.objects.filter(committee=meeting.committee)
        .select_related("person")
        .order_by("person__last_name")
    )
    for seat, status in zip(
        seats,
        [AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES],
        strict=False,
    ):
        Attendance.objects.create(
            meeting=meeting,
            person=seat.person,
            membership=seat,
            capacity=Capacity.MEMBER,
            status=status,
            has_vote=True,
            counts_to_quorum=status == AttendanceStatus.PRESENT,
        )
    minute = MinuteItemFactory(meeting=meeting, number=7, title="Library opening hours")
    Motion.objects.create(
        minute_item=minute,
        text="That the longer hours be agreed.",
        proposer=seats[0].person,
        seconder=seats[1].person,
        outcome=MotionOutcome.CARRIED,
        vote_method=VoteMethod.COUNTS,
        votes_for=2,
        votes_against=0,
        abstentions=0,
    )
    generate_minutes(meeting)
    row = generated(meeting, Product.MINUTES)[Audience.PUBLIC, Format.PDF]
    text = " ".join(Document.public_objects.get(pk=row.document_id).extracted_text.split())
    assert "Present Rosa Linton Owen Marchbank Apologies Priya Nayar" in text
    assert "Proposed by Rosa Linton, seconded by Owen Marchbank. Carried" in text
    assert "For 2, against 0, abstained 0" in text


def test_refresh_rebuilds_only_changed_upcoming_packs() -> None:
    from minutebook.meetings.models import Meeting
    from minutebook.packs.tasks import refresh_packs

    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    soon = timezone.now() + dt.timedelta(days=10)
    Meeting.objects.filter(pk=meeting.pk).update(start=soon, end=soon + dt.timedelta(hours=2))
    assert refresh_packs.enqueue().return_value == 1
    first = generated(meeting)[Audience.PUBLIC, Format.PDF].document_id
    refresh_packs.enqueue()
    assert generated(meeting)[Audience.PUBLIC, Format.PDF].document_id == first
    AgendaItem.public_objects.filter(pk=scenario.public_item.pk).update(title="Library hours")
    refresh_packs.enqueue()
    new = Document.public_objects.get(
        pk=generated(meeting)[Audience.PUBLIC, Format.PDF].document_id
    )
    assert new.version == 2 and "Library hours" in new.extracted_text
