"""Officer and public pages for plans: access, recording an update, putting a progress
report on an agenda, reading a plan from a document and accepting it, the public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.models import Decision
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import AgendaItem
from minutebook.plans import services
from minutebook.plans.models import ItemLevel, Plan, PlanImport, PlanItem
from minutebook.plans.tests.test_parse import SYNTHETIC


@pytest.fixture
def setup(db):  # type: ignore[no-untyped-def]
    council = CouncilFactory()
    committee = CommitteeFactory(council=council)
    plan = services.create_plan(council, "Children's services improvement", committee=committee)
    area = services.add_item(plan, ItemLevel.AREA, "Assessments", reference="1")
    action = services.add_item(
        plan,
        ItemLevel.ACTION,
        "Recruit assessors",
        parent=area,
        reference="1.1",
        owner_text="Head of Service",
        end_date=dt.date(2020, 1, 31),
        status=plan.status_options.get(label="On track"),
    )
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=council, role=Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return council, committee, plan, action, client


def test_officer_pages_need_a_role_at_the_council(setup) -> None:  # type: ignore[no-untyped-def]
    council, _committee, plan, _action, client = setup
    url = reverse("backoffice:plans:plan", args=[council.slug, plan.number])
    assert Client().get(url).status_code == 302
    outsider = get_user_model().objects.create_user("other", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=outsider, council=CouncilFactory(), role=Role.DEMOCRATIC_SERVICES
    )
    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 403
    page = client.get(url)
    assert page.status_code == 200
    assert "Recruit assessors" in page.content.decode()
    assert "Overdue" in page.content.decode()


def test_record_update_and_links(setup) -> None:  # type: ignore[no-untyped-def]
    council, committee, plan, action, client = setup
    url = reverse("backoffice:plans:item", args=[council.slug, plan.number, action.pk])
    complete = plan.status_options.get(label="Complete")
    response = client.post(
        url, {"form": "status", "status-status": complete.pk, "status-note": "All in post"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == complete
    update = action.updates.get()
    assert (update.old_label, update.new_label, update.note) == (
        "On track",
        "Complete",
        "All in post",
    )
    assert update.by.username == "dso"
    meeting = MeetingFactory(committee=committee)
    decision = Decision.officer_objects.create(
        council=council, title="Agree the plan", decision="Agreed", date=dt.date(2025, 1, 10)
    )
    response = client.post(
        url, {"form": "links", "links-decisions": [decision.pk], "links-meetings": [meeting.pk]}
    )
    assert response.status_code == 302
    assert list(action.decisions.all()) == [decision]
    assert list(action.meetings.all()) == [meeting]
    page = client.get(url).content.decode()
    assert "All in post" in page and "On track → Complete" in page


def test_progress_report_onto_agenda(setup) -> None:  # type: ignore[no-untyped-def]
    council, committee, plan, _action, client = setup
    meeting = MeetingFactory(committee=committee, start=timezone.now() + dt.timedelta(days=30))
    response = client.post(
        reverse("backoffice:plans:progress_report", args=[council.slug, plan.number]),
        {"progress-meeting": meeting.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.public_objects.get(meeting=meeting, report__isnull=False)
    assert item.report.title == "Children's services improvement: progress report"
    assert "1.1 Recruit assessors (lead: Head of Service), due 31 January 2020, on track" in (
        item.report.body
    )


def test_read_review_and_accept_a_plan(setup) -> None:  # type: ignore[no-untyped-def]
    council, committee, _plan, _action, client = setup
    document = Document.officer_objects.create(
        council=council,
        kind=DocumentKind.APPENDIX,
        title="Appendix B: action plan",
        extracted_text=SYNTHETIC,
    )
    Document.officer_objects.create(
        council=council, kind=DocumentKind.REPORT, title="Budget", extracted_text="Prose only."
    )
    index = client.get(reverse("backoffice:plans:index", args=[council.slug])).content.decode()
    assert "Appendix B: action plan" in index and "Read this plan" in index
    assert "Budget" not in index.split("hold a plan table")[1].split("</ul>")[0]
    response = client.post(
        reverse("backoffice:plans:read", args=[council.slug]), {"read-document": document.pk}
    )
    draft = PlanImport.objects.get(document=document)
    assert response["Location"] == reverse(
        "backoffice:plans:import", args=[council.slug, document.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "2 areas, 4 actions and 6 milestones were read" in page
    assert "Recruit assessors" in page and "Staff in post (Mar 25) (Team manager): Amber" in page
    response = client.post(
        response["Location"],
        {"title": "Assessments plan", "kind": "inspection", "committee": committee.pk},
    )
    plan = Plan.objects.get(title="Assessments plan")
    assert response["Location"] == reverse(
        "backoffice:plans:plan", args=[council.slug, plan.number]
    )
    assert plan.items.filter(level=ItemLevel.ACTION).count() == 4
    draft.refresh_from_db()
    assert draft.state == PlanImport.State.ACCEPTED and draft.plan == plan


def test_public_plan_page(setup) -> None:  # type: ignore[no-untyped-def]
    council, _committee, plan, action, _client = setup
    url = reverse("publishing:plans:plan", kwargs={"council": council.slug, "plan": plan.slug})
    assert Client().get(url).status_code == 404  # not published yet
    plan.is_published = True
    plan.save()
    public = Decision.officer_objects.create(
        council=council,
        title="Public decision",
        decision="Agreed",
        date=dt.date(2025, 1, 10),
        published_at=timezone.now(),
    )
    unpublished = Decision.officer_objects.create(
        council=council, title="Draft decision", decision="Agreed", date=dt.date(2025, 1, 10)
    )
    exempt = Decision.officer_objects.create(
        council=council,
        title="Exempt decision",
        decision="Agreed",
        date=dt.date(2025, 1, 10),
        exempt_paragraphs=[3],
        published_at=timezone.now(),
    )
    PlanItem.objects.get(pk=action.pk).decisions.add(public, exempt, unpublished)
    page = Client().get(url).content.decode()
    assert "Recruit assessors" in page and "Head of Service" in page
    assert "Overdue" in page and "Public decision" in page
    assert "Exempt decision" not in page and "Draft decision" not in page
    listing = Client().get(reverse("publishing:plans:list", kwargs={"council": council.slug}))
    assert "Children&#x27;s services improvement" in listing.content.decode()


def test_findings_publish_and_link(setup) -> None:  # type: ignore[no-untyped-def]
    council, _committee, plan, action, client = setup
    url = reverse("backoffice:plans:plan", args=[council.slug, plan.number])
    client.post(
        url,
        {
            "form": "finding",
            "finding-reference": "W2",
            "finding-text": "Delays in completing plans",
            "finding-source": "Joint inspection",
        },
    )
    finding = plan.findings.get()
    item_url = reverse("backoffice:plans:item", args=[council.slug, plan.number, action.pk])
    client.post(item_url, {"form": "links", "links-findings": [finding.pk]})
    assert list(action.findings.all()) == [finding]
    client.post(url, {"form": "publish", "publish": "yes"})
    plan.refresh_from_db()
    assert plan.is_published
    public = reverse("publishing:plans:plan", kwargs={"council": council.slug, "plan": plan.slug})
    page = Client().get(public).content.decode()
    assert "Answers inspection finding W2: Delays in completing plans" in page


def test_public_plan_lists_a_minute_once_per_item(setup) -> None:  # type: ignore[no-untyped-def]
    """A minute linked to two of the plan's items is listed once under each, not twice."""
    from minutebook.decisions.factories import MinuteItemFactory

    council, committee, plan, action, _client = setup
    plan.is_published = True
    plan.save()
    other = services.add_item(
        plan, ItemLevel.ACTION, "Train assessors", parent=action.parent, reference="1.2"
    )
    minute = MinuteItemFactory(
        meeting=MeetingFactory(committee=committee), title="Progress on assessments"
    )
    for item in (action, other):
        PlanItem.objects.get(pk=item.pk).minute_items.add(minute)
    url = reverse("publishing:plans:plan", kwargs={"council": council.slug, "plan": plan.slug})
    page = Client().get(url).content.decode()
    assert page.count(f"Minute {minute.number}:") == 2


