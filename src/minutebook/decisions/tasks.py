"""Background tasks of decisions, run on the schedule (minutebook.jobs)."""

from __future__ import annotations

from django_tasks import task

from minutebook.decisions.services import settle_expired_call_ins


@task()
def settle_call_ins() -> int:
    """Decisions whose call-in period ended uncalled come into force (idempotent)."""
    return settle_expired_call_ins()
