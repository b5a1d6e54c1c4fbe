"""Officer pages for the forward plan: entries, publishing versions, late-notice exceptions.

Thin views: every rule lives in ``forwardplan.services``; a refusal there comes back
as a form error naming the regulation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minutebook.accounts.permissions import ACTION_ROLES
from minutebook.accounts.scope import officer_councils
from minutebook.backoffice.access import officer_required
from minutebook.councils.models import Council
from minutebook.forwardplan import services
from minutebook.forwardplan.forms import (
    EntryForm,
    GeneralExceptionForm,
    ReportedForm,
    SpecialUrgencyForm,
)
from minutebook.forwardplan.models import (
    ExceptionKind,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)


def _url(name: str, *args: Any) -> str:
    return reverse(f"backoffice:forwardplan:{name}", args=args)


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _entry_rows(entries: Any, today: Any) -> list[dict[str, Any]]:
    rows = []
    for entry in entries:
        exceptions = list(entry.exceptions.all())
        late = services.is_late(entry, as_of=today)
        rows.append(
            {
                "entry": entry,
                "late": late,
                "notice_by": services.notice_due_by(entry) if entry.key_decision else None,
                "exceptions": exceptions,
                "needs_exception": late and not exceptions,
            }
        )
    return rows


@officer_required
def plan_index(request: HttpRequest) -> HttpResponse:
    roles = ACTION_ROLES["forwardplan.view"]
    councils = list(officer_councils(request.user, roles).order_by("name"))
    if len(councils) == 1:
        return redirect(_url("plan", councils[0].slug))
    return render(request, "backoffice/forwardplan/index.html", {"councils": councils})


@officer_required
def plan(request: HttpRequest, council: str) -> HttpResponse:
    """The current plan, with late key decisions flagged (SI 2012/2089 reg 9)."""
    council_obj = get_object_or_404(Council, slug=council)
    show_withdrawn = request.GET.get("withdrawn") == "1"
    entries = ForwardPlanEntry.objects.for_council(council_obj).select_related(
        "council", "decision_maker", "decision_maker_person"
    )
    if not show_withdrawn:
        entries = entries.current()
    entries = entries.prefetch_related("exceptions").order_by("decision_date", "title")
    today = timezone.localdate()
    rows = _entry_rows(entries, today)
    latest = ForwardPlanVersion.objects.filter(council=council_obj).order_by("-number").first()
    return render(
        request,
        "backoffice/forwardplan/plan.html",
        {
            "council": council_obj,
            "rows": rows,
            "late_count": sum(1 for r in rows if r["needs_exception"]),
            "latest": latest,
            "unpublished": sum(1 for r in rows if r["entry"].first_published is None),
            "show_withdrawn": show_withdrawn,
            "notice_days": services.notice_days(council_obj),
        },
    )


@officer_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_object_or_404(Council, slug=council)
    form = EntryForm(request.POST or None, council=council_obj)
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        messages.success(request, f"Added “{entry.title}” to the draft plan.")
        return redirect(_url("entry", entry.pk))
    return render(
        request,
        "backoffice/forwardplan/entry_form.html",
        {"council": council_obj, "form": form, "entry": None},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ForwardPlanEntry.objects.select_related("council"), pk=pk)
    form = EntryForm(request.POST or None, instance=entry, council=entry.council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Entry saved. Publish the plan for the change to be public.")
        return redirect(_url("entry", entry.pk))
    return render(
        request,
        "backoffice/forwardplan/entry_form.html",
        {"council": entry.council, "form": form, "entry": entry},
    )


@officer_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        ForwardPlanEntry.objects.select_related(
            "council", "decision_maker", "decision_maker_person", "portfolio_holder", "officer"
        ).prefetch_related(
            "wards_affected",
            Prefetch(
                "exceptions",
                queryset=KeyDecisionException.objects.select_related(
                    "scrutiny_chair", "recorded_by"
                ),
            ),
        ),
        pk=pk,
    )
    row = _entry_rows([entry], timezone.localdate())[0]
    return render(
        request,
        "backoffice/forwardplan/entry.html",
        {"council": entry.council, "entry": entry, "row": row},
    )


_EXCEPTION_FORMS = {
    "general-exception": (ExceptionKind.GENERAL_EXCEPTION, GeneralExceptionForm),
    "special-urgency": (ExceptionKind.SPECIAL_URGENCY, SpecialUrgencyForm),
}


@officer_required
@require_http_methods(["GET", "POST"])
def exception_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record a general exception (reg 10) or special urgency (reg 11) for a late entry."""
    entry = get_object_or_404(ForwardPlanEntry.objects.select_related("council"), pk=pk)
    if kind not in _EXCEPTION_FORMS:
        return HttpResponse(status=404)
    exception_kind, form_class = _EXCEPTION_FORMS[kind]
    form = form_class(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "reason": data["reason"],
            "scrutiny_chair": data["scrutiny_chair"],
            "scrutiny_chair_text": data["scrutiny_chair_text"],
            "user": request.user,
        }
        try:
            if exception_kind == ExceptionKind.GENERAL_EXCEPTION:
                record = services.record_general_exception(
                    entry, notice_published=data["notice_published"], **common
                )
            else:
                record = services.record_special_urgency(
                    entry, agreed_on=data["agreed_on"], **common
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            start = record.effective_from
            messages.success(
                request,
                f"{record.get_kind_display()} recorded: the decision may be taken from "
                f"{start:%-d %B %Y}. It is listed for the report to council.",
            )
            return redirect(_url("entry", entry.pk))
    return render(
        request,
        "backoffice/forwardplan/exception_form.html",
        {
            "council": entry.council,
            "entry": entry,
            "form": form,
            "kind": exception_kind,
            "kind_label": exception_kind.label,
        },
    )


@officer_required
@require_http_methods(["GET", "POST"])
def plan_publish(request: HttpRequest, council: str) -> HttpResponse:
    """Show what publishing would change, then publish a new numbered version."""
    council_obj = get_object_or_404(Council, slug=council)
    if request.method == "POST":
        version = services.publish_plan(council_obj, user=request.user)
        messages.success(request, f"Published version {version.number} of the forward plan.")
        return redirect(_url("version", council_obj.slug, version.number))
    latest = ForwardPlanVersion.objects.filter(council=council_obj).order_by("-number").first()
    draft = [
        services.entry_snapshot(e)
        for e in ForwardPlanEntry.objects.for_council(council_obj)
        .current()
        .prefetch_related("wards_affected")
        .select_related("decision_maker", "decision_maker_person", "portfolio_holder", "officer")
        .order_by("decision_date", "title", "pk")
    ]
    diff = services.diff_versions(latest.entries if latest else [], draft)
    return render(
        request,
        "backoffice/forwardplan/publish.html",
        {"council": council_obj, "latest": latest, "diff": diff, "count": len(draft)},
    )


@officer_required
def versions(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_object_or_404(Council, slug=council)
    rows = ForwardPlanVersion.objects.filter(council=council_obj).select_related("published_by")
    return render(
        request,
        "backoffice/forwardplan/versions.html",
        {"council": council_obj, "versions": rows},
    )


@officer_required
def version_detail(request: HttpRequest, council: str, number: int) -> HttpResponse:
    """One published version as it was, and what changed against the one before (or ``?against=N``)."""
    council_obj = get_object_or_404(Council, slug=council)
    version = get_object_or_404(ForwardPlanVersion, council=council_obj, number=number)
    others = ForwardPlanVersion.objects.filter(council=council_obj).exclude(pk=version.pk)
    against = request.GET.get("against", "")
    if against.isdigit():
        base = get_object_or_404(others, number=int(against))
    else:
        base = version.previous()
    return render(
        request,
        "backoffice/forwardplan/version.html",
        {
            "council": council_obj,
            "version": version,
            "previous": base,
            "others": others.only("number", "published_at"),
            "diff": services.diff_versions(base.entries if base else [], version.entries),
        },
    )


@officer_required
@require_http_methods(["GET", "POST"])
def exceptions_report(request: HttpRequest, council: str) -> HttpResponse:
    """Key decisions taken without full notice, for the report to council (reg 19)."""
    council_obj = get_object_or_404(Council, slug=council)
    form = ReportedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.mark_reported(council_obj, form.cleaned_data["reported_on"])
        messages.success(request, f"Marked {count} as reported to council.")
        return HttpResponseRedirect(_url("exceptions", council_obj.slug))
    return render(
        request,
        "backoffice/forwardplan/exceptions.html",
        {
            "council": council_obj,
            "pending": services.exceptions_for_report(council_obj),
            "reported": services.exceptions_for_report(council_obj, include_reported=True).filter(
                reported_to_council_on__isnull=False
            ),
            "form": form,
        },
    )
