from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import Access, ForwardPlanEntry
from minutebook.reports.factories import ReportFactory


@pytest.mark.django_db
def test_open_entry_has_no_paragraphs_and_exempt_entry_needs_them() -> None:
    entry = ForwardPlanEntryFactory()
    entry.full_clean()
    entry.exempt_paragraphs = [3]
    with pytest.raises(ValidationError):
        entry.full_clean()
    entry.access = Access.PART_EXEMPT
    entry.full_clean()
    entry.exempt_paragraphs = []
    with pytest.raises(ValidationError):
        entry.full_clean()


@pytest.mark.django_db
def test_fully_exempt_entry_is_still_published() -> None:
    entry = ForwardPlanEntryFactory(access=Access.FULLY_EXEMPT, exempt_paragraphs=[3])
    assert ForwardPlanEntry.objects.filter(pk=entry.pk).exists()
    assert entry.exempt_description == "exempt under paragraph 3 of Schedule 12A"


@pytest.mark.django_db
def test_undetermined_decision_date_and_ordering() -> None:
    later = ForwardPlanEntryFactory(title="B")
    undetermined = ForwardPlanEntryFactory(title="A", decision_date=None, council=later.council)
    assert undetermined.decision_date is None
    assert "(" not in str(undetermined)
    assert set(ForwardPlanEntry.objects.all()) == {later, undetermined}


@pytest.mark.django_db
def test_entry_reports_are_public_only() -> None:
    entry = ForwardPlanEntryFactory()
    open_report = ReportFactory(forward_plan_entry=entry, council=entry.council)
    ReportFactory(forward_plan_entry=entry, council=entry.council, exempt_paragraphs=[3])
    assert list(entry.reports.all()) == [open_report]
