"""The officer dashboard: what is mine to do now, when it is due, and what is overdue.

Every officer role lands here. The sections are the work the user's roles do
(``backoffice.dashboard``); the notifications are their own; the meetings shown are
those of the councils where the user may see meetings (report authors and clearance
officers see none).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minutebook.backoffice.access import officer_required, scoped
from minutebook.backoffice.dashboard import sections_for
from minutebook.meetings.models import Meeting
from minutebook.notifications.views import unread_for


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(start__gte=timezone.now(), is_imported=False)
    upcoming = (
        scoped(meetings, request, "meeting.view")
        .select_related("committee", "committee__council")
        .order_by("start")[:20]
    )
    sections = sections_for(request.user)
    notifications, unread = unread_for(request.user)
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "upcoming": upcoming,
            "sections": sections,
            "overdue": sum(s.overdue for s in sections),
            "notifications": notifications,
            "unread": unread,
        },
    )
