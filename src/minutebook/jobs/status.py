"""How the background work is doing: for officer pages, the tasks page and /health/.

Officers must never believe a pack was built or an alert sent when nothing runs the
queue, so every officer page asks :func:`summary` (lazily, only when it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from minutebook.jobs.models import BackgroundProcess, ProcessKind


def queue_kind() -> str:
    """``database``, ``rq``, or ``inline`` (tasks run in the request: tests, no worker)."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.startswith("django_tasks_db"):
        return "database"
    if backend.startswith("django_tasks_rq"):
        return "rq"
    return "inline"


def uses_database_queue() -> bool:
    return queue_kind() == "database"


@dataclass
class Summary:
    backend: str
    workers: int = 0
    schedulers: int = 0
    waiting: int = 0
    running: int = 0
    failed_recent: int = 0
    oldest_waiting: datetime | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def oldest_waiting_seconds(self) -> float | None:
        if self.oldest_waiting is None:
            return None
        return max(0.0, (timezone.now() - self.oldest_waiting).total_seconds())

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def no_worker(self) -> bool:
        return self.backend != "inline" and self.workers == 0

    def as_json(self) -> dict[str, object]:
        return {
            "status": "ok" if self.healthy else "degraded",
            "backend": self.backend,
            "workers": self.workers,
            "schedulers": self.schedulers,
            "queue_depth": self.waiting,
            "running": self.running,
            "failed_last_7_days": self.failed_recent,
            "oldest_waiting_seconds": (
                None
                if self.oldest_waiting_seconds is None
                else round(self.oldest_waiting_seconds, 1)
            ),
            "problems": self.problems,
        }


def _rq_summary(summary: Summary) -> Summary:
    import django_rq
    from rq import Worker

    queue = django_rq.get_queue("default")
    summary.waiting = queue.count
    summary.workers = Worker.count(connection=queue.connection)
    summary.failed_recent = queue.failed_job_registry.count
    summary.running = queue.started_job_registry.count
    return summary


def summary() -> Summary:
    """Live workers and schedulers, the queue's depth and age, recent failures."""
    alive = BackgroundProcess.objects.alive()
    result = Summary(backend=queue_kind())
    result.schedulers = alive.filter(kind=ProcessKind.SCHEDULER).count()
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        result.workers = alive.filter(kind=ProcessKind.WORKER).count()
        ready = DBTaskResult.objects.ready()
        result.waiting = ready.count()
        first = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        result.oldest_waiting = first
        result.running = DBTaskResult.objects.running().count()
        result.failed_recent = (
            DBTaskResult.objects.failed()
            .filter(finished_at__gte=timezone.now() - timedelta(days=7))
            .count()
        )
    elif result.backend == "rq":
        _rq_summary(result)
    if result.no_worker:
        result.problems.append("no task worker is running")
    if result.backend != "inline" and result.schedulers == 0:
        result.problems.append("no scheduler is running")
    age = result.oldest_waiting_seconds
    if age is not None and age > settings.MINUTEBOOK_TASK_STALE_SECONDS:
        result.problems.append(f"the oldest waiting task has waited {int(age)} s")
    return result
