"""Public pages' scripts run under the real content security policy, without a nonce.

The shared ``page`` fixture bypasses the policy (to inject axe-core); this test opens a
context that keeps it, so a script the policy blocked would show as a console error
and as components left uninitialised.
"""

from __future__ import annotations

from typing import Any

import pytest

from minutebook.publishing.tests.scenario import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_script_files_run_under_the_policy(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    scenario = build_scenario()
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        url = f"{live_server.url}{scenario.held.get_absolute_url()}"
        for _ in range(2):  # the second visit is served from the public page cache
            response = page.goto(url)
            assert response is not None and response.status == 200
            assert "nonce-" not in (response.header_value("content-security-policy") or "")
            classes = page.evaluate("document.body.className")
            assert "js-enabled" in classes and "govuk-frontend-supported" in classes
            # initAll() ran: GOV.UK Frontend marks each component it starts.
            page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
        assert response.header_value("x-minutebook-cache") == "hit"
        assert errors == []
    finally:
        context.close()
