"""The worker's side of the graph: rebuild what a change marked stale."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_stale() -> int:
    """Rebuild every stale copy; queued after each change commits, and on the schedule."""
    from minutebook.derived.graph import rebuild_all

    return rebuild_all()
