"""The officer dashboard: what needs doing next, by deadline."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minutebook.backoffice.access import officer_required
from minutebook.meetings.models import Meeting


@officer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    upcoming = (
        Meeting.objects.filter(start__gte=timezone.now(), is_imported=False)
        .select_related("committee", "committee__council")
        .order_by("start")[:20]
    )
    return render(request, "backoffice/dashboard.html", {"upcoming": upcoming})
