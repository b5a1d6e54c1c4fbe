"""Officer pages for the attendance register and the quorum.

The register works without JavaScript: each button is a small form posting back to
the page, which redirects to itself with the quorum recomputed. With htmx the quorum
panel can also be fetched on its own (``quorum``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minutebook.attendance import services
from minutebook.attendance.forms import AttendanceForm, SubstituteForm
from minutebook.attendance.models import Attendance
from minutebook.backoffice.access import officer_required
from minutebook.meetings.models import Meeting
from minutebook.minutes.models import MinutesLocked


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee", "committee__council"), pk=pk
    )


def _crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    return [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Meetings", reverse("backoffice:meeting_committees")),
        (
            meeting.committee.name,
            reverse("backoffice:committee_meetings", args=[meeting.committee_id]),
        ),
        (f"{meeting.start:%d %B %Y}", reverse("backoffice:meeting", args=[meeting.pk])),
    ]


def _context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    from minutebook.minutes.services import minutes_for

    minutes = minutes_for(meeting)
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "quorum": services.quorum(meeting),
        "last_check": meeting.quorum_checks.first(),
        "rules": services.rules_for(meeting.committee.council),
        "locked": minutes is not None and not minutes.is_editable,
        "remote_note": services.REMOTE_NOTE,
        "breadcrumbs": _crumbs(meeting),
        **services.register(meeting),
        **extra,
    }


@officer_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = AttendanceForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.record_attendance(
                meeting,
                data["person"],
                status=data["status"],
                mode=data["mode"],
                note=data.get("note", ""),
                by=request.user,
            )
        except (services.AttendanceError, MinutesLocked) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{row.person.display_name}: {row.get_status_display()}.")
            return redirect("backoffice:attendance:register", pk=meeting.pk)
    return render(request, "backoffice/attendance/register.html", _context(meeting, form=form))


@officer_required
def substitute(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = SubstituteForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.record_substitute(
                meeting,
                data["substitute"],
                replaces=data["replaces"],
                notice_given_at=data["notice_given_at"],
                mode=data["mode"],
                by=request.user,
            )
        except (services.AttendanceError, MinutesLocked) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{row.person.display_name} substitutes for {data['replaces'].display_name}.",
            )
            return redirect("backoffice:attendance:register", pk=meeting.pk)
    return render(
        request,
        "backoffice/attendance/substitute.html",
        {
            "form": form,
            "meeting": meeting,
            "rules": services.rules_for(meeting.committee.council),
            "breadcrumbs": _crumbs(meeting),
        },
    )


@officer_required
def quorum(request: HttpRequest, pk: int) -> HttpResponse:
    """The quorum panel alone (for htmx polling); the register page includes it too."""
    meeting = _meeting(pk)
    return render(
        request,
        "backoffice/attendance/_quorum.html",
        {"meeting": meeting, "quorum": services.quorum(meeting)},
    )


@officer_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    row = Attendance.objects.filter(meeting=meeting, pk=request.POST.get("attendance")).first()
    if row is None:
        messages.error(request, "That attendance record is not on this meeting's register.")
    else:
        try:
            services.remove_attendance(row, by=request.user)
        except (services.AttendanceError, MinutesLocked) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{row.person.display_name} removed from the register.")
    return redirect("backoffice:attendance:register", pk=meeting.pk)
