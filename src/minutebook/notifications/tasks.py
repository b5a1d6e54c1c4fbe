"""Background tasks: notifications are e-mailed by the worker, never in a request."""

from __future__ import annotations

from django_tasks import task

from minutebook.notifications import scans, services


@task()
def send_notifications() -> int:
    """E-mail the notifications of people who want them at once (queued on each commit,
    and every few minutes by the schedule in case a queue entry was lost)."""
    return services.send(digest=False)


@task()
def send_notification_digests() -> int:
    """E-mail each person who chose the digest one e-mail of what waits (at most daily)."""
    return services.send(digest=True)


@task()
def scan_notifications() -> int:
    """Write the notices the calendar brings (deadlines, registers due), then send them."""
    made = scans.scan()
    services.send(digest=False)
    return made
