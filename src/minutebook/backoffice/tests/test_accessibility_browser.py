"""axe-core in Chromium on every /officer/ and /members/ page a demo role can open: no
WCAG 2.2 AA violation (issue 17).

The pages are found from the URL patterns and filled from the permission matrix's world
and its spare records (``pages.survey``), so a page added later is checked without being
listed here, and a page that no role can open fails the test by name. Each role
(democratic services, a report author, a clearer, a councillor; the administrator and
superuser for the few pages only they open) gets one signed-in browser context, with
axe-core loaded into each page as it opens. Playwright drives Debian's Chromium;
axe-core comes from the project's node_modules.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from minutebook.accounts.tests.matrix_world import build_scene
from minutebook.backoffice.tests.pages import VISITORS, enrich, survey
from minutebook.core.testing_browser import AXE, axe_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_officer_and_members_page_passes_axe(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MINUTEBOOK_UNASSIGNED_STAFF_ROLE = ""
    # The pages, not the packs and minutes documents their records would build.
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = False
    scene = build_scene()
    found = survey(scene, enrich(scene))
    # A page added without the records behind it fails the test by name, not silently;
    # so does a page that answers any role (with any of the records) with a server error.
    failures: list[str] = found.unreached() + found.server_errors()
    visited: dict[str, int] = {}
    for role, opened in found.opened.items():
        # A fragment (a panel a page polls for) is checked inside the page it belongs to.
        urls = [page.url for page, html in opened if "<html" in html]
        visited[role] = len(urls)
        if not urls:
            continue
        client = Client()
        client.force_login(scene.users[role])
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
            failures += [f"{url} as {role}: {v}" for v in axe_violations(page)]
        context.close()
    # The world reaches most of the officer pages; a collapse here means discovery broke.
    assert visited["dso"] >= 30 and all(visited[role] for role in VISITORS), visited
    assert not failures, f"{len(failures)} pages unreached or violations:\n" + "\n".join(failures)
