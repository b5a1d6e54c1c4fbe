"""Browser tests: Playwright's sync API driving Debian's Chromium against live_server.

Playwright's sync API runs an event loop in the test thread, which makes Django
refuse synchronous database access unless told that this is deliberate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET = REPO_ROOT / "src" / "minutebook" / "static" / "build" / "minutebook.css"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed; browser tests use Debian's Chromium only")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing; run `npm ci` first")
    if not STYLESHEET.exists():
        pytest.fail(f"{STYLESHEET} is missing (axe needs the real styles); run `npm run build`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe-core from the project's node_modules, injected into pages under test."""
    return AXE


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the site keeps its policy for everyone else.
    context = browser.new_context(java_script_enabled=True, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
