"""Packs as councils publish them (issue 19): bookmarks, appendices, the previous
minutes and page numbers as the agenda says, read back from the built PDF with pypdf;
changes (an appendix replaced, an item withdrawn, the minutes corrected or made exempt)
rebuild the pack through the dependency graph."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from pypdf import PdfReader

from minutebook.committees.models import StandingItemKind
from minutebook.decisions.factories import MinuteItemFactory
from minutebook.decisions.models import MinuteItem
from minutebook.derived.graph import rebuild_all
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.meetings.withdrawal import withdraw_item
from minutebook.packs.minutes import generate_minutes
from minutebook.packs.models import Audience, Format, GeneratedDocument, MinutesRecord, Product
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import CANARY, PackScenario, appendix_pdf, build_pack_scenario
from minutebook.packs.tests.pdfcheck import front_sheet_ranges, page_texts

pytestmark = pytest.mark.django_db

MINUTES_TOKEN = "PREVIOUS-MINUTES-4R8"


def _pack(meeting: Meeting, audience: str = Audience.PUBLIC) -> Document:
    row = GeneratedDocument.objects.get(
        meeting=meeting,
        product=Product.AGENDA_PACK,
        audience=audience,
        format=Format.PDF,
        supplement=None,
    )
    return Document.officer_objects.get(pk=row.document_id)


def _html(meeting: Meeting) -> str:
    row = GeneratedDocument.objects.get(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, format=Format.HTML
    )
    with Document.officer_objects.get(pk=row.document_id).file.open("rb") as handle:
        return handle.read().decode()


def _read(document: Document) -> tuple[PdfReader, bytes]:
    with document.file.open("rb") as handle:
        data = handle.read()
    return PdfReader(io.BytesIO(data)), data


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                out.append((level, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return out


def _with_previous_minutes(scenario: PackScenario) -> Meeting:
    """The committee's previous meeting, its minutes published, on this agenda as item 7."""
    meeting = scenario.meeting
    previous = MeetingFactory(
        committee=meeting.committee,
        start=meeting.start - dt.timedelta(days=28),
        state=MeetingState.HELD,
        published_at=meeting.published_at - dt.timedelta(days=28),
    )
    MinutesRecord.objects.create(meeting=previous, present="Rosa Linton (Chairman)")
    MinuteItemFactory(
        meeting=previous,
        number=30,
        agenda_item=None,
        title="Budget monitoring",
        text=f"Members noted the forecast. {MINUTES_TOKEN}",
        resolution="That the report be noted.",
    )
    generate_minutes(previous)
    AgendaItemFactory(
        meeting=meeting,
        order=7,
        number="7",
        title="Minutes of the previous meeting",
        standing_kind=StandingItemKind.MINUTES,
    )
    return previous


def test_pack_has_bookmarks_appendices_and_the_previous_minutes_on_the_agenda_pages() -> None:
    scenario = build_pack_scenario(paragraphs=2)
    meeting = scenario.meeting
    _with_previous_minutes(scenario)
    generate_pack(meeting)

    document = _pack(meeting)
    reader, data = _read(document)
    texts = page_texts(data)
    assert len(reader.pages) == len(texts) == document.pages
    marks = outline(reader)
    top = [title for level, title, _ in marks if level == 0]
    assert top == [
        "Meeting details and agenda",
        "Item 3: Library opening hours",
        "Item 4: Disposal of the depot (restricted)",
        "Item 5: Parks grounds maintenance",
        "Item 7: Minutes of the previous meeting",
    ]
    pages = {title: page for _, title, page in marks}
    children = [title for level, title, _ in marks if level == 1]
    assert children[:4] == [
        "Library opening hours",
        "Appendix 1: Usage figures",
        "Appendix 2: Branch map",
        "Appendix 3 (restricted)",
    ]
    minutes_mark = next(m for m in marks if m[0] == 1 and "of the meeting held on" in m[1])
    assert minutes_mark[2] == pages["Item 7: Minutes of the previous meeting"]
    assert not any(CANARY in title for _, title, _ in marks)

    # The agenda's page numbers are the pack's: each item starts where the front sheet says.
    ranges = front_sheet_ranges(texts)
    for number, title in (
        ("3", "Item 3: Library opening hours"),
        ("5", "Item 5: Parks grounds maintenance"),
    ):
        assert ranges[number][0] == pages[title]
        assert f"Agenda Item {number}" in texts[pages[title] - 1]
    assert ranges["7"][0] == pages["Item 7: Minutes of the previous meeting"]
    assert MINUTES_TOKEN in texts[ranges["7"][0] - 1]
    assert "Budget monitoring" in texts[ranges["7"][0] - 1]
    # Appendices are in the pack, at their bookmarks, with the pack's page number.
    usage = pages["Appendix 1: Usage figures"]
    assert "USAGE-FIGURES sheet 1" in texts[usage - 1] and f"Page {usage}" in texts[usage - 1]
    assert "BRANCH-MAP sheet 1" in texts[pages["Appendix 2: Branch map"] - 1]
    # Exempt appendices and items never enter the public pack, nor an exempt appendix's
    # title (the report's list of appendices names it by its label, as its page does).
    assert not any(CANARY in text for text in texts)
    assert not any("Contract prices" in text for text in texts)
    assert "Appendix 3 (exempt)" in " ".join(texts[pages["Library opening hours"] - 1 :])
    assert "Document is Restricted" in texts[pages["Appendix 3 (restricted)"] - 1]

    members, _ = _read(_pack(meeting, Audience.MEMBERS))
    member_marks = [title for _, title, _ in outline(members)]
    assert "Item 4: Disposal of the depot" in member_marks
    assert "Appendix 3: Contract prices" in member_marks

    html = _html(meeting)
    assert MINUTES_TOKEN in html and CANARY not in html and "Contract prices" not in html
    assert f'href="{meeting.get_absolute_url()}"' in html  # a way back to the meeting
    assert f'href="/{meeting.committee.council.slug}/decisions/"' in html  # the site's navigation


