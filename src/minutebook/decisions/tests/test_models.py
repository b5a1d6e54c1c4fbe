from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.meetings.factories import MeetingFactory


@pytest.mark.django_db
def test_minute_numbers_run_on_across_a_committees_meetings() -> None:
    committee = CommitteeFactory()
    first, second = MeetingFactory(committee=committee), MeetingFactory(committee=committee)
    numbers = [MinuteItemFactory(meeting=m).number for m in (first, first, second, second)]
    assert numbers == [1, 2, 3, 4]
    assert MinuteItemFactory().number == 1  # another committee starts its own run


@pytest.mark.django_db
def test_minute_number_unique_per_committee_across_meetings() -> None:
    committee = CommitteeFactory()
    minute = MinuteItemFactory(meeting=MeetingFactory(committee=committee), number=85)
    assert minute.committee == committee
    with pytest.raises(IntegrityError), transaction.atomic():
        MinuteItemFactory(meeting=MeetingFactory(committee=committee), number=85)
    MinuteItemFactory(number=85)  # same number, other committee


@pytest.mark.django_db
def test_clean_finds_a_clash_with_an_exempt_minute() -> None:
    exempt = MinuteItemFactory(number=7, exempt_paragraphs=[3])
    assert not MinuteItem.public_objects.filter(pk=exempt.pk).exists()
    clash = MinuteItem(meeting=exempt.meeting, number=7, title="Clash")
    with pytest.raises(ValidationError):
        clash.clean()
    assert MinuteItem.next_number(exempt.committee) == 8


@pytest.mark.django_db
def test_exempt_minute_and_decision_hidden_from_public_related_managers() -> None:
    meeting = MeetingFactory()
    open_minute = MinuteItemFactory(meeting=meeting)
    MinuteItemFactory(meeting=meeting, exempt_paragraphs=[1])
    open_decision = DecisionFactory(meeting=meeting)
    DecisionFactory(meeting=meeting, exempt_paragraphs=[1])
    assert list(meeting.minute_items.all()) == [open_minute]
    assert list(meeting.decisions.all()) == [open_decision]
    assert MinuteItem.officer_objects.filter(meeting=meeting).count() == 2
    assert Decision.officer_objects.filter(meeting=meeting).count() == 2
    assert not hasattr(MinuteItem, "objects") and not hasattr(Decision, "objects")


@pytest.mark.django_db
def test_decision_in_force_not_before_decision_date() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(date=dt.date(2025, 3, 4), in_force_date=dt.date(2025, 3, 3))
    decision = DecisionFactory(date=dt.date(2025, 3, 4), in_force_date=dt.date(2025, 3, 12))
    assert "4 Mar 2025" in str(decision)


@pytest.mark.django_db
def test_only_executive_decisions_are_key() -> None:
    decision = DecisionFactory(key_decision=True, meeting__committee__kind=CommitteeKind.REGULATORY)
    with pytest.raises(ValidationError):
        decision.clean()
    decision.decision_maker.kind = CommitteeKind.EXECUTIVE
    decision.clean()
