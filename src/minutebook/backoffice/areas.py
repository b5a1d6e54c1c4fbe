"""/officer/areas/: the way into the pages that hang off a council, a committee or a
meeting (scrutiny work programmes and action sheets, council plans, the register of
interests, minutes and attendance), which the header cannot list one by one."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from minutebook.accounts.permissions import ACTION_ROLES, can
from minutebook.accounts.scope import scope_to_councils
from minutebook.backoffice.access import officer_required
from minutebook.committees.models import Committee, CommitteeKind
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting, MeetingState

#: Meetings listed for minutes and attendance: held lately or coming soon.
RECENT = timedelta(days=90)
SOON = timedelta(days=14)


@officer_required
def areas(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {}
    if can(user, "scrutiny.view"):
        context["scrutiny"] = (
            scope_to_councils(
                Committee.objects.filter(kind=CommitteeKind.OVERVIEW_SCRUTINY, is_active=True),
                user,
                roles=ACTION_ROLES["scrutiny.view"],
            )
            .select_related("council")
            .order_by("council__name", "name")
        )
    if can(user, "plans.view"):
        context["plan_councils"] = scope_to_councils(
            Council.objects.all(), user, roles=ACTION_ROLES["plans.view"]
        ).order_by("name")
    context["interests"] = can(user, "interests.view")
    if can(user, "minutes.view"):
        now = timezone.now()
        context["meetings"] = (
            scope_to_councils(
                Meeting.objects.filter(start__gte=now - RECENT, start__lte=now + SOON)
                .exclude(state=MeetingState.CANCELLED)
                .filter(is_imported=False),
                user,
                roles=ACTION_ROLES["minutes.view"],
            )
            .select_related("committee__council")
            .order_by("-start")[:60]
        )
    return render(request, "backoffice/areas.html", context)
