"""Make chosen searches run past any time limit, deterministically, on either database.

PostgreSQL: a search statement holding the chosen words is preceded by
``pg_sleep(5)``, which the search's ``statement_timeout`` cancels (a real server-side
cancel, the path a slow phrase takes). The search's own clock is frozen, so only the
server's timeout can stop it. SQLite: such a statement moves the search's clock an
hour on, and the progress handler (called every instruction here) interrupts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from minutebook.search import fulltext


def _is_search(sql: str) -> bool:
    return " MATCH " in sql or "websearch_to_tsquery" in sql


@contextmanager
def slow_when(words: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Search statements whose parameters hold ``words`` run past the time limit."""
    now = [1000.0]
    monkeypatch.setattr(fulltext, "_clock", lambda: now[0])
    monkeypatch.setattr(fulltext, "PROGRESS_STEPS", 1)

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if _is_search(sql) and any(isinstance(p, str) and words in p for p in params or ()):
            if connection.vendor == "postgresql":
                execute("SELECT pg_sleep(5)", None, False, context)
            else:
                now[0] += 3600.0
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield now
