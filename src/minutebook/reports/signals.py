"""Only cleared reports go into a published pack, whichever code publishes the agenda.

When a meeting's ``published_at`` is first set, every report on its agenda (other than
items "to follow") must be cleared (``services.assert_meeting_publishable``); otherwise
the save is refused and the publishing transaction rolls back. The error is also a
``meetings.services.WorkflowError`` when that exists, so the officer pages show it as
any other refused step. ``MINUTEBOOK_REQUIRE_CLEARED_REPORTS`` (default True) turns
the check off, for fixtures that publish reports without clearance.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from minutebook.reports.services import ReportNotCleared, unpublishable_reports


def _error_class() -> type[Exception]:
    try:
        from minutebook.meetings.services import WorkflowError
    except ImportError:  # the meetings workflow is optional
        return ReportNotCleared

    class UnclearedReports(ReportNotCleared, WorkflowError):
        def __str__(self) -> str:
            return " ".join(self.messages)

    return UnclearedReports


def refuse_uncleared_publication(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or not getattr(settings, "MINUTEBOOK_REQUIRE_CLEARED_REPORTS", True):
        return
    if instance.pk is None or instance.published_at is None or instance.is_imported:
        return  # archive meetings read from old packs were published elsewhere
    was = sender._base_manager.filter(pk=instance.pk).values_list("published_at", flat=True)
    if was.first() is not None:
        return
    problems = unpublishable_reports(instance)
    if problems:
        error = _error_class()
        raise error(
            [f'Report "{r.title}" is not cleared: {" ".join(reasons)}' for r, reasons in problems]
        )
