"""Each public search is bounded by MINUTEBOOK_SEARCH_TIME_LIMIT_MS: past it the search
stops with SearchTooSlow and the connection is left as it was."""

from __future__ import annotations

from typing import Any

import psycopg.errors
import pytest
from django.db import connection

from minutebook.publishing.tests.scenario import Scenario
from minutebook.search import fulltext
from minutebook.search.models import SearchEntry
from minutebook.search.query import SearchTooSlow, search
from minutebook.search.tests.slow import slow_when


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return str(cursor.fetchone()[0])


def test_the_default_limit_is_two_seconds(settings: Any) -> None:
    assert settings.MINUTEBOOK_SEARCH_TIME_LIMIT_MS == 2000
    assert fulltext.time_limit_ms() == 2000
    settings.MINUTEBOOK_SEARCH_TIME_LIMIT_MS = 0  # 0 would mean "no limit" to PostgreSQL
    assert fulltext.time_limit_ms() == 1


def test_ordinary_searches_work_under_the_default_limit(scenario: Scenario) -> None:
    before = _statement_timeout() if connection.vendor == "postgresql" else ""
    results = search("leisure")
    assert "Leisure centre opening hours" in [r.entry.title for r in results.results]
    if connection.vendor == "postgresql":
        # Inside the test's transaction the search's SET LOCAL is undone, not kept.
        assert _statement_timeout() == before


def test_a_search_past_the_limit_stops_with_search_too_slow(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    with slow_when("leisure", monkeypatch), pytest.raises(SearchTooSlow) as raised:
        search("leisure")
    cause = raised.value.__cause__
    if connection.vendor == "postgresql":
        assert isinstance(cause.__cause__, psycopg.errors.QueryCanceled)  # type: ignore[union-attr]
    else:
        assert str(cause) == "interrupted"


def test_the_connection_is_clean_after_a_search_too_slow(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _statement_timeout() if connection.vendor == "postgresql" else ""
    with slow_when("leisure", monkeypatch), pytest.raises(SearchTooSlow):
        search("leisure")
    # The SQLite clock is now an hour past that search's deadline: a handler left on
    # the connection would interrupt these. On PostgreSQL the transaction must be
    # usable (not aborted) and the timeout back to what it was.
    assert SearchEntry.objects.count() > 0
    assert "Leisure centre opening hours" in [r.entry.title for r in search("leisure").results]
    if connection.vendor == "postgresql":
        assert _statement_timeout() == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_left_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autocommit, as a web request runs: the search's own transaction holds the limit."""
    before = _statement_timeout() if connection.vendor == "postgresql" else ""
    assert fulltext.search("leisure", {}, limit=5, offset=0) == (0, [])
    with slow_when("leisure", monkeypatch), pytest.raises(fulltext.SearchTooSlow):
        fulltext.search("leisure", {}, limit=5, offset=0)
    assert not connection.in_atomic_block
    assert SearchEntry.objects.count() == 0
    if connection.vendor == "postgresql":
        assert _statement_timeout() == before
