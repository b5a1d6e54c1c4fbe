"""Search: ranked, highlighted, filtered and paged, on SQLite and PostgreSQL alike;
nothing exempt is ever indexed for the public.

Run on PostgreSQL with ``DATABASE_URL=postgres://... uv run pytest src/minutebook/search``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import Decision
from minutebook.documents.factories import AppendixFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.publishing.tests.scenario import CANARY, PUBLIC_MARKER, Scenario
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report
from minutebook.search import fulltext
from minutebook.search.fulltext import fts5_query
from minutebook.search.models import EntryKind, SearchEntry
from minutebook.search.query import Filters, search


def _titles(query: str, **filters: Any) -> list[str]:
    return [r.entry.title for r in search(query, Filters(**filters)).results]


def test_backend_follows_the_database(scenario: Scenario) -> None:
    assert connection.vendor in {"sqlite", "postgresql"}
    assert SearchEntry.objects.exists()


def test_public_report_is_found_with_highlighted_snippet(scenario: Scenario) -> None:
    results = search("opening hours seventy")
    report_hits = [r for r in results.results if r.entry.kind == EntryKind.REPORT]
    assert [r.entry.title for r in report_hits] == ["Leisure centre opening hours"]
    snippet = str(report_hits[0].snippet)
    assert "<mark>" in snippet and "</mark>" in snippet
    assert "<mark>seventy</mark>" in snippet.lower()
    assert report_hits[0].entry.url == f"{scenario.held.get_absolute_url()}items/3/"


def test_a_long_report_is_found_and_snippeted_from_its_opening(db: None) -> None:
    """PostgreSQL makes snippets from the first HEADLINE_CHARS only (ts_headline parses
    all it is given); a match further in still finds the paper."""
    filler = "The committee noted the quarterly figures. " * 1000
    assert len(filler) > fulltext.HEADLINE_CHARS
    early = ReportFactory(title="Early", body="Zeppelin hangar lease. " + filler)
    late = ReportFactory(title="Late", body=filler + "Dirigible mooring mast lease.")
    for report in (early, late):
        SearchEntry.objects.create(
            kind=EntryKind.REPORT,
            object_id=report.pk,
            council=report.council,
            title=report.title,
            body=report.body,
            url=f"/r/{report.pk}/",
        )
    early_hit = search("zeppelin").results
    assert [r.entry.title for r in early_hit] == ["Early"]
    assert "<mark>zeppelin</mark>" in str(early_hit[0].snippet).lower()
    late_hit = search("dirigible").results
    assert [r.entry.title for r in late_hit] == ["Late"]
    assert str(late_hit[0].snippet)
    if connection.vendor == "postgresql":
        assert "<mark>" not in str(late_hit[0].snippet)


def test_a_stale_index_row_of_an_exempt_reports_appendix_is_never_shown(db: None) -> None:
    """The belt to indexing's braces: an appendix not marked exempt itself, of a report
    that is, stays hidden even if an index row for it exists."""
    report = ReportFactory(title="Depot sale", exempt_paragraphs=[3])
    appendix = AppendixFactory(
        council=report.council, report=report, title="Valuation", exempt_paragraphs=[]
    )
    SearchEntry.objects.create(
        kind=EntryKind.APPENDIX,
        object_id=appendix.pk,
        council=report.council,
        title="Valuation of the depot",
        body="Quokka valuation figures.",
        url=f"/d/{appendix.pk}/",
    )
    assert search("quokka").results == []


def test_stemming_finds_other_forms(scenario: Scenario) -> None:
    # "rises" is stored as "rise"; "hour" matches "hours".
    assert "Leisure centre opening hours" in _titles("rises hour", kinds=(EntryKind.REPORT,))


def test_exempt_content_is_never_indexed(scenario: Scenario) -> None:
    assert search(CANARY).total == 0
    assert search("CANARY EXEMPT").total == 0
    for entry in SearchEntry.objects.all():
        assert CANARY not in entry.title and CANARY not in entry.body, entry
    exempt_report = scenario.exempt_report.pk
    assert not SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=exempt_report)
    exempt_docs = {d.pk for d in scenario.exempt_documents}
    assert not SearchEntry.objects.filter(
        kind__in=[EntryKind.APPENDIX, EntryKind.DOCUMENT], object_id__in=exempt_docs
    )
    # The exempt item's title is public by law (LGA 1972 s100B(2)): found as an agenda line only.
    hits = search("depot").results
    assert hits and {r.entry.kind for r in hits} == {EntryKind.AGENDA_ITEM}


def test_report_made_exempt_leaves_the_index(scenario: Scenario) -> None:
    report = scenario.public_report
    assert SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=report.pk).exists()
    report.exempt_paragraphs = [3]
    report.save()
    assert not SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=report.pk).exists()
    assert search("seventy").total == 0
    # Its unflagged public appendix goes too: it is exempt through the report.
    assert not SearchEntry.objects.filter(kind=EntryKind.APPENDIX, title__contains="Usage")


def test_report_is_indexed_only_once_its_agenda_is_published(scenario: Scenario) -> None:
    meeting = MeetingFactory(
        committee=scenario.committee,
        start=timezone.now() + dt.timedelta(days=40),
        published_at=None,
    )
    report = ReportFactory(
        council=scenario.council, title="Allotment rents", brief_summary="Quinceberry plots"
    )
    AgendaItemFactory(meeting=meeting, order=1, number="1", title="Allotments", report=report)
    assert search("quinceberry").total == 0
    meeting.published_at = timezone.now()
    meeting.save()
    AgendaItemFactory._meta.model.public_objects.filter(meeting=meeting).update(
        published_at=meeting.published_at
    )
    # A bulk update sends no signals: the rebuild command catches up.
    call_command("rebuild_search_index", verbosity=0)
    assert _titles("quinceberry") == ["Allotment rents"]


def test_title_matches_rank_above_body_matches(scenario: Scenario) -> None:
    DecisionFactory(
        meeting=scenario.held,
        title="Grant to the riverside trust",
        decision="Approved.",
        published_at=timezone.now(),
    )
    DecisionFactory(
        meeting=scenario.held,
        title="Budget adjustments",
        decision="Includes a small change to the riverside path budget among many others.",
        published_at=timezone.now(),
    )
    assert _titles("riverside") == ["Grant to the riverside trust", "Budget adjustments"]


def test_filters_by_type_committee_council_and_dates(scenario: Scenario) -> None:
    assert set(_titles("leisure", kinds=(EntryKind.DECISION,))) == {"Leisure centre opening hours"}
    assert {r.entry.kind for r in search("leisure").results} >= {
        EntryKind.REPORT,
        EntryKind.DECISION,
        EntryKind.MINUTE,
    }
    held = scenario.held.date
    assert _titles("leisure", date_from=held + dt.timedelta(days=1)) == []
    assert _titles("leisure", date_to=held - dt.timedelta(days=1)) == []
    assert len(_titles("leisure", date_from=held, date_to=held)) >= 3
    assert _titles("leisure", committee_id=scenario.committee.pk)
    other = scenario.council.committees.exclude(pk=scenario.committee.pk).first()
    assert other is not None and _titles("leisure", committee_id=other.pk) == []
    assert _titles("leisure", council_id=scenario.council.pk)
    from minutebook.councils.factories import CouncilFactory

    assert _titles("leisure", council_id=CouncilFactory().pk) == []


def test_paging_is_stable_and_complete(scenario: Scenario) -> None:
    for n in range(25):
        DecisionFactory(
            meeting=scenario.held,
            title=f"Parking order {n:02d}",
            decision="Zanzibar",
            published_at=timezone.now(),
        )
    first = search("zanzibar", page=1)
    second = search("zanzibar", page=2)
    assert first.total == second.total == 25
    assert len(first.results) == 20 and len(second.results) == 5
    assert first.has_next and not second.has_next and second.has_previous
    ids = [r.entry.pk for r in first.results + second.results]
    assert len(set(ids)) == 25
    assert search("zanzibar", page=9).results == []


def test_unpublished_decision_and_withdrawn_plan_entry_are_not_found(scenario: Scenario) -> None:
    DecisionFactory(meeting=scenario.held, title="Xylophone grant", published_at=None)
    assert search("xylophone").total == 0
    entry = ForwardPlanEntryFactory(council=scenario.council, title="Velodrome lease")
    assert _titles("velodrome") == ["Velodrome lease"]
    entry.is_withdrawn = True
    entry.save()
    assert search("velodrome").total == 0


def test_snippet_html_is_escaped(scenario: Scenario) -> None:
    DecisionFactory(
        meeting=scenario.held,
        title="Signage",
        decision="<script>alert(1)</script> new wayfinding signs",
        published_at=timezone.now(),
    )
    snippet = str(search("wayfinding").results[0].snippet)
    # FTS5 keeps the tag as text (escaped here); PostgreSQL's parser drops it. Never live HTML.
    assert "<script" not in snippet
    assert "&lt;script&gt;" in snippet or "script" not in snippet
    assert "<mark>wayfinding</mark>" in snippet


def test_visitor_operators_are_words_not_syntax(scenario: Scenario) -> None:
    for text in ['"', "NEAR(", "title:leisure", "a*", "AND OR NOT", ")(", "-", "^leisure"]:
        search(text)  # never a database error
    assert _titles("leisure -hours", kinds=(EntryKind.REPORT,)) == []
    assert _titles("libraries OR leisure", kinds=(EntryKind.REPORT,)) == [
        "Leisure centre opening hours"
    ]
    assert _titles('"opening hours"', kinds=(EntryKind.REPORT,)) == ["Leisure centre opening hours"]
    assert _titles('"centre hours"', kinds=(EntryKind.REPORT,)) == []


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query("leisure centre") == '"leisure" AND "centre"'
    assert fts5_query('"opening hours" -pool') == '("opening hours") NOT "pool"'
    assert fts5_query("a OR b") == '("a" OR "b")'
    # Punctuation splits words within a token, which stay a phrase: never an operator.
    assert fts5_query("NEAR(x y)") == '"NEAR x" AND "y"'
    assert fts5_query("  ") == ""


def test_rebuild_matches_the_signal_built_index(scenario: Scenario) -> None:
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "url"))
    call_command("rebuild_search_index", verbosity=0)
    after = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "url"))
    assert before == after
    assert (
        PUBLIC_MARKER
        in SearchEntry.objects.get(kind=EntryKind.REPORT, object_id=scenario.public_report.pk).body
    )


def test_a_source_made_exempt_behind_the_index_is_not_shown(scenario: Scenario) -> None:
    """A bulk update skips the signals; the query still refuses to show the row."""
    Decision.public_objects.filter(title="Leisure centre opening hours").update(
        exempt_paragraphs=[3], is_exempt=True
    )
    Report.public_objects.filter(pk=scenario.public_report.pk).update(
        exempt_paragraphs=[3], is_exempt=True
    )
    kinds = {r.entry.kind for r in search("leisure").results}
    assert EntryKind.DECISION not in kinds and EntryKind.REPORT not in kinds


def test_counting_stops_past_the_limit(scenario: Scenario, monkeypatch: Any) -> None:
    from minutebook.search import fulltext

    monkeypatch.setattr(fulltext, "COUNT_LIMIT", 3)
    for n in range(6):
        DecisionFactory(
            meeting=scenario.held, title=f"Kiosk {n}", decision="Kiosk", published_at=timezone.now()
        )
    results = search("kiosk", per_page=2)
    assert results.total == 4 and results.more_than_limit
    assert len(results.results) == 2 and results.has_next
