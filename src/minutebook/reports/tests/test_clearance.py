"""Report clearance: who signs off what, what is missing, and that an uncleared report
cannot go into a published pack."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minutebook.accounts.testing import build_world
from minutebook.audit.models import AuditEvent
from minutebook.reports import services
from minutebook.reports.models import ClearanceRule, ClearanceScope, Report, ReportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def fresh(report: Report) -> Report:
    return Report.officer_objects.get(pk=report.pk)


def test_default_rules_finance_and_legal_always_monitoring_officer_for_exempt(world):
    assert services.required_roles(world.public_report) == ["finance_officer", "legal_officer"]
    assert services.required_roles(world.exempt_report) == [
        "finance_officer",
        "legal_officer",
        "monitoring_officer",
    ]


def test_council_rules_replace_the_defaults(world):
    ClearanceRule.objects.create(council=world.council, role="legal_officer", scope="all")
    ClearanceRule.objects.create(
        council=world.council, role="finance_officer", scope=ClearanceScope.KEY_DECISION
    )
    assert services.required_roles(world.public_report) == ["legal_officer"]
    world.public_report.key_decision = True
    assert services.required_roles(world.public_report) == ["finance_officer", "legal_officer"]


def test_draft_to_ready_records_who_when_and_comment(world):
    report = world.exempt_report
    dso = world.user("dso")
    assert services.missing(report) == ["Not yet submitted for clearance."]
    services.submit(report, dso)
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    assert len(services.missing(report)) == 3
    services.clear(report, world.user("finance"), "finance_officer", "Budget covers it.")
    services.clear(fresh(report), world.user("legal"), "legal_officer")
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    assert services.missing(report) == ["Awaiting clearance: Monitoring officer (clearance)."]
    with pytest.raises(services.ReportNotCleared):
        services.assert_publishable(report)
    services.clear(report, world.user("monitoring"), "monitoring_officer", "Para 1 applies.")
    report = fresh(report)
    assert report.state == ReportState.READY
    services.assert_publishable(report)
    assert Report.officer_objects.ready().filter(pk=report.pk).exists()
    signed = services.current_clearances(report)
    assert signed["finance_officer"].by == world.user("finance")
    assert signed["finance_officer"].comment == "Budget covers it."
    assert signed["finance_officer"].at <= timezone.now()
    actions = list(
        AuditEvent.objects.for_object(report)
        .filter(action__startswith="report.")
        .values_list("action", flat=True)
    )
    assert actions.count("report.cleared") == 3
    assert "report.ready" in actions and "report.submitted" in actions


def test_only_holders_of_an_outstanding_role_can_clear(world):
    report = world.submitted_report
    with pytest.raises(PermissionDenied):
        services.clear(report, world.user("dso"), "finance_officer")
    with pytest.raises(ValidationError):
        services.clear(report, world.user("monitoring"), "monitoring_officer")
    services.clear(report, world.user("finance"), "finance_officer")
    with pytest.raises(ValidationError):
        services.clear(fresh(report), world.user("finance"), "finance_officer")
    with pytest.raises(PermissionDenied):
        services.submit(world.exempt_report, world.user("author"))  # not their report


def test_editing_a_cleared_report_sends_it_back(world):
    report = world.submitted_report
    services.clear(report, world.user("finance"), "finance_officer")
    services.clear(fresh(report), world.user("legal"), "legal_officer")
    report = fresh(report)
    assert services.is_publishable(report)
    report.recommendations = "1. That a different thing be done."
    report.save()
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    assert services.outstanding_roles(report) == ["finance_officer", "legal_officer"]
    assert not Report.officer_objects.ready().filter(pk=report.pk).exists()


def test_return_needs_a_reason_and_voids_earlier_sign_off(world):
    report = world.submitted_report
    services.clear(report, world.user("finance"), "finance_officer")
    with pytest.raises(ValidationError):
        services.return_to_author(fresh(report), world.user("legal"), "  ")
    services.return_to_author(fresh(report), world.user("legal"), "Legal basis missing.")
    report = fresh(report)
    assert report.state == ReportState.DRAFT
    event = AuditEvent.objects.for_object(report).get(action="report.returned")
    assert event.reason == "Legal basis missing."
    assert event.before == {"state": "submitted"} and event.after == {"state": "draft"}
    services.submit(report, world.user("dso"))
    assert services.outstanding_roles(fresh(report)) == ["finance_officer", "legal_officer"]


def test_deadline_comes_from_the_clock(world):
    from minutebook.clock import report_deadline

    due = services.deadline(world.public_report)
    assert due is not None and due.meeting == world.meeting
    assert due.due == report_deadline(world.meeting.date, 5, 5)
    world.council.report_deadline_working_days = 8
    world.council.save()
    later = services.deadline(fresh(world.public_report))
    assert later is not None and later.due < due.due


def test_uncleared_report_cannot_be_published(world, settings):
    """Whatever code publishes the agenda, a meeting whose reports are not cleared stays
    unpublished; once they are cleared it publishes."""
    settings.MINUTEBOOK_REQUIRE_CLEARED_REPORTS = True
    from minutebook.meetings.models import Meeting

    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(published_at=None)
    meeting.refresh_from_db()
    problems = services.unpublishable_reports(meeting)
    assert {r.title for r, _ in problems} == {
        "Parks strategy",
        "Staffing review",
        "Depot sale terms",
        "Leisure contract",
    }
    meeting.published_at = timezone.now()
    with pytest.raises(services.ReportNotCleared) as refused:
        meeting.save()
    assert "Parks strategy" in str(refused.value)
    meeting.refresh_from_db()
    assert meeting.published_at is None
    with pytest.raises(services.ReportNotCleared):
        services.assert_meeting_publishable(meeting)
    for report in Report.officer_objects.filter(council=world.council):
        if report.state == ReportState.DRAFT:
            services.submit(report, world.user("dso"))
        for name, role in (
            ("finance", "finance_officer"),
            ("legal", "legal_officer"),
            ("monitoring", "monitoring_officer"),
        ):
            if role in services.outstanding_roles(fresh(report)):
                services.clear(fresh(report), world.user(name), role)
    services.assert_meeting_publishable(meeting)
    meeting.published_at = timezone.now()
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).published_at is not None


def test_publish_agenda_workflow_refuses_uncleared_reports(world, settings):
    """The meetings workflow's publish step is refused with its own error type."""
    from minutebook.meetings import services as services_module

    settings.MINUTEBOOK_REQUIRE_CLEARED_REPORTS = True
    from minutebook.meetings.models import Meeting

    Meeting.objects.filter(pk=world.meeting.pk).update(published_at=None)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    at = meeting.start - dt.timedelta(days=20)
    with pytest.raises(services_module.WorkflowError) as refused:
        services_module.publish_agenda(meeting, by=world.user("dso"), at=at)
    assert "not cleared" in str(refused.value)
    assert Meeting.objects.get(pk=meeting.pk).published_at is None


