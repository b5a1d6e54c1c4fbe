"""The public site's charts (issue 19), each an inclusion tag so a page adds one line.

The figures come from what the public pages already publish: attendance at meetings
already held, the decisions register (an exempt decision is counted, as the register
lists it, and never named), a plan's published status and the forward plan as
published. ``core.charts`` draws them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import template
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minutebook.core.charts import Chart, Row, month_label

register = template.Library()

TEMPLATE = "core/chart.html"
ATTENDANCE_PARTS = ("Present", "Apologies", "Absent")


def _attendance_rows(rows: Any, label: Any) -> list[Row]:
    """Rows of (present, apologies, absent) per ``label(row)``, in first-seen order."""
    from minutebook.attendance.models import AttendanceStatus

    counts: dict[str, Counter[str]] = {}
    for row in rows:
        counts.setdefault(label(row), Counter())[row.status] += 1
    out = []
    for name, c in counts.items():
        values = (
            c[AttendanceStatus.PRESENT],
            c[AttendanceStatus.APOLOGIES],
            c[AttendanceStatus.ABSENT],
        )
        total = sum(values)
        share = round(100 * values[0] / total) if total else 0
        out.append(Row(name, values, f"{values[0]} of {total} ({share}%)"))
    return out


def held(queryset: Any) -> Any:
    """Attendance at meetings already held: a meeting cancelled after apologies were sent
    keeps its rows, but was never held. The councillor page's figures use it too."""
    from minutebook.meetings.models import MeetingState

    return queryset.filter(meeting__start__lt=timezone.now()).exclude(
        meeting__state=MeetingState.CANCELLED
    )


@register.inclusion_tag(TEMPLATE)
def councillor_attendance_chart(person: Any) -> dict[str, Any]:
    """A councillor's attendance, month by month, at meetings already held."""
    from minutebook.attendance.models import Attendance

    rows = held(Attendance.objects.filter(person=person)).order_by("meeting__start")
    return {
        "chart": Chart(
            key=f"chart-attendance-{person.pk}",
            caption=f"Attendance of {person.display_name} at meetings, by month",
            rows=_attendance_rows(
                rows.select_related("meeting"),
                lambda a: month_label(a.meeting.start.year, a.meeting.start.month),
            ),
            label_heading="Month",
            parts=ATTENDANCE_PARTS,
        )
    }


@register.inclusion_tag(TEMPLATE)
def committee_attendance_chart(committee: Any) -> dict[str, Any]:
    """Each member's attendance at the committee's meetings already held."""
    from minutebook.attendance.models import Attendance, Capacity

    rows = held(
        Attendance.objects.filter(meeting__committee=committee, capacity=Capacity.MEMBER)
    ).select_related("person")
    built = sorted(_attendance_rows(rows, lambda a: str(a.person)), key=lambda r: r.label)
    return {
        "chart": Chart(
            key=f"chart-committee-attendance-{committee.pk}",
            caption=f"{committee.name}: members' attendance at meetings held",
            rows=built,
            label_heading="Member",
            parts=ATTENDANCE_PARTS,
        )
    }


@register.inclusion_tag(TEMPLATE)
def plan_progress_chart(plan: Any, rows: Any) -> dict[str, Any]:
    """A plan's tracked items by status category, area by area, from the page's rows (each
    starts with the item: the plan page has walked the plan's tree already)."""
    from minutebook.plans.models import ItemLevel, StatusCategory

    parts = [c for c in StatusCategory]
    counts: dict[str, Counter[str]] = {}
    area = ""
    for item, *_rest in rows:
        if item.level == ItemLevel.AREA:
            area = f"{item.reference} {item.title}".strip()
            counts.setdefault(area, Counter())
        elif item.level in {ItemLevel.ACTION, ItemLevel.MILESTONE}:
            category = item.status.category if item.status else StatusCategory.NOT_STARTED
            counts.setdefault(area or "Actions", Counter())[category] += 1
    used = [p for p in parts if any(c[p] for c in counts.values())]
    rows = [Row(name, tuple(c[p] for p in used)) for name, c in counts.items() if c]
    return {
        "chart": Chart(
            key=f"chart-plan-{plan.pk}",
            caption=f"Progress of the actions by area ({plan.title})",
            rows=rows,
            label_heading="Area",
            parts=tuple(str(p.label) for p in used) or ("Actions",),
        )
    }


@register.inclusion_tag(TEMPLATE)
def forward_plan_chart(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The forward plan as a timeline: decisions due each month, key decisions apart."""
    import datetime as dt

    months: dict[tuple[int, int], list[int]] = {}
    undated = [0, 0]
    for entry in entries:
        slot = 0 if entry.get("key_decision") else 1
        when = entry.get("decision_date")
        if when:
            day = dt.date.fromisoformat(when)
            months.setdefault((day.year, day.month), [0, 0])[slot] += 1
        else:
            undated[slot] += 1
    rows = [Row(month_label(y, m), tuple(v)) for (y, m), v in sorted(months.items())]
    if any(undated):
        rows.append(Row("Date not yet known", tuple(undated)))
    return {
        "chart": Chart(
            key="chart-forward-plan",
            caption="Decisions expected, month by month",
            rows=rows,
            label_heading="Month",
            parts=("Key decisions", "Other decisions"),
        )
    }


@register.inclusion_tag(TEMPLATE)
def decisions_by_month_chart(council: Any, months: int = 12) -> dict[str, Any]:
    """Decisions published in the register, by the month they were made (latest year):
    the complete register, decisions taken in private counted by their date only."""
    from minutebook.decisions.register import register_rows

    # Counted by the database, a row a month: the register page draws this on every view.
    months_counted = (
        register_rows(council)
        .order_by()
        .values(month=TruncMonth("date"))
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counted: Counter[tuple[int, int]] = Counter()
    for month, n in months_counted:
        counted[(month.year, month.month)] += n
    latest = sorted(counted)[-months:]
    return {
        "chart": Chart(
            key="chart-decisions-by-month",
            caption="Decisions made each month",
            rows=[Row(month_label(y, m), (counted[(y, m)],)) for y, m in latest],
            label_heading="Month",
            parts=("Decisions",),
        )
    }
