"""Officer pages for report clearance: what is waiting, what is missing, and sign-off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from minutebook.accounts.permissions import can, councils_where, require, roles_for
from minutebook.accounts.roles import CLEARANCE_ROLES, Role
from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required
from minutebook.councils.models import Council
from minutebook.documents.models import Document
from minutebook.documents.serving import file_response
from minutebook.meetings.models import Meeting
from minutebook.reports import services
from minutebook.reports.models import (
    SECTION_FIELDS,
    Report,
    ReportAuthor,
    ReportClearance,
    ReportState,
)


def visible_reports(user: Any) -> QuerySet[Report]:
    """What ``report.view`` allows, as a queryset: every report where the user runs
    meetings; where they hold a clearance role, the reports sent to that role; where
    they are a report author, only the reports they write."""
    qs = Report.officer_objects.select_related("council", "assigned_to")
    runs = councils_where(user, {Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR})
    if runs is None:
        return qs
    visible = Q(council_id__in=runs)
    clears = councils_where(user, CLEARANCE_ROLES)
    if clears is None:
        clears = list(Council.objects.values_list("pk", flat=True))
    for council_id in clears:
        visible |= services.sent_to(council_id, roles_for(user, council_id) & CLEARANCE_ROLES)
    writes = councils_where(user, {Role.REPORT_AUTHOR})
    own = Q(assigned_to_id=user.pk) | Q(authors__person__user_id=user.pk)
    if writes is None:
        visible |= own
    elif writes:
        visible |= own & Q(council_id__in=writes)
    return qs.filter(visible).distinct()


@require_safe
@officer_required
def report_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", ReportState.SUBMITTED)
    reports = visible_reports(request.user)
    if state in ReportState.values:
        reports = reports.filter(state=state)
    rows = [
        {"report": r, "missing": services.missing(r), "deadline": services.deadline(r)}
        for r in reports.order_by("-modified")[:200]
    ]
    return render(
        request,
        "backoffice/reports/list.html",
        {
            "rows": rows,
            "state": state,
            "states": ReportState.choices,
            "can_create": can(request.user, "report.create"),
        },
    )


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.officer_objects.select_related("council"), pk=pk)
    require(request.user, "report.view", report)
    if not can(request.user, "exempt.read", report):
        raise PermissionDenied("This report is exempt and you are not entitled to read it.")
    return report


@require_safe
@officer_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _report(request, pk))


def _detail_page(
    request: HttpRequest, report: Report, refused: dict[str, Any] | None = None
) -> HttpResponse:
    """The report's page; ``refused`` brings back a refused clearance or return with its
    errors and the comment as typed."""
    user_roles = roles_for(request.user, report.council_id)
    outstanding = services.outstanding_roles(report)
    labels = dict(Role.choices)
    sections = [
        (Report._meta.get_field(name).verbose_name, getattr(report, name))
        for name in SECTION_FIELDS
        if getattr(report, name)
    ]
    context = {
        "report": report,
        # A signatory clears what they have read: the cover sheet, the body and the files.
        "sections": sections,
        "files": Document.officer_objects.filter(report=report).order_by("order", "pk"),
        "required": [labels[r] for r in services.required_roles(report)],
        "current": services.current_clearances(report),
        "history": ReportClearance.objects.filter(report=report).select_related("by"),
        "missing": services.missing(report),
        "deadline": services.deadline(report),
        "publishable": services.is_publishable(report),
        "can_submit": report.state == ReportState.DRAFT
        and can(request.user, "report.submit", report),
        "clear_roles": [
            (r, labels[r])
            for r in outstanding
            if r in user_roles and r in CLEARANCE_ROLES and report.state == ReportState.SUBMITTED
        ],
        "can_return": report.state != ReportState.DRAFT
        and can(request.user, "report.return", report),
        "can_edit": can(request.user, "report.change", report),
        "authors": ReportAuthor.officer_objects.filter(report=report),
    }
    context["refused"] = refused or {}
    response = render(request, "backoffice/reports/detail.html", context)
    meeting = Meeting.objects.filter(agenda_items__report_id=report.pk).order_by("-start").first()
    record_exempt_read(request, report, route="officer", meeting=meeting)
    return response


@require_safe
@officer_required
def report_file(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """A file of the report (an appendix, the report as submitted) for whoever may read
    the report: its author and signatories, who have no admin. Exempt files are audited."""
    report = _report(request, pk)
    doc = get_object_or_404(Document.officer_objects, pk=document, report=report)
    response = file_response(doc)
    meeting = Meeting.objects.filter(agenda_items__report_id=report.pk).order_by("-start").first()
    record_exempt_read(request, doc, route="officer", meeting=meeting)
    return response


def _done(request: HttpRequest, report: Report, text: str) -> HttpResponse:
    messages.success(request, text)
    return HttpResponseRedirect(reverse("backoffice:report", args=[report.pk]))


def _refused(
    request: HttpRequest, report: Report, error: ValidationError, action: str = ""
) -> HttpResponse:
    """The report's page again with the refusal in an error summary; a clearance or a
    return keeps the comment typed into its form."""
    refused = {
        "action": action,
        "errors": error.messages,
        "comment": request.POST.get("comment", ""),
    }
    return _detail_page(request, report, refused)


@require_POST
@officer_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.submit(report, request.user)
    except ValidationError as error:
        return _refused(request, report, error)
    return _done(request, report, "Submitted for clearance.")


@require_POST
@officer_required
def report_clear(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "report.clear", report)
    held = roles_for(request.user, report.council_id)
    mine = [r for r in services.outstanding_roles(report) if r in held]
    role = request.POST.get("role") or (mine[0] if mine else "")
    try:
        services.clear(report, request.user, role, request.POST.get("comment", ""))
    except ValidationError as error:
        return _refused(request, report, error, "clear")
    return _done(request, report, "Clearance recorded.")


@require_POST
@officer_required
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.return_to_author(report, request.user, request.POST.get("comment", ""))
    except ValidationError as error:
        return _refused(request, report, error, "return")
    return _done(request, report, "Returned to the author.")
