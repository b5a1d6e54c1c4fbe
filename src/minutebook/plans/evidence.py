"""Evidence files for plan items: attach, remove (kept in the history) and publish.

A file is a council ``documents.Document`` of kind "other" with no meeting or report,
so its public address is ``/<council>/documents/<pk>/`` and it is open to inspection
only while its ``published_at`` is set (``DocumentQuerySet.open_to_inspection``).
:func:`sync_evidence` keeps that one column in step with the officer's "publish" tick,
removal and the plan's own publication. It runs on every save of an evidence row, its
item (which may move to another plan) and its plan, from any route (officer pages,
admin); a deleted evidence row (its item or plan deleted) withdraws its file.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from minutebook.documents.models import Document, DocumentKind
from minutebook.plans.models import Plan, PlanEvidence, PlanItem


@transaction.atomic
def attach(
    item: PlanItem,
    upload: UploadedFile,
    title: str,
    *,
    description: str = "",
    publish: bool = False,
    by: Any = None,
) -> PlanEvidence:
    """Store ``upload`` (already through ``check_upload``) as evidence for ``item``."""
    document = Document(
        council=item.plan.council,
        kind=DocumentKind.OTHER,
        title=title,
        file=upload,
    )
    document.full_clean()  # the upload gate again, whatever called this
    document.save()
    evidence = PlanEvidence.objects.create(
        item=item, document=document, description=description, publish=publish, added_by=by
    )  # evidence_saved publishes it if ticked
    return evidence


@transaction.atomic
def remove(evidence: PlanEvidence, *, by: Any = None) -> None:
    """Take the file off the item and the public site; the row stays as history."""
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    evidence.save(update_fields=["removed_at", "removed_by"])  # evidence_saved withdraws it


def sync_evidence(evidence: PlanEvidence) -> None:
    """Publish the file while it is ticked, not removed and its plan is published;
    withdraw it otherwise."""
    document = evidence.document
    want = evidence.is_public
    if want and document.published_at is None:
        document.published_at = timezone.now()
    elif not want and document.published_at is not None:
        document.published_at = None
    else:
        return
    document.save(update_fields=["published_at"])


def sync_plan(plan: Plan) -> None:
    """After the plan is published or withdrawn: each of its files follows."""
    for evidence in PlanEvidence.objects.filter(item__plan=plan).select_related(
        "document", "item__plan"
    ):
        sync_evidence(evidence)


def plan_saved(sender: Any, instance: Plan, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_plan(instance)


def item_saved(sender: Any, instance: PlanItem, raw: bool = False, **kwargs: Any) -> None:
    """An item moved to another plan takes that plan's publication."""
    if raw:
        return
    for evidence in instance.evidence_files.select_related("document", "item__plan"):
        sync_evidence(evidence)


def evidence_saved(sender: Any, instance: PlanEvidence, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_evidence(instance)


def evidence_deleted(sender: Any, instance: PlanEvidence, **kwargs: Any) -> None:
    """Its item or plan deleted: the file, kept as a council document, leaves the site."""
    document = Document.officer_objects.filter(
        pk=instance.document_id, published_at__isnull=False
    ).first()
    if document is not None:
        document.published_at = None
        document.save(update_fields=["published_at"])
