"""Officer pages for decisions: record (reg 12), publish, call-in and its outcome; referrals.

Officer code, so decisions are read through ``Decision.officer_objects`` (exempt ones
included). Every rule lives in ``decisions.services``; refusals come back as form errors.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minutebook.accounts.permissions import ACTION_ROLES
from minutebook.accounts.scope import officer_councils
from minutebook.audit.reads import record_exempt_read
from minutebook.backoffice.access import officer_required, scoped
from minutebook.core.exempt import releasing
from minutebook.councils.models import Council
from minutebook.decisions import correction, referrals, services
from minutebook.decisions.forms import (
    CallInForm,
    ConsiderationForm,
    CorrectionForm,
    DecisionForm,
    MatterForm,
    OutcomeForm,
    PlaceForm,
    PublishForm,
)
from minutebook.decisions.models import (
    CallInRequest,
    CallInState,
    Consideration,
    Decision,
    Matter,
    RecordFixed,
    issued,
)
from minutebook.forwardplan.officer_views import add_service_errors
from minutebook.forwardplan.services import LateKeyDecisionError


def _url(name: str, *args: object) -> str:
    return reverse(f"backoffice:decisions:{name}", args=args)


def _decision(pk: int) -> Decision:
    return get_object_or_404(
        Decision.officer_objects.select_related(
            "council", "decision_maker", "decision_maker_person", "meeting", "forward_plan_entry"
        ),
        pk=pk,
    )


def _shown(request: HttpRequest, decision: Decision, response: HttpResponse) -> HttpResponse:
    """Record the read when the page rendered shows an exempt decision (``audit.reads``)."""
    record_exempt_read(request, decision, route="officer", meeting=decision.meeting)
    return response


@officer_required
def decision_list(request: HttpRequest) -> HttpResponse:
    councils = officer_councils(request.user, ACTION_ROLES["decision.view"]).order_by("name")
    council = None
    decisions = (
        scoped(Decision.officer_objects.all(), request)
        .select_related("council", "decision_maker", "decision_maker_person")
        .order_by("-date", "title")
    )
    slug = request.GET.get("council")
    if slug:
        council = get_object_or_404(councils, slug=slug)
        decisions = decisions.filter(council=council)
    state = request.GET.get("state")
    if state in CallInState.values:
        decisions = decisions.filter(call_in_state=state)
    return render(
        request,
        "backoffice/decisions/list.html",
        {
            "councils": councils,
            "council": council,
            "decisions": decisions[:200],
            "today": timezone.localdate(),
        },
    )


def _save_with_rules(request: HttpRequest, form: DecisionForm) -> Decision | None:
    """Run the reg 9-12 checks of ``take_decision``; errors go back onto the form."""
    decision = form.save(commit=False)
    release = (
        releasing(by=request.user, reason="Confirmed on the decision form.")
        if form.cleaned_data.get("confirm_release")
        else contextlib.nullcontext()
    )
    try:
        with release:
            services.take_decision(decision)
    except LateKeyDecisionError as error:
        form.add_error("forward_plan_entry", error.messages)
        return None
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except RecordFixed as error:
        form.add_error(None, str(error))
        return None
    form.save_m2m()
    return decision


@officer_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_object_or_404(Council, slug=council)
    initial = {"date": timezone.localdate()}
    form = DecisionForm(request.POST or None, council=council_obj, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = _save_with_rules(request, form)
        if decision is not None:
            messages.success(request, "Decision recorded. Publish it to start the call-in period.")
            return redirect(_url("detail", decision.pk))
    return render(
        request,
        "backoffice/decisions/form.html",
        {"council": council_obj, "form": form, "decision": None},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a decision record before it is issued; afterwards it is the record.

    Issued: published (SI 2012/2089 regs 12-13), or recorded under a minute of signed
    minutes (LGA 1972 Sch 12 para 41), which a correction of the minutes changes.
    """
    decision = _decision(pk)
    if Decision.officer_objects.filter(issued(), pk=decision.pk).exists():
        return _to_correction(request, decision)
    form = DecisionForm(request.POST or None, instance=decision, council=decision.council)
    if request.method == "POST" and form.is_valid() and _save_with_rules(request, form):
        messages.success(request, "Decision saved.")
        return redirect(_url("detail", decision.pk))
    return _shown(
        request,
        decision,
        render(
            request,
            "backoffice/decisions/form.html",
            {"council": decision.council, "form": form, "decision": decision},
        ),
    )