def test_item_dates_in_order_and_severe_risks_flagged(setup) -> None:  # type: ignore[no-untyped-def]
    """plans.rules: an end before the start is a form error (was a 500), the input kept;
    a risk scoring 20 or more is flagged on the plan and item pages."""
    council, _committee, plan, _action, client = setup
    url = reverse("backoffice:plans:plan", args=[council.slug, plan.number])
    data = {
        "form": "item",
        "item-level": ItemLevel.RISK,
        "item-title": "Loss of experienced social workers",
        "item-start_date": "2025-06-01",
        "item-end_date": "2025-05-01",
        "item-likelihood": "5",
        "item-impact": "4",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must be on or after the start date." in page
    assert "Loss of experienced social workers" in page and 'value="2025-05-01"' in page
    assert not PlanItem.objects.filter(level=ItemLevel.RISK).exists()

    data["item-end_date"] = "2025-12-31"
    assert client.post(url, data).status_code == 302
    risk = PlanItem.objects.get(level=ItemLevel.RISK)
    assert risk.current_score == 20 and risk.is_severe_risk
    assert "Risk score 20" in client.get(url).content.decode()
    item_url = reverse("backoffice:plans:item", args=[council.slug, plan.number, risk.pk])
    assert "Severe: 20 or more" in client.get(item_url).content.decode()
