"""The officer dashboard: what needs doing next, by deadline, at the user's councils.

Every officer role lands here; the meetings shown are those of the councils where the
user may see meetings (report authors and clearance officers see none).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minutebook.backoffice.access import officer_required, scoped
from minutebook.meetings.models import Meeting


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(start__gte=timezone.now(), is_imported=False)
    upcoming = (
        scoped(meetings, request, "meeting.view")
        .select_related("committee", "committee__council")
        .order_by("start")[:20]
    )
    return render(request, "backoffice/dashboard.html", {"upcoming": upcoming})
