"""The members' area: meetings, the pack with exempt papers only for those entitled,
declarations and register entries, private notes with export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from minutebook.accounts.testing import build_world
from minutebook.audit.models import AuditEvent
from minutebook.members.models import MemberNote, RegisterEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(world, name: str) -> Client:
    client = Client()
    client.force_login(world.user(name))
    return client


def test_councillor_sees_their_meetings(world):
    page = signed_in(world, "councillor").get("/members/")
    assert page.status_code == 200
    assert world.committee.name in page.content.decode()
    other = signed_in(world, "councillor_other").get("/members/").content.decode()
    assert "You sit on no committees" in other


def test_pack_opens_exempt_papers_only_to_the_entitled(world):
    url = f"/members/meetings/{world.meeting.pk}/"
    member = signed_in(world, "councillor").get(url).content.decode()
    assert f"/members/reports/{world.exempt_report.pk}/" in member
    outsider = signed_in(world, "councillor_other").get(url).content.decode()
    assert f"/members/reports/{world.exempt_report.pk}/" not in outsider
    assert f"/members/reports/{world.public_report.pk}/" in outsider
    assert "Staffing review" in outsider  # the title is public (s100B(2))


def test_exempt_report_page_readable_only_by_entitled_roles(world):
    url = f"/members/reports/{world.exempt_report.pk}/"
    expected = {"councillor": 200, "co_opted": 200, "councillor_other": 403}
    for name, status in expected.items():
        assert signed_in(world, name).get(url).status_code == status, name
    body = signed_in(world, "councillor").get(url).content.decode()
    assert world.exempt_report.body in body
    assert "Confidential" in body
    assert (
        world.exempt_report.body
        not in signed_in(world, "councillor_other").get(url).content.decode()
    )
    assert Client().get(url).status_code == 302
    assert signed_in(world, "dso").get(url).status_code == 403  # officers use officer pages


def test_all_councillors_rule_opens_s100f_papers_only():
    world = build_world(exempt_access_rule="all")
    other = signed_in(world, "councillor_other")
    assert other.get(f"/members/reports/{world.para3_report.pk}/").status_code == 200
    assert other.get(f"/members/reports/{world.exempt_report.pk}/").status_code == 403


def test_unpublished_agenda_is_not_shown(world):
    from minutebook.meetings.models import Meeting

    Meeting.objects.filter(pk=world.meeting.pk).update(published_at=None)
    client = signed_in(world, "councillor")
    page = client.get(f"/members/meetings/{world.meeting.pk}/").content.decode()
    assert "has not been published" in page
    assert client.get(f"/members/reports/{world.public_report.pk}/").status_code == 404


def test_other_councils_meetings_are_not_found(world):
    from minutebook.meetings.factories import MeetingFactory

    elsewhere = MeetingFactory(committee__council=world.other_council)
    assert (
        signed_in(world, "councillor").get(f"/members/meetings/{elsewhere.pk}/").status_code == 404
    )


def test_private_notes_are_saved_and_exported(world):
    client = signed_in(world, "councillor")
    url = f"/members/reports/{world.public_report.pk}/"
    assert client.post(url, {"text": "=Ask about the play area budget"}).status_code == 302
    assert client.post(url, {"text": "=Ask about the play area budget."}).status_code == 302
    note = MemberNote.objects.get(user=world.user("councillor"))
    assert note.text == "=Ask about the play area budget."
    assert "play area" in client.get(url).content.decode()
    exported = json.loads(client.get("/members/notes/export.json").content)
    assert exported["notes"][0]["note"] == note.text
    assert exported["notes"][0]["report_title"] == world.public_report.title
    rows = list(
        csv.DictReader(io.StringIO(client.get("/members/notes/export.csv").content.decode()))
    )
    assert rows[0]["note"] == "'=Ask about the play area budget."  # no formula injection
    # Nobody else sees it.
    other = signed_in(world, "councillor_other")
    assert "play area" not in other.get(url).content.decode()
    assert json.loads(other.get("/members/notes/export.json").content) == {"notes": []}


def test_notes_cannot_be_written_on_a_paper_the_member_may_not_read(world):
    client = signed_in(world, "councillor_other")
    response = client.post(f"/members/reports/{world.exempt_report.pk}/", {"text": "x"})
    assert response.status_code == 403
    assert not MemberNote.objects.exists()


def test_register_entries_kept_up_to_date_and_audited(world):
    client = signed_in(world, "councillor")
    response = client.post(
        "/members/interests/",
        {"category": "employment", "description": "Teacher at a local school"},
    )
    assert response.status_code == 302
    entry = RegisterEntry.objects.get(person=world.people["councillor"])
    response = client.post(
        f"/members/interests/{entry.pk}/",
        {
            "category": "employment",
            "description": "Head teacher at a local school",
            "start_date": "2024-01-01",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.description == "Head teacher at a local school"
    change = AuditEvent.objects.for_object(entry).filter(action="updated").latest("at")
    assert change.before["description"] == "Teacher at a local school"
    assert change.after["description"] == "Head teacher at a local school"
    # Another member cannot change it.
    other = signed_in(world, "councillor_other")
    assert other.get(f"/members/interests/{entry.pk}/").status_code == 403
    page = client.get("/members/interests/").content.decode()
    assert "Head teacher" in page


def test_declarations_are_listed(world):
    from minutebook.interests.factories import DeclarationFactory

    DeclarationFactory(
        meeting=world.meeting, person=world.people["councillor"], nature="Allotment holder"
    )
    page = signed_in(world, "councillor").get("/members/interests/").content.decode()
    assert "Allotment holder" in page


def test_exempt_files_are_streamed_only_to_the_entitled(world, settings, tmp_path):
    from django.core.files.base import ContentFile

    from minutebook.documents.factories import AppendixFactory

    settings.MEDIA_ROOT = tmp_path
    appendix = AppendixFactory(
        council=world.council, report=world.exempt_report, exempt_paragraphs=[1]
    )
    appendix.file.save("valuation.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    url = f"/members/documents/{appendix.pk}/"
    page = signed_in(world, "councillor").get(f"/members/reports/{world.exempt_report.pk}/")
    assert url in page.content.decode()
    response = signed_in(world, "councillor").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert "no-store" in response["Cache-Control"]
    assert signed_in(world, "councillor_other").get(url).status_code == 403
    assert Client().get(url).status_code == 302
