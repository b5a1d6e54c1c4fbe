"""Decisions register, forward plan versions, councillor pages, search and alerts pages:
each answers, shows what it must, and never shows exempt content."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.attendance.models import Attendance, AttendanceStatus, Capacity
from minutebook.committees.models import CommitteeKind
from minutebook.decisions.models import CallInState, Decision
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.interests.models import Declaration, DeclarationAction, InterestKind
from minutebook.publishing.registers import councillor_url
from minutebook.publishing.tests.scenario import CANARY, Scenario
from minutebook.publishing.tests.test_pages import crawl


@pytest.fixture
def plan(scenario: Scenario) -> Scenario:
    """Two published versions: one entry changes date, one is added."""
    first = ForwardPlanEntryFactory(
        council=scenario.council, title="Leisure contract", decision_date=dt.date(2031, 3, 1)
    )
    publish_plan(scenario.council)
    first.decision_date = dt.date(2031, 4, 1)
    first.save()
    ForwardPlanEntryFactory(council=scenario.council, title="Car park charges")
    publish_plan(scenario.council)
    return scenario


def test_new_pages_answer_and_are_linked_from_the_council_home(
    client: Client, plan: Scenario
) -> None:
    council = plan.council.slug
    home = client.get(f"/{council}/").content.decode()
    for path in ("decisions/", "forward-plan/", "search/", "alerts/"):
        assert f'href="/{council}/{path}' in home, path
        response = client.get(f"/{council}/{path}")
        assert response.status_code == 200, path
        assert b'id="main-content"' in response.content
        assert CANARY.encode() not in response.content


def test_crawl_with_searches_never_shows_exempt_text(client: Client, plan: Scenario) -> None:
    """The link crawl, started also from searches for exempt words and the canary itself."""
    council = plan.council.slug
    pages: dict[str, str] = {}
    for start in [
        "/",
        f"/{council}/search/?q={quote(CANARY)}",
        f"/{council}/search/?q=depot",
        f"/{council}/search/?q=leisure",
        f"/{council}/search/?q=depot+sale&type=report&type=appendix",
        f"/search/?q={quote(CANARY)}",
        "/search/?q=leisure",
    ]:
        crawl(client, start, pages)
    decision = Decision.public_objects.get(title="Leisure centre opening hours")
    must_reach = [
        f"/{council}/decisions/",
        f"/{council}/decisions/{decision.pk}/",
        f"/{council}/forward-plan/",
        f"/{council}/forward-plan/versions/1/",
    ]
    for url in must_reach:
        assert url in pages, url
    assert any("/councillors/" in url for url in pages)
    assert any("<mark>" in body for url, body in pages.items() if "search" in url)
    # A search for the canary echoes the words typed, and finds nothing.
    echoes = {url for url in pages if quote(CANARY) in url}
    for url in echoes:
        if "/search/" in url:
            assert "No results" in pages[url], url
    leaks = [url for url, body in pages.items() if CANARY in body and url not in echoes]
    assert leaks == [], f"exempt text on {leaks}"


def test_decisions_register_shows_call_in_status_and_hides_exempt(
    client: Client, scenario: Scenario
) -> None:
    today = timezone.localdate()
    Decision.public_objects.filter(title="Leisure centre opening hours").update(
        call_in_state=CallInState.OPEN,
        call_in_expires=timezone.now() + dt.timedelta(days=3),
    )
    body = client.get(f"/{scenario.council.slug}/decisions/").content.decode()
    expires = today + dt.timedelta(days=3)
    assert f"Subject to call-in until {expires.day} {expires:%B %Y}" in body
    assert "Key decision" in body
    assert CANARY not in body and "Depot sale" not in body
    filtered = client.get(f"/{scenario.council.slug}/decisions/?status=called-in")
    assert "Leisure centre opening hours" not in filtered.content.decode()
    # The officer manager, named at run time so the public-code scan stays strict here too.
    exempt = Decision.officer_objects.get(is_exempt=True)
    assert client.get(f"/{scenario.council.slug}/decisions/{exempt.pk}/").status_code == 404


def test_decision_page_has_the_record(client: Client, scenario: Scenario) -> None:
    decision = Decision.public_objects.get(title="Leisure centre opening hours")
    body = client.get(f"/{scenario.council.slug}/decisions/{decision.pk}/").content.decode()
    assert "To recommend the longer opening hours." in body
    assert scenario.held.get_absolute_url() in body
    assert "In force" in body or "Not subject to call-in" in body


def test_forward_plan_shows_current_version_and_what_changed(
    client: Client, plan: Scenario
) -> None:
    council = plan.council.slug
    body = client.get(f"/{council}/forward-plan/").content.decode()
    assert "Current version 2" in body
    assert "Car park charges" in body and "Leisure contract" in body
    assert "What changed in version 2" in body
    assert "Added" in body and "Changed" in body
    assert "1 March 2031" in body and "1 April 2031" in body
    first = client.get(f"/{council}/forward-plan/versions/1/").content.decode()
    assert "Earlier version 1" in first and "Car park charges" not in first
    assert "first published version" in first
    assert client.get(f"/{council}/forward-plan/versions/9/").status_code == 404


def test_councillor_page(client: Client, scenario: Scenario) -> None:
    membership = scenario.committee.memberships.select_related("person").first()
    assert membership is not None
    person = membership.person
    Attendance.objects.create(
        meeting=scenario.held,
        person=person,
        membership=membership,
        capacity=Capacity.MEMBER,
        status=AttendanceStatus.PRESENT,
    )
    Declaration.objects.create(
        person=person,
        meeting=scenario.held,
        agenda_item=scenario.public_item,
        kind=InterestKind.OTHER_REGISTRABLE,
        nature="Member of the leisure trust",
        action=DeclarationAction.WITHDREW,
    )
    url = councillor_url(person)
    committee_page = client.get(scenario.committee.get_absolute_url()).content.decode()
    assert f'href="{url}"' in committee_page
    body = client.get(url).content.decode()
    assert person.display_name in body
    assert "Cabinet" in body
    assert "Present at 1 of 1 meeting expected (100%)" in body
    assert "Member of the leisure trust" in body
    assert "/interests/" in body  # the register of interests
    wrong_slug = url.replace(url.rstrip("/").rsplit("-", 1)[-1], "someone-else")
    assert client.get(wrong_slug).status_code in {301, 404}


def test_scrutiny_committee_links_its_work_programme(client: Client, scenario: Scenario) -> None:
    scenario.committee.kind = CommitteeKind.OVERVIEW_SCRUTINY
    scenario.committee.save()
    body = client.get(scenario.committee.get_absolute_url()).content.decode()
    assert "work-programme/" in body and "action-sheet/" in body


def test_search_page_filters_and_pages(client: Client, scenario: Scenario) -> None:
    council = scenario.council.slug
    body = client.get(f"/{council}/search/?q=leisure&type=decision").content.decode()
    assert "1 result" in body and "Leisure centre opening hours" in body
    bad = client.get(f"/{council}/search/?q=leisure&from=31-01-2025").content.decode()
    assert "There is a problem" in bad and 'href="#from-day"' in bad
    imported = client.get(f"/{council}/search/?q=apologies").content.decode()
    assert "Imported" in imported
