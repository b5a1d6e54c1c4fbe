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


@task()
def sweep_temporary_files() -> int:
    """Remove temporary files a killed process left under MEDIA_ROOT.

    Files are written to a temporary name and renamed when complete
    (``core.atomic``); a process killed in between leaves the temporary file, never a
    truncated file under a real name. Only files older than a day are removed, so a
    write in progress (a large upload, a long pack) is never touched.
    """
    import os
    import time
    from pathlib import Path

    from minutebook.core.atomic import is_temporary

    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return 0
    cutoff = time.time() - 24 * 3600
    removed = 0
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            if is_temporary(name) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
