"""An appendix the pack marks exempt is imported exempt, through the real import path, and no
public page, search or API answer shows it; an appendix marked restricted with no paragraph is
withheld and flagged for an officer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from minutebook.documents.models import Document
from minutebook.importer.models import ImportRecord
from minutebook.importer.reader import read_pack
from minutebook.importer.writer import write_pack
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db

SECRET = "zorbquokka7731"  # only in the exempt appendix
PUBLIC = "marmotvale2290"  # in the public appendix: proves each probe can find text

PACK = f"""\
Agenda
Wessex District Council
Meeting: Cabinet
Date: 14 March 2023
Time: 10.00 am
Venue: Council Chamber, Civic Offices
1. Apologies
2. Review of Car Parking Charges
3. Depot Lease
This page is intentionally left blank
Agenda Item 2
Cabinet
14 March 2023
Review of Car Parking Charges
For Decision
Portfolio Holder: Cllr J Patel, Transport
Report Author: Morgan Price
Report Status: Public
Recommendation: Approve the revised charges.
Reason for Recommendation: To recover costs.
1. Introduction
The council runs forty car parks. The exempt appendix is on Part 2 of the agenda.
Appendix A - Proposed charging schedule
Band\tCharge
Short stay {PUBLIC}\t\u00a31.20
{{marker}}
Appendix B - Operator bids
Bidder {SECRET} offered \u00a34.1m for the concession.
This page is intentionally left blank
"""
EXEMPT_HEADING = "EXEMPT \u2013 NOT FOR PUBLICATION by virtue of paragraph 3"


def _import(tmp_path: Path, marker: str) -> Meeting:
    path = tmp_path / "cabinet-2023-03-14.txt"
    path.write_text(PACK.replace("{marker}", marker), encoding="utf-8")
    result = write_pack(read_pack(path), council_slug=None, source_path=path)
    return Meeting.objects.select_related("committee__council").get(pk=result.meeting_id)


def _public_urls(meeting: Meeting) -> list[str]:
    slug = meeting.committee.council.slug
    urls = [
        "/",
        f"/{slug}/",
        meeting.get_absolute_url(),
        f"/{slug}/search/?q={SECRET}",
        f"/search/?q={SECRET}",
        f"/{slug}/search/?q={PUBLIC}",
        "/oparl/v1/",
        f"/oparl/v1/body/{slug}/files",
        f"/oparl/v1/body/{slug}/papers",
        f"/oparl/v1/body/{slug}/agenda-items",
        f"/oparl/v1/meeting/{meeting.pk}",
    ]
    for item in AgendaItem.public_objects.filter(meeting=meeting):
        urls.append(f"{meeting.get_absolute_url()}items/{item.number}/")
    for pk in Document.officer_objects.values_list("pk", flat=True):
        urls += [f"/{slug}/documents/{pk}/", f"/oparl/v1/file/{pk}", f"/oparl/v1/file/{pk}/text"]
    for pk in Report.officer_objects.values_list("pk", flat=True):
        urls.append(f"/oparl/v1/paper/{pk}")
    return urls


_RESULTS = re.compile(r"(?:More than )?(\d+) results?\b")


def _hits(text: str) -> int | None:
    """Results a search page reports (it repeats the query, so the token is on it anyway)."""
    if "No results" in text:
        return 0
    m = _RESULTS.search(text)
    return int(m.group(1)) if m else None


def _leaks(pages: dict[str, str]) -> list[str]:
    out = []
    for url, text in pages.items():
        if "/search/" in url and SECRET in url:
            if _hits(text) != 0:
                out.append(url)
        elif SECRET in text:
            out.append(url)
    return out


def _crawl(client: Client, urls: list[str]) -> dict[str, str]:
    """Each URL, and the site's own pages one link away from the HTML ones."""
    pages: dict[str, str] = {}
    todo = list(urls)
    depth = {u: 0 for u in urls}
    while todo:
        url = todo.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        pages[url] = text
        if depth[url] == 0 and "html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="(/[^"#?]*)"', text):
                if link not in depth and not link.startswith(("/static/", "/admin/")):
                    depth[link] = 1
                    todo.append(link)
    return pages


def test_exempt_appendix_never_reaches_the_public(tmp_path: Path, client: Client) -> None:
    meeting = _import(tmp_path, EXEMPT_HEADING)
    docs = list(Document.officer_objects.filter(meeting=meeting))
    holding = [d for d in docs if SECRET in d.extracted_text]
    assert len(holding) == 1
    exempt = holding[0]
    assert exempt.is_exempt and exempt.exempt_paragraphs == [3]
    assert exempt.title == "Appendix B - Operator bids"
    # Its text is merged into nothing else: not the public report, nor another document.
    assert all(SECRET not in d.extracted_text for d in docs if d.pk != exempt.pk)
    report = Report.public_objects.get(documents__meeting=meeting, documents__kind="report")
    assert exempt.report_id == report.pk  # the public report's exempt appendix
    assert SECRET not in " ".join([report.recommendations, report.reasons, report.brief_summary])
    item = AgendaItem.public_objects.get(meeting=meeting, number="2")
    assert not item.is_exempt  # the report is public; only its appendix is exempt
    # The typed pack kept in the record says so too.
    record = ImportRecord.objects.get(meeting=meeting)
    packed = [d for d in record.pack["documents"] if SECRET in d["text"]]
    assert [(d["access"], d["exempt_paragraphs"]) for d in packed] == [("exempt", [3])]
    assert not record.needs_exempt_review

    pages = _crawl(Client(), _public_urls(meeting))
    assert not _leaks(pages)
    # The probes do reach public text: the public appendix is shown and found.
    assert any(PUBLIC in text for url, text in pages.items() if url.endswith("/text"))
    assert _hits(pages[f"/{meeting.committee.council.slug}/search/?q={PUBLIC}"])
    assert len(pages) > 20

    # The officer sees it, exempt under paragraph 3.
    officer = get_user_model().objects.create_superuser("officer", "o@example.gov.uk", "pw-1234567")
    client.force_login(officer)
    page = client.get(reverse("admin:documents_document_change", args=[exempt.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert SECRET in text
    checked = re.findall(r'name="exempt_paragraphs" value="(\d+)"[^>]*\bchecked\b', text)
    assert checked == ["3"]


def test_undecided_appendix_is_withheld_and_flagged(tmp_path: Path, client: Client) -> None:
    meeting = _import(tmp_path, "CONFIDENTIAL")
    docs = list(Document.officer_objects.filter(meeting=meeting))
    assert all(SECRET not in d.extracted_text for d in docs)
    withheld = [d for d in docs if "withheld" in d.title]
    assert len(withheld) == 1 and not withheld[0].extracted_text
    assert "Operator bids" not in withheld[0].title  # the heading might itself be exempt
    record = ImportRecord.objects.get(meeting=meeting)
    assert record.needs_exempt_review
    assert any("undecided" in w for w in record.warnings)
    assert SECRET in str(record.pack)  # the officer has the text, in the record

    pages = _crawl(Client(), _public_urls(meeting))
    assert not _leaks(pages)

    officer = get_user_model().objects.create_superuser("officer", "o@example.gov.uk", "pw-1234567")
    client.force_login(officer)
    listing = client.get(
        reverse("admin:importer_importrecord_changelist") + "?needs_exempt_review__exact=1"
    )
    assert listing.status_code == 200
    assert record.source_file in listing.content.decode()


def test_withheld_document_loses_its_flag_once_the_pack_decides(
    tmp_path: Path,
) -> None:
    """Re-importing a corrected pack (the paragraph now printed) clears the flag."""
    meeting = _import(tmp_path, "CONFIDENTIAL")
    assert ImportRecord.objects.get(meeting=meeting).needs_exempt_review
    again = _import(tmp_path, "CONFIDENTIAL \u2013 paragraph 3")
    assert again.pk == meeting.pk
    record = ImportRecord.objects.get(meeting=meeting)
    assert not record.needs_exempt_review
    exempt = Document.officer_objects.get(meeting=meeting, exempt_paragraphs=[3])
    assert SECRET in exempt.extracted_text


MINUTES_PACK = """\
Agenda
Wessex District Council
Meeting: Cabinet
Date: 14 March 2023
1. Apologies
2. Minutes of the previous meeting
This page is intentionally left blank
Agenda Item 2
MINUTES of a meeting of the Cabinet held on 14 February 2023
Present: Councillor A Smith (Chairman), Councillor B Jones
1. Library hours
RESOLVED: That the library hours be extended.
2. Depot lease
RESOLVED: That the lease be granted to {secret} Holdings.
"""


@pytest.mark.parametrize(
    ("marking", "paragraphs"),
    [(EXEMPT_HEADING, [3]), ("CONFIDENTIAL", None)],
)
def test_a_minute_printed_in_an_exempt_document_is_never_written_public(
    marking: str, paragraphs: list[int] | None
) -> None:
    """Whatever split the pack's parts, a minute whose text an exempt (or undecided)
    document also prints is held back: exempt under its paragraphs, or without text."""
    from minutebook.decisions.models import Decision, MinuteItem
    from minutebook.importer.pack import PackDocument
    from minutebook.importer.parse import parse_text

    pack = parse_text(MINUTES_PACK.format(secret=SECRET), file="cabinet.txt", strict=True)
    assert [i.number for m in pack.minutes for i in m.items] == ["1", "2"]
    # The typed pack's contract: a document whose head closes it, holding minute 2's text.
    pack.documents.append(
        PackDocument(
            kind="exempt",
            title="Exempt minute",
            text=f"{marking}\n2. Depot lease\nRESOLVED: That the lease be granted to "
            f"{SECRET} Holdings.",
            access="exempt" if paragraphs else "undecided",
            exempt_paragraphs=paragraphs or [],
        )
    )
    result = write_pack(pack, council_slug=None, source_path="cabinet.txt")
    minutes = {m.title: m for m in MinuteItem.officer_objects.all()}
    assert not minutes["Library hours"].is_exempt  # the public minute stays public
    assert MinuteItem.public_objects.filter(pk=minutes["Library hours"].pk).exists()
    if paragraphs:
        held = minutes["Depot lease"]
        assert held.is_exempt and held.exempt_paragraphs == [3]
    else:
        (held,) = [m for t, m in minutes.items() if "withheld" in t]
        assert not held.resolution
    assert not Decision.public_objects.filter(decision__contains=SECRET).exists()
    assert not MinuteItem.public_objects.filter(resolution__contains=SECRET).exists()
    record = ImportRecord.objects.get(pk=result.record_id)
    assert record.needs_exempt_review is (paragraphs is None)
