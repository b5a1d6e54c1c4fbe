"""A database outage in the middle of an archive import is waited out (PostgreSQL only).

Kept apart from ``test_archive`` so that CI's PostgreSQL pass runs this test, which needs
PostgreSQL, without running the archive tests again, which behave alike on both databases.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import connection

from minutebook.importer.models import ImportJournal
from minutebook.importer.tests.test_archive import _archive, _count, _database, _import


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_database_outage_is_waited_out(tmp_path: Path) -> None:
    """Its connections are cut (``pg_terminate_backend``) twice mid-batch: the importer
    reconnects and retries, and every pack imports."""
    if connection.vendor != "postgresql":
        pytest.skip("cuts PostgreSQL connections")
    env, _ = _database(tmp_path)
    root = tmp_path / "archive"
    _archive(root, 8, per_folder=8)
    proc = _import(env, "--db-wait", "60", str(root))
    name = connection.settings_dict["NAME"]
    cuts = 0
    deadline = time.monotonic() + 240
    try:
        while cuts < 2 and proc.poll() is None:
            assert time.monotonic() < deadline
            if _count("", ImportJournal) > cuts * 3:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [name],
                    )
                    cuts += 1 if cursor.fetchall() else 0
            time.sleep(0.05)
        _out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert cuts == 2
    assert proc.returncode == 0, err[-3000:]
    assert "database unavailable" in err
    assert _count("", ImportJournal) == 8
