"""Report clearance: draft -> submitted -> cleared by each required signatory -> ready.

The council says who must clear which reports (``ClearanceRule``: e.g. finance and legal
for every report, the monitoring officer for exempt ones); with no rules of its own it
gets ``DEFAULT_CLEARANCE_RULES``. A sign-off counts only for the current submission and
only while the report's cleared text is unchanged (``Report.content_sha256``), so an
edit after sign-off sends the report back for clearance.

Agenda publishing calls :func:`assert_publishable` (or :func:`unpublishable_reports`
for a whole meeting): only ready reports go into a published pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minutebook import audit
from minutebook.accounts.permissions import can, roles_for
from minutebook.accounts.roles import CLEARANCE_ROLES, Role
from minutebook.reports.models import (
    ClearanceDecision,
    ClearanceRule,
    ClearanceScope,
    Report,
    ReportClearance,
    ReportState,
)

#: Used by a council that has set no clearance rules.
DEFAULT_CLEARANCE_RULES: tuple[tuple[str, str], ...] = (
    (Role.FINANCE, ClearanceScope.ALL),
    (Role.LEGAL, ClearanceScope.ALL),
    (Role.MONITORING_OFFICER, ClearanceScope.EXEMPT),
)

ROLE_ORDER = [Role.FINANCE, Role.LEGAL, Role.MONITORING_OFFICER]


class ReportNotCleared(ValidationError):
    """A report that has not been cleared was about to go into a published pack."""


def _rules(report: Report) -> list[tuple[str, str]]:
    return council_rules(report.council_id)


def council_rules(council_id: int) -> list[tuple[str, str]]:
    """The council's clearance rules as (role, scope) pairs: its own, else the defaults."""
    rules = list(ClearanceRule.objects.filter(council_id=council_id).values_list("role", "scope"))
    return rules or [(str(r), str(s)) for r, s in DEFAULT_CLEARANCE_RULES]


def describe_rules(rules: Iterable[tuple[str, str]]) -> str:
    """The rules in words, written from the rules themselves so the two cannot drift:
    e.g. "the finance officer and the legal officer clear every report; the monitoring
    officer clears exempt reports". Roles and scopes are named by their labels (as the
    set-up form's boxes are), in the order of their choices; empty rules say so.
    """
    wanted = set(rules)
    roles = [(str(v), str(label).split(" (")[0].lower()) for v, label in Role.choices]
    parts = []
    for scope, scope_label in ClearanceScope.choices:
        who = [f"the {name}" for role, name in roles if (role, str(scope)) in wanted]
        if not who:
            continue
        names = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
        verb = "clears" if len(who) == 1 else "clear"
        parts.append(f"{names} {verb} {str(scope_label).lower()}")
    return "; ".join(parts) or "no one clears any report"


def sent_to(council_id: int, roles: set[str]) -> Q:
    """The reports of a council that were sent for clearance to any of ``roles``: what a
    clearance officer reads (``accounts.permissions`` answers the same for one report)."""
    found = Q(pk__in=[])
    for role, scope in council_rules(council_id):
        if role not in roles:
            continue
        condition = Q(council_id=council_id, submitted_at__isnull=False)
        if scope == ClearanceScope.EXEMPT:
            condition &= Q(is_exempt=True)
        elif scope == ClearanceScope.KEY_DECISION:
            condition &= Q(key_decision=True)
        found |= condition
    return found


def required_roles(report: Report) -> list[str]:
    """The roles that must clear this report, in the usual signing order."""
    needed: set[str] = set()
    for role, scope in _rules(report):
        if (
            scope == ClearanceScope.ALL
            or (scope == ClearanceScope.EXEMPT and report.is_exempt)
            or (scope == ClearanceScope.KEY_DECISION and report.key_decision)
        ):
            needed.add(role)
    return [r.value for r in ROLE_ORDER if r in needed]


def current_clearances(report: Report) -> dict[str, ReportClearance]:
    """Valid sign-offs by role: this submission, and the text as it is now."""
    if report.pk is None or report.submitted_at is None:
        return {}
    digest = report.content_sha256()
    found: dict[str, ReportClearance] = {}
    for clearance in (
        ReportClearance.objects.filter(
            report_id=report.pk,
            decision=ClearanceDecision.CLEARED,
            at__gte=report.submitted_at,
            content_sha256=digest,
        )
        .select_related("by")
        .order_by("at")
    ):
        found.setdefault(clearance.role, clearance)
    return found


def outstanding_roles(report: Report) -> list[str]:
    """Required signatories who have not cleared the current submission."""
    if report.state == ReportState.DRAFT:
        return []
    done = current_clearances(report)
    return [role for role in required_roles(report) if role not in done]


def missing(report: Report) -> list[str]:
    """What stands between the report and the agenda, in words for the officer page."""
    labels = dict(Role.choices)
    if report.state == ReportState.DRAFT:
        return ["Not yet submitted for clearance."]
    problems = [f"Awaiting clearance: {labels[role]}." for role in outstanding_roles(report)]
    if report.state == ReportState.READY and report.cleared_sha256 != report.content_sha256():
        problems.append("Changed since it was cleared.")
    return problems


def is_publishable(report: Report) -> bool:
    return (
        report.state == ReportState.READY
        and not outstanding_roles(report)
        and report.cleared_sha256 == report.content_sha256()
    )