def test_changes_rebuild_the_pack(settings: Any) -> None:
    """Appendix replaced, item withdrawn, minutes corrected, a minute made exempt."""
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    previous = _with_previous_minutes(scenario)
    generate_pack(meeting)
    rebuild_all()
    first = _pack(meeting)

    usage = Document.officer_objects.get(report=scenario.public_report, label="Appendix 1")
    usage.file = ContentFile(appendix_pdf("USAGE-REVISED", 2), name="usage-revised.pdf")
    usage.save()
    rebuild_all()
    second = _pack(meeting)
    text = " ".join(page_texts(_read(second)[1]))
    assert second.version > first.version
    assert "USAGE-REVISED sheet 1" in text and "USAGE-FIGURES" not in text

    withdraw_item(
        AgendaItem.public_objects.get(meeting=meeting, number="5"), reason="Deferred to April."
    )
    rebuild_all()
    third = _pack(meeting)
    titles = [title for _, title, _ in outline(_read(third)[0])]
    assert third.version > second.version
    assert not any(title.startswith("Item 5") for title in titles)

    minute = MinuteItem.officer_objects.get(meeting=previous, number=30)
    minute.text = "Members noted the forecast, as corrected. CORRECTED-6T"
    minute.save()
    rebuild_all()
    fourth = _pack(meeting)
    text = " ".join(page_texts(_read(fourth)[1]))
    assert fourth.version > third.version
    assert "CORRECTED-6T" in text and MINUTES_TOKEN not in text

    minute = MinuteItem.officer_objects.get(pk=minute.pk)
    minute.exempt_paragraphs = [3]
    minute.save()
    # Withdrawn at once: the pack printed that minute's text.
    assert not Document.public_objects.filter(pk=fourth.pk).exists()
    client = Client()
    url = f"{meeting.get_absolute_url()}agenda-pack.pdf"
    rebuild_all()
    fifth = _pack(meeting)
    assert Document.public_objects.filter(pk=fifth.pk).exists()
    text = " ".join(page_texts(_read(fifth)[1]))
    assert "CORRECTED-6T" not in text and "paragraph 3" in text
    response = client.get(url)
    assert response.status_code == 200
    assert b"CORRECTED-6T" not in b"".join(response.streaming_content)


def test_meeting_page_lists_the_pack_once(client: Client) -> None:
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    generate_pack(meeting)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert body.count("agenda-pack.pdf") == 1
    pack = _pack(meeting)
    assert f"/documents/{pack.pk}/" not in body
    assert pack.kind == DocumentKind.AGENDA_PACK


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_running_the_previous_minutes_reach_the_next_pack(
    settings: Any,
) -> None:
    """Through the queue, as in service: nobody calls generate_pack after the set-up."""
    from minutebook.jobs.worker import Worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    AgendaItemFactory(
        meeting=meeting,
        order=7,
        number="7",
        title="Minutes of the previous meeting",
        standing_kind=StandingItemKind.MINUTES,
    )
    generate_pack(meeting)
    Worker(batch=True, interval=0).run()
    first = _pack(meeting)
    assert MINUTES_TOKEN not in first.extracted_text  # no minutes yet

    # The clerk's minutes of the meeting before are made after this pack was published.
    previous = MeetingFactory(
        committee=meeting.committee,
        start=meeting.start - dt.timedelta(days=28),
        state=MeetingState.HELD,
        published_at=meeting.published_at - dt.timedelta(days=28),
    )
    MinutesRecord.objects.create(meeting=previous, present="Rosa Linton (Chairman)")
    minute = MinuteItemFactory(
        meeting=previous,
        number=30,
        agenda_item=None,
        title="Budget monitoring",
        text=f"Members noted the forecast. {MINUTES_TOKEN}",
        resolution="That the report be noted.",
    )
    generate_minutes(previous)
    Worker(batch=True, interval=0).run()
    second = _pack(meeting)
    assert second.version > first.version
    assert MINUTES_TOKEN in " ".join(second.extracted_text.split())

    # A correction: the worker rebuilds the minutes, then the pack that prints them.
    minute = MinuteItem.officer_objects.get(pk=minute.pk)
    minute.text = "Members noted the forecast, as corrected. CORRECTED-6T"
    minute.save()
    Worker(batch=True, interval=0).run()
    third = _pack(meeting)
    text = " ".join(third.extracted_text.split())
    assert third.version > second.version
    assert "CORRECTED-6T" in text and MINUTES_TOKEN not in text

    # Made exempt: every public copy goes at once; the worker publishes a redacted one.
    minute = MinuteItem.officer_objects.get(pk=minute.pk)
    minute.exempt_paragraphs = [3]
    minute.save()
    public_ids = {second.pk, third.pk}
    assert not Document.public_objects.filter(pk__in=public_ids).exists()
    Worker(batch=True, interval=0).run()
    fourth = _pack(meeting)
    assert Document.public_objects.filter(pk=fourth.pk).exists()
    text = " ".join(fourth.extracted_text.split())
    assert "CORRECTED-6T" not in text and "paragraph 3" in text
    html = _html(meeting)
    assert "CORRECTED-6T" not in html and MINUTES_TOKEN not in html
