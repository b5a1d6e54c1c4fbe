"""Scale-out: tasks queued on Redis and run by a real RQ worker (`minutebook worker`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.own_database]

MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))
REDIS = os.environ.get("MINUTEBOOK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

SETUP = """
import json
from minutebook.publishing.tests.scenario import build_scenario
from minutebook.packs.tasks import generate_pack
from minutebook.jobs.status import summary

s = build_scenario()
result = generate_pack.enqueue(s.upcoming.pk)
print(json.dumps({"meeting": s.upcoming.pk, "task": result.id, "health": summary().as_json()}))
"""

CHECK = """
import json
from django_tasks import default_task_backend
from minutebook.documents.models import Document
from minutebook.jobs.status import summary

result = default_task_backend.get_result({task!r})
docs = Document._default_manager.filter(meeting_id={meeting}, kind="agenda_pack").count()
print(json.dumps({{"status": result.status, "docs": docs, "health": summary().as_json()}}))
"""


def _redis_reachable() -> bool:
    parts = urlparse(REDIS)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def test_a_pack_is_built_by_an_rq_worker(tmp_path: Path, migrated_sqlite: Path) -> None:
    if not _redis_reachable():
        pytest.skip(f"needs Redis at {REDIS} (CI has it on this machine)")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.dev",
        "MINUTEBOOK_MEDIA_ROOT": str(tmp_path / "media"),
        "MINUTEBOOK_TASK_BACKEND": "rq",
        "REDIS_URL": REDIS,
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [MINUTEBOOK, *args], env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run("migrate")
    queued = json.loads(run("manage", "shell", "-c", SETUP).strip().splitlines()[-1])
    assert queued["health"]["backend"] == "rq"
    assert queued["health"]["queue_depth"] >= 1  # the pack, and alerts the scenario queued
    assert "no task worker is running" in queued["health"]["problems"]
    # A burst worker runs what is queued on Redis, then exits.
    run("worker", "--batch")
    check = CHECK.format(task=queued["task"], meeting=queued["meeting"])
    after = json.loads(run("manage", "shell", "-c", check).strip().splitlines()[-1])
    assert after["status"] == "SUCCESSFUL"
    assert after["docs"] >= 1
    assert after["health"]["queue_depth"] == 0
    pdfs = list((tmp_path / "media").rglob("*agenda-pack.pdf"))
    assert pdfs and pdfs[0].read_bytes().startswith(b"%PDF")
