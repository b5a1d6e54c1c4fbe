"""Import review end to end in Chromium: an officer signs in, uploads a front sheet PDF (made
with WeasyPrint), the task worker reads it, the officer corrects the venue and an agenda title
beside the page image, accepts, and the public meeting page shows the corrected values.

Playwright drives Debian's Chromium (never a downloaded browser). The test settings run tasks
immediately, after the upload's transaction commits, as the worker would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.councils.factories import CouncilFactory
from minutebook.importer.models import ImportRecord
from minutebook.meetings.models import Meeting

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

FRONT_SHEET = """<html><head><style>
@page { size: A4; margin: 2cm; @bottom-center { content: "Page " counter(page); } }
body { font-family: sans-serif; font-size: 11pt; }
</style></head><body>
<p>Eastmoor Borough Council</p>
<h1>Licensing Committee</h1>
<p>Date: Tuesday 5 March 2024</p>
<p>Time: 7.00 pm</p>
<p>Venue: Committee Room 3, Town Hall, High Street</p>
<p>Membership: Councillors Ann Lee (Chair), Bob Stone and Cara Hill</p>
<h2>AGENDA</h2>
<p>1. Apologies for absence</p>
<p>2. Minutes of the previous meeting (Pages 3 - 6)</p>
<p>3. Review of the Statement of Licensing Policy (Pages 7 - 20)</p>
<p>4. Taxi licensing fees (Pages 21 - 30)</p>
</body></html>"""


@pytest.fixture
def page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed; browser tests use Debian's Chromium only")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        yield context.new_page()
        context.close()
        browser.close()


def test_upload_correct_accept_and_find_it_public(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    from weasyprint import HTML

    council = CouncilFactory(slug="eastmoor", name="Eastmoor Borough Council")
    officer = get_user_model().objects.create_user("dso", password="x-very-long-pass")
    grant(officer, council, Role.DEMOCRATIC_SERVICES)
    pdf = tmp_path / "Agenda frontsheet 05th-Mar-2024 19.00 Licensing Committee.pdf"
    HTML(string=FRONT_SHEET).write_pdf(pdf)

    page.goto(f"{live_server.url}/accounts/login/?next=/officer/imports/")
    page.fill("#id_username", "dso")
    page.fill("#id_password", "x-very-long-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/officer/imports/eastmoor/")

    page.set_input_files("input[type=file]", str(pdf))
    page.get_by_role("button", name="Upload and read").click()
    page.wait_for_url("**/officer/imports/eastmoor/*/")
    for _ in range(20):  # the worker reads the file; the page says when it is ready
        if page.locator("#review-status").inner_text() == "Ready for review":
            break
        page.wait_for_timeout(500)
        page.reload()
    assert page.locator("#review-status").inner_text() == "Ready for review"

    # What was read, beside the page it was read from.
    venue = page.get_by_label("Venue")
    assert venue.input_value() == "Committee Room 3, Town Hall, High Street"
    image = page.locator("img[alt^='Page 1 of']").first
    image.scroll_into_view_if_needed()
    # The page image (rendered by the server) loads: the wait fails the test if it never does.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 100",
        arg=image.element_handle(),
        timeout=30000,
    )
    assert "Read from page 1" in page.content()

    venue.fill("Council Chamber, Town Hall, High Street")
    page.locator("#id_agenda-3-title").fill("Hackney carriage and private hire fees")
    page.get_by_role("button", name="Accept and import").click()
    page.wait_for_load_state()
    assert "Imported. 2 corrections kept" in page.content()

    meeting = Meeting.objects.get(committee__council=council)
    record = ImportRecord.objects.get(meeting=meeting)
    assert {c["field"] for c in record.corrections} == {"meeting.venue", "meeting.agenda.3.title"}

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    body = page.content()
    assert "Council Chamber" in body
    assert "Hackney carriage and private hire fees" in body
