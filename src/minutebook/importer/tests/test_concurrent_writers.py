"""A 10 MB import on SQLite does not lock officers out.

An import used to hold SQLite's write lock for its whole transaction, which loaded Python
modules and scanned the pack inside it; officers saving a form or signing in at the same
time waited past the 5 s busy timeout and got a 500 "database is locked". Here an importer,
an officer saving a meeting through its form, and sign-ins run as separate processes on one
SQLite file database (WAL, as deployed), and every save and sign-in must succeed.

The child processes are in ``concurrent_writers``. Run with
``MINUTEBOOK_SQLITE_BUSY_TIMEOUT=0.05`` to see the test fail: the officers then give up
while the import holds the lock.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from minutebook.importer.parse import parse_text
from minutebook.meetings.models import Meeting

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "packs" / "county_cabinet_pdf.txt"
CHILD = "minutebook.importer.tests.concurrent_writers"
PACK_BYTES = 10_000_000
_ANCHOR = "A strategy for a cleaner county.\n"
_WORDS = [
    "the",
    "council",
    "will",
    "reduce",
    "reuse",
    "and",
    "recycle",
    "household",
    "waste",
    "across",
    "every",
    "district",
    "while",
    "collection",
    "rounds",
    "food",
    "caddies",
    "garden",
    "bins",
    "and",
    "recycling",
    "centres",
    "are",
    "reviewed",
    "each",
    "year",
    "with",
    "residents",
    "parishes",
    "and",
    "partners",
    "so",
    "that",
    "landfill",
    "falls",
]


def big_pack(size: int = PACK_BYTES) -> str:
    """A real fixture pack whose Appendix A runs to ``size`` bytes of strategy text."""
    small = FIXTURE.read_text(encoding="utf-8")
    rng = random.Random(7)
    lines: list[str] = []
    total, para = len(small.encode()), 1
    while total < size:
        line = " ".join(rng.choice(_WORDS) for _ in range(11)) + "."
        if rng.random() < 0.1:
            para += 1
            line = f"{para}.1 The strategy {line}"
        lines.append(line)
        total += len(line) + 1
    assert _ANCHOR in small
    return small.replace(_ANCHOR, _ANCHOR + "\n".join(lines) + "\n", 1)


def _file_database(path: Path, env: dict[str, str]) -> None:
    """The test database's schema in a SQLite file (a copy when tests run on SQLite)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, check=True
    )


def _run(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", CHILD, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str], role: str) -> dict[str, Any]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, f"{role} failed:\n{err[-3000:]}"
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


def test_officers_save_and_sign_in_while_a_10mb_pack_imports(tmp_path: Path) -> None:
    db = tmp_path / "minutebook.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.test",
        "DATABASE_URL": f"sqlite:///{db}",
        "MINUTEBOOK_VAR_DIR": str(tmp_path / "var"),
    }
    _file_database(db, env)
    work = tmp_path / "work"
    work.mkdir()
    text = big_pack()
    (work / "pack.txt").write_text(text, encoding="utf-8")
    documents = len(parse_text(FIXTURE.read_text(encoding="utf-8"), file="x").documents)

    procs = {
        "importer": _run(env, "importer", str(work)),
        "officer": _run(env, "officer", str(work)),
        "signin": _run(env, "signin", str(work)),
    }
    try:
        results = {role: _result(proc, role) for role, proc in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()

    imported = results["importer"]
    begin, end = imported["window"]
    print(f"\nwrite transaction of the {len(text) / 1e6:.1f} MB pack: {end - begin:.2f} s")
    failures = {}
    for role in ("officer", "signin"):
        events = results[role]["events"]
        failures[role] = [e for e in events if e[2]]
        during = [e for e in events if e[0] < end and e[1] > begin]
        slowest = max(e[1] - e[0] for e in events)
        print(f"{role}: {len(events)} requests, {len(during)} during it, slowest {slowest:.2f} s")
        assert during, f"{role}: no request ran while the import held the lock"
    for role, failed in failures.items():
        assert not failed, f"{role}: {len(failed)} failed, e.g. {failed[:3]}"
    assert imported["status"] == "created"
    assert imported["documents"] == documents
    loaded = imported["imported_in_transaction"]
    assert not loaded, f"modules loaded while holding the lock: {loaded[:10]}"

    with sqlite3.connect(db) as check:
        (url,) = check.execute(
            f"SELECT online_url FROM {Meeting._meta.db_table} WHERE id = ?",
            (results["officer"]["meeting"],),
        ).fetchone()
    assert url == f"https://example.org/live/{len(results['officer']['events'])}"
