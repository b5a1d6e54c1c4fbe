"""The real worker process under faults: killed mid-build, and its database connections cut.

Each test runs `minutebook` in subprocesses against a scratch database of its own (the
test database lives inside a transaction other processes cannot see), and reads the
queue with plain SQL from outside, as an operator would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minutebook.core.atomic import is_temporary

pytestmark = pytest.mark.slow

MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))
PG_SERVER = os.environ.get("MINUTEBOOK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")

SETUP = """
import json
from minutebook.publishing.tests.scenario import build_scenario
from minutebook.meetings.factories import AgendaItemFactory
from minutebook.reports.factories import ReportFactory
from minutebook.packs.tasks import generate_pack

s = build_scenario()
# A long agenda, so that rendering its pack takes a while.
for n in range(40):
    report = ReportFactory(council=s.council, title=f"Report {n} on the budget",
                           body="Long text of the report. " * 400)
    AgendaItemFactory(meeting=s.upcoming, order=100 + n, number=str(100 + n),
                      title=f"Item {n} on the budget", report=report)
# This test is about one killed build: the rebuild the set-up's saves queued (which
# would build the same pack first) is not part of it.
from django_tasks_db.models import DBTaskResult
from minutebook.derived.models import StaleCopy
StaleCopy.objects.all().delete()
DBTaskResult.objects.filter(task_path__endswith="rebuild_stale").delete()
result = generate_pack.enqueue(s.upcoming.pk)
print(json.dumps({"meeting": s.upcoming.pk, "task": str(result.id)}))
"""

ENQUEUE = """
import json
from minutebook.jobs.tasks import prune_finished
print(json.dumps([str(prune_finished.enqueue().id) for _ in range({n})]))
"""


class Scratch:
    """A scratch database: its URL, a SQL reader, and the environment for subprocesses."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url = url
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "minutebook.settings.dev",
            "MINUTEBOOK_MEDIA_ROOT": str(tmp / "media"),
            "MINUTEBOOK_TASK_HEARTBEAT_SECONDS": "1",
            "MINUTEBOOK_TASK_LEASE_SECONDS": "4",
            "PYTHONUNBUFFERED": "1",
        }

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as conn:
                return conn.execute(query.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            return conn.execute(query, params).fetchall()

    def run(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [MINUTEBOOK, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def shell(self, code: str) -> Any:
        import json

        out = self.run("manage", "shell", "-c", code)
        return json.loads(out.strip().splitlines()[-1])

    def worker(self, log: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [MINUTEBOOK, "worker"], env=self.env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )

    def status(self, task_id: str) -> tuple[str, int]:
        rows = self.sql(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
            task_id.replace("-", "") if self.url.startswith("sqlite") else task_id,
        )
        import json

        status, workers = rows[0]
        workers = json.loads(workers) if isinstance(workers, str) else workers
        return status, len(workers)

    def wait_for(self, task_id: str, wanted: str, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, attempts = self.status(task_id)
            if status == wanted:
                return attempts
            time.sleep(0.05)
        raise AssertionError(f"task {task_id} still {self.status(task_id)} after {timeout} s")


def _suite_on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


@pytest.fixture
def scratch_db(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Scratch]:
    """A scratch database of the engine the suite runs on (CI runs both); on SQLite a copy
    of the migrated test database (``migrated_sqlite``), so this migrate applies nothing."""
    if _suite_on_postgres():
        yield from _pg(tmp_path)
        return
    scratch = Scratch(f"sqlite:///{request.getfixturevalue('migrated_sqlite')}", tmp_path)
    scratch.run("migrate")
    yield scratch


@pytest.fixture
def pg_scratch(tmp_path: Path) -> Iterator[Scratch]:
    if not _suite_on_postgres():
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)")
    yield from _pg(tmp_path)


def _pg(tmp_path: Path) -> Iterator[Scratch]:
    psycopg = pytest.importorskip("psycopg")
    name = f"mb_faults_{uuid.uuid4().hex[:10]}"
    server = PG_SERVER.replace("postgres://", "postgresql://")
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"needs a PostgreSQL server at {PG_SERVER} ({error})")
    admin.execute(f'CREATE DATABASE "{name}"')
    scratch = Scratch(f"{PG_SERVER}/{name}", tmp_path)
    try:
        scratch.run("migrate")
        yield scratch
    finally:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _pack_documents(scratch: Scratch, meeting: int) -> list[tuple[Any, ...]]:
    return scratch.sql(
        "SELECT d.id, d.file FROM documents_document d WHERE d.meeting_id = %s "
        "AND d.kind LIKE %s ORDER BY d.id",
        meeting,
        "%pack%",
    )


def test_a_worker_killed_mid_build_is_replaced_and_the_build_completes_once(
    scratch_db: Scratch, tmp_path: Path
) -> None:
    scratch = scratch_db
    setup = scratch.shell(SETUP)
    task, meeting = setup["task"], setup["meeting"]
    log = tmp_path / "worker.log"
    first = scratch.worker(log)
    try:
        scratch.wait_for(task, "RUNNING", timeout=120)
        time.sleep(0.3)  # inside the render
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        _stop(first)
    status, attempts = scratch.status(task)
    assert status == "RUNNING" and attempts == 1, "the kill must land mid-build"
    assert _pack_documents(scratch, meeting) == [], "nothing of the killed build is published"
    others = scratch.shell(ENQUEUE.format(n=3))

    second = scratch.worker(log)
    try:
        assert scratch.wait_for(task, "SUCCESSFUL", timeout=180) == 2
        for other in others:
            assert scratch.wait_for(other, "SUCCESSFUL", timeout=60) == 1
    finally:
        _stop(second)
    docs = _pack_documents(scratch, meeting)
    assert docs, "the pack was built"
    media = Path(scratch.env["MINUTEBOOK_MEDIA_ROOT"])
    for _id, name in docs:
        data = (media / name).read_bytes()
        assert data.startswith((b"%PDF", b"<!DOCTYPE", b"<!doctype")), name
    # Built once: no second copy of any pack document, and no stray files beside them.
    assert len({name for _id, name in docs}) == len(docs)
    referenced = {row[0] for row in scratch.sql("SELECT file FROM documents_document")}
    # A kill during a write leaves at most a temporary file (swept by the schedule),
    # never a file under a real name that nothing refers to.
    on_disk = {
        str(p.relative_to(media))
        for p in media.rglob("*")
        if p.is_file() and not is_temporary(p.name)
    }
    assert on_disk <= referenced, f"stray files: {on_disk - referenced}"
    assert "stopped while running it" in log.read_text()


def test_the_worker_carries_on_when_postgresql_drops_its_connections(
    pg_scratch: Scratch, tmp_path: Path
) -> None:
    scratch = pg_scratch
    log = tmp_path / "worker.log"
    proc = scratch.worker(log)
    try:
        (before,) = scratch.shell(ENQUEUE.format(n=1))
        scratch.wait_for(before, "SUCCESSFUL", timeout=60)
        name = scratch.url.rsplit("/", 1)[1]
        killed = scratch.sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            name,
        )[0][0]
        assert killed >= 1, "the worker's connections were cut"
        time.sleep(1)
        (after,) = scratch.shell(ENQUEUE.format(n=1))
        scratch.wait_for(after, "SUCCESSFUL", timeout=60)
        assert proc.poll() is None, "the worker is still running"
        seen = scratch.sql(
            "SELECT count(*) FROM jobs_backgroundprocess "
            "WHERE kind = 'worker' AND stopped_at IS NULL AND last_seen > now() - interval '3 seconds'"
        )[0][0]
        assert seen == 1, "its heartbeat resumed"
    finally:
        _stop(proc)
    assert proc.returncode == 0
