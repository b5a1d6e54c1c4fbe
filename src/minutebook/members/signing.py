"""The chair signs the minutes from the members' area.

LGA 1972 Sch 12 para 41(1): the minutes are signed at the same or the next suitable
meeting by the person presiding. So the page is the chairman's of the confirming
meeting's committee (on the meeting's day, ``meetings.services.current_chair``), opens
once that meeting has started, and signs through the same service and checks as the
officers' route (``minutes.services.confirm_minutes``: a later meeting of the same
committee with a "minutes" standing item, the minutes still draft, the time not before
the meeting, nor in the future).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from minutebook.meetings.services import current_chair
from minutebook.members.views import _meeting_for, _person, member_required
from minutebook.minutes import services as minutes_services
from minutebook.minutes.forms import SigningForm, _datetime
from minutebook.minutes.models import Minutes


class ChairSignForm(SigningForm):
    minutes = forms.ModelChoiceField(
        queryset=Minutes.objects.none(),
        label="Minutes to sign",
        error_messages={
            "required": "Choose the minutes to sign.",
            "invalid_choice": "Choose one of the minutes awaiting confirmation.",
        },
    )
    signed_at = _datetime("Signed at", required=True, hint="When you signed them at the meeting.")
    confirm = forms.BooleanField(
        label="The meeting confirmed these minutes as a correct record, and I sign them",
        error_messages={"required": "Tick the box to sign the minutes."},
    )

    def __init__(self, *args: Any, awaiting: list[Minutes], **kwargs: Any) -> None:
        super().__init__(*args, awaiting=awaiting, **kwargs)
        self._style()


def chairs(person: Any, meeting: Any) -> bool:
    """Whether ``person`` is the chairman of ``meeting``'s committee on its day."""
    chair = current_chair(meeting)
    return chair is not None and chair.pk == person.pk


@member_required
def sign_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    person = _person(request)
    if not chairs(person, meeting):
        raise PermissionDenied(f"Only the chairman of {meeting.committee} signs its minutes.")
    awaiting = minutes_services.awaiting_confirmation(meeting)
    initial = {"minutes": awaiting[-1].pk if awaiting else None}
    form = ChairSignForm(
        request.POST if request.method == "POST" else None, awaiting=awaiting, initial=initial
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.sign(at=meeting, signed_by=person, by=request.user)
    ):
        minutes = form.cleaned_data["minutes"]
        messages.success(request, f"You signed the minutes of {minutes.meeting}.")
        return redirect("members:meeting", pk=meeting.pk)
    return render(
        request,
        "members/sign_minutes.html",
        {
            "meeting": meeting,
            "form": form,
            "awaiting": awaiting,
            "started": meeting.start <= timezone.now(),
        },
    )
