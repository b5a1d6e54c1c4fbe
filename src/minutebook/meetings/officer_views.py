"""Officer pages for meetings: build the agenda, publish it, publish supplements, cancel, move.

Thin views: each collects a form and calls one service in ``meetings.services``; a
``WorkflowError`` from the service (a late publication, a cancelled meeting) is shown in
the form's error summary and nothing is saved. Officer code, so exempt reports are
reached through ``officer_objects`` here and only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required, scoped
from minutebook.committees.models import Committee
from minutebook.core.http import form_data
from minutebook.meetings import services
from minutebook.meetings.forms import (
    CancelForm,
    ExemptForm,
    ItemForm,
    MeetingDetailsForm,
    MeetingForm,
    MoveForm,
    PublishForm,
    SupplementForm,
)
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.reports.models import Report


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee", "committee__council", "venue"), pk=pk
    )


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.public_objects.select_related(
            "meeting", "meeting__committee", "meeting__committee__council"
        ),
        pk=pk,
    )


def _crumbs(committee: Committee | None = None, meeting: Meeting | None = None) -> list[Any]:
    crumbs: list[tuple[str, str]] = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Meetings", reverse("backoffice:meeting_committees")),
    ]
    if committee is not None:
        crumbs.append(
            (committee.name, reverse("backoffice:committee_meetings", args=[committee.pk]))
        )
    if meeting is not None:
        crumbs.append(
            (f"{meeting.start:%d %B %Y}", reverse("backoffice:meeting", args=[meeting.pk]))
        )
    return crumbs


def _meeting_form(
    request: HttpRequest, template: str, meeting: Meeting, form: Any, **context: Any
) -> HttpResponse:
    """Render a back-office form page for one meeting, with the meeting's breadcrumbs."""
    return render(
        request,
        f"backoffice/meetings/{template}",
        {
            "form": form,
            "meeting": meeting,
            **context,
            "breadcrumbs": _crumbs(meeting.committee, meeting),
        },
    )


def _to_meeting(meeting: Meeting) -> HttpResponseRedirect:
    return redirect("backoffice:meeting", pk=meeting.pk)


@officer_required
def committee_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    committees = (
        scoped(Committee.objects.filter(is_active=True), request)
        .select_related("council")
        .annotate(
            upcoming=Count(
                "meetings",
                filter=Q(meetings__start__gte=now) & ~Q(meetings__state=MeetingState.CANCELLED),
            )
        )
        .order_by("council__name", "name")
    )
    return render(
        request,
        "backoffice/meetings/committees.html",
        {"committees": committees, "breadcrumbs": _crumbs()[:1]},
    )


@officer_required
def committee_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.select_related("council"), pk=pk)
    now = timezone.now()
    meetings = Meeting.objects.filter(committee=committee).select_related("venue")
    return render(
        request,
        "backoffice/meetings/committee.html",
        {
            "committee": committee,
            "upcoming": meetings.filter(start__gte=now).order_by("start"),
            "past": meetings.filter(start__lt=now).order_by("-start")[:50],
            "breadcrumbs": _crumbs(),
        },
    )


@officer_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.select_related("council"), pk=pk)
    form = MeetingForm(form_data(request), committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(committee, **form.meeting_data())
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting created with the committee's standing items.")
            return _to_meeting(meeting)
    return render(
        request,
        "backoffice/meetings/meeting_form.html",
        {"form": form, "committee": committee, "breadcrumbs": _crumbs(committee)},
    )


@officer_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    items = list(
        AgendaItem.public_objects.filter(meeting=meeting)
        .select_related("supplement")
        .order_by("order")
    )
    report_ids = {i.report_id for i in items if i.report_id}
    reports = {r.pk: r for r in Report.officer_objects.filter(pk__in=report_ids)}
    rows = [(item, reports.get(item.report_id)) for item in items]
    timing = None
    if meeting.published_at is None and meeting.state == MeetingState.SCHEDULED:
        timing = services.publication_timing(meeting, timezone.now())
    return render(
        request,
        "backoffice/meetings/meeting.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "rows": rows,
            "deadlines": services.deadlines_for(meeting),
            "timing": timing,
            "supplements": meeting.supplements.prefetch_related("items").order_by("number"),
            "urgency_records": meeting.urgency_records.prefetch_related("items").select_related(
                "supplement"
            ),
            "pending": services.pending_items(meeting) if meeting.published_at else [],
            "can_edit": meeting.state in (MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED),
            "can_reorder": meeting.published_at is None and meeting.state == MeetingState.SCHEDULED,
            "breadcrumbs": _crumbs(meeting.committee),
        },
    )


