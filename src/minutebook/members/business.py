"""Councillors' own business in the members' area: questions for meetings and notices of
motion for full council.

Each page shows the council's deadline for the meeting before anything is typed; past
the deadline the page says the form is closed and names the next meeting still open.
The council's rules are applied by the participation services, so an officer entering a
question on a councillor's behalf meets the same rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from minutebook.members.forms import MemberQuestionForm, MotionForm
from minutebook.members.views import _meeting_for, _person, member_required
from minutebook.participation import motions, services
from minutebook.participation.models import CouncillorQuestion, NoticeOfMotion


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@member_required
def overview(request: HttpRequest) -> HttpResponse:
    """What the councillor has sent, and the meetings taking questions and motions."""
    person = _person(request)
    return render(
        request,
        "members/business.html",
        {
            "questions": CouncillorQuestion.objects.filter(councillor=person)
            .select_related("meeting__committee")
            .order_by("-meeting__start", "order")[:50],
            "motions": NoticeOfMotion.objects.filter(mover=person)
            .select_related("meeting__committee", "seconder")
            .order_by("-meeting__start")[:50],
            "question_windows": motions.upcoming(person.council_id, "question"),
            "motion_windows": motions.upcoming(person.council_id, "motion"),
        },
    )


def _closed(request: HttpRequest, meeting: Any, window: Any, kind: str) -> HttpResponse:
    return render(
        request,
        "members/business_closed.html",
        {
            "meeting": meeting,
            "window": window,
            "kind": kind,
            "next": motions.next_open(meeting, kind),
        },
    )


@member_required
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a question at a meeting whose committee takes councillors' questions."""
    meeting = _meeting_for(request, pk)
    person = _person(request)
    if not services.takes_kind(meeting, "councillor"):
        raise Http404("This meeting does not take questions from councillors.")
    window = motions.window(meeting, motions.question_deadline)
    if not window.is_open:
        return _closed(request, meeting, window, "question")
    form = MemberQuestionForm(_bound(request), meeting=meeting, councillor=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.submit_councillor_question(
                meeting,
                councillor=person,
                parent=data["parent"],
                addressed_to=data["addressed_to"],
                addressed_to_text=data["addressed_to_text"],
                text=data["text"],
            )
        except services.ParticipationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"Question sent, reference {services.reference(question)}. Democratic "
                "services will tell you whether it is accepted.",
            )
            return HttpResponseRedirect(reverse("members:business"))
    asked = services.councillor_questions_count(meeting, person)
    return render(
        request,
        "members/question_form.html",
        {
            "meeting": meeting,
            "window": window,
            "form": form,
            "asked": asked,
            "limit": meeting.committee.council.councillor_questions_per_meeting,
        },
    )


@member_required
def motion_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Give notice of a motion for a meeting of full council."""
    meeting = _meeting_for(request, pk)
    person = _person(request)
    if not motions.takes_motions(meeting):
        raise Http404("Notices of motion are for meetings of full council.")
    window = motions.window(meeting, motions.motion_deadline)
    if not window.is_open:
        return _closed(request, meeting, window, "motion")
    form = MotionForm(_bound(request), meeting=meeting, mover=person)
    if request.method == "POST" and form.is_valid():
        try:
            motions.submit_motion(
                meeting,
                mover=person,
                text=form.cleaned_data["text"],
                seconder=form.cleaned_data["seconder"],
            )
        except services.ParticipationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                "Notice of motion sent. Democratic services will tell you whether it goes "
                "on the agenda.",
            )
            return HttpResponseRedirect(reverse("members:business"))
    return render(
        request,
        "members/motion_form.html",
        {"meeting": meeting, "window": window, "form": form},
    )
