"""Public pages: send a question, statement or petition for a meeting; read the published ones.

No JavaScript is needed. The form is refused, with the reason in the error summary, when
the council's rules say no (see ``services``), when the sender is over the rate limit
(429), or when it looks automated (see ``guard``). Published pages are built from
``public_view()`` only, so an address, email or phone number cannot reach them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.participation import guard, services
from minutebook.participation.forms import PublicSubmissionForm
from minutebook.participation.models import SubmissionKind

SESSION_KEY = "participation_received"


def _meeting(council: str, committee: str, meeting: str) -> Meeting:
    body = get_object_or_404(
        Committee.objects.select_related("council"), council__slug=council, slug=committee
    )
    return get_object_or_404(
        Meeting.objects.select_related("committee__council", "venue"), committee=body, slug=meeting
    )


def _crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    council: Council = meeting.committee.council
    return [
        (council.short_name or council.name, council.get_absolute_url()),
        (meeting.committee.name, meeting.committee.get_absolute_url()),
        (
            f"{meeting.committee.name}, {meeting.date.day} {meeting.date:%B %Y}",
            meeting.get_absolute_url(),
        ),
    ]


def _urls(meeting: Meeting) -> dict[str, str]:
    kwargs = {
        "council": meeting.committee.council.slug,
        "committee": meeting.committee.slug,
        "meeting": meeting.slug,
    }
    return {
        name: reverse(f"publishing:participation:{name}", kwargs=kwargs)
        for name in ("submit", "received", "published")
    }


def _deadlines(meeting: Meeting) -> list[tuple[str, str, bool]]:
    now = timezone.now()
    rows = []
    for kind in SubmissionKind:
        deadline = services.submission_deadline(meeting, kind)
        rows.append((f"{kind.label}s", services.describe_deadline(deadline), now <= deadline))
    return rows


def _closed(meeting: Meeting, deadlines: list[tuple[str, str, bool]]) -> str:
    """Why the form is closed before anyone types ("" while any deadline is open)."""
    if meeting.state == MeetingState.CANCELLED:
        return "This meeting has been cancelled."
    if meeting.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED):
        return "This meeting has already been held."
    if not any(is_open for _, _, is_open in deadlines):
        return "The deadlines for this meeting have passed."
    return ""


def _next_open(meeting: Meeting) -> tuple[Meeting, str] | None:
    """The committee's next meeting still taking submissions, and its first deadline."""
    now = timezone.now()
    later = (
        Meeting.objects.filter(committee=meeting.committee, start__gt=max(now, meeting.start))
        .exclude(state__in=[MeetingState.CANCELLED, MeetingState.HELD])
        .exclude(withdrawn_at__isnull=False)
        .order_by("start")[:5]
    )
    for candidate in later:
        open_deadlines = [
            d
            for d in (services.submission_deadline(candidate, k) for k in SubmissionKind)
            if d >= now
        ]
        if open_deadlines:
            return candidate, services.describe_deadline(min(open_deadlines))
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, council: str, committee: str, meeting: str) -> HttpResponse:
    event = _meeting(council, committee, meeting)
    rules = event.committee.council
    status = 200
    form = PublicSubmissionForm(
        request.POST if request.method == "POST" else None, word_limit=rules.public_word_limit
    )
    if request.method == "POST":
        if guard.over_limit(request, request.POST.get("email", "")):
            form.is_valid()
            form.add_error(
                None,
                "You have sent this form too many times. Wait an hour and try again, or "
                "contact democratic services.",
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            if guard.looks_automated(data.get("started", ""), data.get("website", "")):
                form.add_error(
                    None,
                    "We could not accept the form. Check your answers and send it again.",
                )
            else:
                try:
                    submission = services.submit_public(
                        event,
                        kind=data["kind"],
                        name=data["name"],
                        address=data["address"],
                        email=data["email"],
                        phone=data["phone"],
                        on_behalf_of=data["on_behalf_of"],
                        addressed_to_text=data["addressed_to_text"],
                        text=data["text"],
                        signatures=data["signatures"],
                    )
                except services.ParticipationError as error:
                    form.add_error(error.field if error.field in form.fields else None, str(error))
                else:
                    request.session[SESSION_KEY] = {
                        "reference": services.reference(submission),
                        "kind": submission.get_kind_display().lower(),
                        "meeting": event.pk,
                    }
                    return redirect(_urls(event)["received"])
    # A fresh token each time the form is served, so a re-sent form is timed again.
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["started"] = guard.form_token()
        form.data = data
    else:
        form.initial["started"] = guard.form_token()
    deadlines = _deadlines(event)
    closed = _closed(event, deadlines)
    following = _next_open(event) if closed else None
    context: dict[str, Any] = {
        "council": rules,
        "committee": event.committee,
        "meeting": event,
        "form": form,
        "deadlines": deadlines,
        "closed": closed,
        "next_meeting": following[0] if following else None,
        "next_deadline": following[1] if following else "",
        "next_url": _urls(following[0])["submit"] if following else "",
        "urls": _urls(event),
        "takes_public": services.takes_kind(event, "public"),
        "breadcrumbs": _crumbs(event),
    }
    return render(request, "participation/submit.html", context, status=status)


@require_safe
def received(request: HttpRequest, council: str, committee: str, meeting: str) -> HttpResponse:
    event = _meeting(council, committee, meeting)
    note = request.session.get(SESSION_KEY)
    if not note or note.get("meeting") != event.pk:
        return redirect(_urls(event)["submit"])
    return render(
        request,
        "participation/received.html",
        {
            "council": event.committee.council,
            "committee": event.committee,
            "meeting": event,
            "note": note,
            "urls": _urls(event),
            "breadcrumbs": _crumbs(event),
        },
    )


@require_safe
def published(request: HttpRequest, council: str, committee: str, meeting: str) -> HttpResponse:
    event = _meeting(council, committee, meeting)
    found = services.published_for(event)
    return render(
        request,
        "participation/published.html",
        {
            "council": event.committee.council,
            "committee": event.committee,
            "meeting": event,
            "published": found,
            "urls": _urls(event),
            "breadcrumbs": _crumbs(event),
        },
    )
