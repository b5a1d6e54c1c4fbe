"""Officer pages for the scrutiny work programme, the action sheet and the council's rule."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from minutebook.backoffice.access import officer_required
from minutebook.committees.models import Committee
from minutebook.core.http import form_data
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.scrutiny import services
from minutebook.scrutiny.forms import ActionForm, ActionUpdateForm, SettingsForm, WorkItemForm
from minutebook.scrutiny.models import Action, WorkProgrammeItem


def _committee(pk: int) -> Committee:
    return get_object_or_404(Committee.objects.select_related("council"), pk=pk)


def _crumbs(committee: Committee) -> list[tuple[str, str]]:
    return [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Meetings", reverse("backoffice:meeting_committees")),
        (committee.name, reverse("backoffice:committee_meetings", args=[committee.pk])),
    ]


@officer_required
def work_programme(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(pk)
    return render(
        request,
        "backoffice/scrutiny/work_programme.html",
        {
            "committee": committee,
            "settings": services.settings_for(committee.council),
            "breadcrumbs": _crumbs(committee),
            **services.work_programme(committee),
        },
    )


@officer_required
def work_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(pk)
    form = WorkItemForm(form_data(request), committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_work_item(committee, **form.cleaned_data)
        except services.ScrutinyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f'"{item.subject}" added to the work programme.')
            return redirect("backoffice:scrutiny:work_programme", pk=committee.pk)
    return render(
        request,
        "backoffice/scrutiny/work_item_form.html",
        {"form": form, "committee": committee, "breadcrumbs": _crumbs(committee)},
    )


@officer_required
def work_item_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    committee = _committee(pk)
    item = get_object_or_404(WorkProgrammeItem, committee=committee, number=number)
    initial = {name: getattr(item, name) for name in services.WORK_FIELDS}
    initial["meeting"] = item.meeting_id
    initial["author"] = item.author_id
    initial["portfolio_holder"] = item.portfolio_holder_id
    form = WorkItemForm(form_data(request), committee=committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_work_item(item, **form.cleaned_data)
        except services.ScrutinyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f'"{item.subject}" saved.')
            return redirect("backoffice:scrutiny:work_programme", pk=committee.pk)
    return render(
        request,
        "backoffice/scrutiny/work_item_form.html",
        {"form": form, "committee": committee, "item": item, "breadcrumbs": _crumbs(committee)},
    )


@officer_required
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(pk)
    return render(
        request,
        "backoffice/scrutiny/actions.html",
        {
            "committee": committee,
            "actions": services.committee_actions(committee),
            "breadcrumbs": _crumbs(committee),
        },
    )


@officer_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(pk)
    form = ActionForm(form_data(request), committee=committee, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.raise_action(committee, **form.cleaned_data)
        except services.ScrutinyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Action {action.number} raised.")
            return redirect("backoffice:scrutiny:actions", pk=committee.pk)
    return render(
        request,
        "backoffice/scrutiny/action_form.html",
        {"form": form, "committee": committee, "breadcrumbs": _crumbs(committee)},
    )


@officer_required
def action_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    committee = _committee(pk)
    action = get_object_or_404(Action, committee=committee, number=number)
    initial = {
        "status": action.status,
        "update": action.update,
        "outcome": action.outcome,
        "due": action.due,
    }
    form = ActionUpdateForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action, **form.cleaned_data)
        except services.ScrutinyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Action {action.number} saved.")
            return redirect("backoffice:scrutiny:actions", pk=committee.pk)
    return render(
        request,
        "backoffice/scrutiny/action_update.html",
        {"form": form, "committee": committee, "action": action, "breadcrumbs": _crumbs(committee)},
    )


@officer_required
def meeting_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The action sheet item of one meeting: actions carried from earlier meetings."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee__council"), pk=pk)
    return render(
        request,
        "backoffice/scrutiny/meeting_sheet.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "sheet": services.action_sheet(meeting),
            "breadcrumbs": _crumbs(meeting.committee),
        },
    )


@officer_required
def council_settings(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    current = services.settings_for(obj)
    form = SettingsForm(
        form_data(request),
        initial={"one_commissioned_at_a_time": current.one_commissioned_at_a_time},
    )
    if request.method == "POST" and form.is_valid():
        current.one_commissioned_at_a_time = form.cleaned_data["one_commissioned_at_a_time"]
        current.save()
        messages.success(request, "Scrutiny settings saved.")
        return redirect("backoffice:scrutiny:settings", council=obj.slug)
    return render(
        request,
        "backoffice/scrutiny/settings.html",
        {
            "form": form,
            "council": obj,
            "committees": obj.committees.filter(is_active=True).order_by("name"),
            "breadcrumbs": [("Officer dashboard", reverse("backoffice:dashboard"))],
        },
    )
