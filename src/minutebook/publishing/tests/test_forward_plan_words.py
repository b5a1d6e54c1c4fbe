"""The forward plan in words (issue 19): no ISO dates, no "(key at 2)" shorthand, no codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import council_key_decision_test, publish_plan
from minutebook.publishing.templatetags.publishing import iso_date, key_reason, plan_value
from minutebook.publishing.tests.scenario import Scenario


def test_filters() -> None:
    assert iso_date("2025-09-10") == "10 September 2025"
    assert plan_value("2031-03-01") == "1 March 2031"
    assert plan_value("wards") == "A significant effect in two or more wards"
    reason = "Key decision: significant effect in 3 wards (key at 2)."
    assert key_reason(reason) == (
        "A significant effect in 3 wards (a decision affecting 2 or more wards is key)."
    )
    spend = "Key decision: spending or savings of £600,000 (threshold £500,000)."
    assert key_reason(spend) == (
        "Spending or savings of £600,000 (the council's threshold is £500,000)."
    )


@pytest.mark.django_db
def test_forward_plan_page_has_no_iso_dates_or_shorthand(
    client: Client, scenario: Scenario
) -> None:
    council = scenario.council
    test = council_key_decision_test(council, 0, 3)
    assert "(key at" in test.reason  # the stored reason keeps the test's shorthand
    entry = ForwardPlanEntryFactory(
        council=council,
        title="Waste collection rounds",
        decision_date=dt.date(2031, 3, 1),
        first_published=dt.date(2030, 12, 1),
        key_decision=True,
        key_decision_reason=test.reason,
    )
    publish_plan(council)
    entry.decision_date = dt.date(2031, 4, 5)
    entry.save()
    publish_plan(council)
    body = client.get(f"/{council.slug}/forward-plan/").content.decode()
    assert "Waste collection rounds" in body
    assert "(key at" not in body and "Key decision: " not in body
    assert "1 December 2030" in body and "2030-12-01" not in body
    # What changed between versions: the dates in words too.
    assert "1 March 2031" in body and "5 April 2031" in body
    assert "2031-03-01" not in body and "2031-04-05" not in body
