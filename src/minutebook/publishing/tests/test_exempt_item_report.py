"""A report's files are public only while the public may read the report on an agenda.

The agenda item page treats a report carried only under an exempt item (or not yet on a
published agenda) as restricted; its files must not reach the public by another door.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import Client

from minutebook.documents.factories import AppendixFactory
from minutebook.meetings.factories import AgendaItemFactory
from minutebook.publishing.tests.scenario import CANARY, Scenario
from minutebook.reports.factories import ReportFactory


def test_file_of_report_not_on_a_published_agenda_is_not_served(
    client: Client, scenario: Scenario
) -> None:
    report = ReportFactory(council=scenario.council, title="Draft report")
    appendix = AppendixFactory(
        council=scenario.council,
        report=report,
        title="Draft figures",
        file=ContentFile(b"%PDF-1.7 draft", name="draft.pdf"),
    )
    assert client.get(f"/wyvern-vale/documents/{appendix.pk}/").status_code == 404


def test_report_only_under_an_exempt_item_is_not_served(client: Client, scenario: Scenario) -> None:
    report = ReportFactory(
        council=scenario.council, title=f"Tender evaluation {CANARY}", brief_summary=CANARY
    )
    appendix = AppendixFactory(
        council=scenario.council,
        report=report,
        title=f"Scores {CANARY}",
        file=ContentFile(f"%PDF-1.7 {CANARY}".encode(), name="scores.pdf"),
    )
    item = AgendaItemFactory(
        meeting=scenario.held,
        order=9,
        number="9",
        title="Award of the tender",
        report=report,
        exempt_paragraphs=[3],
    )
    item_page = client.get(f"{scenario.held.get_absolute_url()}items/9/")
    assert item_page.status_code == 200
    assert CANARY.encode() not in item_page.content
    assert client.get(f"/wyvern-vale/documents/{appendix.pk}/").status_code == 404
    # Once also under a public item of a published agenda, the report and its file are public.
    AgendaItemFactory(meeting=scenario.upcoming, order=2, number="2", title="Tender", report=report)
    assert item.is_exempt
    assert client.get(f"/wyvern-vale/documents/{appendix.pk}/").status_code == 200
