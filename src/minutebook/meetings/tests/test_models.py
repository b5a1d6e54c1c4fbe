from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.importer.models import ImportRecord
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.django_db
def test_meeting_slug_is_its_date_and_url_is_semantic() -> None:
    committee = CommitteeFactory(slug="cabinet", council__slug="exampleshire")
    meeting = MeetingFactory(committee=committee, start=at(2025, 9, 6))
    assert meeting.slug == "2025-09-06"
    assert meeting.get_absolute_url() == "/exampleshire/cabinet/2025-09-06/"


@pytest.mark.django_db
def test_second_meeting_on_one_day_gets_a_suffix() -> None:
    committee = CommitteeFactory()
    first = MeetingFactory(committee=committee, start=at(2025, 9, 6, 10))
    second = MeetingFactory(committee=committee, start=at(2025, 9, 6, 14))
    third = MeetingFactory(committee=committee, start=at(2025, 9, 6, 18))
    other = MeetingFactory(start=at(2025, 9, 6, 10))  # another committee
    assert [first.slug, second.slug, third.slug] == ["2025-09-06", "2025-09-06-2", "2025-09-06-3"]
    assert other.slug == "2025-09-06"
    first.save()
    assert first.slug == "2025-09-06"  # saving again keeps it


@pytest.mark.django_db
def test_slug_unique_per_committee_in_the_database() -> None:
    first = MeetingFactory(start=at(2025, 9, 6))
    second = MeetingFactory(committee=first.committee, start=at(2025, 9, 7))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(slug=first.slug)


@pytest.mark.django_db
def test_slug_uses_the_local_date() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    meeting = MeetingFactory(start=dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC))
    assert meeting.slug == "2025-07-01"
    assert meeting.date == dt.date(2025, 7, 1)


@pytest.mark.django_db
def test_rescheduling_moves_the_slug_only_before_publication() -> None:
    meeting = MeetingFactory(start=at(2025, 9, 6), end=None)
    meeting.start = at(2025, 9, 8)
    meeting.save()
    assert meeting.slug == "2025-09-08"
    meeting.published_at = timezone.now()
    meeting.start = at(2025, 9, 9)
    meeting.save()
    assert meeting.slug == "2025-09-08"  # links are out: stays stable
    assert meeting.date == dt.date(2025, 9, 9)


@pytest.mark.django_db
def test_meeting_end_not_before_start() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(start=at(2025, 9, 6, 10), end=at(2025, 9, 6, 9))


@pytest.mark.django_db
def test_imported_meeting_links_its_import_record() -> None:
    meeting = MeetingFactory(is_imported=True)
    record = ImportRecord.objects.create(
        council=meeting.committee.council,
        meeting=meeting,
        source_file="pack.pdf",
        sha256="0" * 64,
        parser_version="1",
        pack={"format": "minutebook-pack/1"},
    )
    meeting.import_record = record
    meeting.save()
    assert record.archive_meetings.get() == meeting
    assert meeting.import_records.get() == record


@pytest.mark.django_db
def test_agenda_order_and_number_unique_per_meeting() -> None:
    item = AgendaItemFactory(order=1, number="1")
    AgendaItemFactory(meeting=item.meeting, order=2, number="")
    AgendaItemFactory(meeting=item.meeting, order=3, number="")  # blank numbers may repeat
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, order=1, number="9")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(meeting=item.meeting, order=9, number="1")


@pytest.mark.django_db
def test_sub_items_and_page_range() -> None:
    parent = AgendaItemFactory(order=6, number="6", title="Panels and boards")
    sub = AgendaItemFactory(
        meeting=parent.meeting, parent=parent, order=7, number="6a", first_page=21, last_page=28
    )
    assert list(parent.sub_items.all()) == [sub]
    assert sub.pages == (21, 28)
    assert parent.pages is None
    assert list(AgendaItem.public_objects.filter(meeting=parent.meeting).top_level()) == [parent]
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(first_page=30, last_page=29)


@pytest.mark.django_db
def test_exempt_item_stays_on_public_agenda_with_title_and_paragraphs() -> None:
    item = AgendaItemFactory(title="Disposal of land", exempt_paragraphs=[3, 3])
    assert item.is_exempt
    assert item.exempt_paragraphs == [3]
    assert AgendaItem.public_objects.get(pk=item.pk).title == "Disposal of land"
    assert item.exempt_description == "exempt under paragraph 3 of Schedule 12A"
    assert list(AgendaItem.public_objects.exempt()) == [item]


@pytest.mark.django_db
def test_item_with_exempt_report_is_exempt_but_report_is_not_public() -> None:
    report = ReportFactory(exempt_paragraphs=[1, 2], body="Named individual's case")
    item = AgendaItemFactory(report=report, title="Staffing matter")
    assert item.is_exempt and item.exempt_paragraphs == [1, 2]
    assert item.public_report is None
    assert list(item.meeting.reports.all()) == []
    assert Report.officer_objects.filter(agenda_items=item).get() == report


@pytest.mark.django_db
def test_open_item_exposes_its_report_to_public_code() -> None:
    report = ReportFactory()
    item = AgendaItemFactory(report=report)
    assert not item.is_exempt
    assert item.public_report == report
    assert list(item.meeting.reports.all()) == [report]


@pytest.mark.django_db
def test_report_on_several_agendas() -> None:
    report = ReportFactory()
    first = AgendaItemFactory(report=report)
    second = AgendaItemFactory(report=report)
    assert set(report.meetings.all()) == {first.meeting, second.meeting}


@pytest.mark.django_db
def test_report_made_exempt_later_marks_its_items_exempt() -> None:
    report = ReportFactory()
    item = AgendaItemFactory(report=report)
    own = AgendaItemFactory(report=report, exempt_paragraphs=[7])
    report.exempt_paragraphs = [3]
    report.save()
    item.refresh_from_db()
    own.refresh_from_db()
    assert item.is_exempt and item.exempt_paragraphs == [3]
    assert own.exempt_paragraphs == [7]
    assert item.public_report is None


@pytest.mark.django_db
def test_only_imported_meetings_carry_an_import_record() -> None:
    meeting = MeetingFactory(is_imported=False)
    record = ImportRecord.objects.create(
        source_file="pack.txt", sha256="a" * 64, parser_version="1", meeting=meeting
    )
    meeting.import_record = record
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()
