"""Background tasks of the forward plan, run on the schedule (minutebook.jobs)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from minutebook.forwardplan.reminders import forward_plan_reminders
from minutebook.meetings.reminders import meeting_reminders, send_reminders


@task()
def deadline_reminders(as_of: str | None = None) -> int:
    """E-mail each council's democratic services one digest of deadlines due or passed.

    The meetings' deadlines and the forward plan's in one e-mail per officer, so this
    task lives with the forward plan (which may depend on meetings, not the reverse).
    Idempotent: each reminder is claimed once (``meetings.reminders``), and a run that
    was missed is caught up by the next (a passed deadline is reminded as such). ``as_of``
    (an ISO date-time, UK time if it gives no offset) runs it as at another moment, to
    check what a day would send.
    """
    now = None
    if as_of:
        now = dt.datetime.fromisoformat(as_of)
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
    return send_reminders([meeting_reminders, forward_plan_reminders], now=now)
