"""Background task: alerts go out after the publishing request has answered."""

from __future__ import annotations

from django_tasks import task

from minutebook.alerts.services import send_for_entry
from minutebook.search.models import SearchEntry


@task()
def send_alerts(entry_id: int) -> int:
    """Email the subscribers a newly public paper matches; gone already means nothing to do."""
    entry = SearchEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        return 0
    return send_for_entry(entry)
