"""The members' area: a councillor's meetings, their pack (with the exempt papers they are
entitled to), their declarations and register of interests, and private notes.

Exempt papers are shown only where ``can(user, "exempt.read", paper)`` says so (the
council's rule and LGA 1972 s100F: see accounts.permissions). Members see papers once
the agenda is published; drafts stay with officers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutebook.accounts.permissions import can, require, route_action, sits_on
from minutebook.audit.reads import record_exempt_read
from minutebook.committees.models import Membership
from minutebook.documents.models import Document
from minutebook.documents.serving import file_response
from minutebook.interests.models import Declaration
from minutebook.interests.services import current_tenure, registration
from minutebook.meetings.models import AgendaItem, Meeting, Supplement
from minutebook.members.forms import NoteForm, RegisterEntryForm
from minutebook.members.models import MemberNote, RegisterEntry
from minutebook.packs.services import MembersPacks, members_packs
from minutebook.participation import motions
from minutebook.people.models import PersonKind
from minutebook.reports.models import Report

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Signed-in councillors and co-opted members (through their linked Person) only,
    for the route's action in ``accounts.permissions.ROUTE_ACTIONS``."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "members.view"):
            raise PermissionDenied("The members' area is for councillors and co-opted members.")
        match = request.resolver_match
        action = route_action(match.view_name if match else "", request.method or "GET")
        if action is not None and not can(request.user, action):
            raise PermissionDenied(f"Your role does not allow this ({action}).")
        return view(request, *args, **kwargs)

    return wrapped


def _person(request: HttpRequest) -> Any:
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Your login is not linked to a member.")
    return person


def _agenda_out(meeting: Meeting) -> bool:
    return meeting.published_at is not None or meeting.is_imported


def _active_memberships(person: Any) -> Any:
    today = timezone.localdate()
    return (
        Membership.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("committee")
    )


def _open_windows(person: Any, kind: str, limit: int) -> list[motions.Window]:
    """A councillor's next deadlines for questions or motions (none for co-opted members)."""
    if person.kind != PersonKind.COUNCILLOR:
        return []
    return [w for w in motions.upcoming(person.council_id, kind) if w.is_open][:limit]


