"""The public meetings calendar: every committee's meetings as a month grid and a list.

Meetings carry no exempt content (an exempt item lives on the agenda, which these pages
do not show), so they are read with the plain manager, as the committee pages do. A
cancelled, withdrawn or moved meeting stays listed and is marked as such: people who
planned to attend need to see that it changed. Previous and next links stop at the
first and last month that has a meeting, so a crawler cannot walk on forever.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.meetings.models import Meeting

MEETINGS_PER_PAGE = 40
#: The years the month view accepts: wide enough for any archive, finite for datetime.
YEARS = range(1900, 2200)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Filter:
    """The committee chosen in the GET form, and the query string that keeps it."""

    committees: list[Committee]
    selected: Committee | None

    @property
    def query(self) -> str:
        return urlencode({"committee": self.selected.slug}) if self.selected else ""

    def suffix(self) -> str:
        return f"?{self.query}" if self.query else ""


def _filter(request: HttpRequest, council: Council) -> Filter:
    committees = list(Committee.objects.filter(council=council).order_by("-is_active", "name"))
    wanted = request.GET.get("committee", "")
    selected = next((c for c in committees if c.slug == wanted), None)
    return Filter(committees, selected)


def _meetings(council: Council, chosen: Filter) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(committee__council=council).select_related(
        "committee__council", "venue"
    )
    return rows.filter(committee=chosen.selected) if chosen.selected else rows


def _crumbs(council: Council) -> list[tuple[str, str]]:
    return [(council.short_name or council.name, council.get_absolute_url())]


def _month_url(council: Council, year: int, month: int, chosen: Filter) -> str:
    path = reverse(
        "publishing:meetings_month",
        kwargs={"council": council.slug, "year": year, "month": month},
    )
    return path + chosen.suffix()


def _view_links(council: Council, chosen: Filter) -> dict[str, str]:
    """The list of meetings coming up, of past meetings, and this month's grid."""
    base = reverse("publishing:meetings_list", kwargs={"council": council.slug})
    today = timezone.localdate()
    return {
        "upcoming_url": base + chosen.suffix(),
        "past_url": base + "?" + "&".join(p for p in ("when=past", chosen.query) if p),
        "month_url": _month_url(council, today.year, today.month, chosen),
    }


def _by_month(meetings: list[Meeting]) -> list[tuple[dt.date, list[Meeting]]]:
    months: list[tuple[dt.date, list[Meeting]]] = []
    for meeting in meetings:
        first = meeting.date.replace(day=1)
        if not months or months[-1][0] != first:
            months.append((first, []))
        months[-1][1].append(meeting)
    return months


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


@require_safe
def meetings_list(request: HttpRequest, council: str) -> HttpResponse:
    """Meetings coming up (soonest first) or already held (latest first)."""
    obj = get_object_or_404(Council, slug=council)
    chosen = _filter(request, obj)
    past = request.GET.get("when") == "past"
    now = timezone.now()
    rows = _meetings(obj, chosen)
    rows = (
        rows.filter(start__lt=now).order_by("-start")
        if past
        else rows.filter(start__gte=now).order_by("start")
    )
    page = Paginator(rows, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = "&".join(p for p in ("when=past" if past else "", chosen.query) if p)
    return render(
        request,
        "meetings/public_list.html",
        {
            "council": obj,
            "filter": chosen,
            "past": past,
            "page": page,
            "months": _by_month(list(page.object_list)),
            "pager": {
                "label": "Pages of meetings",
                "has_previous": page.has_previous(),
                "has_next": page.has_next(),
                "previous_number": page.number - 1,
                "next_number": page.number + 1,
                "page_count": page.paginator.num_pages,
                "query": query,
            },
            **_view_links(obj, chosen),
            "breadcrumbs": _crumbs(obj),
        },
    )


@require_safe
def meetings_month(request: HttpRequest, council: str, year: int, month: int) -> HttpResponse:
    """One month as a grid of weeks, Monday first, each day with its meetings."""
    obj = get_object_or_404(Council, slug=council)
    y, m = year, month
    if y not in YEARS or not 1 <= m <= 12:
        raise Http404("No such month.")
    chosen = _filter(request, obj)
    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(y, m)
    first, last = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    rows = _meetings(obj, chosen)
    held = list(rows.filter(date__gte=first, date__lte=last).order_by("start"))
    by_date: dict[dt.date, list[Meeting]] = {}
    for meeting in held:
        by_date.setdefault(meeting.date, []).append(meeting)
    weeks = [
        [Day(d, d.month == m, by_date.get(d, []) if d.month == m else []) for d in week]
        for week in weeks_of_dates
    ]
    month_start = dt.date(y, m, 1)
    next_start = dt.date(*_shift(y, m, 1), 1) if _shift(y, m, 1)[0] in YEARS else None
    prev_y, prev_m = _shift(y, m, -1)
    earlier = rows.filter(date__lt=month_start).exists() and prev_y in YEARS
    later = next_start is not None and rows.filter(date__gte=next_start).exists()
    in_month = [mt for mt in held if mt.date.month == m]
    context: dict[str, Any] = {
        "council": obj,
        "filter": chosen,
        "month": month_start,
        "weeks": weeks,
        "weekdays": [calendar.day_name[i] for i in range(7)],
        "meetings": in_month,
        "previous_url": _month_url(obj, prev_y, prev_m, chosen) if earlier else "",
        "previous_month": dt.date(prev_y, prev_m, 1) if earlier else None,
        "next_url": (
            _month_url(obj, next_start.year, next_start.month, chosen)
            if later and next_start is not None
            else ""
        ),
        "next_month": next_start if later else None,
        **_view_links(obj, chosen),
        "breadcrumbs": [
            *_crumbs(obj),
            ("Meetings", reverse("publishing:meetings_list", kwargs={"council": obj.slug})),
        ],
    }
    return render(request, "meetings/public_month.html", context)
