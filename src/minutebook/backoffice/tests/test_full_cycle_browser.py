"""A whole committee cycle in Chromium, as the people who run it would (issue 17).

Democratic services set up a cabinet and schedule its meeting; a report author writes a
report with a PDF appendix and submits it; finance, legal and the monitoring officer
clear it; the agenda is published and the worker builds the pack; a councillor asks a
question from the members' area and democratic services take it; the meeting is held
(attendance), minuted, its decision published and called in by councillors who did not
take it; the minutes are confirmed at the next meeting. One appendix is exempt: the
chair reads it in the members' pack, the public pages and pack never show it. Everything is done by clicking
and typing in /officer/ and /members/ (never /admin/), and the public site is read at
each step. Only what the pages do not do is set up beforehand: the logins with their
roles, the councillors those logins belong to, and the council itself.

Time passes as it would between the steps (weeks): ``timezone.now`` is moved forward,
in the server too, which runs in this process. Playwright drives Debian's Chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import PASSWORD, grant, make_user
from minutebook.councils.factories import CouncilFactory
from minutebook.packs.services import pdf_text
from minutebook.packs.tests.builders import appendix_pdf
from minutebook.people.factories import CouncillorFactory
from minutebook.reports.models import ClearanceRule, ClearanceScope

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
BODY = """1. Background

The central library opens on five days a week.

2. Proposal

- Open on Saturdays
- Close at eight on Thursdays"""


class Clock:
    """``timezone.now`` running on from the real time, moved forward as weeks pass."""

    def __init__(self) -> None:
        self.real_now = timezone.now
        self.offset = dt.timedelta()

    def now(self) -> dt.datetime:
        return self.real_now() + self.offset

    def go_to(self, moment: dt.datetime) -> None:
        self.offset = moment - self.real_now()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed; browser tests use Debian's Chromium only")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def council(settings: Any, tmp_path: Path) -> Any:
    """The council, its logins with their roles, and the councillors with logins."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MINUTEBOOK_REQUIRE_CLEARED_REPORTS = True
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    settings.MINUTEBOOK_REBUILD_STALE_COPIES = True
    settings.MINUTEBOOK_PUBLIC_CACHE = False
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600  # weeks pass between the steps
    council = CouncilFactory(slug="westmarch", name="Westmarch District Council")
    # This council asks all three signatories to clear every report.
    for role in (Role.FINANCE, Role.LEGAL, Role.MONITORING_OFFICER):
        ClearanceRule.objects.create(council=council, role=role, scope=ClearanceScope.ALL)
    for name, role in (
        ("dso", Role.DEMOCRATIC_SERVICES),
        ("author", Role.REPORT_AUTHOR),
        ("finance", Role.FINANCE),
        ("legal", Role.LEGAL),
        ("monitoring", Role.MONITORING_OFFICER),
    ):
        grant(make_user(name), council, role)
    for name, first, last in (("leader", "Alice", "Leader"), ("asker", "Bryn", "Asker")):
        user = make_user(name)
        grant(user, council, Role.COUNCILLOR)
        CouncillorFactory(council=council, first_name=first, last_name=last, user=user)
    CouncillorFactory(council=council, first_name="Carys", last_name="Second")
    return council