def _to_correction(request: HttpRequest, decision: Decision) -> HttpResponse:
    """Where an issued record is corrected: the minutes when it is in signed minutes."""
    if correction.in_signed_minutes(decision):
        messages.error(
            request,
            "This decision is recorded in signed minutes: correct the minutes instead "
            "(a new version with its reason).",
        )
        meeting_id = decision.minute_item.meeting_id
        return redirect(reverse("backoffice:minutes:correct", args=[meeting_id]))
    messages.error(
        request,
        "A published decision record is not edited: correct it (a new version with its reason).",
    )
    return redirect(_url("correct", decision.pk))


@officer_required
@require_http_methods(["GET", "POST"])
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an issued record that is not in signed minutes: a new, published version."""
    decision = _decision(pk)
    if decision.published_at is None:
        return redirect(_url("edit", decision.pk))
    if correction.in_signed_minutes(decision):
        return _to_correction(request, decision)
    latest = decision.versions()[-1]
    if latest.pk != decision.pk:
        messages.error(request, "This record has been corrected: correct the latest version.")
        return redirect(_url("correct", latest.pk))
    initial = {name: getattr(decision, name) for name in correction.TEXT_FIELDS}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data.get(name) or "" for name in correction.TEXT_FIELDS}
        try:
            new = correction.correct_decision(
                decision, changes=changes, reason=data["reason"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Correction published: the corrected record replaces it.")
            return redirect(_url("detail", new.pk))
    return _shown(
        request,
        decision,
        render(
            request,
            "backoffice/decisions/correct.html",
            {"council": decision.council, "decision": decision, "form": form},
        ),
    )


@officer_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _decision(pk), PublishForm())


def _detail_page(
    request: HttpRequest, decision: Decision, publish_form: PublishForm
) -> HttpResponse:
    """The decision's page, with the publish form as typed when it comes back refused."""
    versions = decision.versions()
    requests = decision.call_in_requests.prefetch_related("signatories").select_related(
        "considered_at__committee"
    )
    response = render(
        request,
        "backoffice/decisions/detail.html",
        {
            "council": decision.council,
            "decision": decision,
            "call_ins": requests,
            "publish_form": publish_form,
            "versions": versions,
            "correctable": decision.published_at is not None
            and not correction.in_signed_minutes(decision),
            # Call-in is the decision's, shared by its versions: recorded on the current one.
            "can_call_in": versions[-1].pk == decision.pk
            and decision.call_in_state == CallInState.OPEN
            and decision.call_in_expires is not None
            and timezone.now() <= decision.call_in_expires,
        },
    )
    return _shown(request, decision, response)


