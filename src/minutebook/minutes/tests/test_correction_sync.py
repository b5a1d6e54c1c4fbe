"""A correction to locked minutes reaches the decision it records: search and OParl sync."""

from __future__ import annotations

import pytest
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.minutes import services
from minutebook.minutes.tests.test_minutes import Setup, _locked
from minutebook.search.models import EntryKind
from minutebook.search.query import search

pytestmark = pytest.mark.django_db


def _decisions_found(word: str) -> set[int]:
    return {r.entry.object_id for r in search(word).results if r.entry.kind == EntryKind.DECISION}


def test_corrected_resolution_is_what_search_finds() -> None:
    s = Setup()
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[0]
    decision = DecisionFactory(
        meeting=minutes.meeting,
        minute_item=minute,
        decision="That the bandstand be repainted green.",
        published_at=timezone.now(),
    )
    before = Decision.public_objects.get(pk=decision.pk).modified
    assert _decisions_found("bandstand") == {decision.pk}
    assert _decisions_found("gazebo") == set()

    services.correct_minutes(
        minutes,
        minute=minute,
        field="resolution",
        value="That the gazebo be repainted green.",
        reason="The minute named the wrong structure.",
    )

    decision.refresh_from_db()
    assert decision.decision == "That the gazebo be repainted green."
    assert decision.modified > before
    assert _decisions_found("gazebo") == {decision.pk}
    assert _decisions_found("bandstand") == set()
