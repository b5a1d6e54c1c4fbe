"""What the browser tests share: Debian's Chromium (never a downloaded browser), axe-core
from the project's node_modules, and the WCAG 2.2 AA tags axe checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def chromium_with_axe() -> Iterator[Any]:
    """A launched Chromium; skips without Debian's Chromium, fails without axe-core."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed; browser tests use Debian's Chromium only")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing; run `npm ci` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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


def axe_violations(page: Any) -> list[str]:
    """The WCAG 2.2 AA failures axe finds on ``page`` (axe already loaded in it); a run
    that checked nothing fails the test rather than passing it."""
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    assert result["passes"], "axe-core ran no checks"
    return list(result["violations"])
