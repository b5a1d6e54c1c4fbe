"""Officer pages for participation: triage, answers, councillor questions, publication.

Thin views over ``services``; a ``ParticipationError`` is shown in the error summary and
nothing is saved. Officers see contact details here (to reply); public pages never do.
Each view checks the officer's role at the council the record belongs to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.accounts.permissions import ACTION_ROLES, councils_where, require
from minutebook.audit.reads import record_personal_read
from minutebook.backoffice.access import action_for, officer_required
from minutebook.core.http import form_data
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.participation import services
from minutebook.participation.forms import (
    AnswerForm,
    CouncillorQuestionForm,
    PostalSubmissionForm,
    PublishForm,
    RejectForm,
)
from minutebook.participation.models import (
    CouncillorQuestion,
    NoticeOfMotion,
    PublicQuestion,
    SubmissionStatus,
)

MODELS: dict[str, type[PublicQuestion] | type[CouncillorQuestion] | type[NoticeOfMotion]] = {
    "public": PublicQuestion,
    "councillor": CouncillorQuestion,
    "motion": NoticeOfMotion,
}


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee__council"), pk=pk)
    require(request.user, action_for(request), meeting)
    return meeting


def _submission(request: HttpRequest, kind: str, pk: int) -> Any:
    model = MODELS.get(kind)
    if model is None:
        raise Http404("No such kind.")
    obj = get_object_or_404(
        model.objects.select_related("meeting__committee__council"),
        pk=pk,
    )
    require(request.user, action_for(request), obj.meeting)
    return obj


#: What the submission page shows of a member of the public (never published).
CONTACT_DETAILS = "a questioner's contact details"


def _crumbs(meeting: Meeting | None = None) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Public participation", reverse("backoffice:participation")),
    ]
    if meeting is not None:
        crumbs.append(
            (str(meeting), reverse("backoffice:participation_meeting", args=[meeting.pk]))
        )
    return crumbs


def _to_meeting(meeting: Meeting) -> HttpResponse:
    return redirect("backoffice:participation_meeting", pk=meeting.pk)


@officer_required
def index(request: HttpRequest) -> HttpResponse:
    """Meetings from yesterday on, with what is waiting for triage."""
    since = timezone.now() - dt.timedelta(days=1)
    meetings = Meeting.objects.filter(start__gte=since).exclude(state=MeetingState.CANCELLED)
    allowed = councils_where(request.user, ACTION_ROLES["participation.view"])
    if allowed is not None:
        meetings = meetings.filter(committee__council_id__in=allowed)
    meetings = (
        meetings.select_related("committee__council")
        .annotate(
            received=Count(
                "public_questions",
                filter=Q(public_questions__status=SubmissionStatus.RECEIVED),
                distinct=True,
            ),
            councillor_received=Count(
                "councillor_questions",
                filter=Q(councillor_questions__status=SubmissionStatus.RECEIVED),
                distinct=True,
            ),
        )
        .order_by("start")[:100]
    )
    return render(
        request,
        "backoffice/participation/index.html",
        {"meetings": meetings, "breadcrumbs": _crumbs()[:1]},
    )


@officer_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    public = list(
        PublicQuestion.objects.filter(meeting=meeting)
        .select_related("supplement", "answered_by")
        .order_by("kind", "order", "received_at")
    )
    councillor = list(
        CouncillorQuestion.objects.filter(meeting=meeting)
        .select_related("councillor", "supplement", "answered_by", "parent")
        .order_by("order", "received_at")
    )
    notices = list(
        NoticeOfMotion.objects.filter(meeting=meeting).select_related("mover", "seconder")
    )
    waiting_public, waiting_councillor = services.unpublished(meeting)
    deadlines = [
        (f"{kind.label}s", services.submission_deadline(meeting, kind))
        for kind in services.DEADLINE_RULES
    ]
    deadlines.append(
        ("Councillor questions", services.deadline_for(meeting, services.COUNCILLOR_RULE))
    )
    return render(
        request,
        "backoffice/participation/meeting.html",
        {
            "meeting": meeting,
            "council": meeting.committee.council,
            "public": public,
            "councillor": councillor,
            "notices": notices,
            "waiting": len(waiting_public) + len(waiting_councillor),
            "deadlines": deadlines,
            "minutes_text": services.minutes_text(meeting),
            "publish_form": PublishForm(),
            "breadcrumbs": _crumbs(),
        },
    )


@officer_required
def submission_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _submission(request, kind, pk)
    meeting = obj.meeting
    response = render(
        request,
        "backoffice/participation/submission.html",
        {
            "obj": obj,
            "kind": kind,
            "meeting": meeting,
            "council": meeting.committee.council,
            "reference": services.reference(obj),
            "reject_form": RejectForm(),
            "answer_form": AnswerForm(
                council=meeting.committee.council,
                initial={
                    "answer": getattr(obj, "answer", ""),
                    "answered_by": getattr(obj, "answered_by_id", None),
                },
            ),
            "breadcrumbs": _crumbs(meeting),
        },
    )
    if kind == "public":  # the page shows the questioner's address, e-mail and phone
        record_personal_read(request, obj, route="officer", what=CONTACT_DETAILS)
    return response


def _detail_url(kind: str, obj: Any) -> str:
    return reverse("backoffice:participation_submission", args=[kind, obj.pk])


@officer_required
@require_POST
def submission_accept(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _submission(request, kind, pk)
    try:
        services.accept(obj, by=request.user)
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{services.reference(obj)} accepted.")
    return redirect(_detail_url(kind, obj))


def _form_page(request: HttpRequest, obj: Any, kind: str, form: Any, template: str) -> HttpResponse:
    return render(
        request,
        template,
        {
            "obj": obj,
            "kind": kind,
            "form": form,
            "meeting": obj.meeting,
            "council": obj.meeting.committee.council,
            "reference": services.reference(obj),
            "breadcrumbs": _crumbs(obj.meeting),
        },
    )


@officer_required
def submission_reject(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = _submission(request, kind, pk)
    form = RejectForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reject(obj, reason=form.cleaned_data["reason"], by=request.user)
        except services.ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{services.reference(obj)} rejected.")
            return redirect(_detail_url(kind, obj))
    return _form_page(request, obj, kind, form, "backoffice/participation/reject_form.html")


@officer_required
def submission_answer(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "motion":
        raise Http404("A motion is debated, not answered.")
    obj = _submission(request, kind, pk)
    form = AnswerForm(
        form_data(request),
        council=obj.meeting.committee.council,
        initial={"answer": obj.answer, "answered_by": obj.answered_by_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer(
                obj,
                text=data["answer"],
                answered_by=data["answered_by"],
                written_reply=data["written_reply"],
            )
        except services.ParticipationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Answer to {services.reference(obj)} recorded.")
            return redirect(_detail_url(kind, obj))
    return _form_page(request, obj, kind, form, "backoffice/participation/answer_form.html")


@officer_required
def councillor_question_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = CouncillorQuestionForm(form_data(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.submit_councillor_question(
                meeting,
                councillor=data["councillor"],
                parent=data["parent"],
                addressed_to=data["addressed_to"],
                addressed_to_text=data["addressed_to_text"],
                text=data["text"],
                entered_by=request.user,
            )
        except services.ParticipationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"{services.reference(question)} recorded.")
            return _to_meeting(meeting)
    return render(
        request,
        "backoffice/participation/councillor_form.html",
        {
            "meeting": meeting,
            "council": meeting.committee.council,
            "form": form,
            "deadline": services.deadline_for(meeting, services.COUNCILLOR_RULE),
            "limit": meeting.committee.council.councillor_questions_per_meeting,
            "breadcrumbs": _crumbs(meeting),
        },
    )


@officer_required
def public_submission_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a question, statement or petition that came by post, for the asker.

    The council's rules apply as on the public form, the deadline against the time it
    was received; the submission records the officer who entered it.
    """
    meeting = _meeting(request, pk)
    council = meeting.committee.council
    form = PostalSubmissionForm(
        form_data(request),
        word_limit=council.public_word_limit,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submit_public(
                meeting,
                kind=data["kind"],
                name=data["name"],
                address=data["address"],
                email=data["email"],
                phone=data["phone"],
                on_behalf_of=data["on_behalf_of"],
                addressed_to_text=data["addressed_to_text"],
                text=data["text"],
                signatures=data["signatures"],
                at=data["received_at"],
                entered_by=request.user,
            )
        except services.ParticipationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"{services.reference(submission)} recorded.")
            return redirect(_detail_url("public", submission))
    return render(
        request,
        "backoffice/participation/postal_form.html",
        {
            "meeting": meeting,
            "council": council,
            "form": form,
            "deadlines": [
                (f"{kind.label}s", services.submission_deadline(meeting, kind))
                for kind in services.DEADLINE_RULES
            ],
            "breadcrumbs": _crumbs(meeting),
        },
    )


@officer_required
@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = PublishForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    try:
        supplement = services.publish(meeting, by=request.user, title=title)
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{supplement} published.")
    return _to_meeting(meeting)