def assert_publishable(report: Report) -> None:
    """Raise ``ReportNotCleared`` unless every required signatory has cleared the report."""
    if not is_publishable(report):
        reasons = " ".join(missing(report)) or "Not cleared."
        raise ReportNotCleared(f'"{report.title}" cannot be published yet: {reasons}')


def unpublishable_reports(meeting: Any) -> list[tuple[Report, list[str]]]:
    """Reports on a meeting's agenda that may not go into its published pack, with reasons.

    Items marked "to follow" are skipped: their report goes out in a supplement, which
    must be checked when it is published.
    """
    from minutebook.meetings.models import AgendaItem

    report_ids = (
        AgendaItem.public_objects.filter(meeting=meeting, report__isnull=False, to_follow=False)
        .values_list("report_id", flat=True)
        .distinct()
    )
    problems = []
    for report in Report.officer_objects.filter(pk__in=list(report_ids)).order_by("title"):
        if not is_publishable(report):
            problems.append((report, missing(report) or ["Not cleared."]))
    return problems


def assert_meeting_publishable(meeting: Any) -> None:
    """For agenda publishing: ``ReportNotCleared`` naming every report not yet cleared."""
    problems = unpublishable_reports(meeting)
    if problems:
        raise ReportNotCleared([f'"{r.title}": {" ".join(reasons)}' for r, reasons in problems])


@transaction.atomic
def submit(report: Report, user: Any) -> Report:
    """The author (or democratic services) submits a draft for clearance."""
    if not can(user, "report.submit", report):
        raise PermissionDenied("You may not submit this report.")
    if report.state != ReportState.DRAFT:
        raise ValidationError("Only a draft can be submitted.")
    report.state = ReportState.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["state", "submitted_at", "modified"])
    audit.record("report.submitted", report, user=user, after={"state": report.state})
    _ready_if_cleared(report, user)
    return report


@transaction.atomic
def clear(report: Report, user: Any, role: str, comment: str = "") -> ReportClearance:
    """A signatory clears the report in one of their clearance roles."""
    report = Report.officer_objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError("Only a submitted report can be cleared.")
    if role not in CLEARANCE_ROLES or role not in roles_for(user, report.council_id):
        raise PermissionDenied("You do not hold that clearance role for this council.")
    if role not in outstanding_roles(report):
        raise ValidationError("That clearance is not needed, or has been given.")
    clearance = ReportClearance.objects.create(
        report=report,
        role=role,
        decision=ClearanceDecision.CLEARED,
        by=user,
        comment=comment,
        content_sha256=report.content_sha256(),
    )
    audit.record(
        "report.cleared",
        report,
        user=user,
        after={"role": role, "comment": comment},
        reason=comment,
    )
    _ready_if_cleared(report, user)
    return clearance


@transaction.atomic
def return_to_author(report: Report, user: Any, comment: str, role: str = "") -> Report:
    """Send a submitted (or ready) report back to draft; the reason is required."""
    if not can(user, "report.return", report):
        raise PermissionDenied("You may not return this report.")
    if not comment.strip():
        raise ValidationError("Say why the report is being returned.")
    if report.state == ReportState.DRAFT:
        raise ValidationError("The report is already a draft.")
    before = report.state
    ReportClearance.objects.create(
        report=report,
        role=role or _first_role(user, report),
        decision=ClearanceDecision.RETURNED,
        by=user,
        comment=comment,
        content_sha256=report.content_sha256(),
    )
    report.state = ReportState.DRAFT
    report.cleared_sha256 = ""
    report.save(update_fields=["state", "cleared_sha256", "modified"])
    audit.record(
        "report.returned",
        report,
        user=user,
        before={"state": before},
        after={"state": report.state},
        reason=comment,
    )
    return report


def _first_role(user: Any, report: Report) -> str:
    held = roles_for(user, report.council_id)
    for role in (*ROLE_ORDER, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR):
        if role in held:
            return str(role)
    return ""


def _ready_if_cleared(report: Report, user: Any) -> None:
    if report.state == ReportState.SUBMITTED and not outstanding_roles(report):
        report.state = ReportState.READY
        report.cleared_sha256 = report.content_sha256()
        report.save(update_fields=["state", "cleared_sha256", "modified"])
        audit.record("report.ready", report, user=user, after={"state": report.state})


@dataclass(frozen=True)
class Deadline:
    meeting: Any
    due: date

    @property
    def overdue(self) -> bool:
        return timezone.localdate() > self.due


def deadline(report: Report) -> Deadline | None:
    """When the report is due to democratic services, for its next meeting.

    The council's ``report_deadline_working_days`` before the statutory agenda
    publication date (clock.report_deadline), counting its bank holidays and closures.
    """
    from minutebook.clock import ClockRules, report_deadline
    from minutebook.councils.models import ClosureDay
    from minutebook.meetings.models import AgendaItem, Meeting

    meeting_ids = AgendaItem.public_objects.filter(report_id=report.pk).values_list(
        "meeting_id", flat=True
    )
    meeting = (
        Meeting.objects.filter(pk__in=list(meeting_ids), start__gte=timezone.now())
        .select_related("committee__council")
        .order_by("start")
        .first()
    )
    if meeting is None:
        return None
    council = meeting.committee.council
    rules = ClockRules.from_council(council)
    closures = ClosureDay.objects.filter(council=council).values_list("date", flat=True)
    due = report_deadline(
        meeting.date,
        rules.report_deadline_working_days,
        rules.agenda_clear_days,
        rules.calendar(list(closures)),
    )
    return Deadline(meeting=meeting, due=due)
