"""Plans as data: the tree, status history, overdue and at-risk tests, risk bands, and the
progress report placed on a committee agenda (and so in its pack)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.factories import MeetingFactory
from minutebook.packs.source import build_source
from minutebook.people.factories import PersonFactory
from minutebook.plans import services
from minutebook.plans.models import (
    AppendOnlyError,
    ItemLevel,
    PlanImport,
    PlanItem,
    PlanKind,
    StatusCategory,
    StatusUpdate,
)
from minutebook.plans.tests.test_parse import SYNTHETIC
from minutebook.reports.models import ReportPurpose

TODAY = dt.date(2025, 6, 15)
NOON = timezone.make_aware(dt.datetime(2025, 6, 15, 12, 0))


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    council = CouncilFactory()
    committee = CommitteeFactory(council=council)
    return services.create_plan(
        council, "SEND improvement", kind=PlanKind.WRITTEN_STATEMENT, committee=committee
    )


def _status(plan, label):  # type: ignore[no-untyped-def]
    return plan.status_options.get(label=label)


@pytest.mark.django_db
def test_brag_vocabulary_and_hierarchy(plan) -> None:  # type: ignore[no-untyped-def]
    assert [(o.label, o.category) for o in plan.status_options.all()] == [
        ("Complete", StatusCategory.COMPLETE),
        ("On track", StatusCategory.ON_TRACK),
        ("Significant risk", StatusCategory.AT_RISK),
        ("High risk", StatusCategory.OFF_TRACK),
        ("Not started", StatusCategory.NOT_STARTED),
    ]
    area = services.add_item(plan, ItemLevel.AREA, "Timely assessments", reference="2")
    focus = services.add_item(plan, ItemLevel.FOCUS, "Capacity", parent=area)
    first = services.add_item(plan, ItemLevel.ACTION, "Recruit", parent=focus, reference="2.1")
    second = services.add_item(plan, ItemLevel.ACTION, "Commission", parent=focus)
    milestone = services.add_item(plan, ItemLevel.MILESTONE, "Advert placed", parent=first)
    assert (first.order, second.order) == (1, 2)
    assert milestone.ancestors() == [area, focus, first]
    assert [(i.title, depth) for i, depth in services.tree(plan)] == [
        ("Timely assessments", 0),
        ("Capacity", 1),
        ("Recruit", 2),
        ("Advert placed", 3),
        ("Commission", 2),
    ]
    with pytest.raises(services.PlanError, match="cannot sit under"):
        services.add_item(plan, ItemLevel.MILESTONE, "Orphan")
    with pytest.raises(services.PlanError, match="cannot sit under"):
        services.add_item(plan, ItemLevel.FOCUS, "Focus in action", parent=first)
    other = services.create_plan(plan.council, "Other plan")
    with pytest.raises(services.PlanError, match="another plan"):
        services.add_item(other, ItemLevel.ACTION, "Stray", parent=area)


@pytest.mark.django_db
def test_status_history_is_append_only(plan) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("officer", password="x-long-pass-42")
    action = services.add_item(plan, ItemLevel.ACTION, "Recruit")
    services.set_status(
        action, _status(plan, "On track"), by=user, note="Advert out", at=NOON - dt.timedelta(1)
    )
    services.set_status(action, _status(plan, "Complete"), by=user, at=NOON)
    services.set_status(action, _status(plan, "Complete"), note="Staff started")
    action.refresh_from_db()
    assert action.status.label == "Complete"
    assert action.completed_on == TODAY
    history = list(action.updates.all())
    assert [(u.old_label, u.new_label, u.note) for u in history] == [
        ("", "On track", "Advert out"),
        ("On track", "Complete", ""),
        ("Complete", "Complete", "Staff started"),
    ]
    assert history[0].by == user
    with pytest.raises(services.PlanError, match="Nothing to record"):
        services.set_status(action, _status(plan, "Complete"))
    with pytest.raises(AppendOnlyError):
        history[0].note = "rewritten"
        history[0].save()
    with pytest.raises(AppendOnlyError):
        history[0].delete()
    assert StatusUpdate.objects.filter(item=action).count() == 3
    area = services.add_item(plan, ItemLevel.AREA, "Area")
    with pytest.raises(services.PlanError, match="carry a status"):
        services.set_status(area, _status(plan, "Complete"))


@pytest.mark.django_db
def test_overdue_ongoing_recurring_and_at_risk(plan) -> None:  # type: ignore[no-untyped-def]
    past = dt.date(2025, 5, 31)

    def action(**fields):  # type: ignore[no-untyped-def]
        fields.setdefault("end_date", past)
        return services.add_item(plan, ItemLevel.ACTION, "Action", **fields)

    late = action(status=_status(plan, "On track"))
    done = action(status=_status(plan, "Complete"))
    ongoing = action(is_ongoing=True)
    recurring = services.add_item(plan, ItemLevel.ACTION, "Termly forum", recurrence="termly")
    future = services.add_item(
        plan,
        ItemLevel.ACTION,
        "Later",
        end_date=dt.date(2025, 9, 30),
        status=_status(plan, "High risk"),
    )
    due_today = action(end_date=TODAY)
    area = services.add_item(plan, ItemLevel.AREA, "Area", end_date=past)
    assert late.is_overdue(TODAY) and late.is_at_risk(TODAY)
    assert not done.is_overdue(TODAY)
    assert not ongoing.is_overdue(TODAY)
    assert not recurring.is_overdue(TODAY)
    assert not due_today.is_overdue(TODAY) and due_today.is_overdue(TODAY + dt.timedelta(days=1))
    assert not area.is_overdue(TODAY)
    assert not future.is_overdue(TODAY) and future.is_at_risk(TODAY)


@pytest.mark.django_db
def test_risk_scores_and_bands(plan) -> None:  # type: ignore[no-untyped-def]
    services.set_risk_bands(plan.council)
    risk = services.add_item(
        plan,
        ItemLevel.RISK,
        "Tribunal costs rise",
        likelihood=4,
        impact=5,
        residual_likelihood=2,
        residual_impact=3,
    )
    assert (risk.current_score, risk.current_band.label) == (20, "Very high")
    assert (risk.residual_score, risk.residual_band.label) == (6, "Medium")
    services.set_risk_bands(
        plan.council, [("Tolerable", 1, 12, ""), ("Intolerable", 13, 25, "")], plan
    )
    risk.refresh_from_db()
    assert (risk.current_band.label, risk.residual_band.label) == ("Intolerable", "Tolerable")
    with pytest.raises(services.PlanError, match="overlap"):
        services.set_risk_bands(plan.council, [("A", 1, 10, ""), ("B", 10, 25, "")])


@pytest.mark.django_db
def test_progress_counts_changes_and_agenda_report(plan) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("officer", password="x-long-pass-42")
    on_track, complete, risk = (
        _status(plan, label) for label in ("On track", "Complete", "Significant risk")
    )
    area = services.add_item(plan, ItemLevel.AREA, "Assessments")
    a1 = services.add_item(
        plan,
        ItemLevel.ACTION,
        "Recruit",
        parent=area,
        reference="1.1",
        end_date=dt.date(2025, 3, 31),
    )
    a2 = services.add_item(plan, ItemLevel.ACTION, "Commission", parent=area, reference="1.2")
    m1 = services.add_item(plan, ItemLevel.MILESTONE, "Advert", parent=a1, status=complete)
    services.add_item(plan, ItemLevel.MILESTONE, "Ongoing checks", parent=a2, is_ongoing=True)
    early = timezone.make_aware(dt.datetime(2025, 4, 1, 9, 0))
    services.set_status(a1, on_track, by=user, at=early)
    services.set_status(a2, risk, by=user, at=early, note="Provider market thin")

    committee = plan.committee
    first_meeting = MeetingFactory(
        committee=committee, start=timezone.make_aware(dt.datetime(2025, 4, 10, 10))
    )
    report1 = services.place_progress_report(
        plan, first_meeting, by=user, as_at=early + dt.timedelta(hours=1)
    )
    assert report1.counts == {"Complete": 1, "On track": 1, "Significant risk": 1, "No status": 1}
    assert report1.since is None

    services.set_status(a1, complete, by=user, at=NOON - dt.timedelta(days=1), note="All in post")
    services.set_status(m1, on_track, by=user, at=NOON - dt.timedelta(days=1))
    summary = services.progress(plan, as_at=NOON)
    assert summary.since == report1.as_at
    assert summary.counts == {"Complete": 1, "On track": 1, "Significant risk": 1, "No status": 1}
    assert summary.by_level == {
        "action": {"Complete": 1, "Significant risk": 1},
        "milestone": {"On track": 1, "No status": 1},
    }
    assert [(c.item.pk, c.old, c.new) for c in summary.changes] == [
        (a1.pk, "On track", "Complete"),
        (m1.pk, "Complete", "On track"),
    ]
    assert summary.overdue == []  # 1.1 is complete; the ongoing milestone never is overdue
    # As at the first report, counts are what they were then.
    before = services.progress(plan, as_at=report1.as_at)
    assert before.counts == report1.counts
    assert before.by_level["action"] == {"On track": 1, "Significant risk": 1}
    assert [i.pk for i in before.overdue] == [a1.pk]
    assert summary.at_risk == [PlanItem.objects.get(pk=a2.pk)]

    meeting = MeetingFactory(
        committee=committee, start=timezone.make_aware(dt.datetime(2025, 7, 1, 10))
    )
    placed = services.place_progress_report(plan, meeting, by=user, as_at=NOON)
    report = placed.report
    assert report.purpose == ReportPurpose.INFORMATION
    assert placed.agenda_item.meeting == meeting and placed.agenda_item.report == report
    assert "1.1 Recruit: On track to Complete. All in post" in report.body
    assert "1.2 Commission (lead" not in report.body  # no lead recorded
    assert "- 1.2 Commission, significant risk" in report.body
    assert "- Complete: 1" in report.body
    # The report is on the agenda, so the pack prints it.
    source = build_source(meeting)
    papers = [item.paper for item in source.items if item.paper is not None]
    assert [p.title for p in papers] == ["SEND improvement: progress report"]
    assert any("Items at risk" in b.text for b in papers[0].body)
    # And the HTML twin of the pack prints its text.
    from minutebook.packs.html import render_html
    from minutebook.packs.pdf import layout

    html = render_html(layout(source), "public")
    assert "SEND improvement: progress report" in html
    assert "1.1 Recruit: On track to Complete. All in post" in html


@pytest.mark.django_db
def test_import_from_document_to_plan() -> None:
    council = CouncilFactory()
    lead = PersonFactory(council=council, first_name="", last_name="Smith", job_title="Director")
    document = Document.officer_objects.create(
        council=council, kind=DocumentKind.APPENDIX, title="Action plan", extracted_text=SYNTHETIC
    )
    draft = services.read_document(document)
    assert draft.state == PlanImport.State.PENDING
    plan = services.accept_import(
        draft, title="Assessments plan", kind=PlanKind.INSPECTION_ACTION_PLAN
    )
    assert plan.source_document == document
    assert [(o.label, o.category) for o in plan.status_options.all()] == [
        ("Complete", StatusCategory.COMPLETE),
        ("On track", StatusCategory.ON_TRACK),
        ("Amber", StatusCategory.AT_RISK),
        ("Not started", StatusCategory.NOT_STARTED),
    ]
    items = services.tree(plan)
    levels = [(i.level, depth) for i, depth in items]
    assert levels.count((ItemLevel.AREA, 0)) == 2
    assert levels.count((ItemLevel.ACTION, 1)) == 4
    assert levels.count((ItemLevel.MILESTONE, 2)) == 6
    report = PlanItem.objects.get(plan=plan, reference="A1.2")
    assert report.is_ongoing and report.owner == lead
    staff = PlanItem.objects.get(plan=plan, title="Staff in post (Mar 25)")
    assert (staff.owner_text, staff.status.label) == ("Team manager", "Amber")
    with pytest.raises(services.PlanError, match="already"):
        services.accept_import(draft, title="Again")
    empty = Document.officer_objects.create(
        council=council, kind=DocumentKind.OTHER, title="Prose", extracted_text="No tables here."
    )
    with pytest.raises(services.PlanError, match="No plan table"):
        services.read_document(empty)


@pytest.mark.django_db
def test_admin_pages_open(plan) -> None:  # type: ignore[no-untyped-def]
    from django.contrib import admin
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("root", "r@example.gov.uk", "pw-123456789")
    client = Client()
    client.force_login(user)
    action = services.add_item(plan, ItemLevel.ACTION, "Recruit")
    services.set_status(action, _status(plan, "On track"), note="Started")
    for model in [m for m in admin.site._registry if m._meta.app_label == "plans"]:
        opts = model._meta
        assert client.get(reverse(f"admin:plans_{opts.model_name}_changelist")).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            url = reverse(f"admin:plans_{opts.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_risk_register_import_scores_in_bands() -> None:
    from minutebook.plans.tests.test_parse import RISKS

    council = CouncilFactory()
    services.set_risk_bands(council)
    document = Document.officer_objects.create(
        council=council, kind=DocumentKind.APPENDIX, title="Risk register", extracted_text=RISKS
    )
    plan = services.accept_import(
        services.read_document(document), title="Corporate risks", kind=PlanKind.RISK_REGISTER
    )
    cyber, budget = PlanItem.objects.filter(plan=plan, level=ItemLevel.RISK).order_by("order")
    assert (cyber.current_score, cyber.current_band.label) == (20, "Very high")
    assert (cyber.residual_score, cyber.residual_band.label) == (8, "Medium")
    assert (budget.residual_score, budget.residual_band.label) == (16, "High")
    assert budget.status.category == StatusCategory.OFF_TRACK
    assert [i.pk for i in services.progress(plan).at_risk] == [cyber.pk, budget.pk]
