"""Officer pages for the minutes: draft, motions and votes, confirmation, lock, correction.

Thin views over ``minutes.services``. Every page that edits first checks that the
minutes are still a draft and, if not, refuses with 409 and the reason in the error
summary, before any service is called (which would refuse too, as would the model
guards).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minutebook.audit.reads import record_exempt_read, record_exempt_reads
from minutebook.backoffice.access import officer_required
from minutebook.committees.models import Committee
from minutebook.core.http import form_data
from minutebook.decisions.models import MinuteItem
from minutebook.meetings.models import Meeting
from minutebook.minutes import services
from minutebook.minutes.forms import (
    ConfirmForm,
    CorrectionForm,
    MinuteForm,
    MotionForm,
    NewMinuteForm,
    TimesForm,
)
from minutebook.minutes.models import Minutes, MinutesLocked, MinutesState, MinutesVersion

LOCKED_STATUS = 409

Refusal = (services.MinutesError, MinutesLocked)


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee", "committee__council"), pk=pk
    )


def _minute(pk: int, number: int) -> MinuteItem:
    committee = get_object_or_404(Committee, pk=pk)
    return get_object_or_404(
        MinuteItem.officer_objects.select_related("meeting", "meeting__committee__council"),
        committee=committee,
        number=number,
    )


def _exempt_minutes(meeting: Meeting) -> list[MinuteItem]:
    """The meeting's exempt minutes: a page printing its minutes records reading them."""
    return list(MinuteItem.officer_objects.filter(meeting=meeting, is_exempt=True))


def _crumbs(meeting: Meeting, *, minutes_page: bool = False) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Meetings", reverse("backoffice:meeting_committees")),
        (
            meeting.committee.name,
            reverse("backoffice:committee_meetings", args=[meeting.committee_id]),
        ),
        (f"{meeting.start:%d %B %Y}", reverse("backoffice:meeting", args=[meeting.pk])),
    ]
    if minutes_page:
        crumbs.append(("Minutes", reverse("backoffice:minutes:meeting", args=[meeting.pk])))
    return crumbs


def _to_minutes(meeting: Meeting) -> HttpResponse:
    return redirect("backoffice:minutes:meeting", pk=meeting.pk)


def _locked_error(meeting: Meeting) -> str | None:
    """The refusal for an edit to signed minutes, or None while they are a draft."""
    try:
        services.check_editable(meeting)
    except MinutesLocked as error:
        return str(error)
    return None


def _render_form(
    request: HttpRequest, template: str, form: Any, meeting: Meeting, **extra: Any
) -> HttpResponse:
    locked = _locked_error(meeting)
    status = 200
    if locked and request.method == "POST":
        status = LOCKED_STATUS
    context = {
        "form": form,
        "meeting": meeting,
        "locked": locked,
        "breadcrumbs": _crumbs(meeting, minutes_page=True),
        **extra,
    }
    return render(request, template, context, status=status)


@officer_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    minutes = services.minutes_for(event)
    rows = services.minute_rows(event, public=False) if minutes else []
    response = render(
        request,
        "backoffice/minutes/meeting.html",
        {
            "meeting": event,
            "minutes": minutes,
            "rows": rows,
            "versions": list(minutes.versions.all()) if minutes else [],
            "awaiting": services.awaiting_confirmation(event),
            "minutes_item": services.minutes_item(event),
            "confirmed_here": Minutes.objects.filter(confirmed_at_meeting=event).select_related(
                "meeting"
            ),
            "breadcrumbs": _crumbs(event),
        },
    )
    if rows:
        record_exempt_reads(request, _exempt_minutes(event), route="officer", meeting=event)
    return response


@officer_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    try:
        services.start_minutes(event)
    except Refusal as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Draft minutes started from the agenda.")
    return _to_minutes(event)


