"""Exempt transitions fail closed, in the transaction that makes the change.

When an agenda item, report, file, minute or decision that was public becomes exempt
(LGA 1972 s100A(4), Schedule 12A), before anything is rebuilt:

1. what holds the same content becomes exempt with it (:data:`CASCADE`): an item's
   report, minutes and decisions; a report's files, items and decisions; a minute's
   decisions; a decision's minute;
2. every copy made from any of them, every version however old, is **withdrawn**: the
   Document is made exempt under the same paragraphs (so every public path, which
   reads ``public_objects``, loses it at once: pages, files, search rows, feeds, OParl,
   export) and stamped ``withdrawn_at`` with the reason; each withdrawal is an audit
   event (``exempt.withdrawn``);
3. the graph marks the copies stale, and the worker rebuilds public versions without
   the exempt content (``minutebook.derived.graph``).

The reverse, exempt to public, is a decision an officer confirms
(``core.exempt.releasing``); a save that would quietly publish exempt content is refused
with ``core.exempt.ReleaseNotConfirmed``. Withdrawn copies stay withdrawn after a release: the
rebuild publishes new versions.

An agenda item or meeting withdrawn from a published agenda (``meetings.withdrawal``) is
handled the same way, step 2 without the exemption: every copy that printed it is
stamped ``withdrawn_at`` (``copy.withdrawn``), which ``Document.public_objects`` leaves
out, and the worker rebuilds (:func:`withdraw_copies`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from minutebook.core.exempt import ReleaseNotConfirmed, current_release

# What holds the same content -------------------------------------------------------------


def _item_cascade(item: Any) -> list[models.Model]:
    from minutebook.decisions.models import Decision, MinuteItem
    from minutebook.reports.models import Report

    rows: list[models.Model] = []
    if item.report_id is not None:
        rows += list(Report.officer_objects.filter(pk=item.report_id, is_exempt=False))
    rows += list(MinuteItem.officer_objects.filter(agenda_item_id=item.pk, is_exempt=False))
    rows += list(Decision.officer_objects.filter(agenda_item_id=item.pk, is_exempt=False))
    return rows


def _report_cascade(report: Any) -> list[models.Model]:
    from minutebook.decisions.models import Decision
    from minutebook.documents.models import Document
    from minutebook.meetings.models import AgendaItem

    rows: list[models.Model] = list(
        Document.officer_objects.filter(report_id=report.pk, is_exempt=False)
    )
    rows += list(AgendaItem.public_objects.filter(report_id=report.pk, is_exempt=False))
    rows += list(Decision.officer_objects.filter(report_id=report.pk, is_exempt=False))
    return rows


def _minute_cascade(minute: Any) -> list[models.Model]:
    from minutebook.decisions.models import Decision

    return list(Decision.officer_objects.filter(minute_item_id=minute.pk, is_exempt=False))


def _decision_cascade(decision: Any) -> list[models.Model]:
    from minutebook.decisions.models import MinuteItem

    if decision.minute_item_id is None:
        return []
    return list(MinuteItem.officer_objects.filter(pk=decision.minute_item_id, is_exempt=False))


CASCADE: dict[str, Callable[[Any], list[models.Model]]] = {
    "meetings.agendaitem": _item_cascade,
    "reports.report": _report_cascade,
    "decisions.minuteitem": _minute_cascade,
    "decisions.decision": _decision_cascade,
    "documents.document": lambda row: [],
}

WATCHED = tuple(CASCADE)


def _was_exempt(sender: type[models.Model], pk: Any) -> bool | None:
    """The stored state; None for a row not yet saved."""
    if pk is None:
        return None
    value = sender._base_manager.filter(pk=pk).values_list("is_exempt", flat=True).first()
    return value


def _before_save(sender: type[models.Model], instance: Any, raw: bool = False, **kw: Any) -> None:
    if raw:
        return
    was = _was_exempt(sender, instance.pk)
    instance._exempt_transition = None
    if was is False and instance.is_exempt:
        instance._exempt_transition = "withdraw"
    elif was is True and not instance.is_exempt:
        release = current_release()
        if release is None:
            raise ReleaseNotConfirmed(
                f"{sender._meta.verbose_name.capitalize()} “{instance}” is exempt; making it "
                "public needs an officer's confirmation."
            )
        instance._exempt_transition = "release"


def _after_save(sender: type[models.Model], instance: Any, raw: bool = False, **kw: Any) -> None:
    transition = getattr(instance, "_exempt_transition", None)
    instance._exempt_transition = None
    if raw or transition is None:
        return
    from minutebook import audit

    if transition == "release":
        release = current_release() or {}
        audit.record(
            "exempt.released",
            instance,
            reason=release.get("reason", ""),
            user=release.get("by"),
            after={"made_public": instance._meta.label_lower},
        )
        return
    withdraw(instance)


def withdraw(row: Any) -> list[int]:
    """Make what holds ``row``'s content exempt and withdraw every copy made from it.

    Called in the transaction whose save made ``row`` exempt. Returns the ids of the
    Documents withdrawn (cascaded rows withdraw their own copies as they save).
    """
    paragraphs = sorted({int(p) for p in (row.exempt_paragraphs or [])})
    label = row._meta.label_lower
    because = f"{row._meta.verbose_name} “{row}” became exempt under paragraph(s) " + ", ".join(
        map(str, paragraphs)
    )
    for other in CASCADE[label](row):
        other.exempt_paragraphs = sorted({*(other.exempt_paragraphs or []), *paragraphs})
        if hasattr(other, "public_interest_reason") and not other.public_interest_reason:
            other.public_interest_reason = getattr(row, "public_interest_reason", "")
        other.save()  # its own transition withdraws its own copies
    return withdraw_copies(row, because=because, paragraphs=paragraphs)


def withdraw_copies(row: Any, *, because: str, paragraphs: list[int] | None = None) -> list[int]:
    """Withdraw every public copy made from ``row``, every version however old.

    With ``paragraphs`` (``row`` became exempt) each copy is made exempt under them and
    the event is ``exempt.withdrawn``; without (an agenda item or meeting withdrawn from
    the agenda, :func:`_after_withdrawal`) the copy stays not exempt but is stamped
    ``withdrawn_at``, which ``Document.public_objects`` leaves out just the same, and the
    event is ``copy.withdrawn``. Either way no public path reads the copy from this
    transaction on, and the worker's rebuild (forced by the stamp) makes a new version.
    """
    from minutebook import audit
    from minutebook.documents.models import Document, MadeFrom

    label = row._meta.label_lower
    ids = set(
        MadeFrom.objects.filter(source_type=label, source_id=row.pk).values_list(
            "document_id", flat=True
        )
    )
    ids |= _legacy_copies(row)
    withdrawn: list[int] = []
    now = timezone.now()
    # Not exempt (members' packs are), withdrawn or not: a copy withdrawn earlier for a
    # withdrawal is still made exempt when what it holds becomes exempt.
    rows = Document.officer_objects.filter(pk__in=ids, is_exempt=False)
    if paragraphs is None:
        rows = rows.filter(withdrawn_at__isnull=True)
    for document in rows.order_by("pk"):
        if paragraphs is not None:
            document.exempt_paragraphs = paragraphs
        if document.withdrawn_at is None:
            document.withdrawn_at = now
            document.withdrawn_reason = because[:500]
        document.save()
        after: dict[str, Any] = {"source": f"{label}:{row.pk}"}
        if paragraphs is not None:
            after["paragraphs"] = paragraphs
        audit.record(
            "exempt.withdrawn" if paragraphs is not None else "copy.withdrawn",
            document,
            reason=because,
            after=after,
        )
        withdrawn.append(document.pk)
    return withdrawn


# Withdrawn from the agenda ---------------------------------------------------------------


def _before_withdrawal(
    sender: type[models.Model], instance: Any, raw: bool = False, **kw: Any
) -> None:
    """Note whether this save withdraws the item or meeting (``meetings.withdrawal``)."""
    instance._withdrawal_transition = False
    if raw or instance.pk is None or instance.withdrawn_at is None:
        return
    was = sender._base_manager.filter(pk=instance.pk).values_list("withdrawn_at", flat=True)
    instance._withdrawal_transition = was.first() is None and was.exists()


def _after_withdrawal(
    sender: type[models.Model], instance: Any, raw: bool = False, **kw: Any
) -> None:
    """An item or meeting withdrawn from a published agenda: its papers leave every public
    path at once (``carrying_papers``), and so does every copy that printed them.

    The packs that printed the item (for a meeting, every pack, supplement and their HTML
    twins) are withdrawn in the same transaction, as for an exemption, so the public pack
    addresses never serve a version that still holds the withdrawn papers; the worker's
    rebuild publishes one without them.
    """
    transition = getattr(instance, "_withdrawal_transition", False)
    instance._withdrawal_transition = False
    if raw or not transition:
        return
    what = "Meeting" if sender._meta.label_lower == "meetings.meeting" else "Agenda item"
    reason = getattr(instance, "withdrawal_reason", "")
    because = f"{what} “{instance}” was withdrawn" + (f": {reason}" if reason else "")
    withdraw_copies(instance, because=because)


def _legacy_copies(row: Any) -> set[int]:
    """Whole-meeting documents that record no sources: imported packs, older builds.

    Not knowing what such a copy holds, assume it holds everything of its meeting, of
    every meeting that carries the row (a report can be on several agendas).
    """
    from minutebook.documents.models import Document, DocumentKind

    meeting_ids = _meetings_holding(row)
    if not meeting_ids:
        return set()
    kinds = [DocumentKind.AGENDA_PACK, DocumentKind.SUPPLEMENT, DocumentKind.MINUTES]
    found: set[int] = set()
    frontier = set(
        Document.public_objects.filter(meeting_id__in=meeting_ids, kind__in=kinds).values_list(
            "pk", flat=True
        )
    )
    # Earlier versions are detached from the meeting; follow ``replaces`` back.
    while frontier:
        found |= frontier
        frontier = (
            set(
                Document.officer_objects.filter(replaced_by__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
    described = set(
        Document.officer_objects.filter(pk__in=found, made_from__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return found - described


def _meetings_holding(row: Any) -> list[int]:
    """Every meeting whose papers hold ``row``: itself, its own, or each agenda carrying its
    report."""
    from minutebook.derived.rules import _meetings_of_report

    if row._meta.label_lower == "meetings.meeting":
        return [int(row.pk)]
    if getattr(row, "meeting_id", None):
        return [int(row.meeting_id)]
    if row._meta.label_lower == "reports.report":
        return _meetings_of_report(row.pk)
    return _meetings_of_report(getattr(row, "report_id", None))


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"exempt-before-{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"exempt-after-{label}")
    for label in ("meetings.agendaitem", "meetings.meeting"):
        model = apps.get_model(label)
        uid = f"withdrawal-{label}"
        pre_save.connect(_before_withdrawal, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_after_withdrawal, sender=model, dispatch_uid=f"{uid}-after")
