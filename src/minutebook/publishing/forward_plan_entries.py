"""A forward plan entry's own page: the notice as published, and what became of it.

The entry is shown as the public was last told of it (``forwardplan.published``: the
latest published version of the plan that lists it, never unpublished edits; an entry
given notice of outside any stored version, as the plan prints it), with the decisions
taken on it, exempt ones restricted (``decisions.register``), and the matter's history
across meetings (``decisions.history``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.councils.models import Council
from minutebook.decisions.history import matter_history, related_decisions
from minutebook.forwardplan.published import published_entry


@require_safe
def entry_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    entry = published_entry(obj, pk)
    if entry is None:
        raise Http404("No such entry in any published forward plan.")
    crumbs = [(obj.short_name or obj.name, obj.get_absolute_url())]
    if Council.objects.count() > 1:
        crumbs.insert(0, ("All councils", reverse("publishing:home")))
    plan_url = reverse("publishing:forward_plan", kwargs={"council": obj.slug})
    return render(
        request,
        "publishing/forward_plan_entry.html",
        {
            "council": obj,
            "entry": entry.snapshot,
            "version": entry.version,
            "in_current": entry.in_current,
            "decisions": related_decisions(obj, entry_ids={pk}),
            "history": matter_history(obj, entry_id=pk),
            "plan_url": plan_url,
            "breadcrumbs": [*crumbs, ("Forward plan", plan_url)],
        },
    )
