"""Settling expired call-ins saves each decision: ``modified`` moves and the trail records it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minutebook.audit.models import AuditEvent
from minutebook.decisions import services
from minutebook.decisions.models import CallInState, Decision
from minutebook.decisions.tests.test_services import at, cabinet_decision

pytestmark = pytest.mark.django_db


def test_settling_a_call_in_moves_modified_and_is_audited(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    untouched = cabinet_decision()  # never published: no call-in to settle
    settled_at = at(dt.date(2026, 1, 3), hour=2)
    monkeypatch.setattr(timezone, "now", lambda: settled_at.astimezone(dt.UTC))

    assert services.settle_expired_call_ins(today=dt.date(2026, 1, 3)) == 1

    decision = Decision.officer_objects.get(pk=decision.pk)
    assert decision.call_in_state == CallInState.IN_FORCE
    assert decision.modified == settled_at
    assert Decision.officer_objects.get(pk=untouched.pk).modified == untouched.modified
    event = AuditEvent.objects.filter(
        object_type="decisions.decision", object_id=str(decision.pk)
    ).latest("id")
    assert event.changed_fields == ["call_in_state"]
    assert event.after == {"call_in_state": CallInState.IN_FORCE}


def test_settling_never_overwrites_a_call_in_recorded_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run lists the expired decisions, then saves them one by one; a call-in an
    officer records in between (received in time, recorded the next morning) must stand,
    not be overwritten with "in force" from the run's stale copy of the row."""
    from django.db.models.signals import post_save

    first, second = cabinet_decision(), cabinet_decision()
    for decision in (first, second):
        services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    settled_at = at(dt.date(2026, 1, 3), hour=2)
    monkeypatch.setattr(timezone, "now", lambda: settled_at.astimezone(dt.UTC))

    def officer_records_call_in(sender: type, instance: Decision, **kwargs: object) -> None:
        if instance.pk == first.pk:  # while the run is between its two saves
            # bulk-update-ok: stands for another connection's committed write
            Decision.officer_objects.filter(pk=second.pk).update(
                call_in_state=CallInState.CALLED_IN
            )

    post_save.connect(officer_records_call_in, sender=Decision, dispatch_uid="test-race")
    try:
        assert services.settle_expired_call_ins(today=dt.date(2026, 1, 3)) == 1
    finally:
        post_save.disconnect(sender=Decision, dispatch_uid="test-race")
    assert Decision.officer_objects.get(pk=first.pk).call_in_state == CallInState.IN_FORCE
    assert Decision.officer_objects.get(pk=second.pk).call_in_state == CallInState.CALLED_IN
