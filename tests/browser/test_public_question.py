"""A resident sends a public question in Chromium and finds it, name only, in the supplement.

The form is filled and sent with no help from scripts; an officer accepts the question
and publishes it through the officer pages; the public page of published questions then
shows the resident's name and question, and neither their address, email nor phone.
axe-core runs on the form, on the form showing errors, and on the published page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.participation.models import PublicQuestion, SubmissionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NAME = "Morgan Fairweather"
ADDRESS = "9 Orchard Rise, Little Exampleton"
EMAIL = "morgan.fairweather@example.org"
PHONE = "01632 960555"
QUESTION = "Will the council extend the opening hours of the library on Saturdays?"
PASSWORD = "a-long-browser-password-7"


def axe_violations(page: Any, axe: Path) -> list[dict[str, Any]]:
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
def meeting(transactional_db: None, settings: Any) -> Meeting:
    settings.MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS = 0
    cache.clear()
    council = CouncilFactory(slug="wyvern-vale", name="Wyvern Vale District Council")
    committee = CommitteeFactory(council=council, slug="cabinet", name="Cabinet")
    local = timezone.localtime(timezone.now()) + dt.timedelta(days=30)
    return MeetingFactory(
        committee=committee,
        start=local.replace(hour=18, minute=0, second=0, microsecond=0),
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=timezone.now(),
    )


def _public(meeting: Meeting, name: str) -> str:
    return reverse(
        f"publishing:participation:{name}",
        kwargs={
            "council": meeting.committee.council.slug,
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
        },
    )


def test_public_question_end_to_end(
    page: Any, live_server: Any, meeting: Meeting, axe_path: Path
) -> None:
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    checked: dict[str, list[dict[str, Any]]] = {}

    page.goto(f"{live_server.url}{_public(meeting, 'submit')}")
    assert page.locator("h1").inner_text() == "Send a question, statement or petition"
    checked["form"] = axe_violations(page, axe_path)

    # Sent empty: the error summary lists what is missing, and links to the fields.
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter your full name." in summary.inner_text()
    checked["form with errors"] = axe_violations(page, axe_path)

    page.get_by_label("Question", exact=True).check()
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Address", exact=True).fill(ADDRESS)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Phone number (optional)").fill(PHONE)
    page.get_by_label("Who is it for? (optional)").fill("Portfolio Holder for Culture")
    page.get_by_label("Your question, statement or petition").fill(QUESTION)
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your question has been received"
    question = PublicQuestion.objects.get()
    assert (question.name, question.email, question.phone) == (NAME, EMAIL, PHONE)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]

    # An officer signs in, accepts the question and publishes it.
    user = get_user_model().objects.create_user("dso", password=PASSWORD, is_staff=True)
    # Staff hold no rights without a role (docs/permissions.md): democratic services here.
    grant(user, meeting.committee.council, Role.DEMOCRATIC_SERVICES)
    signed_in = Client()
    signed_in.force_login(user)
    officer = page.context.browser.new_context()
    officer.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    officer_page = officer.new_page()
    officer_page.goto(
        f"{live_server.url}{reverse('backoffice:participation_meeting', args=[meeting.pk])}"
    )
    officer_page.get_by_role("link", name="Question 1").click()
    officer_page.wait_for_load_state()
    assert EMAIL in officer_page.content()  # officers see it, to reply
    officer_page.get_by_role("button", name="Accept").click()
    officer_page.wait_for_load_state()
    question.refresh_from_db()
    assert question.status == SubmissionStatus.ACCEPTED
    officer_page.goto(
        f"{live_server.url}{reverse('backoffice:participation_meeting', args=[meeting.pk])}"
    )
    officer_page.get_by_role("button", name="Publish as a supplement").click()
    officer_page.wait_for_load_state()
    officer.close()
    question.refresh_from_db()
    assert question.supplement is not None

    page.goto(f"{live_server.url}{_public(meeting, 'published')}")
    body = page.locator("main").inner_text()
    assert NAME in body
    assert QUESTION in body
    assert question.supplement.title in body
    html = page.content()
    for private in (ADDRESS, EMAIL, PHONE):
        assert private not in html
    checked["published"] = axe_violations(page, axe_path)

    assert script_errors == []
    failures = {label: describe(v) for label, v in checked.items() if v}
    assert not failures, failures
