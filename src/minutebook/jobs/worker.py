"""The task worker: django-tasks' database queue, run with leases and through outages.

django_tasks_db's own ``db_worker`` leaves a task RUNNING for ever when its process is
killed, and exits when the database goes away. This worker keeps the same queue table
and adds what a council's service needs:

- **Leases.** Each worker beats (``BackgroundProcess.last_seen``) from a thread, and
  records the task it holds in the same transaction that claims it. A RUNNING task that
  no live worker holds is orphaned: it goes back to the queue, or, after
  ``MINUTEBOOK_TASK_MAX_ATTEMPTS`` claims, fails with :class:`WorkerLost` so officers see it.
- **Outages.** A database error that is not the task's own fault (the server restarting,
  connections terminated, SQLite busy past its timeout) closes the connections and
  retries with a growing pause; the worker never exits for it. A task interrupted that
  way goes back to the queue.
- **Graceful stop.** SIGTERM or SIGINT finishes the current task, then exits; a second
  signal exits at once (the task's lease then returns it to the queue).

Tasks must be idempotent: a task whose worker died after its effect but before recording
success runs again.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from minutebook.jobs.models import BackgroundProcess, ProcessKind
from minutebook.jobs.process import (
    TRANSIENT,
    BackgroundLoop,
    pid_is_running,
)

log = logging.getLogger("minutebook.jobs")

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


class WorkerLost(Exception):
    """The process running a task stopped (killed, crashed or lost) before it finished."""


def mark_dead_local_processes() -> int:
    """Processes on this host whose pid is gone are stopped now, not after the lease."""
    host = socket.gethostname()[:255]
    dead = [
        p.pk
        for p in BackgroundProcess.objects.filter(hostname=host, stopped_at__isnull=True)
        if p.pid != os.getpid() and not pid_is_running(p.pid)
    ]
    if dead:
        BackgroundProcess.objects.filter(pk__in=dead).update(
            stopped_at=timezone.now()
        )  # bulk-update-ok: heartbeat rows of dead processes
    return len(dead)


def _give_back(row: DBTaskResult, reason: str) -> str:
    """Queue an orphaned task again, or fail it once it has used all its attempts."""
    attempts = len(row.worker_ids or [])
    if attempts < settings.MINUTEBOOK_TASK_MAX_ATTEMPTS:
        row.status = READY
        row.started_at = None
        row.save(update_fields=["status", "started_at"])
        log.warning("task %s (%s) queued again: %s", row.id, row.task_path, reason)
        return READY
    row.status = FAILED
    row.finished_at = timezone.now()
    row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    row.traceback = (
        f"{reason}. It was tried {attempts} times "
        f"(MINUTEBOOK_TASK_MAX_ATTEMPTS={settings.MINUTEBOOK_TASK_MAX_ATTEMPTS}) and is "
        "not tried again; queue it again once the cause is fixed."
    )
    row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    log.error("task %s (%s) failed: %s", row.id, row.task_path, reason)
    return FAILED


def reclaim_orphans() -> dict[str, int]:
    """Requeue (or fail) RUNNING tasks that no live worker holds. Safe on many machines."""
    mark_dead_local_processes()
    held = [
        t
        for t in BackgroundProcess.objects.alive()
        .filter(current_task__isnull=False)
        .values_list("current_task", flat=True)
    ]
    counts = {READY: 0, FAILED: 0}
    candidates = list(
        DBTaskResult.objects.filter(status=RUNNING)
        .exclude(id__in=held)
        .values_list("id", flat=True)[:100]
    )
    for task_id in candidates:
        with exclusive_transaction(DBTaskResult.objects.db):
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, status=RUNNING)
                .first()
            )
            if row is None:
                continue
            holder = row.worker_ids[-1] if row.worker_ids else ""
            if BackgroundProcess.objects.alive().filter(current_task=row.id).exists():
                continue
            counts[
                _give_back(row, f"its worker {holder or '(unknown)'} stopped while running it")
            ] += 1
    return counts


class Worker(BackgroundLoop):
    """Runs tasks from the database queue until stopped (see the module docstring)."""

    kind = ProcessKind.WORKER

    def __init__(
        self,
        *,
        queues: Iterable[str] = ("*",),
        backend_name: str = "default",
        interval: float = 1.0,
        batch: bool = False,
        max_tasks: int | None = None,
        process_id: str | None = None,
    ) -> None:
        super().__init__(interval=interval, process_id=process_id)
        self.queues = list(queues)
        self.backend_name = backend_name
        self.batch = batch
        self.max_tasks = max_tasks
        self.done = 0
        self._in_task = False
        self._last_reclaim = 0.0

    # queue --------------------------------------------------------------------------
    def _ready(self) -> Any:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if "*" not in self.queues:
            tasks = tasks.filter(queue_name__in=self.queues)
        return tasks

    def claim(self) -> DBTaskResult | None:
        """Take the next ready task and record that this worker holds it, atomically."""
        with exclusive_transaction(DBTaskResult.objects.db):
            row = self._ready().get_locked()
            if row is None:
                return None
            row.claim(self.process_id)
            BackgroundProcess.objects.filter(
                pk=self.process_id
            ).update(  # bulk-update-ok: heartbeat row, claimed with the task
                current_task=row.id, last_seen=timezone.now()
            )
            return row

    def _release(self) -> None:
        with transaction.atomic():
            BackgroundProcess.objects.filter(
                pk=self.process_id
            ).update(  # bulk-update-ok: heartbeat row
                current_task=None, tasks_done=self.done
            )

    def run_task(self, row: DBTaskResult) -> None:
        from django_tasks.base import TaskContext
        from django_tasks.signals import task_finished, task_started

        self._in_task = True
        try:
            task = row.task
            result = row.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=result)
            try:
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=result), *result.args, **result.kwargs
                    )
                else:
                    value = task.call(*result.args, **result.kwargs)
            except TRANSIENT:
                raise  # the database, not the task: the outage handler queues it again
            except Exception as error:  # the task's own failure: recorded, shown to officers
                log.exception("task %s (%s) failed", row.id, row.task_path)
                row.set_failed(error)
            else:
                row.set_successful(value)
            self.done += 1
            task_finished.send(sender=backend_type, task_result=row.task_result)
            self._release()
        finally:
            self._in_task = False

    def recover(self) -> None:
        """Give back any task this worker was running when the database went away."""
        with transaction.atomic():
            for row in DBTaskResult.objects.select_for_update().filter(status=RUNNING):
                if row.worker_ids and row.worker_ids[-1] == self.process_id:
                    _give_back(row, "the database became unavailable while it ran")
        self._release()

    def tick(self) -> bool:
        """One pass: reclaim orphans now and then, then run one task. True if one ran."""
        now = timezone.now().timestamp()
        if now - self._last_reclaim >= settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS:
            reclaim_orphans()
            self._last_reclaim = now
        row = self.claim()
        if row is None:
            return False
        self.run_task(row)
        return True

    def step(self) -> bool:
        return self.tick()

    def finished(self, busy: bool) -> bool:
        if self.max_tasks is not None and self.done >= self.max_tasks:
            return True
        return self.batch and not busy

    def run(self) -> int:
        """Work until stopped (or, in batch mode, until the queue is empty). Tasks run."""
        log.info("worker %s started (queues: %s)", self.process_id, ",".join(self.queues))
        super().run()
        log.info("worker %s stopped after %d tasks", self.process_id, self.done)
        return self.done
