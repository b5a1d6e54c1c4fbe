"""axe-core in Chromium on every /officer/ and /members/ page a demo role can open: no
WCAG 2.2 AA violation (issue 17).

The pages are found from the URL patterns and filled from the permission matrix's world
(``pages.py``), so a page added later is checked without being listed here. Each role
(democratic services, a report author, a clearer, a councillor) gets one signed-in
browser context, with axe-core loaded into each page as it opens; the pages it may open
are those the test client gets a 200 HTML answer for. Playwright drives Debian's Chromium; axe-core comes from the project's node_modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from minutebook.accounts.tests.matrix_world import build_scene
from minutebook.backoffice.tests.pages import VISITORS, candidate_pages, enrich, reachable
from minutebook.core.testing_browser import AXE, WCAG_TAGS, chromium_with_axe

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium_with_axe() as launched:
        yield launched


#: axe's run, reduced in the page to what a failure names (the full result, with every
#: passing node, takes longer to hand back than the checks take to run).
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    passes: result.passes.length,
    violations: result.violations.map((v) => (
      `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`
    )),
  };
}"""


def _violations(page: Any) -> list[str]:
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert result["passes"], "axe-core ran no checks"
    return list(result["violations"])


def test_every_officer_and_members_page_passes_axe(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MINUTEBOOK_UNASSIGNED_STAFF_ROLE = ""
    scene = build_scene()
    enrich(scene)
    candidates = candidate_pages(scene)
    failures: list[str] = []
    visited: dict[str, int] = {}
    for role in VISITORS:
        client = Client()
        client.force_login(scene.users[role])
        # A fragment (a panel a page polls for) is checked inside the page it belongs to.
        urls = [page.url for page, html in reachable(client, candidates) if "<html" in html]
        visited[role] = len(urls)
        # axe-core is injected as an inline script, which the site's CSP rightly refuses.
        context = browser.new_context(bypass_csp=True, base_url=live_server.url)
        context.add_init_script(path=str(AXE))
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{url} as {role}"
            failures += [f"{url} as {role}: {v}" for v in _violations(page)]
        context.close()
    # The world reaches most of the officer pages; a collapse here means discovery broke.
    assert visited["dso"] >= 30 and all(visited.values()), visited
    assert not failures, f"{len(failures)} violations:\n" + "\n".join(failures)
