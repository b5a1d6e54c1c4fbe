"""Public registers and people: decisions, the forward plan, councillors, and search.

Same exempt rules as ``views``: exempt-aware models only through ``public_objects``,
forward keys to them read as ``*_id`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.decisions.models import CallInState, Decision
from minutebook.decisions.register import register_rows, resolve, restricted_decision
from minutebook.forwardplan.models import ForwardPlanVersion
from minutebook.forwardplan.services import diff_versions
from minutebook.interests.services import person_slug
from minutebook.people.models import Person, PersonKind
from minutebook.publishing.decision_links import decision_links, restricted_links
from minutebook.publishing.search_form import date_filters, last_page
from minutebook.search.models import EntryKind
from minutebook.search.query import Filters, SearchTooSlow, search

DECISIONS_PER_PAGE = 25
MEMBER_KINDS = (PersonKind.COUNCILLOR, PersonKind.CO_OPTED)
#: Call-in filter on the decisions register: label and the states it covers.
CALL_IN_FILTERS: dict[str, tuple[str, list[str]]] = {
    "open": ("Open for call-in", [CallInState.OPEN]),
    "called-in": (
        "Called in",
        [CallInState.CALLED_IN, CallInState.REFERRED_BACK, CallInState.REFERRED_TO_COUNCIL],
    ),
    "in-force": (
        "In force",
        [CallInState.IN_FORCE, CallInState.CALL_IN_REJECTED, CallInState.URGENT],
    ),
}


def _council(slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


def _crumbs(council: Council) -> list[tuple[str, str]]:
    crumbs = [(council.short_name or council.name, council.get_absolute_url())]
    if Council.objects.count() > 1:
        crumbs.insert(0, ("All councils", reverse("publishing:home")))
    return crumbs


def public_decisions(council: Council) -> QuerySet[Decision]:
    """Decisions the public may see: published ones, and those read from the archive."""
    return (
        Decision.public_objects.published()
        .filter(council=council)
        .select_related("meeting__committee__council", "decision_maker", "decision_maker_person")
    )


def pager(label: str, number: int, count: int, query: str = "") -> dict[str, Any]:
    """What the pagination include needs: safe to render on any page number."""
    return {
        "label": label,
        "has_previous": number > 1,
        "has_next": number < count,
        "previous_number": number - 1,
        "next_number": number + 1,
        "page_count": count,
        "query": query,
    }


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@require_safe
def decisions(request: HttpRequest, council: str) -> HttpResponse:
    obj = _council(council)
    status = request.GET.get("status", "")
    key_only = request.GET.get("key") == "1"
    # Exempt decisions too, with only what may be published (decisions.register).
    rows = register_rows(
        obj,
        call_in_states=CALL_IN_FILTERS[status][1] if status in CALL_IN_FILTERS else None,
        key_only=key_only,
    )
    page = Paginator(rows, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = resolve(obj, list(page.object_list))
    query = {k: v for k, v in (("status", status), ("key", "1" if key_only else "")) if v}
    return render(
        request,
        "publishing/decisions.html",
        {
            "council": obj,
            "page": page,
            "status": status,
            "key_only": key_only,
            "status_choices": [(k, label) for k, (label, _) in CALL_IN_FILTERS.items()],
            "pager": pager(
                "Decisions pages",
                page.number,
                page.paginator.num_pages,
                "&".join(f"{k}={v}" for k, v in query.items()),
            ),
            "breadcrumbs": _crumbs(obj),
        },
    )


@require_safe
def decision_detail(request: HttpRequest, council: str, pk: int) -> HttpResponse:
    obj = _council(council)
    decision = public_decisions(obj).filter(pk=pk).first()
    if decision is None:
        restricted = restricted_decision(obj, pk)
        if restricted is None:
            raise Http404("No such decision.")
        return render(
            request,
            "publishing/decision_restricted.html",
            {
                "council": obj,
                "decision": restricted,
                **restricted_links(obj, restricted),
                "breadcrumbs": [
                    *_crumbs(obj),
                    ("Decisions", reverse("publishing:decisions", kwargs={"council": obj.slug})),
                ],
            },
        )
    # The versions of one decision share its exempt state (``Decision.save``), so the
    # record it corrects and its correction are public exactly when it is.
    corrects = public_decisions(obj).filter(pk=decision.corrects_id).first()
    corrected_by = (
        public_decisions(obj).filter(corrects_id=decision.pk).order_by("published_at").first()
    )
    return render(
        request,
        "publishing/decision.html",
        {
            "council": obj,
            "decision": decision,
            "corrects": corrects,
            "corrected_by": corrected_by,
            **decision_links(obj, decision),
            "imported": bool(decision.meeting and decision.meeting.is_imported),
            "breadcrumbs": [
                *_crumbs(obj),
                ("Decisions", reverse("publishing:decisions", kwargs={"council": obj.slug})),
            ],
        },
    )


def _versions(council: Council) -> QuerySet[ForwardPlanVersion]:
    return ForwardPlanVersion.objects.filter(council=council).order_by("-number")


@require_safe
def forward_plan(request: HttpRequest, council: str) -> HttpResponse:
    """The plan as last published: what the public has been given notice of."""
    obj = _council(council)
    versions = list(_versions(obj).only("pk", "number", "published_at", "council_id"))
    current = ForwardPlanVersion.objects.filter(pk=versions[0].pk).first() if versions else None
    return _plan_page(request, obj, current, versions, is_current=True)


@require_safe
def forward_plan_version(request: HttpRequest, council: str, number: int) -> HttpResponse:
    obj = _council(council)
    version = get_object_or_404(ForwardPlanVersion, council=obj, number=number)
    versions = list(_versions(obj).only("pk", "number", "published_at", "council_id"))
    return _plan_page(request, obj, version, versions, is_current=versions[0].pk == version.pk)


def _plan_page(
    request: HttpRequest,
    council: Council,
    version: ForwardPlanVersion | None,
    versions: list[ForwardPlanVersion],
    *,
    is_current: bool,
) -> HttpResponse:
    previous = version.previous() if version is not None else None
    diff = diff_versions(previous.entries, version.entries) if version and previous else None
    crumbs = _crumbs(council)
    if not is_current:
        crumbs.append(
            ("Forward plan", reverse("publishing:forward_plan", kwargs={"council": council.slug}))
        )
    return render(
        request,
        "publishing/forward_plan.html",
        {
            "council": council,
            "version": version,
            "previous": previous,
            "is_current": is_current,
            "entries": version.entries if version else [],
            "diff": diff,
            "versions": versions,
            "breadcrumbs": crumbs,
        },
    )


def councillor_url(person: Person) -> str:
    return reverse(
        "publishing:councillor",
        kwargs={"council": person.council.slug, "pk": person.pk, "name": person_slug(person)},
    )


def _optional_url(route: str, **kwargs: Any) -> str:
    """A link to another app's public page, if that page exists in this build."""
    try:
        return reverse(route, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


@require_safe
def search_page(request: HttpRequest, council: str | None = None) -> HttpResponse:
    """Search every public paper; a council's own search keeps to that council."""
    obj = _council(council) if council else None
    councils = list(Council.objects.order_by("name"))
    if obj is None and request.GET.get("council"):
        chosen = next((c for c in councils if c.slug == request.GET["council"]), None)
    else:
        chosen = obj
    committees = list(Committee.objects.filter(council=chosen).order_by("name") if chosen else [])
    committee = next((c for c in committees if c.slug == request.GET.get("committee")), None)
    kinds = tuple(k for k in request.GET.getlist("type") if k in EntryKind.values)
    start, end, errors = date_filters(request.GET)
    date_from, date_to = start.value, end.value
    text = request.GET.get("q", "").strip()[:200]
    results = None
    too_slow = False
    if text:
        try:
            results = search(
                text,
                Filters(
                    council_id=chosen.pk if chosen else None,
                    committee_id=committee.pk if committee else None,
                    kinds=kinds,
                    date_from=date_from,
                    date_to=date_to,
                ),
                page=_page_number(request),
            )
        except SearchTooSlow:
            # The form keeps the visitor's words so they can narrow the search.
            too_slow = True
            message = "This search took too long. Try fewer words, a council, or a date range."
            errors = {"q": message, **errors}  # the summary follows the form's order
    if results is not None and (last := last_page(results.page, results.pages)) is not None:
        # Past the last page (an old link, a typed address): the last page, not an empty one.
        beyond = request.GET.copy()
        beyond["page"] = str(last)
        return redirect(f"{request.path}?{beyond.urlencode()}")
    params = request.GET.copy()
    params.pop("page", None)
    crumbs = _crumbs(obj) if obj else []
    response = render(
        request,
        "publishing/search.html",
        {
            "council": obj,
            "councils": councils,
            "chosen": chosen,
            "committees": committees,
            "committee": committee,
            "kinds": EntryKind.choices,
            "selected_kinds": kinds,
            "date_from": start.given,
            "date_to": end.given,
            "dates": (start, end),
            "errors": errors,
            "text": text,
            "results": results,
            "pager": pager("Search results pages", results.page, results.pages, params.urlencode())
            if results
            else None,
            "breadcrumbs": crumbs,
        },
    )
    if too_slow:
        # Another try may be quick (a busy moment): never serve this page from the cache.
        response["Cache-Control"] = "no-store"
    return response