@officer_required
def times(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    minutes = services.minutes_for(event)
    if minutes is None:
        raise Http404("No minutes yet.")
    initial = {"opened_at": minutes.opened_at, "closed_at": minutes.closed_at}
    form = TimesForm(form_data(request), initial=initial)
    if request.method == "POST" and not _locked_error(event) and form.is_valid():
        try:
            services.set_times(event, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Times saved.")
            return _to_minutes(event)
    return _render_form(request, "backoffice/minutes/times_form.html", form, event)


@officer_required
def minute_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    form = NewMinuteForm(form_data(request), meeting=event)
    if request.method == "POST" and not _locked_error(event) and form.is_valid():
        try:
            minute = services.add_minute(event, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Minute {minute.number} added.")
            return _to_minutes(event)
    return _render_form(request, "backoffice/minutes/minute_form.html", form, event)


@officer_required
def minute_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    minute = _minute(pk, number)
    event = minute.meeting
    initial = {
        "title": minute.title,
        "text": minute.text,
        "resolution": minute.resolution,
        "reasons": services.decision_reasons(minute),
        "ready_for_public": minute.ready_for_public,
    }
    form = MinuteForm(form_data(request), initial=initial)
    if request.method == "POST" and not _locked_error(event) and form.is_valid():
        try:
            services.update_minute(minute, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Minute {minute.number} saved.")
            return _to_minutes(event)
    record_exempt_read(request, minute, route="officer", meeting=event)
    return _render_form(request, "backoffice/minutes/minute_form.html", form, event, minute=minute)


@officer_required
def motion_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    minute = _minute(pk, number)
    event = minute.meeting
    form = MotionForm(form_data(request), minute=minute)
    if request.method == "POST" and not _locked_error(event) and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_motion(
                minute,
                kind=data["kind"],
                amends=data.get("amends"),
                text=data["text"],
                proposer=data.get("proposer"),
                seconder=data.get("seconder"),
                outcome=data["outcome"],
                vote_method=data.get("vote_method") or "",
                votes_for=data.get("votes_for"),
                votes_against=data.get("votes_against"),
                abstentions=data.get("abstentions"),
                named={
                    "for": data.get("named_for") or [],
                    "against": data.get("named_against") or [],
                    "abstain": data.get("named_abstain") or [],
                },
                chair_casting_vote=data.get("chair_casting_vote", False),
            )
        except Refusal as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Motion recorded under minute {minute.number}.")
            return _to_minutes(event)
    record_exempt_read(request, minute, route="officer", meeting=event)
    return _render_form(request, "backoffice/minutes/motion_form.html", form, event, minute=minute)


@officer_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm earlier draft minutes at this meeting, under its "minutes" standing item."""
    event = _meeting(pk)
    awaiting = services.awaiting_confirmation(event)
    initial: dict[str, Any] = {"minutes": awaiting[-1].pk if awaiting else None}
    from minutebook.meetings.services import current_chair

    chair = current_chair(event)
    if chair is not None:
        initial["signed_by"] = chair.pk
    form = ConfirmForm(form_data(request), meeting=event, awaiting=awaiting, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.sign(at=event, signed_by=form.cleaned_data["signed_by"], by=request.user)
    ):
        minutes = form.cleaned_data["minutes"]
        messages.success(request, f"Minutes of {minutes.meeting} confirmed and signed.")
        return _to_minutes(event)
    return render(
        request,
        "backoffice/minutes/confirm_form.html",
        {
            "form": form,
            "meeting": event,
            "awaiting": awaiting,
            "minutes_item": services.minutes_item(event),
            "breadcrumbs": _crumbs(event, minutes_page=True),
        },
    )


@officer_required
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    minutes = services.minutes_for(event)
    if minutes is None:
        raise Http404("No minutes yet.")
    try:
        version = services.lock_minutes(minutes, by=request.user)
    except Refusal as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Minutes locked; their text is kept as version {version.number}."
        )
    return _to_minutes(event)


@officer_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    event = _meeting(pk)
    minutes = services.minutes_for(event)
    if minutes is None:
        raise Http404("No minutes yet.")
    form = CorrectionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        minute = MinuteItem.officer_objects.filter(meeting=event, number=data["number"]).first()
        if minute is None:
            form.add_error("number", f"This meeting has no minute {data['number']}.")
        else:
            try:
                version = services.correct_minutes(
                    minutes,
                    minute=minute,
                    field=data["field"],
                    value=data["value"],
                    reason=data["reason"],
                    by=request.user,
                )
            except Refusal as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Correction kept as version {version.number}.")
                return _to_minutes(event)
    return render(
        request,
        "backoffice/minutes/correct_form.html",
        {
            "form": form,
            "meeting": event,
            "minutes": minutes,
            "can_correct": minutes.state == MinutesState.LOCKED,
            "breadcrumbs": _crumbs(event, minutes_page=True),
        },
    )


@officer_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    event = _meeting(pk)
    kept = get_object_or_404(
        MinutesVersion.objects.select_related("minutes", "created_by"),
        minutes__meeting=event,
        number=number,
    )
    response = render(
        request,
        "backoffice/minutes/version.html",
        {"meeting": event, "version": kept, "breadcrumbs": _crumbs(event, minutes_page=True)},
    )
    record_exempt_reads(request, _exempt_minutes(event), route="officer", meeting=event)
    return response
