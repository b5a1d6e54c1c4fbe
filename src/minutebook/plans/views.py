"""Public pages: a council's published plans, and one plan with its progress.

Plans hold no exempt content of their own; linked decisions and minutes are read
through their public managers, so an exempt one never appears here. Evidence files
appear only when ticked for publication and open to inspection as documents.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.plans import services
from minutebook.plans.models import Plan, PlanEvidence


@require_safe
def plan_list(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    plans = Plan.objects.filter(council=obj, is_published=True).select_related("committee")
    return render(
        request,
        "plans/list.html",
        {
            "council": obj,
            "plans": plans,
            "breadcrumbs": [(obj.short_name or obj.name, obj.get_absolute_url())],
        },
    )


@require_safe
def plan_detail(request: HttpRequest, council: str, plan: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    record = get_object_or_404(
        Plan.objects.select_related("committee"), council=obj, slug=plan, is_published=True
    )
    rows = services.tree(record)
    summary = services.progress(record)
    ids = [item.pk for item, _ in rows]
    decisions: dict[int, list[Decision]] = {}
    for d in Decision.public_objects.published().filter(plan_items__in=ids).distinct():
        for item_id in d.plan_items.filter(pk__in=ids).values_list("pk", flat=True):
            decisions.setdefault(item_id, []).append(d)
    minutes: dict[int, list[MinuteItem]] = {}
    # A minute linked to several of the plan's items joins once per link: distinct, or it
    # would be listed again under each of them.
    for m in (
        MinuteItem.public_objects.filter(plan_items__in=ids)
        .select_related("meeting", "meeting__committee")
        .distinct()
    ):
        for item_id in m.plan_items.filter(pk__in=ids).values_list("pk", flat=True):
            minutes.setdefault(item_id, []).append(m)
    # Evidence files: ticked for publication, not removed, and open to inspection by the
    # documents' own public rule (their published_at follows the tick and the plan).
    # Titles come through the public manager only (``test_no_officer_manager``).
    files: dict[int, list[dict[str, Any]]] = {}
    open_docs = Document.public_objects.open_to_inspection()
    evidence = list(
        PlanEvidence.objects.filter(
            item_id__in=ids,
            publish=True,
            removed_at__isnull=True,
            document_id__in=open_docs.values("pk"),
        ).values("item_id", "document_id", "description")
    )
    titles = dict(
        open_docs.filter(pk__in=[e["document_id"] for e in evidence]).values_list("pk", "title")
    )
    for ev in evidence:
        files.setdefault(ev["item_id"], []).append(
            {
                "pk": ev["document_id"],
                "title": titles.get(ev["document_id"], ""),
                "description": ev["description"],
            }
        )
    return render(
        request,
        "plans/plan.html",
        {
            "council": obj,
            "plan": record,
            "rows": [
                (
                    item,
                    depth,
                    decisions.get(item.pk, []),
                    minutes.get(item.pk, []),
                    files.get(item.pk, []),
                )
                for item, depth in rows
            ],
            "summary": summary,
            "overdue": {i.pk for i in summary.overdue},
            "reports": record.progress_reports.filter(
                report__is_exempt=False,
                agenda_item__isnull=False,
                meeting__published_at__isnull=False,
            ).select_related("meeting", "meeting__committee", "agenda_item"),
            "breadcrumbs": [
                (obj.short_name or obj.name, obj.get_absolute_url()),
                ("Plans", f"/{obj.slug}/plans/"),
            ],
        },
    )
