"""The production web server and the RQ worker, each replacing the calling process.

``exec`` rather than a child: under systemd (or the supervisor of ``minutebook serve``)
the server itself receives the stop signal and drains its requests.

The WSGI server is gunicorn (docs/performance.md gives the measurement against granian):
pre-forked sync workers, each with a few threads, so a slow PDF download does not hold
a whole process; ``--graceful-timeout`` lets requests finish on SIGTERM.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def default_processes() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


def gunicorn_argv(host: str, port: int, processes: int = 0) -> list[str]:
    """The gunicorn command line for ``minutebook web --production``."""
    workers = (
        processes or int(os.environ.get("MINUTEBOOK_WEB_PROCESSES", "0")) or default_processes()
    )
    threads = int(os.environ.get("MINUTEBOOK_WEB_THREADS", "4"))
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "minutebook.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        os.environ.get("MINUTEBOOK_WEB_TIMEOUT", "120"),
        "--graceful-timeout",
        os.environ.get("MINUTEBOOK_WEB_GRACEFUL_TIMEOUT", "30"),
        "--keep-alive",
        "5",
        # Load the application once in the master, so a restarted worker forks ready.
        # Workers are not recycled by default: each recycled one imported Django for a
        # second or two and started with an empty page cache while its share of requests
        # waited (a 1-2 s p95 in the HTTP bench at --max-requests 2000). Operators who
        # need it against a leak set MINUTEBOOK_WEB_MAX_REQUESTS.
        "--preload",
        "--max-requests",
        os.environ.get("MINUTEBOOK_WEB_MAX_REQUESTS", "0"),
        "--max-requests-jitter",
        "100",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("MINUTEBOOK_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def exec_production_server(host: str, port: int, processes: int = 0) -> NoReturn:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutebook.settings.production")
    argv = gunicorn_argv(host, port, processes)
    os.execv(argv[0], argv)


def exec_rq_worker(queue: str, batch: bool) -> NoReturn:
    """An RQ worker on the configured Redis, running django-tasks' jobs."""
    queues = ["default"] if queue in ("*", "") else queue.split(",")
    argv = [
        sys.executable,
        "-m",
        "django",
        "rqworker",
        *queues,
        "--job-class",
        "django_tasks_rq.backend.Job",
        "--with-scheduler",
    ]
    if batch:
        argv.append("--burst")
    os.execv(argv[0], argv)
