"""The public search page when a search runs past MINUTEBOOK_SEARCH_TIME_LIMIT_MS: the
form again with the visitor's words and a message to narrow it, never cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minutebook.publishing.cache import CACHE_HEADER, page_cache
from minutebook.publishing.tests.scenario import Scenario
from minutebook.search.tests.slow import slow_when

MESSAGE = "This search took too long. Try fewer words, a council, or a date range."


def test_the_page_asks_to_narrow_a_search_too_slow_and_is_never_cached(
    client: Client, scenario: Scenario, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MINUTEBOOK_SEARCH_TIME_LIMIT_MS = 1
    page_cache().clear()
    url = f"/{scenario.council.slug}/search/?q=leisure+opening"
    with slow_when("leisure", monkeypatch):
        first = client.get(url)
        again = client.get(url)
    body = first.content.decode()
    assert first.status_code == 200
    assert MESSAGE in body and 'href="#q"' in body and 'id="q-error"' in body
    assert 'value="leisure opening"' in body  # the visitor's words, ready to narrow
    assert "<title>Error:" in body
    assert "no-store" in first["Cache-Control"]
    assert again[CACHE_HEADER] == "miss" and MESSAGE in again.content.decode()


def test_the_same_page_under_the_default_limit_shows_results_and_is_cached(
    client: Client, scenario: Scenario
) -> None:
    page_cache().clear()
    url = f"/{scenario.council.slug}/search/?q=leisure+opening"
    first = client.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert MESSAGE not in body and "Leisure centre opening hours" in body
    assert "no-store" not in first.get("Cache-Control", "")
    assert client.get(url)[CACHE_HEADER] == "hit"
