"""The pack's source: a supplement prints the reports it publishes, and a moved meeting's
pack is rebuilt with the new date, time and venue.

Real builds: the meeting services publish, ``generate_pack`` renders the PDF, and
``pdf_text`` reads back what a reader of the PDF sees.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.factories import AppendixFactory
from minutebook.documents.models import Document
from minutebook.meetings import services
from minutebook.meetings.factories import VenueFactory
from minutebook.meetings.models import Meeting
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import generate_pack, pdf_text
from minutebook.packs.source import build_source, long_date
from minutebook.packs.tests.builders import appendix_pdf
from minutebook.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

LATE_TEXT = "Spending stands within budget at month nine"
APPENDIX_MARKER = "MONTH-NINE-FIGURES"


def _meeting() -> Meeting:
    council = CouncilFactory(slug="fenmoor", bank_holiday_region="ENG")
    committee = CommitteeFactory(council=council, slug="cabinet", name="Cabinet")
    start = timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    meeting = services.create_meeting(
        committee,
        start=start,
        end=start + dt.timedelta(hours=2),
        venue=VenueFactory(council=council, name="Council Chamber", address="Town Hall"),
    )
    services.add_item(meeting, title="Apologies for absence")
    return meeting


def _public_pdf(meeting: Meeting, product: str, supplement: object = None) -> str:
    row = GeneratedDocument.objects.get(
        meeting=meeting,
        product=product,
        supplement=supplement,
        audience=Audience.PUBLIC,
        format=Format.PDF,
    )
    document = Document.public_objects.get(pk=row.document_id)
    with document.file.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def test_supplement_pack_prints_the_report_to_follow_and_its_appendix() -> None:
    meeting = _meeting()
    council = meeting.committee.council
    report = ReportFactory(
        council=council, title="Budget monitoring", body=f"1. Position\n{LATE_TEXT}."
    )
    AppendixFactory(
        council=council,
        report=report,
        label="Appendix 1",
        title="Month nine figures",
        pages=1,
        file=ContentFile(appendix_pdf(APPENDIX_MARKER, 1), name="figures.pdf"),
    )
    late = services.add_item(meeting, title="Budget monitoring", report=report, to_follow=True)
    services.publish_agenda(meeting, by=None)
    generate_pack(meeting)
    agenda = _public_pdf(meeting, Product.AGENDA_PACK)
    assert "Budget monitoring" in agenda and "Report to follow." in agenda
    assert LATE_TEXT not in agenda

    supplement = services.publish_supplement(meeting, [late], by=None)
    source = build_source(meeting, supplement)
    (item,) = source.items
    assert item.paper is not None and not item.to_follow
    assert [a.title for a in item.appendices] == ["Month nine figures"]

    generate_pack(meeting, supplement)
    text = _public_pdf(meeting, Product.SUPPLEMENT, supplement)
    assert "Supplement 1" in text and "Budget monitoring" in text
    assert LATE_TEXT in text
    assert APPENDIX_MARKER in text
    assert "Report to follow." not in text

    # Rebuilt, the agenda pack points to the supplement instead of "to follow".
    generate_pack(meeting)
    agenda = _public_pdf(meeting, Product.AGENDA_PACK)
    assert "Published in Supplement 1" in agenda and "Report to follow." not in agenda


def test_moving_the_meeting_changes_the_fingerprint_and_the_rebuilt_pack() -> None:
    meeting = _meeting()
    services.publish_agenda(meeting, by=None)
    generate_pack(meeting)
    before = build_source(meeting).fingerprint()
    first = GeneratedDocument.objects.get(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, format=Format.PDF
    )
    assert first.fingerprint == before

    new_start = meeting.start + dt.timedelta(days=7, hours=4)
    services.move_meeting(meeting, start=new_start)
    meeting.refresh_from_db()
    moved = build_source(meeting).fingerprint()
    assert moved != before

    # Same day, another time: still a new source.
    later = Meeting.objects.get(pk=meeting.pk)
    later.start = later.start + dt.timedelta(hours=1)
    assert build_source(later).fingerprint() != moved
    # Same time, another venue: a new source too.
    elsewhere = Meeting.objects.get(pk=meeting.pk)
    elsewhere.venue = VenueFactory(
        council=meeting.committee.council, name="Library Hall", address="Bridge Street"
    )
    assert build_source(elsewhere).fingerprint() != moved

    generate_pack(meeting)
    rebuilt = GeneratedDocument.objects.get(pk=first.pk)
    assert rebuilt.fingerprint == moved and rebuilt.document_id != first.document_id
    document = Document.public_objects.get(pk=rebuilt.document_id)
    assert document.version == 2
    text = " ".join(pdf_text(document.file.open("rb").read()).split())
    assert meeting.moved_from is not None
    new_day = long_date(timezone.localtime(new_start).date())
    old_day = long_date(timezone.localtime(meeting.moved_from).date())
    assert f"Date: {new_day}" in text and f"Date: {old_day}" not in text
    assert "Time: 2.00 pm" in text
