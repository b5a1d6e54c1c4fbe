"""axe-core in Chromium over the public pages: no WCAG 2.2 AA violation at all.

Home, committee, councillor, meeting, decision, decisions register, forward plan (with
an earlier version to compare), search results, the public question form and the
alerts form, each with the real stylesheet, as an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minutebook.attendance.models import Attendance, AttendanceStatus, Capacity
from minutebook.decisions.models import Decision
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.publishing.registers import councillor_url
from minutebook.publishing.tests.scenario import CANARY, Scenario, build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA: the public sector accessibility regulations.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def wcag_violations(page: Any, axe: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    assert result["passes"], "axe-core ran no checks"
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


@pytest.fixture
def scenario(transactional_db: None) -> Scenario:
    scenario = build_scenario()
    entry = ForwardPlanEntryFactory(
        council=scenario.council, title="Leisure contract", decision_date=dt.date(2031, 3, 1)
    )
    publish_plan(scenario.council)
    entry.decision_date = dt.date(2031, 4, 1)
    entry.save()
    ForwardPlanEntryFactory(council=scenario.council, title="Car park charges")
    publish_plan(scenario.council)
    membership = scenario.committee.memberships.select_related("person").first()
    assert membership is not None
    Attendance.objects.create(
        meeting=scenario.held,
        person=membership.person,
        membership=membership,
        capacity=Capacity.MEMBER,
        status=AttendanceStatus.PRESENT,
    )
    return scenario


def test_public_pages_have_no_wcag_violations(
    page: Any, live_server: Any, scenario: Scenario, axe_path: Path
) -> None:
    council = scenario.council.slug
    person = scenario.committee.memberships.select_related("person", "person__council")[0].person
    decision = Decision.public_objects.get(title="Leisure centre opening hours")
    upcoming = scenario.upcoming.get_absolute_url()
    pages = {
        "home": f"/{council}/",
        "committee": scenario.committee.get_absolute_url(),
        "councillor": councillor_url(person),
        "meeting": scenario.held.get_absolute_url(),
        "decision": f"/{council}/decisions/{decision.pk}/",
        "decisions register": f"/{council}/decisions/",
        "forward plan": f"/{council}/forward-plan/",
        "forward plan version": f"/{council}/forward-plan/versions/1/",
        "search results": f"/{council}/search/?q=leisure+hours",
        "search, no results": f"/{council}/search/?q=zzzzqx",
        "search, date error": f"/{council}/search/?q=leisure&from=yesterday",
        "question form": f"{upcoming}questions/",
        "alerts form": f"/{council}/alerts/",
    }
    failures: dict[str, str] = {}
    for label, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (label, path)
        assert page.locator("html").get_attribute("lang") == "en-GB"
        assert page.locator("main#main-content").count() == 1
        assert page.locator("h1").count() == 1, label
        assert CANARY not in page.content(), label
        violations = wcag_violations(page, axe_path)
        if violations:
            failures[label] = describe(violations)
    assert page.locator("mark").count() == 0  # last page: an error, no results
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


def test_search_results_highlight_and_page_without_javascript(
    browser: Any, live_server: Any, scenario: Scenario
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{scenario.council.slug}/")
        page.get_by_label("Search reports, minutes and decisions").fill("leisure")
        page.get_by_role("button", name="Search").click()
        page.wait_for_load_state()
        assert "/search/?q=leisure" in page.url
        assert page.locator("mark").count() >= 1
        assert page.get_by_role("link", name="Leisure centre opening hours").count() >= 1
    finally:
        context.close()
