"""What the background processes say about themselves, and the schedule's bookkeeping.

Neither table feeds a public page, so the page cache ignores both (a heartbeat every few
seconds would otherwise empty it).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class ProcessKind(models.TextChoices):
    WORKER = "worker", "Task worker"
    SCHEDULER = "scheduler", "Scheduler"


class ProcessQuerySet(models.QuerySet["BackgroundProcess"]):
    def alive(self) -> ProcessQuerySet:
        """Processes whose heartbeat is younger than the lease: a dead one stops beating."""
        lease = timedelta(seconds=settings.MINUTEBOOK_TASK_LEASE_SECONDS)
        return self.filter(last_seen__gte=timezone.now() - lease, stopped_at__isnull=True)


class BackgroundProcess(models.Model):
    """One running task worker or scheduler, as its last heartbeat described it."""

    process_id = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=10, choices=ProcessKind.choices)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    #: The task it is running now (a django_tasks_db result id), so a task that is
    #: RUNNING without a live process holding it is known to be orphaned.
    current_task = models.UUIDField(null=True, blank=True)
    tasks_done = models.PositiveIntegerField(default=0)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-last_seen"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.process_id} on {self.hostname}"


class ScheduleSlot(models.Model):
    """When a named periodic task is next due; its row lock makes one machine enqueue it."""

    name = models.CharField(max_length=64, primary_key=True)
    next_due_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
