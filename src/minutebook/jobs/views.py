"""Health endpoints for load balancers and monitoring, and the operators' tasks page.

``/health/`` answers 200 when this web process can query the database (503 if not);
``/health/worker/`` answers 200 when a worker and a scheduler are alive and the queue
is moving, 503 otherwise, with the figures as JSON either way. Neither is cached.
"""

from __future__ import annotations

import logging
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from minutebook.jobs.models import BackgroundProcess, ScheduleSlot
from minutebook.jobs.scheduler import schedule
from minutebook.jobs.status import summary, uses_database_queue

log = logging.getLogger("minutebook.jobs")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The error can name the database host and user: logged, never shown publicly.
        log.error("health check: database unavailable: %s", error)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    ms = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": ms})


@never_cache
@require_safe
def worker_health(request: HttpRequest) -> JsonResponse:
    try:
        state = summary()
    except DatabaseError as error:
        # The error can name the database host and user: logged, never shown publicly.
        log.error("health check: database unavailable: %s", error)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse(state.as_json(), status=200 if state.healthy else 503)


def _require_operator(request: HttpRequest) -> None:
    """The queue is the deployment's, across councils: its task arguments and errors can
    name any council's records, so only superusers (who run the service) read it."""
    if not request.user.is_superuser:
        raise PermissionDenied("The task queue is for the people who run this service.")


@login_required
@require_http_methods(["GET", "HEAD"])
def tasks_page(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    slots = {s.name: s for s in ScheduleSlot.objects.all()}
    context: dict[str, object] = {
        "processes": BackgroundProcess.objects.all()[:50],
        "schedule": [(entry, slots.get(entry.name)) for entry in schedule()],
        "database_queue": uses_database_queue(),
    }
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        context["waiting"] = DBTaskResult.objects.ready().order_by("enqueued_at")[:50]
        context["running"] = DBTaskResult.objects.running().order_by("started_at")[:50]
        context["failed"] = DBTaskResult.objects.failed().order_by("-finished_at")[:50]
    return render(request, "jobs/tasks.html", context)


@login_required
@require_POST
def retry_task(request: HttpRequest, task_id: str) -> HttpResponse:
    """Queue a failed task again, with a fresh count of attempts."""
    _require_operator(request)
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.failed().filter(pk=task_id).first()
    if row is None:
        messages.error(request, "That task is not (or no longer) failed.")
        return redirect("operations:tasks")
    row.status = "READY"
    row.worker_ids = []
    row.started_at = row.finished_at = None
    row.exception_class_path = row.traceback = ""
    row.save(
        update_fields=[
            "status",
            "worker_ids",
            "started_at",
            "finished_at",
            "exception_class_path",
            "traceback",
        ]
    )
    messages.success(request, f"{row.task_name} is queued again.")
    return redirect("operations:tasks")
