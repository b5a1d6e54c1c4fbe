"""A resident's path through the public site in Chromium, checked with axe-core.

Open the council home, follow links to a committee and a meeting, open a report, and
run axe-core on each page: no serious or critical violation is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minutebook.publishing.tests.scenario import CANARY, Scenario, build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Any, axe: Path) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the current page."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert result["passes"], "axe-core ran no checks"
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


@pytest.fixture
def scenario(transactional_db: None) -> Scenario:
    return build_scenario()


def test_council_home_to_meeting_is_accessible(
    page: Any, live_server: Any, scenario: Scenario, axe_path: Path
) -> None:
    checked: dict[str, list[dict[str, Any]]] = {}
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("console", lambda msg: script_errors.append(msg.text) if msg.type == "error" else None)

    def check(label: str) -> None:
        assert page.locator("html").get_attribute("lang") == "en-GB"
        assert page.locator("main#main-content").count() == 1
        assert page.locator("h1").count() == 1
        assert CANARY not in page.content()
        checked[label] = axe_violations(page, axe_path)

    page.goto(f"{live_server.url}/wyvern-vale/")
    # The stylesheet loaded: the header takes the council's colour.
    header_bg = page.eval_on_selector(".mb-header", "e => getComputedStyle(e).backgroundColor")
    assert header_bg == "rgb(111, 44, 145)"
    check("council home")

    page.get_by_role("link", name="Committees", exact=True).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/wyvern-vale/committees/")
    check("committees")

    page.get_by_role("link", name="Cabinet", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/wyvern-vale/cabinet/")
    check("committee")

    page.locator(f'a[href="{scenario.held.get_absolute_url()}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(scenario.held.get_absolute_url())
    assert page.get_by_text("exempt under paragraph 3 of Schedule 12A").count() >= 1
    check("meeting")

    page.get_by_role("link", name="Leisure centre opening hours").click()
    page.wait_for_load_state()
    assert page.url.endswith("/items/3/")
    check("report")

    page.goto(f"{live_server.url}{scenario.held.get_absolute_url()}items/4/")
    assert page.get_by_text("This report is restricted").count() == 1
    check("restricted report")

    assert script_errors == []
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    failures = {label: describe(v) for label, v in checked.items() if v}
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_pages_work_without_javascript(browser: Any, live_server: Any, scenario: Scenario) -> None:
    """Every step of the same path by links alone, with scripting off."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        assert page.url.endswith("/wyvern-vale/")
        page.get_by_role("link", name="Committees", exact=True).first.click()
        page.get_by_role("link", name="Cabinet", exact=True).click()
        assert page.locator("h1").inner_text() == "Cabinet"
        page.locator(f'a[href="{scenario.held.get_absolute_url()}"]').first.click()
        assert page.url.endswith(scenario.held.get_absolute_url())
        page.get_by_role("link", name="Leisure centre opening hours").click()
        assert page.url.endswith("/items/3/")
        assert page.get_by_role("heading", name="Cover sheet").is_visible()
    finally:
        context.close()