def test_officer_page_shows_what_is_missing(world, client):
    client.force_login(world.user("finance"))
    page = client.get(f"/officer/reports/{world.submitted_report.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Awaiting clearance: Finance officer" in text
    assert "Awaiting clearance: Legal officer" in text
    response = client.post(
        f"/officer/reports/{world.submitted_report.pk}/clear/", {"comment": "Fine."}
    )
    assert response.status_code == 302
    text = client.get(f"/officer/reports/{world.submitted_report.pk}/").content.decode()
    assert "Awaiting clearance: Finance officer" not in text
    assert "Fine." in text
    listing = client.get("/officer/reports/?state=submitted").content.decode()
    assert "Leisure contract" in listing


def test_admin_shows_clearance_read_only(world, client):
    from minutebook.accounts.testing import make_user

    services.clear(world.submitted_report, world.user("finance"), "finance_officer", "Costed.")
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/reports/report/{world.submitted_report.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Costed." in text and "Clearance" in text
    assert client.get("/admin/reports/clearancerule/").status_code == 200


def test_admin_gives_report_authors_only_their_own_drafts(world, client):
    client.force_login(world.user("author"))
    listing = client.get("/admin/reports/report/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Parks strategy" in text and "Staffing review" not in text
    assert client.get(f"/admin/reports/report/{world.exempt_report.pk}/change/").status_code in {
        302,
        403,
        404,
    }
    own = f"/admin/reports/report/{world.public_report.pk}/change/"
    assert client.get(own).status_code == 200
    services.submit(world.public_report, world.user("author"))
    page = client.get(own).content.decode()
    assert 'name="recommendations"' not in page  # submitted: read-only for the author


def test_a_report_an_author_starts_in_the_admin_is_theirs(world, client):
    client.force_login(world.user("author"))
    response = client.post(
        "/admin/reports/report/add/",
        {
            "council": world.council.pk,
            "title": "Allotment rents",
            "authors-TOTAL_FORMS": 0,
            "authors-INITIAL_FORMS": 0,
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
            "agenda_items-TOTAL_FORMS": 0,
            "agenda_items-INITIAL_FORMS": 0,
            "clearances-TOTAL_FORMS": 0,
            "clearances-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.officer_objects.get(title="Allotment rents")
    assert report.assigned_to == world.user("author")
    assert report.state == ReportState.DRAFT


def test_a_signatory_reads_the_report_and_its_files_on_the_clearance_page(world, client, tmp_path):
    """Signatories have no admin: the clearance page carries the text and the files, and
    an exempt file read there is audited; an author of another report is refused."""
    from django.core.files.base import ContentFile

    from minutebook.documents.models import Document, DocumentKind

    report = Report.officer_objects.get(pk=world.exempt_report.pk)
    Report.officer_objects.filter(pk=report.pk).update(  # bulk-update-ok: test set-up
        body="The restructure removes four posts.",
        recommendations="Approve option B.",
        # Sent for clearance: a signatory reads only the reports sent to them.
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    appendix = Document(
        council=world.council,
        report=report,
        kind=DocumentKind.APPENDIX,
        label="Appendix A",
        title="Staff list",
        exempt_paragraphs=[1],
    )
    appendix.file.save("staff-list.csv", ContentFile(b"name,post\nA. Person,Clerk\n"), save=False)
    appendix.save()

    client.force_login(world.user("monitoring"))
    page = client.get(f"/officer/reports/{report.pk}/").content.decode()
    assert "The restructure removes four posts." in page
    assert "Approve option B." in page
    link = f"/officer/reports/{report.pk}/files/{appendix.pk}/"
    assert link in page
    before = AuditEvent.objects.filter(action="exempt.read", object_id=str(appendix.pk)).count()
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"name,post")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    after = AuditEvent.objects.filter(action="exempt.read", object_id=str(appendix.pk)).count()
    assert after == before + 1

    # Another report's file through this report's address: not found.
    other = Document.officer_objects.create(
        council=world.council, report=world.public_report, kind=DocumentKind.APPENDIX
    )
    assert client.get(f"/officer/reports/{report.pk}/files/{other.pk}/").status_code == 404
    # The author of another report may not read this one's files.
    client.force_login(world.user("author"))
    assert client.get(link).status_code == 403
