"""Public pages: a committee's work programme and action sheet, and a meeting's sheet.

Actions raised under an exempt minute never appear here (``public=True``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.scrutiny import services


def _committee(council: str, committee: str) -> tuple[Council, Committee]:
    obj = get_object_or_404(Council, slug=council)
    return obj, get_object_or_404(Committee, council=obj, slug=committee)


def _crumbs(council: Council, committee: Committee) -> list[tuple[str, str]]:
    return [
        (council.short_name or council.name, council.get_absolute_url()),
        (committee.name, committee.get_absolute_url()),
    ]


@require_safe
def work_programme(request: HttpRequest, council: str, committee: str) -> HttpResponse:
    obj, body = _committee(council, committee)
    return render(
        request,
        "scrutiny/work_programme.html",
        {
            "council": obj,
            "committee": body,
            "breadcrumbs": _crumbs(obj, body),
            **services.work_programme(body),
        },
    )


@require_safe
def action_sheet(request: HttpRequest, council: str, committee: str) -> HttpResponse:
    """The committee's current sheet: every action not yet completed."""
    obj, body = _committee(council, committee)
    rows = [a for a in services.committee_actions(body, public=True)]
    sheet: dict[str, Any] = {
        "open": [a for a in rows if a.completed is None],
        "closed": [],
    }
    return render(
        request,
        "scrutiny/action_sheet.html",
        {
            "council": obj,
            "committee": body,
            "sheet": sheet,
            "completed": [a for a in rows if a.completed is not None],
            "breadcrumbs": _crumbs(obj, body),
        },
    )


@require_safe
def meeting_action_sheet(
    request: HttpRequest, council: str, committee: str, meeting: str
) -> HttpResponse:
    """The action sheet item of one meeting: actions carried from earlier meetings."""
    obj, body = _committee(council, committee)
    event = get_object_or_404(Meeting, committee=body, slug=meeting)
    return render(
        request,
        "scrutiny/action_sheet.html",
        {
            "council": obj,
            "committee": body,
            "meeting": event,
            "sheet": services.action_sheet(event, public=True),
            "breadcrumbs": [
                *_crumbs(obj, body),
                (f"{body.name}, {event.date.day} {event.date:%B %Y}", event.get_absolute_url()),
            ],
        },
    )
