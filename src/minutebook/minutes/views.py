"""The public minutes of a meeting: attendance, numbered minutes, motions and votes.

Signed (locked) minutes are shown as their latest version's public snapshot, written
when the version was made from the public managers (exempt minutes reduced to their
number, agenda item title and paragraph); earlier versions are listed with the reason
for each correction. Draft minutes are shown as a draft, built the same way.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from minutebook.attendance.services import minutes_lines
from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting
from minutebook.minutes import services
from minutebook.minutes.models import MinutesState


@require_safe
def public_minutes(
    request: HttpRequest, council: str, committee: str, meeting: str
) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    body = get_object_or_404(Committee, council=obj, slug=committee)
    event = get_object_or_404(
        Meeting.objects.select_related("committee__council"), committee=body, slug=meeting
    )
    minutes = services.minutes_for(event)
    versions = list(minutes.versions.order_by("number")) if minutes else []
    if minutes is not None and minutes.state == MinutesState.LOCKED and versions:
        record = versions[-1].public_snapshot
        rows, attendance = record["minutes"], record["attendance"]
    else:
        rows = services.public_minute_rows(event) if minutes else []
        attendance = minutes_lines(event) if minutes else {}
    return render(
        request,
        "minutes/public_minutes.html",
        {
            "council": obj,
            "committee": body,
            "meeting": event,
            "minutes": minutes,
            "rows": rows,
            "attendance": attendance,
            "versions": versions,
            "breadcrumbs": [
                (obj.short_name or obj.name, obj.get_absolute_url()),
                (body.name, body.get_absolute_url()),
                (str(event.start.date()), event.get_absolute_url()),
            ],
        },
    )
