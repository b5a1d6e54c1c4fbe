"""The API's pages for people: the guide's examples are the API's own objects, and the
reference (Swagger UI) runs from this site's static files under its strict CSP."""

from __future__ import annotations

import html
import json
import os
import re
from typing import Any

import pytest
from django.test import Client

from minutebook.packs.tests.builders import CANARY, build_pack_scenario

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

EXAMPLE = re.compile(r'<pre class="govuk-body-s mb-pre"><code>(.*?)</code></pre>', re.S)


@pytest.mark.django_db
def test_the_guide_shows_the_apis_own_objects_and_the_sync_steps() -> None:
    build_pack_scenario(paragraphs=1)
    http = Client()
    response = http.get("/oparl/v1/guide")
    assert response.status_code == 200
    page = response.content.decode()
    shown = [json.loads(html.unescape(block)) for block in EXAMPLE.findall(page)]
    kinds = [obj["type"].rsplit("/", 1)[-1] for obj in shown]
    for kind in ("Body", "Organization", "Meeting", "AgendaItem", "Paper", "File", "Location"):
        assert kind in kinds, kinds
    for obj in shown:  # each example is that object as its own address serves it now
        served = http.get(obj["id"].removeprefix("http://testserver")).json()
        assert served["id"] == obj["id"] and served["modified"] == obj["modified"]
        assert set(obj) == set(served), obj["id"]
    assert CANARY not in page  # exempt text: never in the examples
    for step in ("modified_since", "links.next", '"deleted": true', "HEAD", "minutebook mirror"):
        assert html.escape(step) in page or step in page, step


@pytest.mark.django_db
def test_the_reference_loads_only_this_sites_files() -> None:
    response = Client().get("/oparl/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assets = [s for s in sources if s.endswith((".js", ".css"))]
    assert any("swagger-ui-bundle" in s for s in assets), assets
    assert all(s.startswith("/static/") for s in assets), assets
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_reference_shows_the_operations_in_chromium(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.MINUTEBOOK_BASE_URL = live_server.url
    build_pack_scenario(paragraphs=1)
    context = browser.new_context()  # the site's own CSP applies
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))

    page.goto(f"{live_server.url}/oparl/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/body/{slug}/meetings" in op for op in operations), operations
    assert any("/meeting/{pk}" in op for op in operations), operations
    # Try one operation: Swagger UI GETs the System from this same site.
    page.locator(".opblock-summary", has_text="System").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    page.wait_for_selector(".response .microlight", timeout=20_000)
    assert "schema.oparl.org/1.1/System" in page.locator(".responses-wrapper").inner_text()

    page.goto(f"{live_server.url}/oparl/v1/guide")
    assert page.get_by_role("heading", name="Keeping a copy in step").is_visible()
    page.get_by_text("Example Meeting as JSON").click()
    assert "schema.oparl.org/1.1/Meeting" in page.locator("details[open]").first.inner_text()
    context.close()

    assert not problems, problems
    outside = [u for u in requested if not u.startswith(live_server.url)]
    assert not outside, outside
    scripts = [u for u in requested if u.endswith(".js")]
    assert scripts and all(u.startswith(f"{live_server.url}/static/") for u in scripts)
