from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from minutebook.scrutiny.factories import ActionFactory
from minutebook.scrutiny.models import ActionStatus


@pytest.mark.django_db
def test_action_stays_on_committee_sheet_until_completed() -> None:
    action = ActionFactory(due=timezone.localdate() - dt.timedelta(days=1))
    assert action.is_overdue
    assert list(action.committee.actions.exclude(status=ActionStatus.COMPLETED)) == [action]
    action.status = ActionStatus.COMPLETED
    action.save()
    assert action.completed == timezone.localdate()
    assert not action.is_overdue


@pytest.mark.django_db
def test_completed_date_only_for_completed_actions() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(status=ActionStatus.OPEN, completed=dt.date(2025, 1, 1))


@pytest.mark.django_db
def test_action_str_uses_reference() -> None:
    action = ActionFactory(reference="A7", text="Circulate the briefing note.")
    assert str(action) == "A7: Circulate the briefing note."
