"""Issue 15, finding "the decision record of a locked minute edited": an issued decision
record (published, or recorded under a minute of signed minutes) refuses every change
to what it says, by raw SQL on SQLite and PostgreSQL, the model, queryset update,
bulk_update, delete and the admin (even for a superuser). Its call-in state, its exempt
state and a later publication still move; an unissued record stays editable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.core.db.testing import assert_sql_refused as _refused
from minutebook.decisions import services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import CallInState, Decision, MinuteItem, RecordFixed
from minutebook.meetings.factories import MeetingFactory
from minutebook.minutes import services as minutes_services
from minutebook.minutes.tests.test_minutes import Setup, _locked
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TEXT = "That the depot lease be granted."


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _published() -> Decision:
    cabinet = CommitteeFactory(kind=CommitteeKind.EXECUTIVE, name="Cabinet", slug="cabinet")
    meeting = MeetingFactory(committee=cabinet, start=_at(dt.date(2025, 12, 22), 18))
    decision = DecisionFactory(meeting=meeting, decision=TEXT)
    return services.publish_decision(decision, now=_at(dt.date(2025, 12, 23)))


def test_raw_sql_cannot_change_or_delete_a_published_decision() -> None:
    decision = _published()
    for sql in (
        "UPDATE decisions_decision SET decision = 'Refused' WHERE id = %s",
        "UPDATE decisions_decision SET reasons = 'Other reasons' WHERE id = %s",
        "UPDATE decisions_decision SET published_at = NULL WHERE id = %s",
        "DELETE FROM decisions_decision WHERE id = %s",
    ):
        _refused(sql, [decision.pk])
    # Where it stands on call-in is not the record: the scrutiny procedure moves it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET call_in_state = 'in_force' WHERE id = %s", [decision.pk]
        )
    stored = Decision.officer_objects.get(pk=decision.pk)
    assert stored.decision == TEXT and stored.call_in_state == CallInState.IN_FORCE


def test_the_models_refuse_a_published_decision_but_let_call_in_run() -> None:
    decision = _published()
    decision.reasons = "Rewritten after publication"
    with pytest.raises(RecordFixed, match="issued"):
        decision.save()
    with pytest.raises(RecordFixed):
        Decision.officer_objects.filter(pk=decision.pk).update(decision="Refused")
    decision = Decision.officer_objects.get(pk=decision.pk)
    decision.decision = "Refused"
    with pytest.raises(RecordFixed), transaction.atomic():
        Decision.officer_objects.bulk_update([decision], ["decision"])
    with pytest.raises(RecordFixed):
        Decision.officer_objects.get(pk=decision.pk).delete()
    with pytest.raises(RecordFixed):
        Decision.officer_objects.filter(pk=decision.pk).delete()
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    services.request_call_in(
        Decision.officer_objects.get(pk=decision.pk),
        signatories=councillors,
        grounds="The consultation was inadequate.",
        received_at=_at(dt.date(2025, 12, 24)),
    )
    stored = Decision.officer_objects.get(pk=decision.pk)
    assert stored.call_in_state == CallInState.CALLED_IN and stored.decision == TEXT


def test_the_decision_of_a_locked_minute_is_fixed_before_publication_too() -> None:
    s = Setup()
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[0]
    decision = DecisionFactory(meeting=minutes.meeting, minute_item=minute, decision=TEXT)
    assert decision.published_at is None
    _refused("UPDATE decisions_decision SET decision = 'Refused' WHERE id = %s", [decision.pk])
    decision.decision = "Refused"
    with pytest.raises(RecordFixed):
        decision.save()
    # Publishing it later fills in its publication, nothing else.
    decision = Decision.officer_objects.get(pk=decision.pk)
    services.publish_decision(decision)
    assert Decision.officer_objects.get(pk=decision.pk).published_at is not None
    # A correction of the signed minute is the way its text changes (a new version).
    minutes_services.correct_minutes(
        minutes, minute=minute, field="resolution", value="Refused.", reason="Misrecorded."
    )
    assert Decision.officer_objects.get(pk=decision.pk).decision == "Refused."


def test_an_unissued_decision_stays_editable() -> None:
    decision = DecisionFactory(decision=TEXT)
    decision.reasons = "Better reasons"
    decision.save()
    Decision.officer_objects.filter(pk=decision.pk).update(title="Renamed")
    assert Decision.officer_objects.get(pk=decision.pk).title == "Renamed"


def test_the_admin_will_not_change_an_issued_decision_even_for_a_superuser(
    settings: Any,
) -> None:
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = False
    settings.MINUTEBOOK_REQUIRE_OFFICER_OTP = False
    decision = _published()
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-42")
    client = Client()
    client.force_login(root)
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(
        url,
        {
            "council": decision.council_id,
            "title": decision.title,
            "date": decision.date.isoformat(),
            "decision": "Rewritten in the admin",
            "call_in_state": decision.call_in_state,
            "exempt_paragraphs": "[]",
        },
    )
    assert response.status_code == 403
    delete = reverse("admin:decisions_decision_delete", args=[decision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Decision.officer_objects.get(pk=decision.pk).decision == TEXT


def test_the_officer_edit_page_refuses_the_decision_of_a_locked_minute() -> None:
    from minutebook.accounts.models import RoleAssignment
    from minutebook.accounts.roles import Role

    s = Setup()
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[0]
    decision = DecisionFactory(meeting=minutes.meeting, minute_item=minute, decision=TEXT)
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=s.council, role=Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    url = reverse("backoffice:decisions:edit", args=[decision.pk])
    data = {
        "title": decision.title,
        "decision_maker": decision.decision_maker_id,
        "meeting": decision.meeting_id,
        "date": decision.date.isoformat(),
        "decision": "Refused",
        "reasons": decision.reasons,
        "alternatives_rejected": decision.alternatives_rejected,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("backoffice:minutes:correct", args=[minutes.meeting.pk])
    assert Decision.officer_objects.get(pk=decision.pk).decision == TEXT
