"""Officer pages to withdraw or delete a meeting or agenda item created in error, and to
reinstate one withdrawn by mistake.

The rules are ``meetings.withdrawal``'s: a published thing is withdrawn (kept, marked),
one never published may be deleted. A refusal is shown on the page, nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required
from minutebook.core.http import form_data
from minutebook.meetings import withdrawal
from minutebook.meetings.forms import ReinstateForm, WithdrawForm
from minutebook.meetings.models import Meeting
from minutebook.meetings.officer_views import _crumbs, _item, _meeting, _to_meeting
from minutebook.meetings.services import WorkflowError


def _act(
    request: HttpRequest,
    form: WithdrawForm | ReinstateForm,
    meeting: Meeting,
    do: Callable[[str], Any],
    done: str,
) -> HttpResponse | None:
    """On a valid POST, ``do(reason)`` and back to the meeting with ``done``; a refusal is
    put on the form (None: show the form)."""
    if request.method == "POST" and form.is_valid():
        try:
            do(form.cleaned_data["reason"])
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return _to_meeting(meeting)
    return None


def _page(
    request: HttpRequest, meeting: Meeting, form: WithdrawForm, **context: Any
) -> HttpResponse:
    return render(
        request,
        "backoffice/meetings/withdraw_form.html",
        {
            "form": form,
            "meeting": meeting,
            **context,
            "breadcrumbs": _crumbs(meeting.committee, meeting),
        },
    )


@officer_required
def meeting_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = WithdrawForm(form_data(request))
    done = _act(
        request,
        form,
        meeting,
        lambda reason: withdrawal.withdraw_meeting(meeting, reason=reason, by=request.user),
        "Meeting withdrawn: it stays in the record, marked so.",
    )
    return done or _page(
        request,
        meeting,
        form,
        what="the meeting",
        published=withdrawal.meeting_published(meeting),
        action=reverse("backoffice:meeting_withdraw", args=[meeting.pk]),
        delete_url=reverse("backoffice:meeting_delete", args=[meeting.pk]),
    )


@officer_required
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    error = ""
    if request.method == "POST":
        committee_pk = meeting.committee_id
        try:
            withdrawal.delete_meeting(meeting, by=request.user)
        except WorkflowError as refused:
            error = str(refused)
        else:
            messages.success(request, "Meeting deleted.")
            return redirect("backoffice:committee_meetings", pk=committee_pk)
    return render(
        request,
        "backoffice/meetings/delete_confirm.html",
        {
            "meeting": meeting,
            "what": "the meeting and its agenda",
            "error": error,
            "published": withdrawal.meeting_published(meeting),
            "withdraw_url": reverse("backoffice:meeting_withdraw", args=[meeting.pk]),
            "breadcrumbs": _crumbs(meeting.committee, meeting),
        },
        status=400 if error else 200,
    )


@officer_required
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    meeting = item.meeting
    record_exempt_read(request, item, route="officer", meeting=meeting)
    form = WithdrawForm(form_data(request))
    done = _act(
        request,
        form,
        meeting,
        lambda reason: withdrawal.withdraw_item(item, reason=reason, by=request.user),
        f"Item {item.number} withdrawn.",
    )
    return done or _page(
        request,
        meeting,
        form,
        item=item,
        what=f"item {item.number}" if item.number else "the item",
        published=withdrawal.item_published(item),
        action=reverse("backoffice:item_withdraw", args=[item.pk]),
        delete_url=reverse("backoffice:item_delete", args=[item.pk]),
    )


@officer_required
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    meeting = item.meeting
    record_exempt_read(request, item, route="officer", meeting=meeting)
    error = ""
    if request.method == "POST":
        try:
            withdrawal.delete_item(item, by=request.user)
        except WorkflowError as refused:
            error = str(refused)
        else:
            messages.success(request, "Item deleted and the agenda renumbered.")
            return _to_meeting(meeting)
    return render(
        request,
        "backoffice/meetings/delete_confirm.html",
        {
            "meeting": meeting,
            "item": item,
            "what": f"item {item.number}: {item.title}",
            "error": error,
            "published": withdrawal.item_published(item),
            "withdraw_url": reverse("backoffice:item_withdraw", args=[item.pk]),
            "breadcrumbs": _crumbs(meeting.committee, meeting),
        },
        status=400 if error else 200,
    )


def _reinstate_page(
    request: HttpRequest, meeting: Meeting, form: ReinstateForm, **context: Any
) -> HttpResponse:
    return render(
        request,
        "backoffice/meetings/reinstate_form.html",
        {
            "form": form,
            "meeting": meeting,
            **context,
            "breadcrumbs": _crumbs(meeting.committee, meeting),
        },
        status=400 if form.errors else 200,
    )


@officer_required
def meeting_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = ReinstateForm(form_data(request))
    done = _act(
        request,
        form,
        meeting,
        lambda reason: withdrawal.reinstate_meeting(meeting, reason=reason, by=request.user),
        "Meeting reinstated: the agenda pack is being rebuilt.",
    )
    return done or _reinstate_page(
        request,
        meeting,
        form,
        what="the meeting",
        withdrawn=meeting,
        action=reverse("backoffice:meeting_reinstate", args=[meeting.pk]),
    )


@officer_required
def item_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    meeting = item.meeting
    record_exempt_read(request, item, route="officer", meeting=meeting)
    form = ReinstateForm(form_data(request))
    done = _act(
        request,
        form,
        meeting,
        lambda reason: withdrawal.reinstate_item(item, reason=reason, by=request.user),
        f"Item {item.number} reinstated.",
    )
    return done or _reinstate_page(
        request,
        meeting,
        form,
        item=item,
        what=f"item {item.number}" if item.number else "the item",
        withdrawn=item,
        action=reverse("backoffice:item_reinstate", args=[item.pk]),
    )
