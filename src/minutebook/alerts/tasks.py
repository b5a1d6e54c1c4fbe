"""Background task: the alert digest, run on the schedule (``alert-digests``)."""

from __future__ import annotations

from django_tasks import task

from minutebook.alerts.services import run_digests


class DigestIncomplete(Exception):
    """Some alerts could not be matched or sent; they wait for the next digest."""


@task()
def send_alert_digests() -> int:
    """Email each subscriber one digest of the new papers they match; returns emails sent.

    Idempotent and safe to overlap (see ``services.run_digests``). Fails, after doing
    all it could, when some email could not go, so officers see it on the tasks page.
    """
    run = run_digests()
    if run.failures:
        raise DigestIncomplete(
            f"{len(run.failures)} part(s) of the alert digest failed and wait for the next "
            f"run ({run.emails} emails sent): " + "; ".join(run.failures)
        )
    return run.emails
