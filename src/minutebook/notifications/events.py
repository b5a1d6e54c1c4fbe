"""Notifications fed by the domain apps' own save signals.

The domain apps do not know this app exists: it connects to ``pre_save``/``post_save``
of their models and works out from the change what happened and who should hear. Only
changes of rows that already existed count as steps (a report imported as ready is not
"cleared"), and raw saves (fixtures, restores) notify no one. Everything is written in
the saving transaction; the e-mails go from the worker after commit (``services``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import timezone

from minutebook.audit.context import current
from minutebook.notifications.models import NotificationKind as Kind
from minutebook.notifications.services import (
    democratic_services,
    notify,
    people_users,
    role_holders,
)

DISPATCH = "minutebook.notifications."


def safe_title(obj: Any, noun: str) -> str:
    """The record's title, or only its number when it is exempt (e-mails leave the system)."""
    if getattr(obj, "is_exempt", False):
        return f"exempt {noun} no. {obj.pk} (Schedule 12A)"
    return f"{noun} '{obj}'"


def _actor_id() -> int | None:
    return current().user_id


# Reports ----------------------------------------------------------------------------


def _report_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    instance._notify_before = None
    if raw or instance.pk is None:
        return
    instance._notify_before = (
        type(instance)
        .officer_objects.filter(pk=instance.pk)
        .values("state", "assigned_to_id")
        .first()
    )


def report_authors(report: Any) -> list[Any]:
    """The report's assigned author and the authors whose person has a login."""
    from minutebook.reports.models import ReportAuthor

    users = [report.assigned_to] if report.assigned_to_id else []
    people = [
        a.person
        for a in ReportAuthor.officer_objects.filter(report_id=report.pk, person__isnull=False)
        .select_related("person__user")
        .order_by("order", "pk")
    ]
    return [u for u in [*users, *people_users(people)] if u is not None and u.is_active]


def _report_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from minutebook.reports.models import ReportState
    from minutebook.reports.services import outstanding_roles

    if raw:
        return
    before = getattr(instance, "_notify_before", None)
    path = reverse("backoffice:report", args=[instance.pk])
    title = safe_title(instance, "report")
    actor = _actor_id()
    old_assignee = before["assigned_to_id"] if before else None
    if instance.assigned_to_id and instance.assigned_to_id != old_assignee:
        notify(
            [instance.assigned_to],
            kind=Kind.REPORT_ASSIGNED,
            title=f"You have been asked to write the {title}",
            path=path,
            council_id=instance.council_id,
            exclude_user_id=actor,
        )
    if before is None or before["state"] == instance.state:
        return
    if instance.state == ReportState.SUBMITTED:
        clearers = role_holders(instance.council_id, outstanding_roles(instance))
        notify(
            clearers,
            kind=Kind.REPORT_SUBMITTED,
            title=f"The {title} is waiting for your clearance",
            path=path,
            council_id=instance.council_id,
            exclude_user_id=actor,
        )
    elif instance.state == ReportState.READY:
        notify(
            [*report_authors(instance), *democratic_services(instance.council_id)],
            kind=Kind.REPORT_CLEARED,
            title=f"The {title} is cleared and ready for the agenda",
            path=path,
            council_id=instance.council_id,
            exclude_user_id=actor,
        )


def _clearance_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from minutebook.reports.models import ClearanceDecision, Report

    if raw or not created or instance.decision != ClearanceDecision.RETURNED:
        return
    report = Report.officer_objects.filter(pk=instance.report_id).first()
    if report is None:
        return
    by = instance.by.get_full_name() or instance.by.get_username()
    notify(
        [*report_authors(report), *democratic_services(report.council_id)],
        kind=Kind.REPORT_RETURNED,
        title=f"The {safe_title(report, 'report')} was returned to the author",
        body=f"Returned by {by}. The reason is on the report's page.",
        path=reverse("backoffice:report", args=[report.pk]),
        council_id=report.council_id,
        exclude_user_id=instance.by_id,
    )


