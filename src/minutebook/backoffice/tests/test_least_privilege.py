"""Issue 15: report authors read exempt decisions, exempt minutes, sensitive interests with
the monitoring officer's reasons, and rejected questions with home addresses through
/officer/, unaudited.

Now a report author reaches only their own reports; the officers entitled to these
pages (democratic services, and the monitoring officer for interests) still open them,
and each opening is a row in the audit trail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minutebook.accounts.testing import build_world
from minutebook.audit.models import AuditEvent
from minutebook.audit.reads import EXEMPT_READ, PERSONAL_READ

pytestmark = pytest.mark.django_db

DECISION_TEXT = "Dismiss the head of waste services with immediate effect."
MINUTE_TEXT = "The committee heard the tender prices of each bidder."
REASON = "Threats received at the home of the councillor in 2025."
ADDRESS = "14 Quarry Lane, Exampleton"


def _secrets(world: Any) -> dict[str, str]:
    """Each secret record, by the officer page that shows it."""
    from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
    from minutebook.interests.models import EntryRecord
    from minutebook.members.models import RegisterEntry
    from minutebook.participation.factories import PublicQuestionFactory
    from minutebook.participation.models import SubmissionStatus

    decision = DecisionFactory(
        meeting=world.meeting, council=world.council, decision=DECISION_TEXT, exempt_paragraphs=[1]
    )
    minute = MinuteItemFactory(meeting=world.meeting, text=MINUTE_TEXT, exempt_paragraphs=[3])
    entry = RegisterEntry.objects.create(
        person=world.people["councillor"], category="land", description="Farm at Quarry Lane"
    )
    EntryRecord.objects.create(
        entry=entry,
        notified_on=entry.created.date(),
        is_sensitive=True,
        sensitivity_agreed_by="Monitoring officer",
        sensitivity_reason=REASON,
    )
    question = PublicQuestionFactory(
        meeting=world.meeting, address=ADDRESS, status=SubmissionStatus.REJECTED
    )
    committee = world.meeting.committee_id
    return {
        f"/officer/decisions/{decision.pk}/": DECISION_TEXT,
        f"/officer/minutes/committee/{committee}/minute/{minute.number}/": MINUTE_TEXT,
        f"/officer/interests/register-entries/{entry.pk}/": REASON,
        f"/officer/interests/people/{entry.person_id}/": "Farm at Quarry Lane",
        f"/officer/participation/public/{question.pk}/": ADDRESS,
        # The trail keeps the values an exempt decision was recorded with.
        "/officer/audit/": DECISION_TEXT,
    }


def _as(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.user(name))
    return client


def test_report_author_reads_none_of_it():
    world = build_world()
    pages = _secrets(world)
    author = _as(world, "author")
    for url, secret in pages.items():
        response = author.get(url)
        assert response.status_code == 403, url
        assert secret not in response.content.decode(), url


@pytest.mark.parametrize("name", ["finance", "legal", "councillor"])
def test_clearance_officers_and_members_read_none_of_it(name):
    world = build_world()
    for url in _secrets(world):
        assert _as(world, name).get(url).status_code == 403, (name, url)


def test_democratic_services_read_it_and_each_read_is_audited():
    world = build_world()
    pages = _secrets(world)
    dso = _as(world, "dso")
    for url, secret in pages.items():
        before = AuditEvent.objects.filter(actor_id=world.user("dso").pk).count()
        response = dso.get(url)
        assert response.status_code == 200, url
        assert secret in response.content.decode(), url
        events = AuditEvent.objects.filter(actor_id=world.user("dso").pk).order_by("pk")
        new = list(events[before:])
        assert new, f"{url}: read not audited"
        assert {e.action for e in new} <= {EXEMPT_READ, PERSONAL_READ}, url
        assert all(e.after["path"] == url and e.after["route"] == "officer" for e in new)


def test_monitoring_officer_reads_sensitive_interests_and_the_trail_not_questions_or_minutes():
    world = build_world()
    pages = _secrets(world)
    monitoring = _as(world, "monitoring")
    for url, secret in pages.items():
        response = monitoring.get(url)
        if "/interests/" in url or "/audit/" in url:
            assert response.status_code == 200, url
            assert secret in response.content.decode()
        else:
            assert response.status_code == 403, url
    reads = AuditEvent.objects.filter(actor_id=world.user("monitoring").pk, action=PERSONAL_READ)
    assert reads.count() == 2
    assert {e.object_type for e in reads} == {"members.registerentry"}


def test_author_sees_only_own_reports_in_the_list_and_cannot_open_another():
    world = build_world()
    author = _as(world, "author")
    listing = author.get("/officer/reports/?state=draft").content.decode()
    assert "Parks strategy" in listing  # assigned to them
    assert "Depot sale terms" not in listing  # someone else's (public) draft
    assert author.get(f"/officer/reports/{world.para3_report.pk}/").status_code == 403
    assert author.get(f"/officer/reports/{world.public_report.pk}/").status_code == 200


def test_an_officer_route_missing_from_the_table_is_for_democratic_services_only():
    """No silent default of "every officer may read": an unlisted route needs
    officer.unlisted, which report authors and clearance officers do not hold."""
    from django.test import RequestFactory
    from django.urls import ResolverMatch

    from minutebook.accounts.permissions import can
    from minutebook.backoffice.access import action_for

    world = build_world()
    request = RequestFactory().get("/officer/new-page/")
    request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name="new-page")
    request.resolver_match.view_name = "backoffice:new-page"
    assert action_for(request) == "officer.unlisted"
    assert can(world.user("dso"), "officer.unlisted")
    for name in ("author", "finance", "legal", "monitoring", "councillor", "legacy_staff"):
        assert not can(world.user(name), "officer.unlisted"), name