class Visit:
    """One browser tab, signed in as one person at a time; every request is kept."""

    def __init__(self, browser: Any, base: str, tmp_path: Path) -> None:
        self.context = browser.new_context(base_url=base)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.public = browser.new_context(base_url=base).new_page()
        self.public.on("request", lambda request: self.requests.append(request.url))
        self.tmp_path = tmp_path

    def sign_in(self, username: str) -> Any:
        page = self.page
        self.context.clear_cookies()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"
        return page

    def click(self, name: str, role: str = "link", exact: bool = False) -> None:
        found = self.page.locator("#main-content").get_by_role(role, name=name, exact=exact)
        if not found.count():
            (self.tmp_path / "failed.html").write_text(self.page.content())
            raise AssertionError(f"no {role} {name!r} on {self.page.url}")
        found.first.click()
        self.page.wait_for_load_state()

    def crumb(self, name: str) -> None:
        self.page.locator(".govuk-breadcrumbs").get_by_role("link", name=name).click()
        self.page.wait_for_load_state()

    def press(self, name: str) -> None:
        self.click(name, role="button")
        self.refused()

    def refused(self) -> None:
        """Fail with the page's error summary when a form was refused."""
        summary = self.page.locator(".govuk-error-summary")
        if summary.count():
            raise AssertionError(f"{self.page.url}: {summary.first.inner_text()}")
        assert "Server Error" not in self.page.content()

    def fill(self, **fields: str) -> None:
        for name, value in fields.items():
            self.page.fill(f"[name='{name}']", value)

    def choose(self, **fields: str) -> None:
        for name, label in fields.items():
            self.page.select_option(f"select[name='{name}']", label=label)

    def pick(self, name: str, text: str) -> None:
        """Choose the option of ``name`` whose label contains ``text``."""
        select = self.page.locator(f"select[name='{name}']")
        options = select.locator("option").all()
        values = [o.get_attribute("value") for o in options if text in o.inner_text()]
        assert values, f"no option {text!r} in {name} on {self.page.url}"
        select.select_option(values[0])

    def open_file(self, name: str) -> bytes:
        """The file a link on the page leads to, fetched with this tab's sign-in."""
        href = self.page.locator("#main-content").get_by_role("link", name=name).first
        response = self.context.request.get(href.get_attribute("href"))
        assert response.status == 200, (name, response.status)
        return bytes(response.body())

    def read(self, path: str) -> str:
        """A public page, read by an anonymous visitor."""
        response = self.public.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        return str(self.public.content())


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_whole_cycle_through_the_officer_and_members_pages(
    browser: Any, live_server: Any, council: Any, clock: Clock, tmp_path: Path
) -> None:
    visit = Visit(browser, live_server.url, tmp_path)
    page = visit.sign_in("dso")
    today = timezone.localdate()
    first = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=35), dt.time(18, 30)))
    second = first + dt.timedelta(days=35)

    # ---- Set-up: the council's call-in rule, a venue, a councillor, the cabinet.
    page.goto("/officer/")
    visit.click("Set-up")
    if "/officer/setup/westmarch/" not in page.url:
        visit.click("Westmarch District Council")
    visit.click("Council rules")
    visit.fill(call_in_signatories="2")
    visit.press("Save")
    visit.click("Venues")
    visit.click("Add a venue")
    visit.fill(name="Council Chamber", address="Town Hall, Market Square, Westmarch")
    visit.press("Add venue")
    visit.crumb("Westmarch District Council")
    visit.click("People")
    visit.click("Add a person")
    visit.choose(kind="Councillor")
    visit.fill(first_name="Dewi", last_name="Member")
    visit.press("Add person")
    visit.crumb("Westmarch District Council")
    visit.click("Committees")
    visit.click("Add a committee")
    visit.fill(name="Cabinet", quorum="2")
    visit.choose(kind="Executive / cabinet")
    visit.press("Add committee")
    visit.click("Cabinet")
    visit.click("Members")
    for person, role in (("Alice Leader", "Chairman"), ("Dewi Member", "Member")):
        visit.click("Add a member")
        visit.pick("person", person)
        visit.choose(role=role)
        visit.press("Add member")
    seats = page.content()
    assert "Alice Leader" in seats and "Dewi Member" in seats
    # A second chairman at once is refused on the form.
    visit.click("Add a member")
    visit.pick("person", "Carys Second")
    visit.choose(role="Chairman")
    visit.click("Add member", role="button")
    assert "There is a problem" in page.content()
    visit.click("Cancel")

    # ---- Democratic services schedule the meeting and put an item with a report on it.
    visit.click("Meetings")
    visit.click("Cabinet")
    visit.click("Create a meeting")
    visit.fill(start=local(first))
    visit.choose(venue="Council Chamber")
    visit.press("Create meeting")
    meeting_url = page.url
    public_meeting = "/westmarch/cabinet/" + first.date().isoformat() + "/"
    visit.click("Add an item")
    visit.fill(title="Library opening hours", new_report_title="Library opening hours")
    visit.press("Save item")
    page.goto(meeting_url)
    visit.click("Library opening hours")  # the report
    visit.click("Authors")
    visit.pick("assigned_to", "author")
    visit.press("Save who drafts it")
    visit.fill(**{"author-name": "Sam Writer", "author-job_title": "Head of Libraries"})
    visit.press("Add the author")
    assert visit.read(public_meeting)  # the meeting is public, its agenda not yet
    assert "Library opening hours" not in visit.read(public_meeting)

    # ---- The author writes it, with a PDF appendix uploaded in the same form, and submits.
    pdf = tmp_path / "floor-plan.pdf"
    pdf.write_bytes(appendix_pdf("LIBRARY FLOOR PLAN", 1))
    page = visit.sign_in("author")
    page.goto("/officer/")
    visit.click("Library opening hours")  # the dashboard: reports to write
    visit.click("Edit the report and its appendices")
    visit.fill(
        brief_summary="Longer library opening hours.",
        recommendations="1. That Saturday opening be approved.",
        reasons="Visitors asked for weekend opening.",
        body=BODY,
        financial_implications="Met from the libraries budget.",
        legal_implications="None.",
    )
    visit.fill(**{"appendix-label": "Appendix A", "appendix-title": "Floor plan"})
    page.set_input_files("[name='appendix-file']", str(pdf))
    visit.press("Save the report")
    # A second appendix holds exempt information (Schedule 12A paragraph 3).
    prices = tmp_path / "tender-prices.pdf"
    prices.write_bytes(appendix_pdf("TENDER PRICES", 1))
    visit.click("Edit the report and its appendices")
    visit.fill(**{"appendix-label": "Appendix B", "appendix-title": "Tender prices"})
    page.check("[name='appendix-paragraphs'][value='3']")
    visit.fill(**{"appendix-public_interest_reason": "The tender is still open."})
    page.set_input_files("[name='appendix-file']", str(prices))
    visit.press("Save the report")
    visit.press("Submit for clearance")
    assert "Submitted" in page.content() or "submitted" in page.content()

    # ---- Each clearer the council requires finds it, opens the appendix, and clears it.
    for clearer in ("finance", "legal", "monitoring"):
        page = visit.sign_in(clearer)
        page.goto("/officer/")
        visit.click("Reports")
        visit.click("Library opening hours")
        assert "The central library opens on five days a week." in page.content()
        assert visit.open_file("Appendix A: Floor plan").startswith(b"%PDF")
        assert visit.open_file("Appendix B: Tender prices").startswith(b"%PDF")
        visit.press("Clear")
    assert "Ready" in page.content() or "ready" in page.content()

    # ---- Democratic services publish the agenda; the worker builds the pack.
    page = visit.sign_in("dso")
    page.goto(meeting_url)
    visit.click("Publish the agenda")
    visit.press("Publish the agenda")
    agenda = visit.read(public_meeting)
    assert "Library opening hours" in agenda
    public = visit.public
    public.get_by_role("link", name="Library opening hours").first.click()
    public.wait_for_load_state()
    item_page = public.content()
    assert "The central library opens on five days a week." in item_page
    assert "Floor plan" in item_page and "Sam Writer" in item_page
    pack = visit.read(public_meeting + "agenda-pack.html")
    assert "Close at eight on Thursdays" in pack and "Floor plan" in pack
    pdf_pack = visit.public.request.get(public_meeting + "agenda-pack.pdf")
    assert pdf_pack.status == 200
    printed = pdf_text(pdf_pack.body())
    assert "LIBRARY FLOOR PLAN sheet 1" in printed and "Close at eight" in printed
    # The exempt appendix: its title only, never its content or a link to it.
    assert "Tender prices" not in item_page
    assert "Document is restricted: not for publication" in pack
    assert "TENDER PRICES" not in pack and "TENDER PRICES" not in printed

    # ---- The chair reads the papers, the exempt appendix too, in the members' area.
    page = visit.sign_in("leader")
    page.goto("/members/")
    page.locator("#main-content").get_by_role("link", name=re.compile("^Cabinet, ")).first.click()
    visit.click("Members' agenda pack as a web page")
    assert "TENDER PRICES sheet 1" in page.content()  # the members' version has it

    # ---- A councillor asks a question from the members' area; democratic services take it.
    page = visit.sign_in("asker")
    page.goto("/members/")
    visit.click("Questions and motions")
    visit.click("Ask a question")
    visit.fill(text="How many visitors use the library on Saturdays?")
    visit.press("Send the question")
    assert "Saturdays" not in visit.read(public_meeting)  # not public until accepted
    page = visit.sign_in("dso")
    page.goto("/officer/participation/")
    visit.click("Cabinet")
    visit.click("Question 1")
    visit.press("Accept")
    visit.click("Back to the meeting")
    visit.press("Publish as a supplement")
    questions = visit.read(public_meeting + "questions/published/")
    assert "How many visitors use the library on Saturdays?" in questions

    # ---- The evening of the meeting: attendance, then the minutes.
    clock.go_to(first + dt.timedelta(hours=2, minutes=30))
    page = visit.sign_in("dso")
    page.goto("/officer/areas/")
    visit.click("Attendance at")
    for name in ("Cllr Alice Leader", "Dewi Member"):
        page.locator("button[value='present-in_person']", has_text=name).click()
        page.wait_for_load_state()
        visit.refused()
    assert "Quorate" in page.content()
    page.goto("/officer/participation/")
    visit.click("Cabinet")
    visit.click("Question 1")
    visit.click("Record the answer")
    visit.pick("answered_by", "Alice Leader")
    visit.fill(answer="About four hundred a week, from the pilot last summer.")
    visit.press("Save the answer")
    assert "About four hundred a week" in page.content()
    page.goto("/officer/areas/")
    visit.click("Minutes of")
    visit.press("Start the draft minutes")
    minute = page.locator("#main-content section, #main-content .govuk-summary-card").filter(
        has_text="Library opening hours"
    )
    minute.get_by_role("link", name=re.compile("^Edit")).first.click()
    visit.fill(
        text="The Cabinet considered the report of the Head of Libraries.",
        resolution="That the central library open on Saturdays from April.",
        reasons="Visitors asked for weekend opening.",
    )
    visit.press("Save the minute")

    # ---- The decision is published, then called in by councillors who did not take it.
    page.goto("/officer/decisions/")
    visit.click("Library opening hours")
    visit.press("Publish the decision")
    assert "Library opening hours" in visit.read("/westmarch/decisions/")
    public.get_by_role("link", name="Library opening hours").first.click()
    decision = public.content()
    assert "That the central library open on Saturdays from April." in decision
    assert "Visitors asked for weekend opening." in decision
    clock.go_to(first + dt.timedelta(days=1, hours=-8))
    page = visit.sign_in("dso")
    page.goto("/officer/decisions/")
    visit.click("Library opening hours")
    visit.click("Record a call-in request")
    for name in ("Alice Leader", "Bryn Asker"):
        page.get_by_label(re.compile(name)).check()
    visit.fill(grounds="The Saturday staffing cost was not assessed.")
    visit.click("Record the call-in", role="button")
    assert "There is a problem" in page.content()  # the leader took the decision
    page.get_by_label(re.compile("Alice Leader")).uncheck()
    page.get_by_label(re.compile("Carys Second")).check()
    visit.press("Record the call-in")
    assert "Called in" in page.content() or "called in" in page.content()
    public.goto("/westmarch/decisions/")
    public.get_by_role("link", name="Library opening hours").first.click()
    assert "called in" in public.content().lower()

    # ---- The next meeting confirms the minutes, signed by the chair.
    visit.click("Meetings", exact=True)
    visit.click("Cabinet", exact=True)
    visit.click("Create a meeting")
    visit.fill(start=local(second))
    visit.choose(venue="Council Chamber")
    visit.press("Create meeting")
    second_url = page.url
    visit.click("Publish the agenda")
    visit.press("Publish the agenda")
    clock.go_to(second + dt.timedelta(hours=1))
    page = visit.sign_in("dso")
    page.goto("/officer/areas/")
    page.locator("#main-content").get_by_role(
        "link", name=re.compile(f"Minutes of .*{second.day} ")
    ).first.click()
    visit.press("Start the draft minutes")
    visit.click("Confirm minutes at this meeting")
    visit.pick("signed_by", "Alice Leader")
    visit.fill(signed_at=local(timezone.now()))
    visit.press("Confirm and sign")
    assert "confirmed and signed" in page.content()
    held = visit.read(public_meeting)
    assert "That the central library open on Saturdays from April." in held
    assert "These minutes are a draft" not in held
    public.get_by_role("link", name=re.compile("^Minutes and attendance")).first.click()
    record = public.content()
    assert "Alice Leader" in record and "Dewi Member" in record
    assert "Cabinet considered the report" in record
    assert second_url.endswith("/") and visit.read(f"/westmarch/cabinet/{second.date()}/")
    assert len(visit.requests) > 100
    assert not [url for url in visit.requests if "/admin/" in url]
