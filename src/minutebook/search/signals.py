"""Keep the index in step with saves: each save re-decides what the public may see.

Indexing runs inside the saving transaction, so a rolled-back save rolls its index
rows back too. Bulk updates (``QuerySet.update``) send no signals, so application code
saves each row instead (``minutebook.core.saving.save_each``); a scan test refuses any
bulk update not marked ``# bulk-update-ok: <reason>``. After raw SQL or a shell-session
bulk update, run ``minutebook manage rebuild_search_index``.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.forwardplan.models import ForwardPlanEntry, ForwardPlanVersion
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.models import Report
from minutebook.search import indexing
from minutebook.search.models import SearchEntry

SOURCE_OF: dict[type, str] = {
    Report: "report",
    Document: "document",
    AgendaItem: "agenda_item",
    MinuteItem: "minute",
    Decision: "decision",
    ForwardPlanEntry: "forward_plan",
}


def _report_and_appendices(report_ids: set[int]) -> None:
    for pk in sorted(report_ids):
        indexing.index("report", pk)
    appendices = Document.public_objects.filter(report_id__in=report_ids)
    for pk in appendices.values_list("pk", flat=True):
        indexing.index("document", pk)


def _saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the rebuild command indexes fixtures
        return
    source = SOURCE_OF[sender]
    corrects = getattr(instance, "corrects_id", None) if sender is Decision else None
    # A decision's correction replaces the record it corrects in the index; it is no
    # new paper, so subscribers are not alerted again (docs/minutes.md).
    indexing.index(source, instance.pk, notify=corrects is None)
    if corrects is not None:
        indexing.index("decision", corrects)
    if sender is Report:
        _report_and_appendices({instance.pk})
    elif sender is AgendaItem and instance.report_id is not None:
        _report_and_appendices({instance.report_id})


def _deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    kinds = indexing.SOURCE_KINDS[SOURCE_OF[sender]]
    SearchEntry.objects.filter(kind__in=kinds, object_id=instance.pk).delete()


def _meeting_saved(sender: type, instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    """Publication, or its withdrawal, changes what of the meeting is open."""
    if raw or kwargs.get("created"):
        return
    items = AgendaItem.public_objects.filter(meeting_id=instance.pk)
    for pk in items.values_list("pk", flat=True):
        indexing.index("agenda_item", pk)
    _report_and_appendices(
        set(items.filter(report_id__isnull=False).values_list("report_id", flat=True))
    )
    for pk in Document.public_objects.filter(meeting_id=instance.pk).values_list("pk", flat=True):
        indexing.index("document", pk)
    for pk in MinuteItem.public_objects.filter(meeting_id=instance.pk).values_list("pk", flat=True):
        indexing.index("minute", pk)
    for pk in Decision.public_objects.filter(meeting_id=instance.pk).values_list("pk", flat=True):
        indexing.index("decision", pk)


def _plan_published(
    sender: type, instance: ForwardPlanVersion, raw: bool = False, **kwargs: Any
) -> None:
    """A published plan gives the entries it lists their public words: index those
    (an entry is indexed as the latest published version lists it, ``indexing``)."""
    if raw:
        return
    ids = [e["id"] for e in instance.entries or [] if isinstance(e, dict) and e.get("id")]
    indexing.index_forward_plan(instance.council, ids)


for _model in SOURCE_OF:
    post_save.connect(_saved, sender=_model, dispatch_uid=f"search-save-{_model.__name__}")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"search-delete-{_model.__name__}")
post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="search-save-meeting")
post_save.connect(_plan_published, sender=ForwardPlanVersion, dispatch_uid="search-plan-published")
