"""``settings.base.database_from_env``: writers wait for each other instead of failing.

SQLite needs a busy timeout well past its driver's 5 s (an import used to outlast it);
PostgreSQL needs lock and statement timeouts and health-checked connections.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from minutebook.settings.base import database_from_env


def test_sqlite_waits_30_seconds_for_the_write_lock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.delenv("MINUTEBOOK_SQLITE_BUSY_TIMEOUT", raising=False)
    options = database_from_env()["OPTIONS"]
    assert options == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30.0,
    }
    monkeypatch.setenv("MINUTEBOOK_SQLITE_BUSY_TIMEOUT", "2.5")
    assert database_from_env()["OPTIONS"]["timeout"] == 2.5  # type: ignore[index]


def test_the_sqlite_timeout_is_the_connections_busy_timeout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the driver does with it: a second writer waits that long, then gives up."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("MINUTEBOOK_SQLITE_BUSY_TIMEOUT", "0.2")
    config = database_from_env()
    timeout = config["OPTIONS"]["timeout"]  # type: ignore[index]
    holder = sqlite3.connect(str(config["NAME"]), isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(str(config["NAME"]), timeout=timeout, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        waiter.execute("BEGIN IMMEDIATE")
    holder.execute("COMMIT")
    waiter.execute("BEGIN IMMEDIATE")  # free again: the wait was for the lock, nothing else
    waiter.execute("COMMIT")


def test_postgresql_gets_timeouts_and_health_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/minutebook?sslmode=require")
    monkeypatch.delenv("MINUTEBOOK_PG_LOCK_TIMEOUT", raising=False)
    monkeypatch.delenv("MINUTEBOOK_PG_STATEMENT_TIMEOUT", raising=False)
    config = database_from_env()
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c lock_timeout=10s -c statement_timeout=60s",
    }
    monkeypatch.setenv("MINUTEBOOK_PG_LOCK_TIMEOUT", "3s")
    monkeypatch.setenv("MINUTEBOOK_PG_STATEMENT_TIMEOUT", "0")
    monkeypatch.setenv(
        "DATABASE_URL", "postgres://u@db.example/minutebook?options=-c%20search_path%3Dmb"
    )
    options = database_from_env()["OPTIONS"]["options"]  # type: ignore[index]
    assert options == "-c search_path=mb -c lock_timeout=3s -c statement_timeout=0"


@pytest.mark.parametrize("value", ["10 s", "1s -c work_mem=1GB", "soon", "-1"])
def test_a_malformed_postgresql_duration_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """The value goes into the connection's options string: nothing else may ride along."""
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/minutebook")
    monkeypatch.setenv("MINUTEBOOK_PG_STATEMENT_TIMEOUT", value)
    with pytest.raises(ValueError, match="MINUTEBOOK_PG_STATEMENT_TIMEOUT"):
        database_from_env()
