"""axe-core in Chromium on the HTML pack, as the public site serves it: no WCAG 2.2 AA violation.

Playwright drives Debian's Chromium (never a downloaded browser); axe-core comes from the
project's node_modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from minutebook.core.testing_browser import AXE, axe_violations, chromium_with_axe
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import CANARY, build_pack_scenario

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_with_axe() as browser:
        # axe-core is injected as an inline script, which the site's CSP rightly refuses.
        context = browser.new_context(bypass_csp=True)
        yield context.new_page()
        context.close()


@pytest.mark.parametrize("pad", [False, True])
def test_html_pack_has_no_wcag_violation(page: Any, live_server: Any, pad: bool) -> None:
    scenario = build_pack_scenario(pad=pad, paragraphs=3)
    generate_pack(scenario.meeting)
    page.goto(f"{live_server.url}{scenario.meeting.get_absolute_url()}")
    page.get_by_role("link", name="Agenda pack as a web page").click()
    page.wait_for_load_state()
    assert page.url.endswith("/agenda-pack.html")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("h1").count() == 1
    assert page.locator("#page-3").count() == 1
    assert CANARY not in page.content()

    # The skip link is the first thing a keyboard reaches, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    page.add_script_tag(path=str(AXE))
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def axe_wcag(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return axe_violations(page)


def test_minutes_html_has_no_wcag_violation(page: Any, live_server: Any) -> None:
    from minutebook.decisions.factories import MinuteItemFactory
    from minutebook.packs.minutes import generate_minutes
    from minutebook.packs.models import Audience, Format, GeneratedDocument, MinutesRecord

    scenario = build_pack_scenario(paragraphs=1)
    meeting = scenario.meeting
    MinutesRecord.objects.create(meeting=meeting, present="Rosa Linton\nOwen Marchbank")
    MinuteItemFactory(meeting=meeting, title="Library opening hours", text="Discussed.")
    generate_minutes(meeting)
    row = GeneratedDocument.objects.get(
        meeting=meeting, product="minutes", audience=Audience.PUBLIC, format=Format.HTML
    )
    council = meeting.committee.council.slug
    page.goto(f"{live_server.url}/{council}/documents/{row.document_id}/")
    assert page.locator("h1").count() == 1
    assert axe_wcag(page) == []


#: The words of a pack's table cells that a line break splits (outside ``.app-token``).
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("main th, main td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".app-token")) continue;
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


def test_html_pack_tables_wrap_only_between_words_on_a_phone(page: Any, live_server: Any) -> None:
    """At 320 px a table's cells wrap at spaces: no word (a row header such as "Date of
    publication" beside a long venue) is broken mid-word; only a long token (the web
    address, an email address) may break, and the page does not scroll sideways."""
    scenario = build_pack_scenario(paragraphs=1)
    generate_pack(scenario.meeting)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}{scenario.meeting.get_absolute_url()}agenda-pack.html")
    assert page.locator("main table").count() >= 2
    assert page.evaluate(SPLIT_WORDS) == []
    wide = page.evaluate(
        "[...document.querySelectorAll('th, td')]"
        ".filter((cell) => cell.getBoundingClientRect().right > 320)"
        ".map((cell) => cell.textContent.trim().slice(0, 60))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
