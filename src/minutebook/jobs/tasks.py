"""Housekeeping of the queue itself, run on the schedule."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def prune_finished() -> int:
    """Forget successful task results and stopped processes older than the retention.

    Failed tasks are kept (officers see them on the tasks page until they retry or
    dismiss them); successful ones only matter for a while, for the queue's history.
    """
    from django_tasks_db.models import DBTaskResult

    from minutebook.jobs.models import BackgroundProcess

    cutoff = timezone.now() - timedelta(days=settings.MINUTEBOOK_TASK_RESULT_DAYS)
    done, _ = DBTaskResult.objects.filter(status="SUCCESSFUL", finished_at__lt=cutoff).delete()
    gone, _ = BackgroundProcess.objects.filter(last_seen__lt=cutoff).delete()
    return done + gone
