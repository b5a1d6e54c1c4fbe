"""The council's clearance rules, set at /officer/setup/<council>/clearance/: the page
starts from the defaults, refuses a council with no signatory at all, and what is saved
decides who must clear a report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import ClearanceRule
from minutebook.reports.services import required_roles

pytestmark = pytest.mark.django_db


def test_clearance_rules_are_set_up_in_the_back_office() -> None:
    d = desk()
    url = reverse("backoffice:setup_clearance", args=[d.council.slug])
    hub = text(d.client.get(reverse("backoffice:setup_council", args=[d.council.slug])))
    assert url in hub
    page = text(d.client.get(url))
    assert "These are the defaults" in page
    assert 'name="finance_officer" value="all"' in page
    key = ReportFactory(council=d.council, key_decision=True)
    assert required_roles(key) == ["finance_officer", "legal_officer"]

    refused(d.client.post(url, {}), "Choose at least one signatory")
    assert not ClearanceRule.objects.filter(council=d.council).exists()
    refused(d.client.post(url, {"legal_officer": ["sometimes"]}), "Select a valid choice")

    response = d.client.post(
        url, {"legal_officer": ["all"], "monitoring_officer": ["exempt", "key_decision"]}
    )
    assert response.status_code == 302
    rules = set(ClearanceRule.objects.filter(council=d.council).values_list("role", "scope"))
    assert rules == {
        ("legal_officer", "all"),
        ("monitoring_officer", "exempt"),
        ("monitoring_officer", "key_decision"),
    }
    assert required_roles(key) == ["legal_officer", "monitoring_officer"]
    assert "These are the defaults" not in text(d.client.get(url))

    # Another council's rules: the officer holds no role there.
    other = reverse("backoffice:setup_clearance", args=[d.other.slug])
    assert d.client.post(other, {"legal_officer": ["all"]}).status_code == 403
    assert not ClearanceRule.objects.filter(council=d.other).exists()
