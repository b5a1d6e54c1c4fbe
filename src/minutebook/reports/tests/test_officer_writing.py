"""Reports written and cleared entirely in the back office, through the Django test
client: start a report from the meeting's agenda, assign its author, write the cover
sheet and body with an appendix, submit, clear as each signatory, publish, and read
the result on the public item page and in the pack the worker builds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import build_world, grant, make_user
from minutebook.committees.factories import CommitteeFactory, PortfolioFactory
from minutebook.core.inputs import LONG_TEXT_MAX
from minutebook.documents.models import Document, DocumentKind
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.packs.tests.builders import appendix_pdf
from minutebook.people.factories import PersonFactory, WardFactory
from minutebook.people.models import PersonKind
from minutebook.reports.models import Report, ReportAuthor, ReportState

pytestmark = pytest.mark.django_db

BODY = """1. Background

The play areas were built in 1998 and need renewing.

2. Proposal

- Replace the equipment at Elm Park
- Resurface the Mill Lane site"""


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_world()
    council = world.council
    world.extra = {
        "ward": WardFactory(council=council, name="Elm Park"),
        "portfolio": PortfolioFactory(council=council),
        "director": PersonFactory(
            council=council, kind=PersonKind.OFFICER, first_name="Dana", last_name="Reyes"
        ),
        "plan_entry": ForwardPlanEntryFactory(council=council),
        "other_committee": CommitteeFactory(council=world.other_council),
        "other_ward": WardFactory(council=world.other_council, name="Far Ward"),
    }
    return world


def cover(world: Any, **changes: Any) -> dict[str, Any]:
    """Every field of the cover sheet and body, as an officer fills them in."""
    extra = world.extra
    data = {
        "title": "Play areas renewal",
        "purpose": "decision",
        "recommendation_to": world.committee.pk,
        "recommendation_to_name": "Cabinet",
        "portfolio": extra["portfolio"].pk,
        "portfolio_holder": world.people["councillor"].pk,
        "portfolio_holder_text": "Cllr A Member, Leisure",
        "executive_director": extra["director"].pk,
        "executive_director_text": "Dana Reyes, Director of Place",
        "local_councillors_text": "All",
        "wards_affected": [extra["ward"].pk],
        "key_decision": "on",
        "forward_plan_entry": extra["plan_entry"].pk,
        "eqia_status": "screening",
        "risk_current": "medium",
        "risk_residual": "low",
        "brief_summary": "Renew the borough's play areas.",
        "recommendations": "1. That the renewal programme be approved.",
        "reasons": "The equipment is at the end of its life.",
        "body": BODY,
        "background_papers": "Play area survey 2026",
        "financial_implications": "Within the capital programme.",
        "legal_implications": "None beyond procurement rules.",
        "climate_implications": "Recycled surfacing.",
        "wellbeing_health_implications": "More active play.",
        "hr_implications": "None.",
        "equalities_implications": "Inclusive equipment at every site.",
        "risk_implications": "Contractor capacity.",
        "public_interest_reason": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def pdf_upload(name: str = "site-plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, appendix_pdf("SITE PLAN", 1), "application/pdf")


def text_of(response: Any) -> str:
    return response.content.decode()


def test_a_report_is_written_cleared_and_published_through_the_officer_pages(
    client: Client, world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MINUTEBOOK_REQUIRE_CLEARED_REPORTS = True
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    meeting = MeetingFactory(committee=world.committee, start=timezone.now() + dt.timedelta(30))
    item = AgendaItemFactory(meeting=meeting, title="Play areas", report=None)
    dso, author = world.user("dso"), world.user("author")

    # Democratic services start the report from the meeting's agenda ...
    client.force_login(dso)
    write = reverse("backoffice:report-create-for-item", args=[item.pk])
    assert write in text_of(client.get(reverse("backoffice:meeting", args=[meeting.pk])))
    assert write in text_of(client.get(reverse("backoffice:item_edit", args=[item.pk])))
    assert client.get(write).status_code == 200
    response = client.post(write, {"title": "Play areas renewal"})
    report = Report.officer_objects.get(title="Play areas renewal")
    edit = reverse("backoffice:report-edit", args=[report.pk])
    assert response["Location"] == edit
    item.refresh_from_db()
    assert item.report_id == report.pk and report.council == world.council

    # ... and hand it to its author (this was a 403 in the admin), naming them on the cover.
    authors = reverse("backoffice:report-authors", args=[report.pk])
    response = client.post(authors, {"action": "assign", "assigned_to": author.pk})
    assert response.status_code == 302
    response = client.post(
        authors,
        {
            "action": "add",
            "author-name": "Sam Writer",
            "author-job_title": "Parks manager",
            "author-email": "sam.writer@example.gov.uk",
            "author-phone": "01632 960000",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assigned_to == author
    assert ReportAuthor.officer_objects.get(report=report).name == "Sam Writer"

    # The author writes every field of the cover sheet and the body, with an appendix
    # uploaded in the same form (this was a 500: the appendix had no council).
    client.force_login(author)
    assert author.username in text_of(client.get(authors))
    assert client.get(edit).status_code == 200
    data = cover(world)
    data.update(
        {
            "appendix-file": pdf_upload(),
            "appendix-label": "Appendix A",
            "appendix-title": "Site plan",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.officer_objects.get(pk=report.pk)
    assert report.body == BODY and report.key_decision and report.eqia_status == "screening"
    assert list(report.wards_affected.all()) == [world.extra["ward"]]
    assert report.portfolio_holder == world.people["councillor"]
    assert report.forward_plan_entry == world.extra["plan_entry"]
    appendix = Document.officer_objects.get(report=report, kind=DocumentKind.APPENDIX)
    assert appendix.council == world.council and appendix.media_type == "application/pdf"
    assert (appendix.label, appendix.title, appendix.pages) == ("Appendix A", "Site plan", 1)

    # A second appendix, then replaced by a new version and removed again.
    client.post(
        edit,
        {
            **cover(world),
            "stay": "1",
            "appendix-file": SimpleUploadedFile("notes.txt", b"Survey notes.\n"),
            "appendix-title": "Survey notes",
        },
    )
    notes = Document.officer_objects.get(report=report, title="Survey notes")
    replace = reverse("backoffice:report-appendix-replace", args=[report.pk, notes.pk])
    assert client.get(replace).status_code == 200
    response = client.post(
        replace,
        {"file": SimpleUploadedFile("notes.txt", b"Survey notes, revised.\n"), "title": "Notes"},
    )
    assert response.status_code == 302
    newer = Document.officer_objects.get(report=report, title="Notes")
    assert newer.version == 2 and newer.replaces == notes
    notes.refresh_from_db()
    assert notes.report_id is None  # kept on the record, off the report
    remove = reverse("backoffice:report-appendix-remove", args=[report.pk, newer.pk])
    assert client.post(remove).status_code == 302
    assert not Document.officer_objects.filter(pk=newer.pk).exists()

    # Submitted; then the author can no longer change it.
    page = text_of(client.get(reverse("backoffice:report", args=[report.pk])))
    assert "Submit for clearance" in page
    client.post(reverse("backoffice:report-submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert client.get(edit).status_code == 403

    # Each signatory finds it on the clearance page, opens it with its appendix, clears it.
    report_url = reverse("backoffice:report", args=[report.pk])
    file_url = reverse("backoffice:report-file", args=[report.pk, appendix.pk])
    for name, role in (("finance", "finance_officer"), ("legal", "legal_officer")):
        client.force_login(world.user(name))
        listing = text_of(client.get(reverse("backoffice:reports")))
        assert report_url in listing
        page = text_of(client.get(report_url))
        assert "Site plan" in page and file_url in page
        assert "The play areas were built in 1998" in page
        assert client.get(file_url).status_code == 200
        assert client.get(edit).status_code == 403  # clearers read, they do not edit
        response = client.post(reverse("backoffice:report-clear", args=[report.pk]), {"role": role})
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.READY

    # Democratic services publish the agenda; the worker builds the pack.
    client.force_login(dso)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:meeting_publish", args=[meeting.pk]), {})
    assert response.status_code == 302, response.content.decode()[:2000]

    client.logout()
    base = meeting.get_absolute_url()
    page = text_of(client.get(f"{base}items/{item.number}/"))
    assert "Play areas renewal" in page and "The play areas were built in 1998" in page
    assert "Site plan" in page and "Sam Writer" in page
    pack = client.get(f"{base}agenda-pack.html")
    assert pack.status_code == 200
    html = b"".join(pack.streaming_content).decode() if pack.streaming else text_of(pack)
    assert "Play areas renewal" in html and "Background" in html
    assert "Replace the equipment at Elm Park" in html and "Site plan" in html
    assert client.get(f"{base}agenda-pack.pdf").status_code == 200


def test_bad_input_is_shown_on_each_form_with_the_input_kept(client: Client, world: Any) -> None:
    report = world.public_report  # a draft, assigned to the author
    edit = reverse("backoffice:report-edit", args=[report.pk])
    client.force_login(world.user("dso"))

    def refused(url: str, data: dict[str, Any], *expected: str) -> str:
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        text = text_of(response)
        assert "There is a problem" in text
        for words in expected:
            assert words in text, (words, url)
        return text

    # Start a report: empty, too long, another council's agenda item.
    start = reverse("backoffice:report-create")
    refused(start, {"title": ""}, "Enter the report&#x27;s title.")
    refused(start, {"title": "x" * 501}, "Keep this to 500 characters or fewer.", "x" * 501)
    other_meeting = MeetingFactory(committee=world.extra["other_committee"])
    other_item = AgendaItemFactory(meeting=other_meeting, report=None, title="Elsewhere")
    refused(
        start,
        {"title": "Kept title", "item": other_item.pk},
        "Choose one of this council&#x27;s own entries.",
        "Kept title",
    )
    other_url = reverse("backoffice:report-create-for-item", args=[other_item.pk])
    assert client.get(other_url).status_code == 403
    assert client.post(other_url, {"title": "Mine now"}).status_code == 403
    item = AgendaItemFactory(meeting=world.meeting, report=None, title="No report yet")
    refused(
        reverse("backoffice:report-create-for-item", args=[item.pk]),
        {"title": ""},
        "Enter the report&#x27;s title.",
    )

    # The report form: every error keeps everything typed, including the other fields.
    refused(edit, cover(world, title=""), "Enter the report&#x27;s title.", "Within the capital")
    refused(
        edit,
        cover(world, body="y" * (LONG_TEXT_MAX + 1)),
        f"Keep this to {LONG_TEXT_MAX:,} characters",
        "Play areas renewal",
    )
    refused(
        edit,
        cover(world, recommendation_to=world.extra["other_committee"].pk),
        "Choose one of this council&#x27;s own entries.",
        "The play areas were built in 1998",
    )
    refused(
        edit,
        cover(world, wards_affected=[world.extra["other_ward"].pk]),
        "Choose one of this council&#x27;s own entries.",
    )
    refused(edit, cover(world, purpose="sideways"), "Select a valid choice")
    refused(
        edit,
        cover(world, paragraphs=["3"]),
        "Give the public interest reason for keeping the report exempt.",
    )
    # Appendices: wrong type, oversize, no file, no reason for an exempt one; the cover
    # sheet comes back as typed, and nothing is saved.
    page = refused(
        edit,
        {
            **cover(world, brief_summary="Kept summary."),
            "appendix-file": SimpleUploadedFile("page.html", b"<html><script>x</script></html>"),
            "appendix-title": "A page",
        },
        "This file is",
        "Kept summary.",
        "A page",
    )
    assert "Play areas renewal" in page
    world.council.max_upload_mb = 1
    world.council.save()
    refused(
        edit,
        {
            **cover(world),
            "appendix-file": SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 10)),
            "appendix-title": "Big",
        },
        "this council accepts files up to 1 MB",
    )
    refused(edit, {**cover(world), "appendix-title": "No file"}, "Choose the appendix file")
    refused(
        edit,
        {
            **cover(world),
            "appendix-file": pdf_upload(),
            "appendix-title": "Exempt costs",
            "appendix-paragraphs": ["3"],
        },
        "Give the public interest reason for keeping the appendix exempt.",
        "The file you chose was not saved",
    )
    report.refresh_from_db()
    assert report.title == "Parks strategy" and not report.documents.exists()

    # An exempt appendix with its paragraph and reason is accepted.
    response = client.post(
        edit,
        {
            **cover(world),
            "appendix-file": pdf_upload("costs.pdf"),
            "appendix-title": "Exempt costs",
            "appendix-paragraphs": ["3"],
            "appendix-public_interest_reason": "Tender prices.",
        },
    )
    assert response.status_code == 302
    costs = Document.officer_objects.get(report=report, title="Exempt costs")
    assert costs.is_exempt and costs.exempt_paragraphs == [3]

    # Replacing: no file, a wrong type.
    replace = reverse("backoffice:report-appendix-replace", args=[report.pk, costs.pk])
    refused(replace, {"title": "Kept appendix title"}, "Choose the new file.", "Kept appendix")
    refused(
        replace,
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary"), "title": "T"},
        "This file is",
    )

    # Authors: another council's login or officer, an empty name.
    authors = reverse("backoffice:report-authors", args=[report.pk])
    refused(
        authors,
        {"action": "assign", "assigned_to": world.user("outsider_dso").pk},
        "Choose one of this council&#x27;s own entries.",
    )
    stranger = PersonFactory(council=world.other_council, kind=PersonKind.OFFICER)
    refused(
        authors,
        {"action": "add", "author-person": stranger.pk, "author-job_title": "Kept job"},
        "Choose one of this council&#x27;s own entries.",
        "Kept job",
    )
    refused(
        authors,
        {"action": "add", "author-name": "", "author-email": "kept@example.gov.uk"},
        "Enter the author&#x27;s name",
        "kept@example.gov.uk",
    )
    refused(authors, {"action": "add", "author-name": "A" * 201}, "Keep this to 200 characters")

    # Another council's officer reaches none of it; another report's file is not found.
    client.force_login(world.user("outsider_dso"))
    for url in (edit, authors, replace):
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, cover(world)).status_code in (403, 404)
    client.force_login(world.user("dso"))
    elsewhere = reverse(
        "backoffice:report-appendix-replace", args=[world.exempt_report.pk, costs.pk]
    )
    assert client.get(elsewhere).status_code == 404


def test_who_may_write_assign_and_read(client: Client, world: Any) -> None:
    """Authors write only their own drafts and never assign; clearers read only what was
    sent to them; democratic services assign (the admin's 403)."""
    report, exempt = world.public_report, world.exempt_report
    edit = reverse("backoffice:report-edit", args=[report.pk])
    authors = reverse("backoffice:report-authors", args=[report.pk])
    client.force_login(world.user("author"))
    assert client.get(edit).status_code == 200
    assert client.get(authors).status_code == 200
    assert client.post(authors, {"action": "assign", "assigned_to": ""}).status_code == 403
    assert client.get(reverse("backoffice:report-edit", args=[exempt.pk])).status_code == 403
    # A report an author starts is theirs.
    response = client.post(reverse("backoffice:report-create"), {"title": "Allotments"})
    mine = Report.officer_objects.get(title="Allotments")
    assert response["Location"] == reverse("backoffice:report-edit", args=[mine.pk])
    assert mine.assigned_to == world.user("author") and mine.council == world.council
    # An author may add an exemption, not take one off.
    response = client.post(
        edit, cover(world, paragraphs=["1"], public_interest_reason="Staff named.")
    )
    assert response.status_code == 302
    response = client.post(edit, cover(world))
    assert "Only democratic services or the monitoring officer" in text_of(response)

    # A clearer sees a report once it is sent to them, not a draft.
    finance = world.user("finance")
    client.force_login(finance)
    listing = text_of(client.get(reverse("backoffice:reports") + "?state=all"))
    assert "Leisure contract" in listing and "Parks strategy" not in listing
    assert client.get(reverse("backoffice:report", args=[report.pk])).status_code == 403
    assert client.get(authors).status_code == 403
    # ... and returns one from its page, with the reason it must give.
    leisure = reverse("backoffice:report", args=[world.submitted_report.pk])
    back = reverse("backoffice:report-return", args=[world.submitted_report.pk])
    assert back in text_of(client.get(leisure))
    response = client.post(back, {"comment": " "}, follow=True)
    assert "Say why the report is being returned." in text_of(response)
    response = client.post(back, {"comment": "Costs unclear."}, follow=True)
    assert "Returned to the author." in text_of(response)
    world.submitted_report.refresh_from_db()
    assert world.submitted_report.state == ReportState.DRAFT

    # Democratic services assign and unassign; the new author gets the report.
    client.force_login(world.user("dso"))
    writer = make_user("writer")
    grant(writer, world.council, Role.REPORT_AUTHOR)
    assert client.post(authors, {"action": "assign", "assigned_to": writer.pk}).status_code == 302
    client.force_login(writer)
    assert client.get(edit).status_code == 200
    client.force_login(world.user("dso"))
    assert client.post(authors, {"action": "assign", "assigned_to": ""}).status_code == 302
    report.refresh_from_db()
    assert report.assigned_to is None
    # Removing the exemption is a release democratic services may make.
    response = client.post(edit, cover(world))
    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.is_exempt