@officer_required
@require_http_methods(["POST"])
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the decision record; executive decisions open for call-in from today."""
    decision = _decision(pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_decision(
                decision, now=form.cleaned_data["published_at"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Published: {decision.status_text()}.")
            return redirect(_url("detail", decision.pk))
    return _detail_page(request, decision, form)


@officer_required
@require_http_methods(["GET", "POST"])
def call_in_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a call-in request: refused after the period or with too few signatures."""
    decision = _decision(pk)
    form = CallInForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_call_in(
                decision,
                signatories=data["signatories"],
                grounds=data["grounds"],
                received_at=data["received_at"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Call-in recorded: the decision must not be implemented.")
            return redirect(_url("detail", decision.pk))
    return _shown(
        request,
        decision,
        render(
            request,
            "backoffice/decisions/call_in_form.html",
            {"council": decision.council, "decision": decision, "form": form},
        ),
    )


@officer_required
@require_http_methods(["GET", "POST"])
def call_in_outcome(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    decision = _decision(pk)
    call_in = get_object_or_404(CallInRequest, pk=request_pk, decision_record_id=decision.pk)
    call_in.decision_record = decision
    form = OutcomeForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_call_in_outcome(
                call_in,
                outcome=data["outcome"],
                on=data["outcome_on"],
                notes=data["outcome_notes"],
                meeting=data["meeting"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            decision.refresh_from_db()
            messages.success(request, f"Outcome recorded: {decision.status_text()}.")
            return redirect(_url("detail", decision.pk))
    return _shown(
        request,
        decision,
        render(
            request,
            "backoffice/decisions/outcome_form.html",
            {"council": decision.council, "decision": decision, "call_in": call_in, "form": form},
        ),
    )


# --------------------------------------------------------------------------- referrals


@officer_required
def matter_list(request: HttpRequest) -> HttpResponse:
    """Matters travelling between bodies, with where each now stands."""
    councils = officer_councils(request.user, ACTION_ROLES["decision.view"]).order_by("name")
    matters = scoped(Matter.objects.all(), request)
    matters = matters.select_related("council").prefetch_related(
        Prefetch(
            "considerations",
            queryset=Consideration.objects.select_related("committee", "meeting__committee"),
        )
    )
    council = None
    if request.GET.get("council"):
        council = get_object_or_404(councils, slug=request.GET["council"])
        matters = matters.filter(council=council)
    return render(
        request,
        "backoffice/decisions/matters.html",
        {"councils": councils, "council": council, "matters": matters[:200]},
    )


@officer_required
@require_http_methods(["GET", "POST"])
def matter_create(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_object_or_404(Council, slug=council)
    form = MatterForm(request.POST or None, council=council_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.start_matter(
                council_obj,
                title=data["title"],
                committee=data["committee"],
                recommendation=data["recommendation"],
                meeting=data["meeting"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Matter opened: {matter.status_text}.")
            return redirect(_url("matter", matter.pk))
    return render(
        request, "backoffice/decisions/matter_form.html", {"council": council_obj, "form": form}
    )


@officer_required
@require_http_methods(["GET", "POST"])
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The matter's path so far; the pending body's outcome is recorded here."""
    matter = get_object_or_404(Matter.objects.select_related("council"), pk=pk)
    considerations = _considerations(matter)
    pending = next((c for c in considerations if c.outcome == ""), None)
    form = None
    if pending is not None:
        form = ConsiderationForm(request.POST or None, consideration=pending)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_consideration(
                    pending,
                    outcome=data["outcome"],
                    resolution=data["resolution"],
                    meeting=data["meeting"],
                    refer_to=data["refer_to"],
                    next_meeting=data["next_meeting"],
                    agenda_item=data["agenda_item"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                matter.refresh_from_db()
                messages.success(request, f"Recorded: the matter is {matter.status_text}.")
                return redirect(_url("matter", matter.pk))
    elif request.method == "POST":
        messages.error(request, "Nothing is awaiting consideration on this matter.")
        return redirect(_url("matter", matter.pk))
    return _matter_page(request, matter, considerations, pending, form)


def _matter_page(
    request: HttpRequest,
    matter: Matter,
    considerations: list[Consideration],
    pending: Consideration | None,
    form: Any,
    place_form: Any = None,
) -> HttpResponse:
    if place_form is None and pending is not None and pending.agenda_item_id is None:
        place_form = PlaceForm(consideration=pending, prefix="place")
    return render(
        request,
        "backoffice/decisions/matter.html",
        {
            "council": matter.council,
            "matter": matter,
            "considerations": considerations,
            "pending": pending,
            "form": form,
            "place_form": place_form,
        },
    )


def _considerations(matter: Matter) -> list[Consideration]:
    return list(
        matter.considerations.select_related(
            "committee", "meeting__committee__council", "refer_to", "agenda_item"
        )
    )


@officer_required
@require_http_methods(["GET", "POST"])
def matter_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the matter awaiting a body on the agenda of the meeting the officer picks."""
    matter = get_object_or_404(Matter.objects.select_related("council"), pk=pk)
    considerations = _considerations(matter)
    pending = next((c for c in considerations if c.outcome == ""), None)
    if pending is None or pending.agenda_item_id is not None:
        messages.error(request, "Nothing on this matter is waiting for an agenda.")
        return redirect(_url("matter", matter.pk))
    form = PlaceForm(
        request.POST if request.method == "POST" else None, consideration=pending, prefix="place"
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = referrals.place_on_agenda(pending, form.cleaned_data["meeting"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            assert item is not None
            messages.success(request, f"On the agenda of {item.meeting}.")
            return redirect(_url("matter", matter.pk))
    return _matter_page(request, matter, considerations, pending, None, place_form=form)
