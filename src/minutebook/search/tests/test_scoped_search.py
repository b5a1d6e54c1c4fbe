"""Search at national scale: scope tokens in the index, ranking bounded to the newest matches.

Rows are written straight into the index (as the bench and bulk imports do) with kinds
that have no exempt-aware source, so ``_still_public`` keeps them; the exempt guarantee
is checked against the shared scenario at the end. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import Council
from minutebook.publishing.tests.scenario import CANARY, build_scenario
from minutebook.search import fulltext
from minutebook.search.models import EntryKind, SearchEntry
from minutebook.search.query import Filters, search

DAY = dt.date(2024, 6, 1)
_ids = itertools.count(1)


def _entry(
    council: Council,
    title: str,
    body: str = "",
    *,
    days: int | None = 0,
    kind: str = EntryKind.AGENDA_ITEM,
    committee: Any = None,
) -> SearchEntry:
    return SearchEntry.objects.create(
        kind=kind,
        object_id=next(_ids),
        council=council,
        committee=committee,
        title=title,
        body=body,
        url=f"/x/{title}/",
        date=None if days is None else DAY + dt.timedelta(days=days),
    )


def _titles(query: str, **kwargs: Any) -> list[str]:
    filters = Filters(**kwargs.pop("filters", {}))
    return [r.entry.title for r in search(query, filters, **kwargs).results]


@pytest.fixture
def window(settings: Any) -> int:
    settings.SEARCH_RANK_WINDOW = 3
    return 3


@pytest.mark.django_db
def test_a_council_search_never_returns_another_councils_rows(window: int) -> None:
    small, big = CouncilFactory(), CouncilFactory()
    _entry(small, "Small old", "marmalade", days=-400)
    _entry(small, "Small older", "marmalade", days=-800)
    # The big council has many more matches, all newer: a filter applied after taking
    # the newest matches would find none of the small council's.
    for n in range(12):
        _entry(big, f"Big {n}", "marmalade", days=n)
    results = search("marmalade", Filters(council_id=small.pk))
    assert results.total == 2
    assert [r.entry.title for r in results.results] == ["Small old", "Small older"]
    assert search("marmalade", Filters(council_id=big.pk)).total == 12
    assert search("marmalade").total == 14


@pytest.mark.django_db
def test_committee_and_kind_filters_are_index_scopes() -> None:
    council = CouncilFactory()
    cabinet, planning = CommitteeFactory(council=council), CommitteeFactory(council=council)
    _entry(council, "Cabinet item", "quokka", committee=cabinet)
    _entry(council, "Planning item", "quokka", committee=planning)
    _entry(council, "Plan entry", "quokka", committee=cabinet, kind=EntryKind.FORWARD_PLAN)
    _entry(council, "No committee", "quokka")
    assert sorted(_titles("quokka", filters={"committee_id": cabinet.pk})) == [
        "Cabinet item",
        "Plan entry",
    ]
    assert _titles("quokka", filters={"kinds": (EntryKind.FORWARD_PLAN,)}) == ["Plan entry"]
    both = {"kinds": (EntryKind.FORWARD_PLAN, EntryKind.AGENDA_ITEM), "committee_id": planning.pk}
    assert _titles("quokka", filters=both) == ["Planning item"]
    assert _titles("quokka", filters={"committee_id": cabinet.pk, "council_id": council.pk})
    assert _titles("quokka", filters={"committee_id": cabinet.pk, "council_id": 0}) == []


@pytest.mark.django_db
def test_scope_tokens_are_not_visitor_words() -> None:
    council = CouncilFactory()
    committee = CommitteeFactory(council=council)
    _entry(council, "Bins", "weekly collection", committee=committee)
    _entry(council, "Grid", "The site at zc999 is a map reference.")
    for token in fulltext.scope_tokens(council.pk, committee.pk, EntryKind.AGENDA_ITEM).split():
        assert search(token).total == 0, token
        assert search(f"{token} bins").total == 0, token
        assert search(f"fts_scope:{token}").total == 0, token
    # Text that happens to look like a token is still found as text, and only as text.
    assert _titles("zc999") == ["Grid"]
    assert search("zc999", Filters(council_id=999)).total == 0


@pytest.mark.django_db
def test_title_match_outranks_body_match_within_the_window() -> None:
    council = CouncilFactory()
    _entry(council, "Budget adjustments", "a small change to the wombat path", days=5)
    _entry(council, "Wombat crossing grant", "Approved.", days=0)
    _entry(council, "Other matters", "one wombat", days=9)
    assert _titles("wombat") == ["Wombat crossing grant", "Other matters", "Budget adjustments"]


@pytest.mark.django_db
def test_only_the_newest_matches_are_ranked_then_newest_first(window: int) -> None:
    council = CouncilFactory()
    for n in range(4):  # newest: the window holds three of these
        _entry(council, f"Body {n}", "numbat sighting", days=10 + n)
    _entry(council, "Numbat survey", "", days=0)  # a title match, but older than the window
    _entry(council, "Numbat count", "", days=12)  # a title match inside the window
    titles = _titles("numbat", per_page=10)
    # The window (the three newest) is ranked: the title match first, then newest first.
    assert titles[:3] == ["Numbat count", "Body 3", "Body 2"]
    # Past the window, newest first whatever the rank: the older title match comes last.
    assert titles[3:] == ["Body 1", "Body 0", "Numbat survey"]


@pytest.mark.django_db
def test_paging_across_the_window_is_complete_and_without_repeats(window: int) -> None:
    council = CouncilFactory()
    for n in range(7):
        _entry(council, f"Okapi {n}" if n % 3 == 0 else f"Item {n}", "okapi", days=n)
    pages = [search("okapi", page=p, per_page=2) for p in range(1, 5)]
    assert [p.total for p in pages] == [7] * 4
    ids = [r.entry.pk for p in pages for r in p.results]
    assert len(ids) == len(set(ids)) == 7
    assert [r.entry.title for r in pages[0].results] == ["Okapi 6", "Item 5"]
    assert [r.entry.title for r in pages[1].results] == ["Item 4", "Okapi 3"]
    assert not pages[0].past_window and pages[1].past_window
    assert search("okapi", page=9, per_page=2).results == []
    # With the default window every page a visitor is offered is ranked.
    assert fulltext.RANK_WINDOW > fulltext.COUNT_LIMIT + 1


@pytest.mark.django_db
def test_dates_filter_and_order_through_the_index_key() -> None:
    council = CouncilFactory()
    _entry(council, "Undated", "tapir", days=None)
    _entry(council, "Early", "tapir", days=-1)
    _entry(council, "On the day", "tapir", days=0)
    _entry(council, "Late", "tapir", days=1)
    assert _titles("tapir") == ["Late", "On the day", "Early", "Undated"]
    assert _titles("tapir", filters={"date_from": DAY, "date_to": DAY}) == ["On the day"]
    assert _titles("tapir", filters={"date_to": DAY}) == ["On the day", "Early"]
    assert _titles("tapir", filters={"date_from": DAY}) == ["Late", "On the day"]


@pytest.mark.django_db
def test_edits_move_a_row_in_the_index() -> None:
    council, other = CouncilFactory(), CouncilFactory()
    entry = _entry(council, "Moved", "capybara", days=0)
    entry.date = DAY + dt.timedelta(days=30)
    entry.council = other
    entry.body = "axolotl"
    entry.save()
    assert search("capybara").total == 0
    assert search("axolotl", Filters(council_id=council.pk)).total == 0
    later = DAY + dt.timedelta(days=30)
    assert _titles("axolotl", filters={"council_id": other.pk, "date_from": later}) == ["Moved"]
    entry.delete()
    assert search("axolotl").total == 0


@pytest.mark.django_db
def test_exempt_stays_out_of_scoped_search(settings: Any, tmp_path: Path, window: int) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    scenario = build_scenario()
    scoped = Filters(council_id=scenario.council.pk, committee_id=scenario.committee.pk)
    assert search(CANARY, scoped).total == 0
    assert search("CANARY EXEMPT", Filters(council_id=scenario.council.pk)).total == 0
    hits = search("depot", Filters(council_id=scenario.council.pk)).results
    assert hits and {r.entry.kind for r in hits} == {EntryKind.AGENDA_ITEM}


@pytest.mark.django_db
def test_a_common_word_is_windowed_month_by_month(window: int, monkeypatch: Any) -> None:
    """Past the count limit PostgreSQL takes the window a month group at a time."""
    monkeypatch.setattr(fulltext, "COUNT_LIMIT", 2)
    monkeypatch.setattr(fulltext, "MONTH_GROUPS", 2)
    council = CouncilFactory()
    days = [0, 1, 35, 70, 400, 800, None]  # June, June, July, August 2024, then 2025, 2026
    for n, day in enumerate(days):
        _entry(council, f"Row {n}", "pangolin", days=day)
    _entry(council, "Pangolin title", "", days=-300)
    results = search("pangolin", per_page=10)
    assert results.total == 3 and results.more_than_limit
    titles = [r.entry.title for r in results.results]
    # The newest three (2026, 2025, August 2024) are the window; none matches in the title.
    assert titles[:3] == ["Row 5", "Row 4", "Row 3"]
    # Then newest first: the older title match gets no rank past the window.
    assert titles[3:] == ["Row 2", "Row 1", "Row 0", "Pangolin title", "Row 6"]
    june = {"date_from": DAY, "date_to": DAY + dt.timedelta(days=29)}
    assert _titles("pangolin", filters=june) == ["Row 1", "Row 0"]
    assert _titles("pangolin", filters={"date_to": DAY + dt.timedelta(days=40)}) == [
        "Row 2",
        "Row 1",
        "Row 0",
        "Pangolin title",
    ]
