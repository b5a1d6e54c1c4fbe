"""The worker against the real database queue: claims, failures, leases, outages."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minutebook.jobs import process as process_module
from minutebook.jobs.models import BackgroundProcess, ProcessKind
from minutebook.jobs.worker import Worker, reclaim_orphans

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_queue(settings: Any, db: None) -> None:
    settings.TASKS = DB_TASKS
    settings.MINUTEBOOK_TASK_MAX_ATTEMPTS = 2
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0


def _enqueue(path: str = "minutebook.jobs.tasks.prune_finished") -> DBTaskResult:
    from django.utils.module_loading import import_string

    result = import_string(path).enqueue()
    return DBTaskResult.objects.get(pk=result.id)


def _process(pid: str, *, alive: bool = True, current: Any = None) -> BackgroundProcess:
    seen = timezone.now() - (timedelta(0) if alive else timedelta(hours=1))
    return BackgroundProcess.objects.create(
        process_id=pid,
        kind=ProcessKind.WORKER,
        hostname="elsewhere",
        pid=1,
        started_at=seen,
        last_seen=seen,
        current_task=current,
    )


def test_batch_worker_runs_every_queued_task_once(db_queue: None) -> None:
    rows = [_enqueue() for _ in range(3)]
    done = Worker(batch=True, interval=0).run()
    assert done == 3
    for row in rows:
        row.refresh_from_db()
        assert row.status == "SUCCESSFUL"
        assert len(row.worker_ids) == 1
    # It registered itself and said when it stopped; it holds nothing.
    proc = BackgroundProcess.objects.get()
    assert proc.stopped_at is not None and proc.current_task is None and proc.tasks_done == 3


def test_a_task_that_raises_is_failed_with_its_error(db_queue: None, monkeypatch: Any) -> None:
    def broken(**kwargs: Any) -> int:
        raise ValueError("the rule broke")

    monkeypatch.setattr("minutebook.decisions.tasks.settle_expired_call_ins", broken)
    row = _enqueue("minutebook.decisions.tasks.settle_call_ins")
    Worker(batch=True, interval=0).run()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "builtins.ValueError"
    assert "the rule broke" in row.traceback


def test_a_task_held_by_a_dead_worker_is_queued_again_then_failed(db_queue: None) -> None:
    row = _enqueue()
    row.claim("worker-gone-1")
    _process("worker-gone-1", alive=False, current=row.id)
    assert reclaim_orphans()["READY"] == 1
    row.refresh_from_db()
    assert row.status == "READY" and row.started_at is None
    # Claimed again by another worker that dies too: the second attempt is the last.
    row.claim("worker-gone-2")
    _process("worker-gone-2", alive=False, current=row.id)
    assert reclaim_orphans()["FAILED"] == 1
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path.endswith("WorkerLost")
    assert "worker-gone-2" in row.traceback and "tried 2 times" in row.traceback


def test_a_task_held_by_a_live_worker_is_left_alone(db_queue: None) -> None:
    row = _enqueue()
    row.claim("worker-busy")
    _process("worker-busy", alive=True, current=row.id)
    assert reclaim_orphans() == {"READY": 0, "FAILED": 0}
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_dead_pid_on_this_host_is_noticed_without_waiting_for_the_lease(
    db_queue: None,
) -> None:
    import socket
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    row = _enqueue()
    row.claim("worker-local")
    now = timezone.now()
    BackgroundProcess.objects.create(
        process_id="worker-local",
        kind=ProcessKind.WORKER,
        hostname=socket.gethostname(),
        pid=gone.pid,
        started_at=now,
        last_seen=now,  # its heartbeat is fresh, but the process is gone
        current_task=row.id,
    )
    assert reclaim_orphans()["READY"] == 1


def test_the_worker_rides_out_a_database_outage(db_queue: None, monkeypatch: Any) -> None:
    """Errors from the database during a claim pause the worker; it never exits for them."""
    row = _enqueue()
    real_claim = Worker.claim
    failures = {"left": 2}

    def flaky(self: Worker) -> Any:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_claim(self)

    monkeypatch.setattr(Worker, "claim", flaky)
    monkeypatch.setattr(process_module, "close_connections", lambda: None)
    runner = Worker(batch=True, interval=0)
    monkeypatch.setattr(runner.stopping, "wait", lambda seconds: False)
    assert runner.run() == 1
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and failures["left"] == 0


def test_a_task_cut_off_by_an_outage_goes_back_to_the_queue(
    db_queue: None, monkeypatch: Any
) -> None:
    calls = {"n": 0}

    def dies_once(**kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("terminating connection due to administrator command")
        return 0

    monkeypatch.setattr("minutebook.decisions.tasks.settle_expired_call_ins", dies_once)
    row = _enqueue("minutebook.decisions.tasks.settle_call_ins")
    monkeypatch.setattr(process_module, "close_connections", lambda: None)
    runner = Worker(batch=True, interval=0)
    monkeypatch.setattr(runner.stopping, "wait", lambda seconds: False)
    runner.run()
    row.refresh_from_db()
    assert calls["n"] == 2
    assert row.status == "SUCCESSFUL" and len(row.worker_ids) == 2


def test_officer_pages_say_when_no_worker_runs(
    db_queue: None, client: Any, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw-123456789")
    client.force_login(user)
    _enqueue()
    page = client.get("/officer/").content.decode()
    assert "No task worker is running" in page and "1 task waiting" in page
    now = timezone.now()
    BackgroundProcess.objects.create(
        process_id="w", kind=ProcessKind.WORKER, hostname="h", pid=os.getpid(),
        started_at=now, last_seen=now,
    )  # fmt: skip
    assert "No task worker is running" not in client.get("/officer/").content.decode()
    tasks = client.get("/operations/tasks/")
    assert tasks.status_code == 200 and "prune_finished" in tasks.content.decode()


def test_failed_tasks_are_shown_and_can_be_queued_again(
    db_queue: None, client: Any, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw-123456789")
    client.force_login(user)
    row = _enqueue()
    row.claim("gone")
    row.set_failed(RuntimeError("disk on fire"))
    page = client.get("/officer/").content.decode()
    assert "1 background task has failed" in page
    assert "disk on fire" in client.get("/operations/tasks/").content.decode()
    response = client.post(f"/operations/tasks/{row.id}/retry/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "READY" and row.worker_ids == []


def test_health_endpoints(db_queue: None, client: Any) -> None:
    web = client.get("/health/")
    assert web.status_code == 200 and web.json()["database"] == "ok"
    assert "no-store" in web["Cache-Control"] or "max-age=0" in web["Cache-Control"]
    _enqueue()
    down = client.get("/health/worker/")
    assert down.status_code == 503
    body = down.json()
    assert body["queue_depth"] == 1 and "no task worker is running" in body["problems"]
    now = timezone.now()
    for kind in (ProcessKind.WORKER, ProcessKind.SCHEDULER):
        BackgroundProcess.objects.create(
            process_id=kind, kind=kind, hostname="h", pid=1, started_at=now, last_seen=now
        )
    assert client.get("/health/worker/").status_code == 200


def test_the_queue_is_for_superusers_only(db_queue: None, client: Any) -> None:
    """Task arguments and errors can name any council's records: council officers see the
    warning on their pages, not the deployment-wide queue."""
    from minutebook.accounts.models import RoleAssignment
    from minutebook.councils.factories import CouncilFactory

    officer = _user("dso")
    RoleAssignment.objects.create(
        user=officer, council=CouncilFactory(), role="democratic_services"
    )
    client.force_login(officer)
    assert client.get("/operations/tasks/").status_code == 403
    page = client.get("/officer/").content.decode()
    assert "No task worker is running" in page and "/operations/tasks/" not in page
    client.logout()
    assert client.get("/operations/tasks/").status_code == 302  # sign in first


def _user(name: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(name, f"{name}@example.org", "pw-123456789")
