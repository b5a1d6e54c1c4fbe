"""A forward plan entry's own page: the notice as published, and what became of it.

The entry is shown as the public was last told of it (the latest published version of
the plan that lists it, never unpublished edits; an entry given notice of outside any
stored version, as the plan prints it), with the decisions taken on it, exempt
ones restricted (``decisions.register``), and the matter's history across meetings
(``decisions.history``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.councils.models import Council
from minutebook.decisions.history import matter_history, related_decisions
from minutebook.forwardplan.models import ForwardPlanEntry, ForwardPlanVersion
from minutebook.forwardplan.services import entry_snapshot


@require_safe
def entry_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    versions = ForwardPlanVersion.objects.filter(council=obj).order_by("-number")
    latest = versions.first()
    snapshot, version = None, None
    for candidate in versions.iterator():
        snapshot = next((e for e in candidate.entries if e.get("id") == pk), None)
        if snapshot is not None:
            version = candidate
            break
    if snapshot is None:
        # Notice given (``first_published``) but in no stored version, such as an entry
        # read from the archive: shown as the plan prints it (``entry_snapshot``).
        entry = ForwardPlanEntry.objects.filter(
            council=obj, pk=pk, first_published__isnull=False
        ).first()
        if entry is None:
            raise Http404("No such entry in any published forward plan.")
        snapshot = entry_snapshot(entry)
    crumbs = [(obj.short_name or obj.name, obj.get_absolute_url())]
    if Council.objects.count() > 1:
        crumbs.insert(0, ("All councils", reverse("publishing:home")))
    plan_url = reverse("publishing:forward_plan", kwargs={"council": obj.slug})
    return render(
        request,
        "publishing/forward_plan_entry.html",
        {
            "council": obj,
            "entry": snapshot,
            "version": version,
            "in_current": version is not None and latest is not None and version.pk == latest.pk,
            "decisions": related_decisions(obj, entry_ids={pk}),
            "history": matter_history(obj, entry_id=pk),
            "plan_url": plan_url,
            "breadcrumbs": [*crumbs, ("Forward plan", plan_url)],
        },
    )