def _author_named(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from minutebook.reports.models import Report

    if raw or not created or instance.person_id is None:
        return
    report = Report.officer_objects.filter(pk=instance.report_id).first()
    person = instance.person
    if report is None or person is None or person.user_id is None:
        return
    if person.user_id == report.assigned_to_id:
        return  # told as the assignee
    notify(
        people_users([person]),
        kind=Kind.REPORT_ASSIGNED,
        title=f"You are named as an author of the {safe_title(report, 'report')}",
        path=reverse("backoffice:report", args=[report.pk]),
        council_id=report.council_id,
        exclude_user_id=_actor_id(),
    )


# Call-in ----------------------------------------------------------------------------


def _chairs(committees: Any, on: Any) -> list[Any]:
    from minutebook.committees.models import Membership, MembershipRole

    rows = (
        Membership.objects.filter(committee__in=committees, role=MembershipRole.CHAIRMAN)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person__user")
    )
    return people_users(m.person for m in rows)


def _called_in_decision(call_in: Any) -> tuple[Any, list[Any]]:
    """The decision a call-in is about (``None`` if gone) and the users who made it: the
    person who decided, or else the deciding committee's chairman today."""
    from minutebook.committees.models import Committee
    from minutebook.decisions.models import Decision

    decision = (
        Decision.officer_objects.filter(pk=call_in.decision_record_id)
        .select_related("decision_maker_person__user")
        .first()
    )
    makers: list[Any] = []
    if decision is not None and decision.decision_maker_person_id:
        makers = people_users([decision.decision_maker_person])
    elif decision is not None and decision.decision_maker_id:
        committee = Committee.objects.filter(pk=decision.decision_maker_id)
        makers = _chairs(committee, timezone.localdate())
    return decision, makers


def _call_in_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    from minutebook.committees.models import Committee, CommitteeKind

    if raw or not created:
        return
    decision, makers = _called_in_decision(instance)
    if decision is None:
        return
    today = timezone.localdate()
    scrutiny = Committee.objects.filter(
        council_id=decision.council_id, kind=CommitteeKind.OVERVIEW_SCRUTINY, is_active=True
    )
    notify(
        [*democratic_services(decision.council_id), *makers, *_chairs(scrutiny, today)],
        kind=Kind.CALL_IN,
        title=f"A call-in was received for the {safe_title(decision, 'decision')}",
        body="Councillors have asked for the decision to be reviewed by scrutiny; it "
        "must not be implemented until the call-in is settled.",
        path=reverse("backoffice:decisions:detail", args=[decision.pk]),
        council_id=decision.council_id,
        exclude_user_id=_actor_id(),
    )


def _call_in_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    instance._notify_outcome = None
    if raw or instance.pk is None:
        return
    instance._notify_outcome = (
        type(instance).objects.filter(pk=instance.pk).values_list("outcome", flat=True).first()
    )


def _call_in_settled(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A call-in's outcome recorded: its signatories, the decision maker and democratic
    services hear what scrutiny resolved (the decision may now be implemented, or not)."""
    from minutebook.decisions.models import CallInOutcome

    before = getattr(instance, "_notify_outcome", None)
    instance._notify_outcome = None
    if raw or before != CallInOutcome.PENDING or instance.outcome == CallInOutcome.PENDING:
        return
    decision, makers = _called_in_decision(instance)
    if decision is None:
        return
    signatories = people_users(instance.signatories.select_related("user"))
    notify(
        [*democratic_services(decision.council_id), *makers, *signatories],
        kind=Kind.CALL_IN_OUTCOME,
        title=f"The call-in of the {safe_title(decision, 'decision')} was settled: "
        f"{instance.get_outcome_display().lower()}",
        path=reverse("backoffice:decisions:detail", args=[decision.pk]),
        council_id=decision.council_id,
        exclude_user_id=_actor_id(),
    )


# Notices of motion and referrals ------------------------------------------------------


def _submission_received(
    instance: Any, route_kind: str, *, kind: str, what: str, body: str = ""
) -> None:
    """A notice of motion or question for a meeting reached democratic services (not one
    entered onto an imported meeting: that is history, not news)."""
    from minutebook.meetings.models import Meeting

    meeting = Meeting.objects.filter(pk=instance.meeting_id).select_related("committee").first()
    if meeting is None or meeting.is_imported:
        return
    notify(
        democratic_services(meeting.committee.council_id),
        kind=kind,
        title=f"{what} was received for {meeting}",
        body=body,
        path=reverse(
            "backoffice:participation_submission", kwargs={"kind": route_kind, "pk": instance.pk}
        ),
        council_id=meeting.committee.council_id,
        exclude_user_id=_actor_id(),
    )


def _motion_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    _submission_received(
        instance,
        "motion",
        kind=Kind.MOTION,
        what="A notice of motion",
        body="Accept it onto the agenda or reject it with a reason.",
    )


def _referral_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A body referred a matter to another: democratic services and the receiving body's
    chairman hear it is coming (bodies and the matter's number only: its report may be
    exempt)."""
    from minutebook.committees.models import Committee
    from minutebook.decisions.models import Matter

    if raw or not created or instance.referred_from_id is None:
        return
    matter = Matter.objects.filter(pk=instance.matter_id).first()
    committee = Committee.objects.filter(pk=instance.committee_id).first()
    if matter is None or committee is None:
        return
    notify(
        [
            *democratic_services(matter.council_id),
            *_chairs(Committee.objects.filter(pk=committee.pk), timezone.localdate()),
        ],
        kind=Kind.REFERRAL,
        title=f"A matter (no. {matter.pk}) was referred to {committee}",
        body="It goes on the agenda of the meeting chosen, or else the body's next meeting.",
        path=reverse("backoffice:decisions:matter", args=[matter.pk]),
        council_id=matter.council_id,
        exclude_user_id=_actor_id(),
    )


# Questions --------------------------------------------------------------------------


def _question_saved(kind: str) -> Any:
    def received(
        sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
    ) -> None:
        if raw or not created:
            return
        if kind == "public":
            what = f"A public {instance.get_kind_display().lower()}"
        else:
            what = "A councillor's question"
        _submission_received(instance, kind, kind=Kind.QUESTION, what=what)

    return received


_public_question_saved = _question_saved("public")
_councillor_question_saved = _question_saved("councillor")


def connect() -> None:
    from minutebook.decisions.models import CallInRequest, Consideration
    from minutebook.participation.models import (
        CouncillorQuestion,
        NoticeOfMotion,
        PublicQuestion,
    )
    from minutebook.reports.models import Report, ReportAuthor, ReportClearance

    pre_save.connect(_report_before, sender=Report, dispatch_uid=DISPATCH + "report.before")
    post_save.connect(_report_saved, sender=Report, dispatch_uid=DISPATCH + "report")
    post_save.connect(_clearance_saved, sender=ReportClearance, dispatch_uid=DISPATCH + "clearance")
    post_save.connect(_author_named, sender=ReportAuthor, dispatch_uid=DISPATCH + "author")
    post_save.connect(_call_in_saved, sender=CallInRequest, dispatch_uid=DISPATCH + "call_in")
    pre_save.connect(
        _call_in_before, sender=CallInRequest, dispatch_uid=DISPATCH + "call_in.before"
    )
    post_save.connect(
        _call_in_settled, sender=CallInRequest, dispatch_uid=DISPATCH + "call_in.outcome"
    )
    post_save.connect(_motion_saved, sender=NoticeOfMotion, dispatch_uid=DISPATCH + "motion")
    post_save.connect(_referral_saved, sender=Consideration, dispatch_uid=DISPATCH + "referral")
    post_save.connect(
        _public_question_saved, sender=PublicQuestion, dispatch_uid=DISPATCH + "public_question"
    )
    post_save.connect(
        _councillor_question_saved,
        sender=CouncillorQuestion,
        dispatch_uid=DISPATCH + "councillor_question",
    )
