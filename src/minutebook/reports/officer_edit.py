"""Officer pages for writing a report: start it (from the report list or an agenda
item), edit its cover sheet and body with appendices uploaded in place, replace or
remove an appendix, and assign its authors.

Why one form for the cover, the body and a new appendix: an officer writes them
together, and a refused file must not cost them the rest of what they typed. The
report and the appendix are saved in one transaction only when both are valid;
otherwise the page comes back with every answer kept and the errors on the fields.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.accounts.admin_scope import may_release
from minutebook.accounts.permissions import can, councils_where, require
from minutebook.accounts.roles import Role
from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required, scoped
from minutebook.core.exempt import releasing
from minutebook.core.http import form_data
from minutebook.councils.models import Council
from minutebook.documents.models import Document, DocumentKind, DocumentSource, MadeFrom
from minutebook.meetings import services as meeting_services
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.reports.forms import (
    FIELDSETS,
    AppendixForm,
    AssignForm,
    AuthorForm,
    ItemReportForm,
    ReportForm,
    ReportStartForm,
)
from minutebook.reports.models import Report, ReportAuthor


def _report(request: HttpRequest, pk: int) -> Report:
    """The report, for whoever the route's action allows (checked at its council by
    ``officer_required``); exempt reports only for those entitled to read them."""
    report = get_object_or_404(Report.officer_objects.select_related("council"), pk=pk)
    require(request.user, "exempt.read", report)
    return report


def _meeting_of(report: Report) -> Meeting | None:
    return Meeting.objects.filter(agenda_items__report_id=report.pk).order_by("-start").first()


def _crumbs(report: Report | None = None) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Reports", reverse("backoffice:reports")),
    ]
    if report is not None:
        crumbs.append((report.title, reverse("backoffice:report", args=[report.pk])))
    return crumbs


def _open_items(request: HttpRequest) -> Any:
    """Items of meetings still to come that have no report, where the user builds agendas."""
    if not can(request.user, "agenda.change"):
        return None
    items = AgendaItem.public_objects.filter(
        report__isnull=True,
        meeting__start__gte=timezone.now(),
        meeting__state__in=[MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED],
    ).select_related("meeting__committee__council")
    return scoped(items, request, "agenda.change").order_by("meeting__start", "order")


def _attach(report: Report, item: AgendaItem) -> None:
    """Put the report on the item through the agenda workflow (its rules apply)."""
    meeting_services.update_item(
        item,
        title=item.title,
        description=item.description,
        report=report,
        to_follow=item.to_follow,
    )


def _start(request: HttpRequest, council: Council, title: str) -> Report:
    """A new draft; a report author who starts one writes it."""
    assigned = request.user if Role.REPORT_AUTHOR in _roles(request, council) else None
    return Report.officer_objects.create(council=council, title=title, assigned_to=assigned)


def _roles(request: HttpRequest, council: Council) -> set[str]:
    from minutebook.accounts.permissions import roles_for

    return roles_for(request.user, council.pk)


@officer_required
def report_create(request: HttpRequest) -> HttpResponse:
    wanted = [Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR, Role.REPORT_AUTHOR]
    ids = councils_where(request.user, wanted)
    councils = Council.objects.all() if ids is None else Council.objects.filter(pk__in=ids)
    form = ReportStartForm(form_data(request), items=_open_items(request), councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                report = _start(request, data["council"], data["title"])
                if data.get("item") is not None:
                    _attach(report, data["item"])
        except meeting_services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Report started: write its cover sheet and body.")
            return redirect("backoffice:report-edit", pk=report.pk)
    return render(
        request,
        "backoffice/reports/start.html",
        {"form": form, "breadcrumbs": _crumbs()},
    )


@officer_required
def report_create_for_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.public_objects.select_related("meeting__committee__council"), pk=pk
    )
    if item.report_id is not None:
        messages.info(request, "This item already has a report.")
        return redirect("backoffice:report-edit", pk=item.report_id)
    form = ItemReportForm(form_data(request), initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = _start(request, item.meeting.committee.council, form.cleaned_data["title"])
                _attach(report, item)
        except meeting_services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Report started for item {item.number}.")
            return redirect("backoffice:report-edit", pk=report.pk)
    return render(
        request,
        "backoffice/reports/start.html",
        {"form": form, "item": item, "breadcrumbs": _crumbs()},
    )


def _appendices(report: Report) -> Any:
    return Document.officer_objects.filter(report=report, kind=DocumentKind.APPENDIX).order_by(
        "order", "pk"
    )


def _releasing(request: HttpRequest, report: Report) -> Any:
    """An officer who may release confirms it by saving with fewer paragraphs."""
    if may_release(request.user, report):
        return releasing(by=request.user, reason="Changed on the report's officer page.")
    return contextlib.nullcontext()


def _new_appendix(report: Report, form: AppendixForm, **extra: Any) -> Document:
    data = form.cleaned_data
    last = _appendices(report).aggregate(top=Max("order"))["top"] or 0
    document = Document(
        council=report.council,
        kind=DocumentKind.APPENDIX,
        report=report,
        source=DocumentSource.UPLOADED,
        title=data["title"].strip(),
        label=data["label"].strip(),
        order=extra.pop("order", last + 1),
        file=data["file"],
        exempt_paragraphs=data["paragraphs"],
        public_interest_reason=data["public_interest_reason"],
        **extra,
    )
    document.save()
    return document


@officer_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    data, files = form_data(request), request.FILES if request.method == "POST" else None
    form = ReportForm(data, instance=report, may_release=may_release(request.user, report))
    appendix = AppendixForm(data, files, prefix="appendix", council=report.council)
    if request.method == "POST":
        valid = form.is_valid() & (not appendix.given or appendix.is_valid())
        if valid:
            with transaction.atomic(), _releasing(request, report):
                report = form.save()
                added = _new_appendix(report, appendix) if appendix.given else None
            text = "Report saved."
            if added is not None:
                text = f"Report saved with the appendix “{added.title}”."
            messages.success(request, text)
            target = "backoffice:report-edit" if "stay" in request.POST else "backoffice:report"
            return redirect(target, pk=report.pk)
    appendices = list(_appendices(report))
    fieldsets = [(legend, [form[name] for name in names]) for legend, names in FIELDSETS]
    response = render(
        request,
        "backoffice/reports/form.html",
        {
            "report": report,
            "form": form,
            "fieldsets": fieldsets,
            "appendix": appendix,
            "appendices": appendices,
            # A browser cannot be sent a file back: say so when a good one was chosen.
            "file_lost": bool(request.FILES) and not appendix["file"].errors,
            "breadcrumbs": _crumbs(report),
        },
    )
    # The page shows the report's text; its appendices only by title (opening one is
    # its own audited read, ``report_file``).
    record_exempt_read(request, report, route="officer", meeting=_meeting_of(report))
    return response


def _appendix(report: Report, document: int) -> Document:
    return get_object_or_404(
        Document.officer_objects, pk=document, report=report, kind=DocumentKind.APPENDIX
    )


@officer_required
def appendix_replace(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """A new version of an appendix: the old one leaves the report but is kept, and the
    new one records that it replaces it (``Document.replaces``)."""
    report = _report(request, pk)
    old = _appendix(report, document)
    initial = {
        "label": old.label,
        "title": old.title,
        "paragraphs": list(old.exempt_paragraphs or []),
        "public_interest_reason": old.public_interest_reason,
    }
    form = AppendixForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        council=report.council,
        replacing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        removing = set(old.exempt_paragraphs or []) - set(form.cleaned_data["paragraphs"])
        if removing and not may_release(request.user, report):
            form.add_error(
                "paragraphs",
                "Only democratic services or the monitoring officer can take an exemption off "
                "an appendix. Keep the paragraphs already ticked.",
            )
        else:
            with transaction.atomic(), _releasing(request, report):
                new = _new_appendix(
                    report, form, order=old.order, version=old.version + 1, replaces=old
                )
                old.report = None
                old.save(update_fields=["report"])
            messages.success(request, f"“{new.title}” replaced (version {new.version}).")
            return redirect("backoffice:report-edit", pk=report.pk)
    return render(
        request,
        "backoffice/reports/appendix_form.html",
        {"report": report, "old": old, "form": form, "breadcrumbs": _crumbs(report)},
    )


def _ever_published(document: Document) -> bool:
    """Open to the public now, or printed in a pack: then it stays on the record."""
    if Document.public_objects.open_to_inspection().filter(pk=document.pk).exists():
        return True
    label = Document._meta.label_lower
    return MadeFrom.objects.filter(source_type=label, source_id=document.pk).exists()


@require_POST
@officer_required
def appendix_remove(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """Take an appendix off the report: deleted if nobody outside ever saw it, otherwise
    kept on the record but no longer part of the report."""
    report = _report(request, pk)
    doc = _appendix(report, document)
    title = doc.title
    with transaction.atomic():
        if _ever_published(doc):
            doc.report = None
            doc.save(update_fields=["report"])
        else:
            stored = doc.file.name if doc.file else ""
            storage = doc.file.storage if doc.file else None
            doc.delete()
            if stored and storage is not None:
                transaction.on_commit(lambda: storage.delete(stored))
    messages.success(request, f"“{title}” removed from the report.")
    return redirect("backoffice:report-edit", pk=report.pk)


@officer_required
def report_authors(request: HttpRequest, pk: int) -> HttpResponse:
    """Who drafts the report (``assigned_to``) and who the cover sheet names. Democratic
    services and administrators change them; everyone who may read the report sees them."""
    report = _report(request, pk)
    council = report.council
    post = form_data(request)
    action = post.get("action") if post is not None else None
    assign = AssignForm(
        post if action == "assign" else None,
        council=council,
        initial={"assigned_to": report.assigned_to_id},
    )
    author = AuthorForm(post if action == "add" else None, council=council, prefix="author")
    authors = ReportAuthor.officer_objects.filter(report=report).select_related("person")
    if request.method == "POST":
        if action == "assign" and assign.is_valid():
            report.assigned_to = assign.cleaned_data["assigned_to"]
            report.save(update_fields=["assigned_to", "modified"])
            who = report.assigned_to
            messages.success(request, f"Assigned to {who}." if who else "Nobody is assigned now.")
            return redirect("backoffice:report-authors", pk=report.pk)
        if action == "add" and author.is_valid():
            row = author.save(commit=False)
            row.report = report
            row.order = (authors.aggregate(top=Max("order"))["top"] or 0) + 1
            row.save()
            messages.success(request, f"{row.name} added to the cover sheet.")
            return redirect("backoffice:report-authors", pk=report.pk)
        if action == "remove":
            row = authors.filter(pk=post.get("author") or 0).first() if post else None
            if row is None:
                messages.error(request, "That author is not on this report.")
            else:
                row.delete()
                messages.success(request, f"{row.name} removed from the cover sheet.")
            return redirect("backoffice:report-authors", pk=report.pk)
        if action not in ("assign", "add"):
            messages.error(request, "Choose what to change.")
            return redirect("backoffice:report-authors", pk=report.pk)
    response = render(
        request,
        "backoffice/reports/authors.html",
        {
            "report": report,
            "assign": assign,
            "author": author,
            "authors": authors,
            "can_assign": can(request.user, "report.assign", report),
            "breadcrumbs": _crumbs(report),
        },
    )
    record_exempt_read(request, report, route="officer", meeting=_meeting_of(report))
    return response
