"""The demo council's data: about the right size, realistic, and exempt-safe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import Count, Q
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.clock.deadlines import agenda_published_in_time
from minutebook.committees.models import Committee, Membership, MembershipRole, PortfolioHolder
from minutebook.decisions.models import CallInRequest, CallInState, Decision, Matter, MinuteItem
from minutebook.demo import EXEMPT_CANARY
from minutebook.demo.testing import demo_loaded
from minutebook.documents.models import Document
from minutebook.forwardplan.models import (
    Access,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
)
from minutebook.forwardplan.services import key_decision_test
from minutebook.interests.models import Declaration, EntryRecord, Tenure
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.participation.models import CouncillorQuestion, PublicQuestion
from minutebook.people.models import Person, PersonKind, normalise_name
from minutebook.reports.models import Report, ReportAuthor
from minutebook.reports.services import is_publishable, missing
from minutebook.scrutiny.models import Action

pytestmark = pytest.mark.django_db

#: A fixed "today" so the tests do not depend on the day they run.
TODAY = date(2026, 3, 11)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, run_tmp: Path) -> Iterator[Any]:
    """The demo for the module (the tests only read), gone at its end (``demo_loaded``)."""
    with django_db_blocker.unblock(), demo_loaded(TODAY, run_tmp) as demo:
        yield demo


def test_counts_are_about_right(demo: Any) -> None:
    council = demo.council
    councillors = Person.objects.filter(council=council, kind=PersonKind.COUNCILLOR)
    assert councillors.count() >= 40
    assert councillors.values("political_group").distinct().count() >= 4
    assert councillors.values("ward").distinct().count() >= 20
    officers = Person.objects.filter(council=council, kind=PersonKind.OFFICER)
    assert officers.filter(job_title__icontains="Monitoring Officer").exists()
    assert officers.filter(job_title="Chief Executive").exists()
    assert all("@" in o.email and o.phone.startswith("01632 960") for o in officers)

    committees = Committee.objects.filter(council=council)
    assert committees.count() >= 5
    kinds = set(committees.values_list("kind", flat=True))
    assert {"full_council", "executive", "overview_scrutiny", "regulatory"} <= kinds
    assert committees.filter(kind="overview_scrutiny").count() == 2
    for committee in committees:
        roles = set(committee.memberships.values_list("role", flat=True))
        assert {MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN} <= roles, committee
        assert committee.quorum
    assert Membership.objects.filter(
        role=MembershipRole.CO_OPTED, committee__kind="overview_scrutiny"
    ).exists()
    assert PortfolioHolder.objects.filter(portfolio__council=council).count() >= 8

    meetings = Meeting.objects.filter(committee__council=council)
    dates = sorted(meetings.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days >= 330
    states = set(meetings.values_list("state", flat=True))
    assert {MeetingState.HELD, MeetingState.MINUTES_APPROVED, MeetingState.SCHEDULED} <= states
    now = datetime.combine(TODAY, time(12, 0), tzinfo=ZoneInfo("Europe/London"))
    for meeting in meetings.filter(start__lt=now).exclude(state=MeetingState.CANCELLED):
        assert meeting.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
        assert MinuteItem.officer_objects.filter(meeting=meeting).exists(), meeting
    assert not meetings.filter(start__gte=now, state__in=["held", "minutes_approved"]).exists()

    assert Report.officer_objects.filter(council=council, is_exempt=True).count() >= 3
    assert Decision.officer_objects.filter(council=council, key_decision=True).exists()
    assert Decision.officer_objects.filter(call_in_state=CallInState.IN_FORCE).exists()
    assert PublicQuestion.objects.exists() and Declaration.objects.exists()
    assert CouncillorQuestion.objects.filter(meeting__committee__kind="full_council").exists()
    # Interests registered within 28 days of taking office (Localism Act 2011 s30).
    for record in EntryRecord.objects.select_related("entry__person"):
        tenure = Tenure.objects.get(person=record.entry.person)
        assert record.notified_on <= tenure.registration_deadline
    assert EntryRecord.objects.filter(is_sensitive=True).count() == 1
    assert Action.objects.exists()
    accesses = set(ForwardPlanEntry.objects.values_list("access", flat=True))
    assert {Access.OPEN, Access.PART_EXEMPT, Access.FULLY_EXEMPT} <= accesses
    assert ForwardPlanEntry.objects.filter(key_decision=True, decision_date__gt=TODAY).exists()
    # An urgent item (LGA 1972 s100B(4)(b)) decided under special urgency, not called in.
    urgent = AgendaItem.public_objects.get(is_urgent=True)
    assert urgent.urgency_reason and urgent.parent.standing_kind == "urgent_items"
    decision = Decision.public_objects.get(agenda_item=urgent)
    assert decision.call_in_state == CallInState.URGENT
    assert decision.key_decision_notice == "special_urgency"
    record = urgent.urgency_records.get()
    assert record.reason == urgent.urgency_reason and record.clear_days < record.required_days
    assert urgent.supplement is not None and urgent.published_at == record.published_at
    # Individual portfolio holder decisions, outside any meeting.
    assert Decision.public_objects.filter(meeting=None, decision_maker_person__isnull=False)
    assert council.closure_days.exists()


def test_agendas_have_standing_items_and_realistic_reports(demo: Any) -> None:
    published = Meeting.objects.exclude(state__in=["scheduled", "cancelled"])
    for meeting in published:
        items = list(meeting.agenda_items.order_by("order"))
        kinds = [i.standing_kind for i in items]
        assert kinds[:2] == ["apologies", "declarations"] or kinds[:3] == [
            "apologies",
            "substitutes",
            "declarations",
        ], meeting
        assert "urgent_items" in kinds
        numbers = [i.number for i in items]
        assert len(numbers) == len(set(numbers))
        assert agenda_published_in_time(
            timezone.localtime(meeting.published_at).date(), meeting.date
        ), meeting
    assert AgendaItem.public_objects.filter(number__regex=r"^\d+[a-z]$").exists()
    report = Report.public_objects.filter(purpose="decision", key_decision=True).first()
    assert report is not None
    for field in (
        "brief_summary",
        "recommendations",
        "reasons",
        "financial_implications",
        "legal_implications",
        "portfolio_holder_text",
        "risk_current",
    ):
        assert getattr(report, field), field
    author = report.authors.first()
    assert author is not None and author.job_title and author.phone and author.email
    # A report travels: Cabinet recommends, Full Council decides.
    assert Report.public_objects.annotate(n=Count("agenda_items")).filter(n__gte=2).exists()


def test_forward_plan_notice_and_the_decision_cycle(demo: Any) -> None:
    council = demo.council
    entries = ForwardPlanEntry.objects.filter(council=council, decision_maker__kind="executive")
    for entry in entries:
        wards = council.wards.count() if entry.all_wards else entry.wards_affected.count()
        test = key_decision_test(
            entry.spending_amount,
            wards,
            threshold=council.key_decision_threshold,
            wards_threshold=council.key_decision_wards,
        )
        assert (entry.key_decision, entry.key_decision_limb) == (test.key, test.limb), entry
        for report in Report.officer_objects.filter(forward_plan_entry=entry):
            assert report.key_decision == entry.key_decision, report
    # Published versions of the plan, every four weeks, the latest listing future decisions.
    versions = list(ForwardPlanVersion.objects.filter(council=council).order_by("number"))
    assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    assert len(versions) >= 12
    assert any(
        e["key_decision"] and e["decision_date"] > TODAY.isoformat() for e in versions[-1].entries
    )
    # The urgent key decision went through special urgency (reg 11).
    exception = KeyDecisionException.objects.get(entry__council=council)
    assert exception.kind == "special_urgency" and exception.agreed_on
    assert Decision.public_objects.get(forward_plan_entry=exception.entry).is_urgent
    # A call-in signed by enough councillors, which scrutiny did not pursue...
    requests = CallInRequest.objects.filter(decision_record__council=council)
    request = requests.get(outcome="no_further_action")
    assert request.signatories.count() >= council.call_in_signatories
    assert request.outcome_on
    assert request.decision_record.call_in_state == CallInState.CALL_IN_REJECTED
    assert request.decision_record.in_force_date > request.outcome_on - timedelta(days=1)
    # ...and one received within its period, the decision suspended awaiting scrutiny.
    live = requests.get(outcome="")
    decision = live.decision_record
    assert live.signatories.count() >= council.call_in_signatories
    assert decision.call_in_state == CallInState.CALLED_IN and decision.in_force_date is None
    assert decision.published_at < live.received_at <= decision.call_in_expires
    # Matters travel: Cabinet recommends to Full Council; scrutiny recommends to Cabinet.
    paths = {
        tuple(m.considerations.order_by("sequence").values_list("committee__kind", "outcome"))
        for m in Matter.objects.filter(council=council)
    }
    assert (("executive", "recommended"), ("full_council", "decided")) in paths
    assert (("overview_scrutiny", "recommended"), ("executive", "")) in paths


def test_minutes_are_numbered_continuously_per_committee(demo: Any) -> None:
    for committee in Committee.objects.all():
        numbers = list(
            MinuteItem.officer_objects.filter(committee=committee)
            .order_by("meeting__start", "agenda_item__order")
            .values_list("number", flat=True)
        )
        if numbers:
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), committee
    for minute in MinuteItem.officer_objects.select_related("meeting"):
        assert minute.committee_id == minute.meeting.committee_id


def test_every_meeting_has_a_unique_semantic_url(demo: Any) -> None:
    urls = [m.get_absolute_url() for m in Meeting.objects.select_related("committee__council")]
    assert len(urls) == len(set(urls))
    pattern = re.compile(r"^/wessex-vale/[a-z0-9-]+/\d{4}-\d{2}-\d{2}/$")
    assert all(pattern.match(url) for url in urls), urls
    for meeting in Meeting.objects.all():  # bulk_create skipped save(): check what it derives
        assert meeting.date == timezone.localtime(meeting.start).date()
        assert meeting.slug == meeting.date.isoformat()
    for person in Person.objects.all():
        assert person.normalised_name == normalise_name(person.full_name)


def text_of(obj: Any) -> str:
    return " ".join(
        str(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
    )


def test_exempt_content_only_through_officer_objects(demo: Any) -> None:
    exempt = list(Report.officer_objects.filter(is_exempt=True))
    assert exempt
    for report in exempt:
        assert report.exempt_paragraphs and report.public_interest_reason
        assert EXEMPT_CANARY in report.body
        assert not Report.public_objects.filter(pk=report.pk).exists()
        for item in AgendaItem.public_objects.filter(report_id=report.pk):
            assert item.is_exempt and item.exempt_paragraphs == report.exempt_paragraphs
            assert item.public_report is None
            assert report not in item.meeting.reports.all()
        assert not ReportAuthor.public_objects.filter(report_id=report.pk).exists()
        assert ReportAuthor.officer_objects.filter(report_id=report.pk).exists()
    # The canary marks every exempt report, appendix and minute...
    assert Document.officer_objects.filter(is_exempt=True, extracted_text__contains=EXEMPT_CANARY)
    assert MinuteItem.officer_objects.filter(is_exempt=True, text__contains=EXEMPT_CANARY)
    for model in (Report, Document, MinuteItem, Decision):
        for row in model.officer_objects.filter(is_exempt=True):
            assert EXEMPT_CANARY in text_of(row), row
    # ...and never appears in anything public.
    public_rows = [
        *Report.public_objects.all(),
        *Document.public_objects.all(),
        *MinuteItem.public_objects.all(),
        *Decision.public_objects.all(),
        *AgendaItem.public_objects.all(),
        *ForwardPlanEntry.objects.all(),
        *PublicQuestion.objects.all(),
        *ReportAuthor.public_objects.all(),
    ]
    leaks = [row for row in public_rows if EXEMPT_CANARY in text_of(row)]
    assert leaks == []
    # Part exempt: a public report with an exempt appendix.
    assert Document.officer_objects.filter(is_exempt=True, report__is_exempt=False).exists()
    assert not Document.public_objects.filter(Q(is_exempt=True) | Q(report__is_exempt=True))


def test_logins(demo: Any) -> None:
    user_model = get_user_model()
    admin = user_model.objects.get(username="admin")
    officer = user_model.objects.get(username="officer")
    by_name = {login.username: login for login in demo.logins}
    assert admin.is_superuser and admin.check_password(by_name["admin"].password)
    assert officer.is_staff and not officer.is_superuser
    assert officer.check_password(by_name["officer"].password)
    assert officer.has_perm("meetings.change_meeting")
    assert officer.has_perm("reports.view_report")
    assert not officer.has_perm("auth.change_user")
    assert Person.objects.get(user=officer).kind == PersonKind.OFFICER
    published = Meeting.objects.filter(published_at__isnull=False)
    assert published.exists() and not published.exclude(published_by=officer).exists()
    decisions = Decision.officer_objects.filter(published_at__isnull=False)
    assert decisions.exists() and not decisions.exclude(published_by=officer).exists()
    # Decisions of the last two working days are not published yet, so by nobody.
    assert not Decision.officer_objects.filter(
        published_at__isnull=True, published_by__isnull=False
    ).exists()
    for user in (admin, officer):
        validate_password(by_name[user.username].password, user)


def test_roles_and_report_clearance(demo: Any) -> None:
    roles = dict(
        RoleAssignment.objects.filter(council=demo.council).values_list("user__username", "role")
    )
    assert roles["officer"] == "democratic_services"
    assert {roles["finance"], roles["legal"], roles["monitoring"]} == {
        "finance_officer",
        "legal_officer",
        "monitoring_officer",
    }
    assert Person.objects.get(user__username="councillor").kind == PersonKind.COUNCILLOR
    on_agendas = Report.officer_objects.filter(agenda_items__isnull=False).distinct()
    assert on_agendas.exists()
    for report in on_agendas:
        assert is_publishable(report), (report, missing(report))


def test_officer_can_use_the_back_office(demo: Any, client: Any) -> None:
    client.force_login(get_user_model().objects.get(username="officer"))
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/meetings/meeting/", "/admin/reports/report/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/auth/user/").status_code == 403