@require_safe
@member_required
def home(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    committees = [m.committee_id for m in _active_memberships(person)]
    now = timezone.now()
    mine = Meeting.objects.filter(committee_id__in=committees).select_related("committee")
    return render(
        request,
        "members/home.html",
        {
            "person": person,
            "question_windows": _open_windows(person, "question", 3),
            "motion_windows": _open_windows(person, "motion", 1),
            "memberships": _active_memberships(person),
            "upcoming": mine.filter(start__gte=now).order_by("start")[:20],
            "recent": mine.filter(start__lt=now, start__gte=now - timedelta(days=120)).order_by(
                "-start"
            )[:20],
        },
    )


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    person = _person(request)
    meeting = get_object_or_404(Meeting.objects.select_related("committee__council"), pk=pk)
    if meeting.committee.council_id != person.council_id:
        raise Http404("No such meeting.")
    return meeting


def _entitled_to_all(user: Any, files: dict[str, Document]) -> bool:
    return bool(files) and all(can(user, "exempt.read", d) for d in files.values())


@require_safe
@member_required
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The members' pack: every item; exempt papers open to those entitled."""
    meeting = _meeting_for(request, pk)
    person = _person(request)
    rows = []
    if _agenda_out(meeting):
        items = AgendaItem.public_objects.filter(meeting=meeting).order_by("order")
        reports = Report.officer_objects.in_bulk(
            [i.report_id for i in items if i.report_id is not None]
        )
        for item in items:
            report = reports.get(item.report_id) if item.report_id else None
            paper = report if report is not None else item
            rows.append(
                {
                    "item": item,
                    "report": report,
                    "exempt": item.is_exempt or bool(report and report.is_exempt),
                    "entitled": can(request.user, "exempt.read", paper),
                }
            )
    packs = members_packs(meeting) if _agenda_out(meeting) else MembersPacks({}, [])
    pack = packs.agenda
    from minutebook.members.signing import chairs  # it imports this module
    from minutebook.minutes.services import awaiting_confirmation

    # The chairman signs earlier minutes this meeting confirms (members.signing).
    to_sign = chairs(person, meeting) and bool(awaiting_confirmation(meeting))
    pack_entitled = _entitled_to_all(request.user, pack)
    return render(
        request,
        "members/meeting.html",
        {
            "meeting": meeting,
            "rows": rows,
            "published": _agenda_out(meeting),
            "member": sits_on(person, meeting.committee_id, meeting.date),
            "members_pack": pack if pack_entitled else {},
            "members_pack_withheld": bool(pack) and not pack_entitled,
            "to_sign": to_sign,
            "supplement_packs": [
                {
                    "supplement": supplement,
                    "files": files if _entitled_to_all(request.user, files) else {},
                    "withheld": not _entitled_to_all(request.user, files),
                }
                for supplement, files in packs.supplements
            ],
        },
    )


def _pack_response(
    request: HttpRequest,
    meeting: Meeting,
    document: Document,
    fmt: str,
    filename: str,
    supplement: Supplement | None = None,
) -> HttpResponse:
    """Stream a members' pack already checked for entitlement, and record the read."""
    response = file_response(document, filename=filename)
    response["Cache-Control"] = "private, no-store"
    record_exempt_read(
        request, document, route="members", meeting=meeting, fmt=fmt, supplement=supplement
    )
    return response


@require_safe
@member_required
def meeting_members_pack(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The members' agenda pack (with the exempt papers), to members entitled to all of it.

    The same rule as every exempt paper here: ``can(user, "exempt.read", document)``,
    the council's rule under LGA 1972 s100F. The public pack address never serves it.
    """
    meeting = _meeting_for(request, pk)
    if not _agenda_out(meeting):
        raise Http404("The agenda has not been published to members yet.")
    document = members_packs(meeting).agenda.get(fmt)
    if document is None:
        raise Http404("This meeting has no members' pack.")
    require(request.user, "exempt.read", document)
    return _pack_response(
        request, meeting, document, fmt, f"{meeting.slug}-agenda-pack-members.{fmt}"
    )


@require_safe
@member_required
def supplement_members_pack(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    """A published supplement's members' pack, under the same rule as the agenda's."""
    meeting = _meeting_for(request, pk)
    if not _agenda_out(meeting):
        raise Http404("The agenda has not been published to members yet.")
    found = {s.number: (s, files) for s, files in members_packs(meeting).supplements}
    supplement, files = found.get(number, (None, {}))
    document = files.get(fmt)
    if supplement is None or document is None:
        raise Http404("This supplement has no members' pack.")
    require(request.user, "exempt.read", document)
    name = f"{meeting.slug}-supplement-{number}-members.{fmt}"
    return _pack_response(request, meeting, document, fmt, name, supplement)


def _report_for(request: HttpRequest, pk: int) -> tuple[Report, Meeting]:
    """The report and the published meeting it is on, if the member may read it."""
    person = _person(request)
    report = get_object_or_404(Report.officer_objects, pk=pk, council_id=person.council_id)
    meetings = Meeting.objects.filter(agenda_items__report_id=report.pk).order_by("start")
    meeting = next((m for m in meetings if _agenda_out(m)), None)
    if meeting is None:
        raise Http404("This report has not been published to members yet.")
    require(request.user, "exempt.read", report)
    return report, meeting


@member_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report, meeting = _report_for(request, pk)
    note = MemberNote.objects.filter(user=request.user, report=report).first()
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST":
        require(request.user, "members.notes", report)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.user, saved.report = request.user, report
            saved.save()
            messages.success(request, "Note saved.")
            return HttpResponseRedirect(reverse("members:report", args=[report.pk]))
    documents = [
        (doc, can(request.user, "exempt.read", doc))
        for doc in Document.officer_objects.filter(report_id=report.pk).order_by("order")
    ]
    response = render(
        request,
        "members/report.html",
        {"report": report, "form": form, "documents": documents},
    )
    record_exempt_read(request, report, route="members", meeting=meeting)
    return response


@require_safe
@member_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper's file, streamed only to a member entitled to it (never a public media URL)."""
    person = _person(request)
    doc = get_object_or_404(Document.officer_objects, pk=pk, council_id=person.council_id)
    if doc.report_id is not None:
        _, meeting = _report_for(request, doc.report_id)
    elif doc.meeting_id is None or not _agenda_out(doc.meeting):
        raise Http404("This document has not been published to members.")
    else:
        meeting = doc.meeting
    require(request.user, "exempt.read", doc)
    response = file_response(doc)  # a download unless a checked PDF; sandboxed, nosniff
    response["Cache-Control"] = "private, no-store"
    record_exempt_read(request, doc, route="members", meeting=meeting)
    return response


@member_required
def interests(request: HttpRequest) -> HttpResponse:
    """The member's declarations at meetings and their register entries, with an add form."""
    person = _person(request)
    form = RegisterEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.person = person
        entry.save()
        messages.success(request, "Register entry added.")
        return HttpResponseRedirect(reverse("members:interests"))
    tenure = current_tenure(person)
    return render(
        request,
        "members/interests.html",
        {
            "person": person,
            "form": form,
            "entries": RegisterEntry.objects.filter(person=person).select_related("record"),
            "tenure": tenure,
            "registration": registration(person, tenure),
            "declarations": Declaration.objects.filter(person=person)
            .select_related("meeting__committee", "agenda_item")
            .order_by("-meeting__start"),
        },
    )


@member_required
def register_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, pk=pk)
    require(request.user, "register.change", entry)
    form = RegisterEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Register entry updated.")
        return HttpResponseRedirect(reverse("members:interests"))
    return render(request, "members/register_entry.html", {"form": form, "entry": entry})


@require_safe
@member_required
def notes(request: HttpRequest) -> HttpResponse:
    mine = MemberNote.objects.filter(user=request.user).select_related("report")
    return render(request, "members/notes.html", {"notes": mine})


def _note_rows(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {
            "report_id": str(n.report_id),
            "report_title": n.report.title,
            "note": n.text,
            "created": n.created.isoformat(),
            "modified": n.modified.isoformat(),
        }
        for n in MemberNote.objects.filter(user=request.user).select_related("report")
    ]


@require_safe
@member_required
def notes_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps({"notes": _note_rows(request)}, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-notes.json"'
    return response


@require_safe
@member_required
def notes_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=["report_id", "report_title", "note", "created", "modified"]
    )
    writer.writeheader()
    for row in _note_rows(request):
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-notes.csv"'
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection: a leading =, +, - or @ is quoted."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value
