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

import contextlib
import logging
import os
import secrets
import signal
import socket
import threading
from collections.abc import Iterable
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from minutebook.jobs.models import BackgroundProcess, ProcessKind

log = logging.getLogger("minutebook.jobs")

#: Errors that say the database is unreachable or busy, not that the task is wrong.
TRANSIENT = (OperationalError, InterfaceError)

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


class WorkerLost(Exception):
    """The process running a task stopped (killed, crashed or lost) before it finished."""


def new_process_id(kind: str) -> str:
    host = socket.gethostname()[:30]
    return f"{kind}-{host}-{os.getpid()}-{secrets.token_hex(4)}"


def _pid_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_connections() -> None:
    """Drop this thread's connections: after an outage they are unusable."""
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            conn.close()


class Heartbeat:
    """Registers a background process and keeps its ``last_seen`` fresh from a thread."""

    def __init__(self, process_id: str, kind: str) -> None:
        self.process_id = process_id
        self.kind = kind
        self.interval = float(settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = timezone.now()

    def register(self) -> None:
        now = timezone.now()
        BackgroundProcess.objects.update_or_create(
            process_id=self.process_id,
            defaults={
                "kind": self.kind,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": now,
                "stopped_at": None,
            },
        )

    def beat(self) -> None:
        updated = BackgroundProcess.objects.filter(
            pk=self.process_id
        ).update(  # bulk-update-ok: one heartbeat row, no public copy
            last_seen=timezone.now()
        )
        if not updated:
            self.register()

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self.interval):
            try:
                self.beat()
                if failing:
                    log.info("heartbeat: database reachable again")
                failing = False
            except DatabaseError as error:
                if not failing:
                    log.warning("heartbeat: database unavailable (%s)", error)
                failing = True
                close_connections()
        close_connections()

    def start(self) -> None:
        if self.interval <= 0:
            return  # heartbeats off (tests): the process counts as alive while it runs
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
        try:
            BackgroundProcess.objects.filter(
                pk=self.process_id
            ).update(  # bulk-update-ok: one heartbeat row, no public copy
                stopped_at=timezone.now(), current_task=None
            )
        except DatabaseError:
            log.warning("could not record that %s stopped", self.process_id)


def mark_dead_local_processes() -> int:
    """Processes on this host whose pid is gone are stopped now, not after the lease."""
    host = socket.gethostname()[:255]
    dead = [
        p.pk
        for p in BackgroundProcess.objects.filter(hostname=host, stopped_at__isnull=True)
        if p.pid != os.getpid() and not _pid_is_running(p.pid)
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


class Worker:
    """Runs tasks from the database queue until stopped (see the module docstring)."""

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
        self.queues = list(queues)
        self.backend_name = backend_name
        self.interval = interval
        self.batch = batch
        self.max_tasks = max_tasks
        self.process_id = process_id or new_process_id("worker")
        self.heartbeat = Heartbeat(self.process_id, ProcessKind.WORKER)
        self.stopping = threading.Event()
        self.done = 0
        self._in_task = False
        self._last_reclaim = 0.0

    # signals ------------------------------------------------------------------------
    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            log.warning("second %s: stopping now", signal.Signals(signum).name)
            raise KeyboardInterrupt
        log.info("%s: finishing the current task, then stopping", signal.Signals(signum).name)
        self.stopping.set()

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

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

    def _release(self, row: DBTaskResult | None = None) -> None:
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
            self._release(row)
        finally:
            self._in_task = False

    def _after_outage(self) -> None:
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

    def run(self) -> int:
        """Work until stopped (or, in batch mode, until the queue is empty). Tasks run."""
        log.info("worker %s started (queues: %s)", self.process_id, ",".join(self.queues))
        delay = 1.0
        registered = False
        outage = False
        try:
            while not self.stopping.is_set():
                try:
                    if not registered:
                        self.heartbeat.register()
                        self.heartbeat.start()
                        registered = True
                    if outage:
                        self._after_outage()
                        log.info("database reachable again; worker %s resumes", self.process_id)
                        outage = False
                    ran = self.tick()
                    delay = 1.0
                except TRANSIENT as error:
                    if not outage:
                        log.warning("database unavailable (%s); retrying", error)
                    outage = True
                    close_connections()
                    self.stopping.wait(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self.max_tasks is not None and self.done >= self.max_tasks:
                    break
                if not ran:
                    if self.batch:
                        break
                    self.stopping.wait(self.interval)
        except KeyboardInterrupt:
            log.warning("worker %s interrupted", self.process_id)
        finally:
            if registered:
                self.heartbeat.stop()
        log.info("worker %s stopped after %d tasks", self.process_id, self.done)
        return self.done
