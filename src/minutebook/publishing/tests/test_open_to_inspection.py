"""What the public may read, and from when: documents, decisions and "to follow" reports.

Every test goes through the real path: the meeting services publish, the real database
holds the rows, and an anonymous ``Client`` (or the real search and OParl code) asks.

- LGA 1972 s100B(1): an agenda and its papers are open to inspection from publication,
  not before; a report "to follow" from the supplement that publishes it.
- SI 2012/2089 regs 12 to 14: a decision record is public from its publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.factories import DecisionFactory
from minutebook.documents.factories import AppendixFactory, DocumentFactory
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings import services
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report
from minutebook.search.indexing import document_entry
from minutebook.search.models import SearchEntry

pytestmark = pytest.mark.django_db

REPORT_BODY = "The branch libraries open on Sundays from April."


def _text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def _papers() -> tuple[Meeting, AgendaItem, Report, Document, Document]:
    """A meeting in three weeks, not yet published, with a report, its appendix and a
    meeting document that already carries a publication time (as a built pack does)."""
    council = CouncilFactory(slug="greyford", bank_holiday_region="ENG")
    committee = CommitteeFactory(
        council=council, slug="cabinet", name="Cabinet", kind=CommitteeKind.EXECUTIVE
    )
    start = timezone.now() + dt.timedelta(days=21)
    meeting = services.create_meeting(committee, start=start, end=start + dt.timedelta(hours=2))
    report = ReportFactory(council=council, title="Library opening hours", body=REPORT_BODY)
    item = services.add_item(meeting, title="Library opening hours", report=report)
    appendix = AppendixFactory(
        council=council,
        report=report,
        title="Draft opening timetable",
        extracted_text="Sunday opening timetable for every branch.",
        file=ContentFile(b"%PDF-1.4 appendix", name="timetable.pdf"),
    )
    notice = DocumentFactory(
        council=council,
        meeting=meeting,
        kind=DocumentKind.OTHER,
        title="Notice of a private meeting",
        extracted_text="Notice that part of the meeting will be held in private.",
        published_at=timezone.now() - dt.timedelta(hours=1),
        file=ContentFile(b"%PDF-1.4 notice", name="notice.pdf"),
    )
    return meeting, item, report, appendix, notice


def _oparl_file_ids(client: Client, council: str) -> set[str]:
    data = client.get(f"/oparl/v1/body/{council}/files?limit=100").json()
    return {row["id"].rstrip("/").rsplit("/", 1)[-1] for row in data["data"]}


def test_documents_of_an_unpublished_meeting_are_not_open_until_publication() -> None:
    meeting, item, _report, appendix, notice = _papers()
    client = Client()
    council = meeting.committee.council.slug
    page = _text(client.get(meeting.get_absolute_url()))
    assert notice.title not in page and appendix.title not in page
    for doc in (notice, appendix):
        assert client.get(f"/{council}/documents/{doc.pk}/").status_code == 404
        assert document_entry(doc.pk) is None
        assert not SearchEntry.objects.filter(object_id=doc.pk, kind__in=["appendix", "document"])
    feed = _text(client.get(f"/{council}/feeds/documents.rss"))
    assert notice.title not in feed and appendix.title not in feed
    assert _oparl_file_ids(client, council) == set()
    assert not Document.public_objects.open_to_inspection().exists()

    services.publish_agenda(meeting, by=None)

    page = _text(client.get(meeting.get_absolute_url()))
    assert notice.title in page
    item_page = _text(client.get(f"{meeting.get_absolute_url()}items/{item.number}/"))
    assert appendix.title in item_page and REPORT_BODY in item_page
    for doc in (notice, appendix):
        response = client.get(f"/{council}/documents/{doc.pk}/")
        assert response.status_code == 200
        assert _text(response).startswith("%PDF-1.4")
        assert document_entry(doc.pk) is not None
    assert SearchEntry.objects.filter(object_id=notice.pk, kind="document").exists()
    assert SearchEntry.objects.filter(object_id=appendix.pk, kind="appendix").exists()
    feed = _text(client.get(f"/{council}/feeds/documents.rss"))
    assert notice.title in feed and appendix.title in feed
    assert _oparl_file_ids(client, council) == {str(notice.pk), str(appendix.pk)}


def test_a_file_of_an_exempt_report_or_under_an_exempt_item_stays_closed() -> None:
    meeting, item, report, appendix, notice = _papers()
    services.mark_exempt(item, [3], "Commercial terms under negotiation.")
    services.publish_agenda(meeting, by=None)
    client = Client()
    council = meeting.committee.council.slug
    assert client.get(f"/{council}/documents/{notice.pk}/").status_code == 200
    assert client.get(f"/{council}/documents/{appendix.pk}/").status_code == 404
    assert document_entry(appendix.pk) is None
    assert _oparl_file_ids(client, council) == {str(notice.pk)}
    assert appendix.title not in _text(client.get(f"/{council}/feeds/documents.rss"))
    assert Report.officer_objects.get(pk=report.pk).is_exempt


def test_an_imported_archive_meetings_documents_are_open() -> None:
    council = CouncilFactory(slug="oldshire")
    committee = CommitteeFactory(council=council, slug="council")
    meeting = Meeting.objects.create(
        committee=committee, start=timezone.now() - dt.timedelta(days=800), is_imported=True
    )
    minutes = DocumentFactory(
        council=council,
        meeting=meeting,
        kind=DocumentKind.MINUTES,
        title="Minutes as printed",
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
    )
    client = Client()
    assert minutes.title in _text(client.get(meeting.get_absolute_url()))
    assert client.get(f"/oldshire/documents/{minutes.pk}/").status_code == 200


def test_a_report_to_follow_is_listed_until_its_supplement_then_shown() -> None:
    meeting, _item, _report, _appendix, _notice = _papers()
    council = meeting.committee.council
    late_report = ReportFactory(
        council=council, title="Budget monitoring", body="Spending is on budget at month nine."
    )
    late = services.add_item(meeting, title="Budget monitoring", report=late_report, to_follow=True)
    late_appendix = AppendixFactory(
        council=council,
        report=late_report,
        title="Month nine figures",
        file=ContentFile(b"%PDF-1.4 figures", name="figures.pdf"),
    )
    services.publish_agenda(meeting, by=None)
    client = Client()
    late = AgendaItem.public_objects.get(pk=late.pk)
    item_url = f"{meeting.get_absolute_url()}items/{late.number}/"

    page = _text(client.get(meeting.get_absolute_url()))
    assert "Budget monitoring" in page and "Report to follow." in page
    assert f'href="{item_url}"' not in page  # nothing to open yet
    assert "Spending is on budget" not in page
    assert client.get(item_url).status_code == 404
    assert client.get(f"/{council.slug}/documents/{late_appendix.pk}/").status_code == 404

    supplement = services.publish_supplement(meeting, [late], by=None)

    page = _text(client.get(meeting.get_absolute_url()))
    assert "Budget monitoring" in page and "Report to follow." not in page
    assert f'href="{item_url}"' in page
    assert f"Published in {supplement}" in page
    item_page = _text(client.get(item_url))
    assert "Spending is on budget at month nine." in item_page
    assert late_appendix.title in item_page
    assert client.get(f"/{council.slug}/documents/{late_appendix.pk}/").status_code == 200


def test_council_home_lists_only_decisions_already_published() -> None:
    council = CouncilFactory(slug="brackenby")
    committee = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE)
    meeting = Meeting.objects.create(
        committee=committee,
        start=timezone.now() - dt.timedelta(days=1),
        published_at=timezone.now() - dt.timedelta(days=10),
    )
    now = timezone.now()
    DecisionFactory(meeting=meeting, title="Unpublished decision on parking", published_at=None)
    DecisionFactory(
        meeting=meeting,
        title="Decision published tomorrow on parks",
        published_at=now + dt.timedelta(days=1),
    )
    DecisionFactory(
        meeting=meeting,
        title="Published decision on libraries",
        published_at=now - dt.timedelta(hours=2),
    )
    client = Client()
    for url in (
        "/brackenby/",
        meeting.get_absolute_url(),
        "/brackenby/decisions/",
        "/brackenby/feeds/decisions.rss",
    ):
        body = _text(client.get(url))
        assert "Published decision on libraries" in body, url
        assert "Unpublished decision on parking" not in body, url
        assert "Decision published tomorrow on parks" not in body, url
