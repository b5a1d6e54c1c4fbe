"""Officer set-up pages for a council: the index of set-up, the council's own rules and
its closure days. Wards, people, committees and venues have theirs beside their models.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minutebook.backoffice import setup
from minutebook.backoffice.access import officer_required, scoped
from minutebook.councils.forms import ClosureDayForm, CouncilRulesForm
from minutebook.councils.models import ClosureDay, Council

#: The council's set-up pages: (title, route name, related name counted, hint).
SECTIONS = [
    ("Council rules", "backoffice:setup_rules", "", "Deadlines, thresholds, call-in, questions."),
    ("Closure days", "backoffice:setup_closure_days", "closure_days", "Days the offices close."),
    (
        "Clearance of reports",
        "backoffice:setup_clearance",
        "",
        "Which signatories clear which reports.",
    ),
    ("Wards", "backoffice:setup_wards", "wards", "Wards and electoral divisions."),
    ("Political groups", "backoffice:setup_groups", "political_groups", ""),
    ("Council terms", "backoffice:setup_terms", "legislative_terms", "Between elections."),
    ("People", "backoffice:setup_people", "people", "Councillors, officers, co-optees."),
    ("Surgeries", "backoffice:setup_surgeries", "surgeries", "Councillors' advice surgeries."),
    (
        "Committees",
        "backoffice:setup_committees",
        "committees",
        "Members, chairmen and the standing items of each agenda.",
    ),
    ("Portfolios", "backoffice:setup_portfolios", "portfolios", "Cabinet portfolios."),
    ("Venues", "backoffice:setup_venues", "venues", "Where meetings are held."),
    (
        "Substitutes and remote attendance",
        "backoffice:setup_substitutes",
        "",
        "Whether substitutes may sit, from which group, with what notice.",
    ),
]


@officer_required
def index(request: HttpRequest) -> HttpResponse:
    councils = scoped(Council.objects.all(), request).order_by("name")
    return render(
        request,
        "backoffice/setup/index.html",
        {"councils": councils, "breadcrumbs": setup.crumbs()[:1]},
    )


@officer_required
def council(request: HttpRequest, council: str) -> HttpResponse:
    obj = setup.council_of(council)
    sections = [
        (
            title,
            reverse(route, args=[obj.slug]),
            getattr(obj, related).count() if related else None,
            hint,
        )
        for title, route, related, hint in SECTIONS
    ]
    return render(
        request,
        "backoffice/setup/council.html",
        {"council": obj, "sections": sections, "breadcrumbs": setup.crumbs()},
    )


@officer_required
def rules(request: HttpRequest, council: str) -> HttpResponse:
    obj = setup.council_of(council)
    form = CouncilRulesForm(setup.bound(request), instance=obj)
    return setup.form_page(
        request,
        form,
        title="Council rules",
        caption=obj.name,
        trail=[],
        council=obj,
        done=lambda saved: reverse("backoffice:setup_council", args=[saved.slug]),
        message="The council's rules are saved.",
        extra={"sections": form.sections()},
        template="rules",
    )


@officer_required
def closure_days(request: HttpRequest, council: str) -> HttpResponse:
    obj = setup.council_of(council)
    form = ClosureDayForm(setup.bound(request), owner=obj)
    here = reverse("backoffice:setup_closure_days", args=[obj.slug])
    return setup.form_page(
        request,
        form,
        title="Closure days",
        caption=obj.name,
        trail=[],
        council=obj,
        done=lambda saved: here,
        message="The closure day is added.",
        submit="Add closure day",
        extra={"days": obj.closure_days.order_by("-date")},
        template="closure_days",
    )


@officer_required
@require_POST
def closure_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(ClosureDay.objects.select_related("council"), pk=pk)
    day.delete()
    messages.success(request, f"{day.date:%d %B %Y} is no longer a closure day.")
    return redirect("backoffice:setup_closure_days", council=day.council.slug)
