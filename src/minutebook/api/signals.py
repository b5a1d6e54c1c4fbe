"""Record a tombstone when an object leaves public view (deleted, or made exempt).

Only ``public_objects`` is used here: whether a row *was* public is asked of the public
manager before the save that makes it exempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from minutebook.api.models import OParlType, Tombstone
from minutebook.committees.models import Committee, Membership
from minutebook.documents.models import Document
from minutebook.meetings.models import AgendaItem, Meeting, Venue
from minutebook.people.models import LegislativeTerm, Person, PoliticalGroup
from minutebook.reports.models import Report

#: Where each type's ``created`` is read, through public managers only (a row about to
#: be made exempt is still public when its tombstone is written).
CREATED_FROM: dict[str, Any] = {
    OParlType.ORGANIZATION: Committee.objects,
    OParlType.POLITICAL_GROUP: PoliticalGroup.objects,
    OParlType.PERSON: Person.objects,
    OParlType.MEMBERSHIP: Membership.objects,
    OParlType.MEETING: Meeting.objects,
    OParlType.AGENDA_ITEM: AgendaItem.public_objects,
    OParlType.CONSULTATION: AgendaItem.public_objects,
    OParlType.PAPER: Report.public_objects,
    OParlType.FILE: Document.public_objects,
    OParlType.LOCATION: Venue.objects,
    OParlType.LEGISLATIVE_TERM: LegislativeTerm.objects,
}


def bury(
    council_id: int | None,
    kind: str,
    ids: Iterable[int],
    created: Any = None,
    parent: tuple[str, int] | None = None,
) -> None:
    """Tombstone these objects; ``created`` (the row's own, when the row is at hand)
    is kept, as OParl asks of a deleted object; ``parent`` is the object that embedded
    them (its deleted marker lists theirs)."""
    if council_id is None:
        return
    ids = list(ids)
    if created is not None:
        made = dict.fromkeys(ids, created)
    else:
        made = dict(CREATED_FROM[kind].filter(pk__in=ids).values_list("pk", "created"))
    now = timezone.now()
    for object_id in ids:
        defaults: dict[str, Any] = {"council_id": council_id, "deleted_at": now}
        if made.get(object_id) is not None:
            defaults["created"] = made[object_id]
        if parent is not None:
            defaults["parent_type"], defaults["parent_id"] = parent
        Tombstone.objects.update_or_create(oparl_type=kind, object_id=object_id, defaults=defaults)


def unbury(kind: str, ids: Iterable[int]) -> None:
    Tombstone.objects.filter(oparl_type=kind, object_id__in=list(ids)).delete()


def _meeting_council(meeting_id: int | None) -> int | None:
    if meeting_id is None:
        return None
    return (
        Meeting.objects.filter(pk=meeting_id)
        .values_list("committee__council_id", flat=True)
        .first()
    )


def _committee_council(committee_id: int | None) -> int | None:
    return Committee.objects.filter(pk=committee_id).values_list("council_id", flat=True).first()


def on_delete(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    made = getattr(instance, "created", None)
    if sender is Committee:
        bury(instance.council_id, OParlType.ORGANIZATION, [instance.pk], made)
    elif sender is PoliticalGroup:
        bury(instance.council_id, OParlType.POLITICAL_GROUP, [instance.pk], made)
    elif sender is Person:
        bury(instance.council_id, OParlType.PERSON, [instance.pk], made)
    elif sender is Membership:
        council_id = _committee_council(instance.committee_id)
        bury(council_id, OParlType.MEMBERSHIP, [instance.pk], made)
    elif sender is Meeting:
        council_id = _committee_council(instance.committee_id)
        bury(council_id, OParlType.MEETING, [instance.pk], made)
    elif sender is AgendaItem:
        council_id = _meeting_council(instance.meeting_id)
        bury(council_id, OParlType.AGENDA_ITEM, [instance.pk], made)
        if instance.report_id is not None:
            bury(council_id, OParlType.CONSULTATION, [instance.pk], made)
            _bury_unlisted_report(instance)
    elif sender is Report and not instance.is_exempt:
        bury(instance.council_id, OParlType.PAPER, [instance.pk], made)
    elif sender is Document and not instance.is_exempt:
        bury(instance.council_id, OParlType.FILE, [instance.pk], made)
    elif sender is Venue:
        bury(instance.council_id, OParlType.LOCATION, [instance.pk], made)
    elif sender is LegislativeTerm:
        bury(instance.council_id, OParlType.LEGISLATIVE_TERM, [instance.pk], made)


def before_item_delete(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """Remember whether the item's report, and which of its files, the public could see."""
    if instance.report_id is None:
        return
    from minutebook.api.oparl import visible_documents, visible_reports

    instance._oparl_visible_report = visible_reports().filter(pk=instance.report_id).exists()
    instance._oparl_visible_files = set(
        visible_documents().filter(report_id=instance.report_id).values_list("pk", flat=True)
    )


def _bury_unlisted_report(item: Any) -> None:
    """A report published only through the deleted item is gone, and its files with it.

    (Its meeting deleted, or the item taken off the agenda: the report is not deleted,
    but no public agenda item carries it any more.)
    """
    from minutebook.api.oparl import visible_documents, visible_reports

    report_id = item.report_id
    council_id = (
        Report.public_objects.filter(pk=report_id).values_list("council_id", flat=True).first()
    )
    was_visible = getattr(item, "_oparl_visible_report", False)
    if was_visible and not visible_reports().filter(pk=report_id).exists():
        bury(council_id, OParlType.PAPER, [report_id])
    files = getattr(item, "_oparl_visible_files", set())
    if files:
        still = set(visible_documents().filter(pk__in=files).values_list("pk", flat=True))
        bury(council_id, OParlType.FILE, files - still, parent=(OParlType.PAPER, report_id))


def before_item_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """An item about to lose its report (replaced, removed, or the item withdrawn, which
    lists it without its papers): remember what was visible."""
    instance._oparl_old_report = None
    if instance.pk is None or kwargs.get("raw"):
        return
    old = AgendaItem.public_objects.filter(pk=instance.pk).values_list("report_id", "withdrawn_at")
    old_id, old_withdrawn = old.first() or (None, None)
    withdrawing = old_withdrawn is None and instance.withdrawn_at is not None
    if old_id is None or (old_id == instance.report_id and not withdrawing):
        return
    holder = AgendaItem(pk=instance.pk, report_id=old_id)
    before_item_delete(sender, holder)
    instance._oparl_old_report = holder


def after_item_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """The report the item no longer carries is gone if no other public item carries it."""
    holder = getattr(instance, "_oparl_old_report", None)
    instance._oparl_old_report = None
    if holder is not None:
        _bury_unlisted_report(holder)
        # The old paper embedded this consultation: syncing clients must fetch it again.
        Report.public_objects.filter(pk=holder.report_id).update(  # bulk-update-ok: stamp
            modified=timezone.now()
        )
        if instance.report_id is None or instance.withdrawn_at is not None:
            # The consultation was the item with its report.
            council_id = _meeting_council(instance.meeting_id)
            bury(
                council_id,
                OParlType.CONSULTATION,
                [instance.pk],
                instance.created,
                parent=(OParlType.PAPER, holder.report_id),
            )
    elif (
        instance.report_id is not None
        and not instance.is_exempt
        and not instance.withdrawn_at
        and _consultation_visible(instance.pk)
    ):
        unbury(OParlType.CONSULTATION, [instance.pk])


def _consultation_visible(item_id: int) -> bool:
    """Is the item's consultation public (its report public, carried by the item)?  An
    item of a withdrawn meeting is saved by the pack's rebuild, say, and stays gone."""
    from minutebook.api.common import report_items

    return report_items().filter(pk=item_id, report__isnull=False, report__is_exempt=False).exists()


def before_meeting_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A meeting about to be withdrawn lists every item without its papers, as a withdrawn
    item does: remember which reports and files of its items were visible."""
    instance._oparl_withdrawn_items = []
    if instance.pk is None or kwargs.get("raw") or instance.withdrawn_at is None:
        return
    was = Meeting.objects.filter(pk=instance.pk).values_list("withdrawn_at", flat=True)
    if not was.exists() or was.first() is not None:
        return
    rows = AgendaItem.public_objects.filter(
        meeting_id=instance.pk, report_id__isnull=False, withdrawn_at__isnull=True
    ).values_list("pk", "report_id")
    holders = []
    for pk, report_id in rows:
        holder = AgendaItem(pk=pk, report_id=report_id, meeting_id=instance.pk)
        before_item_delete(AgendaItem, holder)
        holders.append(holder)
    instance._oparl_withdrawn_items = holders


def after_meeting_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """The withdrawn meeting's reports (unless another public item carries them), their
    files and its items' consultations are gone for the public."""
    holders = getattr(instance, "_oparl_withdrawn_items", [])
    instance._oparl_withdrawn_items = []
    council_id = _committee_council(instance.committee_id) if holders else None
    for holder in holders:
        _bury_unlisted_report(holder)
        Report.public_objects.filter(pk=holder.report_id).update(  # bulk-update-ok: stamp
            modified=timezone.now()
        )
        parent = (OParlType.PAPER, holder.report_id)
        bury(council_id, OParlType.CONSULTATION, [holder.pk], parent=parent)


def on_exempt_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A public report or file about to become exempt, or a file about to be withdrawn (a
    copy of a withdrawn agenda item or meeting, ``derived.exempt.withdraw_copies``), is
    gone for the public."""
    leaving = instance.is_exempt or getattr(instance, "withdrawn_at", None) is not None
    if instance.pk is None or not leaving or kwargs.get("raw"):
        return
    if not sender.public_objects.filter(pk=instance.pk).exists():  # type: ignore[attr-defined]
        return
    if sender is Report:
        bury(instance.council_id, OParlType.PAPER, [instance.pk])
        items = AgendaItem.public_objects.filter(report_id=instance.pk)
        paper = (OParlType.PAPER, instance.pk)
        ids = items.values_list("pk", flat=True)
        bury(instance.council_id, OParlType.CONSULTATION, ids, parent=paper)
        files = Document.public_objects.filter(report_id=instance.pk)
        bury(instance.council_id, OParlType.FILE, files.values_list("pk", flat=True), parent=paper)
    else:
        bury(instance.council_id, OParlType.FILE, [instance.pk])


def on_public_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A report or file made public again is no longer deleted, once the public can see it.

    A report restored to public behind an exempt agenda item stays deleted until the
    item is cleared too (an item's save comes back here through its report).
    """
    if instance.is_exempt:
        return
    from minutebook.api.oparl import visible_documents, visible_reports

    visible = visible_reports() if sender is Report else visible_documents()
    if not visible.filter(pk=instance.pk).exists():
        return
    unbury(OParlType.PAPER if sender is Report else OParlType.FILE, [instance.pk])


def on_new_version(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A file superseded by a new version (a rebuilt pack, a replaced appendix) leaves the
    API: its parent now embeds the new version, and a client that re-reads the old id
    (meine-stadt-transparent re-reads each embedded object its parent dropped) must find
    it deleted, not a live File that no list holds. The public site keeps serving it."""
    if instance.replaces_id is None or kwargs.get("raw"):
        return
    old = Document.public_objects.open_to_inspection().filter(pk=instance.replaces_id)
    row = old.values_list("council_id", "created").first()
    if row is not None:
        bury(row[0], OParlType.FILE, [instance.replaces_id], row[1])


def on_item_save(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """Clearing an item's exemption can make its report (and the report's files) public again."""
    if instance.is_exempt or instance.report_id is None or kwargs.get("raw"):
        return
    report = Report.public_objects.filter(pk=instance.report_id).first()
    if report is not None:
        on_public_save(Report, report)
        for document in Document.public_objects.filter(report_id=report.pk):
            on_public_save(Document, document)


def connect() -> None:
    for model in (
        Committee,
        PoliticalGroup,
        Person,
        Membership,
        Meeting,
        AgendaItem,
        Report,
        Document,
        Venue,
        LegislativeTerm,
    ):
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"oparl-delete-{model.__name__}")
    for model in (Report, Document):
        pre_save.connect(
            on_exempt_save, sender=model, dispatch_uid=f"oparl-exempt-{model.__name__}"
        )
        post_save.connect(
            on_public_save, sender=model, dispatch_uid=f"oparl-public-{model.__name__}"
        )
    post_save.connect(on_item_save, sender=AgendaItem, dispatch_uid="oparl-public-item")
    post_save.connect(on_new_version, sender=Document, dispatch_uid="oparl-file-version")
    pre_delete.connect(before_item_delete, sender=AgendaItem, dispatch_uid="oparl-item-report")
    pre_save.connect(before_item_save, sender=AgendaItem, dispatch_uid="oparl-item-report-save")
    pre_save.connect(before_meeting_save, sender=Meeting, dispatch_uid="oparl-meeting-withdrawn")
    post_save.connect(after_meeting_save, sender=Meeting, dispatch_uid="oparl-meeting-withdrawn")
    post_save.connect(after_item_save, sender=AgendaItem, dispatch_uid="oparl-item-report-saved")
