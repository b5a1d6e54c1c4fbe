"""The officer dashboard: what needs doing next, by deadline, at the user's councils."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minutebook.accounts.scope import scope_to_councils
from minutebook.backoffice.access import officer_required
from minutebook.meetings.models import Meeting


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(start__gte=timezone.now(), is_imported=False)
    upcoming = (
        scope_to_councils(meetings, request.user)
        .select_related("committee", "committee__council")
        .order_by("start")[:20]
    )
    return render(request, "backoffice/dashboard.html", {"upcoming": upcoming})
