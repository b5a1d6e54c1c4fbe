"""The schedule: named periodic tasks, enqueued when due, once, however many run it.

Each entry of ``settings.MINUTEBOOK_SCHEDULE`` names a task (a django-tasks ``Task``
path) and its interval in seconds. ``MINUTEBOOK_SCHEDULE_INTERVALS`` (environment, e.g.
``refresh-packs=60,settle-call-ins=600``) overrides intervals per deployment.

The scheduler only enqueues; the worker runs. Two schedulers (two machines, or a
restart overlapping the old process) cannot both enqueue a due entry: each entry's
``ScheduleSlot`` row is read under ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL
(an immediate transaction serialises it on SQLite) and moved on in the same transaction
that enqueues. An entry whose previous run is still waiting or running is not queued
again, so a stopped worker does not come back to a pile of duplicate runs. The tasks
themselves are idempotent, so a run enqueued late, or twice by an operator, is harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from minutebook.jobs.models import ProcessKind, ScheduleSlot
from minutebook.jobs.process import BackgroundLoop

log = logging.getLogger("minutebook.jobs")


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    every: timedelta
    description: str


def schedule() -> list[Entry]:
    """The schedule from settings, with per-deployment interval overrides applied."""
    overrides: dict[str, int] = {}
    for part in str(getattr(settings, "MINUTEBOOK_SCHEDULE_INTERVALS", "") or "").split(","):
        if "=" in part:
            name, _, seconds = part.partition("=")
            overrides[name.strip()] = int(seconds)
    entries = []
    for name, spec in settings.MINUTEBOOK_SCHEDULE.items():
        seconds = overrides.get(name, int(spec["every"]))
        if seconds <= 0:
            continue  # an operator turned it off
        entries.append(
            Entry(name, spec["task"], timedelta(seconds=seconds), spec.get("description", ""))
        )
    return entries


def _still_pending(task_path: str) -> bool:
    """A previous run of this task is waiting or running (database backend only)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task_path, status__in=["READY", "RUNNING"]
    ).exists()


def _slot(name: str, now: datetime) -> ScheduleSlot | None:
    """The entry's slot, locked for this transaction; None if another scheduler holds it."""
    slot = ScheduleSlot.objects.select_for_update(skip_locked=True).filter(name=name).first()
    if slot is not None:
        return slot
    if ScheduleSlot.objects.filter(name=name).exists():
        return None  # locked elsewhere
    try:
        with transaction.atomic():
            ScheduleSlot.objects.create(name=name, next_due_at=now)
    except IntegrityError:
        return None  # another scheduler created it just now
    return ScheduleSlot.objects.select_for_update(skip_locked=True).filter(name=name).first()


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every entry that is due; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in schedule():
        with transaction.atomic():
            slot = _slot(entry.name, now)
            if slot is None or slot.next_due_at > now:
                continue
            task = import_string(entry.task)
            if _still_pending(task.module_path):
                # Stays due: queued as soon as the previous run has finished.
                log.info("schedule: %s is still queued or running; not queued again", entry.name)
                continue
            slot.next_due_at = now + entry.every
            result = task.enqueue()
            slot.last_enqueued_at = now
            slot.last_task_id = str(result.id)[:64]
            slot.runs += 1
            slot.save()
            enqueued.append(entry.name)
            log.info("schedule: queued %s", entry.name)
    return enqueued


class Scheduler(BackgroundLoop):
    """Enqueues due entries every ``tick`` seconds until stopped."""

    kind = ProcessKind.SCHEDULER

    def __init__(self, *, tick: float | None = None, once: bool = False) -> None:
        super().__init__(
            interval=tick if tick is not None else float(settings.MINUTEBOOK_SCHEDULER_TICK_SECONDS)
        )
        self.once = once

    def step(self) -> bool:
        enqueue_due()
        return False

    def finished(self, busy: bool) -> bool:
        return self.once

    def run(self) -> None:
        log.info("scheduler %s started: %s", self.process_id, ", ".join(e.name for e in schedule()))
        super().run()
