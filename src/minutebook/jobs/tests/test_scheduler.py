"""The schedule: each rule queued once when due, never piled up, once across machines."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minutebook.jobs.models import ScheduleSlot
from minutebook.jobs.scheduler import enqueue_due, schedule
from minutebook.jobs.worker import Worker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_queue(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0


def test_every_time_driven_rule_is_a_named_entry_with_a_task() -> None:
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    names = {e.name for e in schedule()}
    assert {"settle-call-ins", "refresh-packs", "prune-task-results"} <= names
    for entry in schedule():
        assert isinstance(import_string(entry.task), Task), entry.name
        assert entry.every.total_seconds() > 0


def test_intervals_can_be_overridden_or_turned_off(settings: Any) -> None:
    settings.MINUTEBOOK_SCHEDULE_INTERVALS = "refresh-packs=60, settle-call-ins=0"
    entries = {e.name: e for e in schedule()}
    assert entries["refresh-packs"].every == timedelta(seconds=60)
    assert "settle-call-ins" not in entries


@pytest.mark.django_db
def test_due_rules_are_queued_once_then_not_until_their_interval(db_queue: None) -> None:
    now = timezone.now()
    first = enqueue_due(now)
    assert set(first) == {e.name for e in schedule()}
    assert DBTaskResult.objects.count() == len(first)
    # Not due again a minute later; and a rule still waiting is not queued twice.
    assert enqueue_due(now + timedelta(minutes=1)) == []
    later = now + timedelta(days=2)
    assert enqueue_due(later) == []  # every earlier run is still waiting: no pile-up
    Worker(batch=True, interval=0).run()
    assert set(enqueue_due(later)) == set(first)
    slot = ScheduleSlot.objects.get(name="refresh-packs")
    assert slot.runs == 2 and slot.next_due_at > later


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_queue_each_rule_once(db_queue: None) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in ("", ":memory:"):
        pytest.skip("threads need a shared database file; in-memory SQLite is per connection")
    if "mode=memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a shared database file; in-memory SQLite is per connection")
    now = timezone.now()
    barrier = threading.Barrier(4)
    results: list[list[str]] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(enqueue_due(now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queued = [name for batch in results for name in batch]
    assert sorted(queued) == sorted(e.name for e in schedule())
    assert DBTaskResult.objects.count() == len(schedule())


def test_the_sweep_removes_only_old_temporary_files(settings: Any, tmp_path: Any) -> None:
    import os
    import time

    from minutebook.jobs.tasks import sweep_temporary_files

    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "documents" / "council"
    folder.mkdir(parents=True)
    old = folder / ".minutebook-0123456789abcdef.part"
    fresh = folder / ".minutebook-fedcba9876543210.part"
    real = folder / "agenda-pack.pdf"
    for path in (old, fresh, real):
        path.write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    os.utime(real, (day_ago, day_ago))
    assert sweep_temporary_files.call() == 1
    assert not old.exists() and fresh.exists() and real.exists()
