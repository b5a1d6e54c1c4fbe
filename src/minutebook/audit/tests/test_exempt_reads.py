"""Every successful read of exempt content is in the audit trail (who, what, which meeting,
where, when, from which address); refused requests and public papers are not.

Through the real views with a real generated pack (the packs app's scenario: item 3's
Appendix 3 "Contract prices" and item 4's report are exempt under paragraph 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minutebook.accounts.testing import build_world, make_user
from minutebook.audit.models import AppendOnlyError, AuditEvent
from minutebook.audit.reads import EXEMPT_READ
from minutebook.committees.factories import MembershipFactory
from minutebook.documents.models import Document
from minutebook.packs.services import generate_pack, members_packs
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack() -> Any:
    scenario = build_pack_scenario(paragraphs=2)
    generate_pack(scenario.meeting)
    return scenario


def councillor(council: Any, username: str, committee: Any = None) -> tuple[Client, Any]:
    person = CouncillorFactory(council=council, user=make_user(username))
    if committee is not None:
        MembershipFactory(committee=committee, person=person)
    client = Client()
    client.force_login(person.user)
    return client, person.user


def reads() -> Any:
    return AuditEvent.objects.filter(action=EXEMPT_READ).order_by("id")


def fetch(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 200 and response.streaming:
        b"".join(response.streaming_content)
    return response


def test_entitled_councillor_reading_an_appendix_and_the_pack_makes_two_events(pack):
    meeting = pack.meeting
    client, user = councillor(meeting.council, "cabinet_member", meeting.committee)
    appendix = Document.officer_objects.get(title="Contract prices")
    assert appendix.is_exempt
    pdf = members_packs(meeting).agenda["pdf"]

    assert fetch(client, f"/members/documents/{appendix.pk}/").status_code == 200
    assert fetch(client, f"/members/meetings/{meeting.pk}/members-pack.pdf").status_code == 200

    first, second = reads()
    assert (first.object_type, first.object_id) == ("documents.document", str(appendix.pk))
    assert "Contract prices" in first.object_repr
    assert first.after["title"] == "Contract prices"
    assert (second.object_type, second.object_id) == ("documents.document", str(pdf.pk))
    assert second.after["format"] == "pdf"
    for event in (first, second):
        assert event.actor_id == user.pk
        assert "cabinet_member" in event.actor_name
        assert event.ip_address == "127.0.0.1"
        assert event.council_id == meeting.council.pk
        assert event.after["route"] == "members"
        assert event.after["meeting_id"] == meeting.pk
        assert event.after["meeting"] == str(meeting)
        assert event.at is not None

    # The trail refuses to forget a read.
    with pytest.raises(AppendOnlyError):
        first.delete()
    with pytest.raises(AppendOnlyError):
        reads().update(actor_name="nobody")
    assert reads().count() == 2


def test_exempt_report_page_is_recorded_each_time_it_is_read(pack):
    meeting = pack.meeting
    client, _ = councillor(meeting.council, "cabinet_member", meeting.committee)
    url = f"/members/reports/{pack.exempt_report.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    events = list(reads())
    assert len(events) == 2
    assert {(e.object_type, e.object_id) for e in events} == {
        ("reports.report", str(pack.exempt_report.pk))
    }
    assert events[0].object_repr == "Disposal of the depot"


def test_an_exempt_reports_appendix_without_paragraphs_of_its_own_is_recorded(pack):
    meeting = pack.meeting
    client, _ = councillor(meeting.council, "cabinet_member", meeting.committee)
    valuation = Document.officer_objects.get(title="Valuation")
    assert not valuation.is_exempt and valuation.report_id == pack.exempt_report.pk
    assert fetch(client, f"/members/documents/{valuation.pk}/").status_code == 200
    (event,) = reads()
    assert event.object_id == str(valuation.pk)
    assert event.after["report_id"] == pack.exempt_report.pk


def test_refused_councillor_leaves_no_read_event(pack):
    meeting = pack.meeting  # the council's rule: committee members only
    client, _ = councillor(meeting.council, "backbencher")
    appendix = Document.officer_objects.get(title="Contract prices")
    assert client.get(f"/members/documents/{appendix.pk}/").status_code == 403
    assert client.get(f"/members/meetings/{meeting.pk}/members-pack.pdf").status_code == 403
    assert client.get(f"/members/reports/{pack.exempt_report.pk}/").status_code == 403
    assert not reads().exists()


def test_public_papers_are_not_recorded(pack):
    meeting = pack.meeting
    client, _ = councillor(meeting.council, "cabinet_member", meeting.committee)
    usage = Document.officer_objects.get(title="Usage figures")
    assert not usage.is_exempt
    assert fetch(client, f"/members/documents/{usage.pk}/").status_code == 200
    assert client.get(f"/members/reports/{pack.public_report.pk}/").status_code == 200
    assert client.get(f"/members/meetings/{meeting.pk}/").status_code == 200
    assert not reads().exists()


def test_head_request_reads_nothing_and_records_nothing(pack):
    meeting = pack.meeting
    client, _ = councillor(meeting.council, "cabinet_member", meeting.committee)
    assert client.head(f"/members/meetings/{meeting.pk}/members-pack.pdf").status_code == 200
    assert not reads().exists()


def test_officer_reading_an_exempt_report_is_recorded_and_shown_in_the_trail(settings):
    world = build_world()
    dso = Client()
    dso.force_login(world.user("dso"))
    assert dso.get(f"/officer/reports/{world.exempt_report.pk}/").status_code == 200
    assert dso.get(f"/officer/reports/{world.public_report.pk}/").status_code == 200
    (event,) = reads()
    assert event.object_id == str(world.exempt_report.pk)
    assert event.after["route"] == "officer"
    assert event.after["meeting_id"] == world.meeting.pk
    assert event.actor_id == world.user("dso").pk

    page = dso.get("/officer/audit/", {"action": EXEMPT_READ}).content.decode()
    assert "Staffing review" in page
    assert f"Opened for {world.meeting}" in page
    assert f"<option selected>{EXEMPT_READ}</option>" in page
    by_meeting = dso.get("/officer/audit/", {"meeting": world.meeting.pk}).content.decode()
    assert "Staffing review" in by_meeting
    elsewhere = dso.get("/officer/audit/", {"meeting": world.meeting.pk + 999}).content.decode()
    assert "Staffing review" not in elsewhere


def test_each_read_carries_its_own_requests_address_from_the_audit_middleware(pack):
    """The IP comes from ``AuditContextMiddleware``'s context for the request being served,
    on the members' route and the officer route alike."""
    meeting = pack.meeting
    client, _ = councillor(meeting.council, "cabinet_member", meeting.committee)
    pack_url = f"/members/meetings/{meeting.pk}/members-pack.pdf"
    response = client.get(pack_url, REMOTE_ADDR="198.51.100.23")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    report_url = f"/members/reports/{pack.exempt_report.pk}/"
    assert client.get(report_url, REMOTE_ADDR="192.0.2.77").status_code == 200

    world = build_world()
    dso = Client()
    dso.force_login(world.user("dso"))
    officer_url = f"/officer/reports/{world.exempt_report.pk}/"
    assert dso.get(officer_url, REMOTE_ADDR="203.0.113.9").status_code == 200

    assert [(e.after["route"], e.ip_address) for e in reads()] == [
        ("members", "198.51.100.23"),
        ("members", "192.0.2.77"),
        ("officer", "203.0.113.9"),
    ]
