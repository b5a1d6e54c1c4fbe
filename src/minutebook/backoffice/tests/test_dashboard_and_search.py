"""The role dashboard (what is mine to do, due and overdue, each a link) and the
back-office search (found, scoped to the user's councils, exempt only to those who may
see it), through the pages as each role."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.accounts.testing import build_world
from minutebook.committees.factories import CommitteeFactory
from minutebook.decisions import services as decision_services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import CallInRequest
from minutebook.documents.factories import DocumentFactory
from minutebook.interests.models import Tenure
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.participation.factories import PublicQuestionFactory
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import ReportState

pytestmark = pytest.mark.django_db

TODO_TABLE = re.compile(r'<h3 class="govuk-heading-s" id="([a-z-]+)">(.*?)(?=<h3 |<h2 )', re.S)


@pytest.fixture
def world() -> Any:
    world = build_world()
    now = timezone.now()
    # A meeting in three days with no agenda out, a draft report on it for the author,
    # and a submitted one waiting for finance and legal: every deadline has passed.
    world.soon = MeetingFactory(committee=world.committee, start=now + dt.timedelta(days=3))
    world.late_draft = ReportFactory(
        council=world.council, title="Verge cutting", assigned_to=world.user("author")
    )
    world.late_submitted = ReportFactory(
        council=world.council,
        title="Grit bins",
        state=ReportState.SUBMITTED,
        submitted_at=now,
    )
    AgendaItemFactory(meeting=world.soon, report=world.late_draft, title="Verge cutting")
    AgendaItemFactory(meeting=world.soon, report=world.late_submitted, title="Grit bins")
    # Held yesterday, no minutes yet; a question waiting; a call-in to settle.
    world.held = MeetingFactory(committee=world.committee, start=now - dt.timedelta(days=1))
    PublicQuestionFactory(meeting=world.meeting, name="Pat Resident")
    decision = DecisionFactory(meeting=world.held, title="Close the depot")
    decision_services.publish_decision(decision)
    request = CallInRequest.objects.create(
        decision_record=decision, received_at=now, grounds="Not consulted."
    )
    request.signatories.set([world.people["councillor"]])
    Tenure.objects.create(
        person=world.people["councillor"], took_office=timezone.localdate() - dt.timedelta(days=40)
    )
    # The other council has work of its own, which nobody here may see.
    other = CommitteeFactory(council=world.other_council, name="Bravo Planning")
    bravo_meeting = MeetingFactory(committee=other, start=now + dt.timedelta(days=3))
    bravo_report = ReportFactory(council=world.other_council, title="Bravo verge cutting")
    AgendaItemFactory(meeting=bravo_meeting, report=bravo_report, title="Bravo verge cutting")
    return world


def page_as(world: Any, name: str, url: str = "/officer/") -> tuple[Client, str]:
    client = Client()
    client.force_login(world.user(name))
    response = client.get(url)
    assert response.status_code == 200
    return client, response.content.decode()


def sections(page: str) -> dict[str, str]:
    return {key: body for key, body in TODO_TABLE.findall(page)}


def follow_every_link(client: Client, html: str) -> None:
    for href in re.findall(r'href="(/officer/[^"#]*)"', html):
        assert client.get(href).status_code == 200, href


EXPECTED = {
    "author": {"reports-to-write"},
    "finance": {"reports-to-clear"},
    "legal": {"reports-to-clear"},
    "monitoring": {"reports-to-clear", "registers-due"},
    "dso": {
        "reports-to-write",
        "agendas-to-publish",
        "minutes-to-write",
        "questions-to-answer",
        "call-ins-to-settle",
        "registers-due",
    },
}


def test_each_role_sees_its_own_work_with_due_dates_overdue_flags_and_links(world: Any) -> None:
    for role, wanted in EXPECTED.items():
        client, page = page_as(world, role)
        found = sections(page)
        assert set(found) == wanted, role
        for key, body in found.items():
            # Each count is a link to its section.
            assert re.search(rf'<a class="govuk-link" href="#{key}">[^<]*: \d+</a>', page), key
            follow_every_link(client, body)
        assert "Bravo" not in page, f"{role} sees another council's work"
        assert "overdue" in page.lower(), role
    _, author = page_as(world, "author")
    rows = sections(author)["reports-to-write"]
    assert "Verge cutting" in rows and "Overdue" in rows
    assert "Parks strategy" in rows, "the world's draft for the author, due for its meeting"
    _, finance = page_as(world, "finance")
    rows = sections(finance)["reports-to-clear"]
    assert "Grit bins" in rows and "Leisure contract" in rows
    assert "Verge cutting" not in rows, "a draft waits for no clearer"
    _, dso = page_as(world, "dso")
    found = sections(dso)
    assert "Overdue" in found["agendas-to-publish"]
    assert "Pat Resident" in found["questions-to-answer"]
    assert "Close the depot" in found["call-ins-to-settle"]
    assert "Overdue" in found["registers-due"], "40 days after taking office, nothing registered"
    assert 'id="overdue-warning"' in dso


def test_search_finds_scopes_and_keeps_exempt_to_those_entitled(world: Any) -> None:
    # A meeting paper of Alpha's published meeting, found through the public full-text
    # index by a word only its text holds.
    DocumentFactory(
        council=world.council,
        meeting=world.meeting,
        title="Highways briefing",
        extracted_text="Resurfacing of Quarrybank Lane is planned for spring.",
    )
    _, dso = page_as(world, "dso", "/officer/search/?q=quarrybank")
    assert "Highways briefing" in dso and "<mark>" in dso
    # Unpublished and exempt records, by title, to democratic services...
    _, dso = page_as(world, "dso", "/officer/search/?q=verge+cutting")
    assert "Verge cutting" in dso and "Bravo" not in dso
    _, dso = page_as(world, "dso", "/officer/search/?q=staffing")
    assert "Staffing review" in dso and "Exempt</strong>" in dso
    # ...never their text: the exempt report's words are not shown, only its title.
    assert "Names of staff at risk" not in dso
    # A report author finds their own report, not the exempt one nor others' drafts.
    _, author = page_as(world, "author", "/officer/search/?q=staffing")
    assert "Staffing review" not in author
    _, author = page_as(world, "author", "/officer/search/?q=verge")
    assert "Verge cutting" in author and "Bravo" not in author
    # A finance officer finds the reports sent to them for clearance, exempt ones too
    # (the report page's own rule decides), but not meetings or people.
    ReportFactory(
        council=world.council,
        title="Staff restructure offers",
        exempt_paragraphs=[1],
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    _, finance = page_as(world, "finance", "/officer/search/?q=restructure")
    assert "Staff restructure offers" in finance and "Exempt</strong>" in finance
    _, author = page_as(world, "author", "/officer/search/?q=restructure")
    assert "Staff restructure offers" not in author
    assert 'value="meeting"' not in finance and 'value="person"' not in finance
    # People and decisions for democratic services; the other council's officer finds
    # none of Alpha's records, published or not.
    _, dso = page_as(world, "dso", "/officer/search/?q=depot")
    assert "Close the depot" in dso
    _, outsider = page_as(world, "outsider_dso", "/officer/search/?q=verge")
    assert "Bravo verge cutting" in outsider and ">Verge cutting" not in outsider
    _, outsider = page_as(world, "outsider_dso", "/officer/search/?q=quarrybank")
    assert "Highways briefing" not in outsider
    # Too long a query is an error on the form, with the words kept.
    _, long = page_as(world, "dso", "/officer/search/?q=" + "x" * 201)
    assert "200 characters or fewer" in long and 'value="xxxx' in long
    # The header links the search and every area.
    _, dso = page_as(world, "dso", "/officer/areas/")
    for href in ("/officer/search/", "#scrutiny", "#plans", "/officer/interests/", "#minutes"):
        assert href in dso