@officer_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    initial = {
        "venue": meeting.venue_id,
        "online_url": meeting.online_url,
        "is_extraordinary": meeting.is_extraordinary,
    }
    form = MeetingDetailsForm(
        form_data(request), council=meeting.council, meeting=meeting, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting_details(meeting, **form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting details saved.")
            return _to_meeting(meeting)
    return _meeting_form(request, "meeting_edit.html", meeting, form)


@officer_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = ItemForm(form_data(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                item = services.add_item(
                    meeting,
                    title=data["title"],
                    description=data["description"],
                    parent=data.get("parent"),
                    report=_report_for(meeting, data),
                    to_follow=data["to_follow"],
                )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Item {item.number} added.")
            return _to_meeting(meeting)
    return _meeting_form(request, "item_form.html", meeting, form)


def _report_for(meeting: Meeting, data: dict[str, Any]) -> Report | None:
    """The chosen report, or a new one started from the given title."""
    if data.get("new_report_title"):
        return Report.officer_objects.create(
            council=meeting.committee.council, title=data["new_report_title"]
        )
    report: Report | None = data.get("report")
    return report


@officer_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    meeting = item.meeting
    initial = {
        "title": item.title,
        "description": item.description,
        "report": item.report_id,
        "to_follow": item.to_follow,
    }
    form = ItemForm(form_data(request), meeting=meeting, item=item, initial=initial)
    record_exempt_read(request, item, route="officer", meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.update_item(
                    item,
                    title=data["title"],
                    description=data["description"],
                    report=_report_for(meeting, data),
                    to_follow=data["to_follow"],
                )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Item {item.number} saved.")
            return _to_meeting(meeting)
    return _meeting_form(request, "item_form.html", meeting, form, item=item)


@officer_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_item(item, direction)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return _to_meeting(item.meeting)


@officer_required
def item_exempt(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    meeting = item.meeting
    initial = {
        "paragraphs": list(item.exempt_paragraphs or []),
        "public_interest_reason": item.public_interest_reason,
    }
    form = ExemptForm(form_data(request), initial=initial)
    record_exempt_read(request, item, route="officer", meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_exempt(
                item, form.cleaned_data["paragraphs"], form.cleaned_data["public_interest_reason"]
            )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Item {item.number} is {item.exempt_description}.")
            return _to_meeting(meeting)
    return _meeting_form(request, "exempt_form.html", meeting, form, item=item)


@officer_required
@require_POST
def item_exempt_clear(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    try:
        services.clear_exemption(item, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Item {item.number} is now public.")
    return _to_meeting(item.meeting)


def _urgency_kwargs(meeting: Meeting) -> dict[str, Any]:
    return {"chairs": services.chair_candidates(meeting), "chair": services.current_chair(meeting)}


@officer_required
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = PublishForm(form_data(request), **_urgency_kwargs(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_agenda(meeting, by=request.user, **form.urgency())
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Agenda published.")
            return _to_meeting(meeting)
    return _meeting_form(
        request,
        "publish_form.html",
        meeting,
        form,
        timing=services.publication_timing(meeting, timezone.now()),
        to_follow=AgendaItem.public_objects.filter(meeting=meeting, to_follow=True),
    )


@officer_required
def meeting_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = SupplementForm(
        form_data(request), pending=services.pending_items(meeting), **_urgency_kwargs(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            supplement = services.publish_supplement(
                meeting,
                form.cleaned_data["items"],
                by=request.user,
                title=form.cleaned_data["title"],
                **form.urgency(),
            )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{supplement} published.")
            return _to_meeting(meeting)
    return _meeting_form(
        request,
        "supplement_form.html",
        meeting,
        form,
        timing=services.publication_timing(meeting, timezone.now()),
    )


@officer_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = CancelForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting, reason=form.cleaned_data["reason"], by=request.user)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting cancelled.")
            return _to_meeting(meeting)
    return _meeting_form(request, "cancel_form.html", meeting, form)


@officer_required
def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    initial = {"start": timezone.localtime(meeting.start)}
    form = MoveForm(
        form_data(request), meeting=meeting, initial=initial, **_urgency_kwargs(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                meeting,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                by=request.user,
                **form.urgency(),
            )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting moved.")
            return _to_meeting(meeting)
    return _meeting_form(request, "move_form.html", meeting, form)
