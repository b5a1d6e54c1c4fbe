"""Issue 19, item 3: the decisions register complete and linked.

Decisions on exempt items are listed with what may be published; decision, report,
meeting and forward plan entry link both ways; the council home names every decision
maker.
"""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.decisions.factories import DecisionFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import MeetingState
from minutebook.people.factories import CouncillorFactory
from minutebook.publishing.tests.scenario import CANARY, PUBLIC_MARKER, Scenario


def _published() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=2)


def test_home_names_the_maker_of_an_individual_decision(client: Client, scenario: Scenario) -> None:
    """An individual (portfolio holder) decision has no committee: its maker was blank."""
    holder = CouncillorFactory(council=scenario.council, first_name="Priya", last_name="Okafor")
    DecisionFactory(
        meeting=None,
        council=scenario.council,
        decision_maker=None,
        decision_maker_person=holder,
        date=timezone.localdate(),
        title="Grass cutting contract extension",
        published_at=_published(),
    )
    body = client.get("/wyvern-vale/").content.decode()
    latest = body.split("Latest decisions", 1)[1].split("All decisions", 1)[0]
    line = latest.split("Grass cutting contract extension", 1)[1].split("</li>", 1)[0]
    assert holder.display_name in line
    assert '<span class="govuk-body-s">,' not in latest
    assert CANARY not in body


def _oparl_text(client: Client, limit: int = 400) -> str:
    """Every OParl page reachable from the system object, as one string (bounded walk)."""
    seen: dict[str, str] = {}
    queue = ["/oparl/v1/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming or not response["Content-Type"].startswith("application/json"):
            seen[path] = ""
            continue  # the bulk export and files: their own canary tests (api/tests)
        body = response.content.decode()
        seen[path] = body
        for url in re.findall(r'"(http://testserver/oparl/v1/[^"]*)"', body):
            local = url.removeprefix("http://testserver")
            if local not in seen and "/file/" not in local:
                queue.append(local)
    return "\n".join(seen.values())


def _public_text(client: Client, paths: list[str]) -> str:
    bodies = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        bodies.append(response.content.decode())
    return "\n".join(bodies)


FEEDS = [
    "/wyvern-vale/feeds/decisions.rss",
    "/wyvern-vale/feeds/decisions.atom",
    "/wyvern-vale/feeds/documents.rss",
    "/wyvern-vale/feeds/documents.atom",
]


def test_exempt_decision_is_listed_with_only_what_may_be_published(
    client: Client, scenario: Scenario
) -> None:
    decision = DecisionFactory(
        meeting=scenario.held,
        agenda_item=scenario.exempt_item,
        report=scenario.exempt_report,
        title=f"Depot disposal {CANARY}",
        decision=CANARY,
        reasons=CANARY,
        alternatives_rejected=CANARY,
        exempt_paragraphs=[3],
        key_decision=True,
        published_at=_published(),
    )
    register = client.get("/wyvern-vale/decisions/").content.decode()
    row = register.split(f'href="/wyvern-vale/decisions/{decision.pk}/"', 1)[1].split("</tr>")[0]
    assert scenario.exempt_item.title in row  # the title as it stood on the agenda
    assert "exempt under paragraph 3 of Schedule 12A" in row
    assert "Cabinet" in row
    page = client.get(f"/wyvern-vale/decisions/{decision.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Decision taken in private" in body
    assert scenario.exempt_item.title in body
    assert "paragraph 3 of Schedule 12A" in body
    assert scenario.held.get_absolute_url() in body
    meeting_page = client.get(scenario.held.get_absolute_url()).content.decode()
    private = meeting_page.split('id="decisions-in-private"', 1)[1]
    assert f'href="/wyvern-vale/decisions/{decision.pk}/"' in private
    assert scenario.exempt_item.title in private and CANARY not in meeting_page
    # Nothing of the report: neither its page's papers nor any file.
    assert "/documents/" not in body.split('id="main-content"', 1)[1]
    everything = register + body + _public_text(client, FEEDS) + _oparl_text(client)
    assert CANARY not in everything
    assert scenario.exempt_report.title not in everything
    for document in scenario.exempt_documents:
        assert f"/documents/{document.pk}/" not in everything


def test_marking_exempt_after_publication_withdraws_wording_and_report(
    client: Client, scenario: Scenario
) -> None:
    wording = "To raise the leisure fees by WORDING-5K2 per cent"
    decision = DecisionFactory(
        meeting=scenario.held,
        agenda_item=scenario.public_item,
        report=scenario.public_report,
        title="Leisure fees and charges",
        decision=wording,
        reasons="REASON-8Q1",
        published_at=_published(),
    )
    url = f"/wyvern-vale/decisions/{decision.pk}/"
    item_page = f"{scenario.held.get_absolute_url()}items/3/"
    before = client.get(url).content.decode()
    assert wording in before
    assert f'href="{item_page}"' in before  # its report, on the item's page
    assert scenario.public_report.title in before
    assert url in client.get(item_page).content.decode()  # the report page shows its decision
    assert wording in _public_text(client, FEEDS)

    item = scenario.public_item
    item.exempt_paragraphs = [3]
    item.public_interest_reason = "Commercial terms under negotiation."
    item.save()

    decision.refresh_from_db()
    assert decision.is_exempt  # the decision on the item went with it
    after = client.get(url)
    assert after.status_code == 200
    body = after.content.decode()
    assert "Decision taken in private" in body
    assert "Leisure centre opening hours" in body  # the agenda title stays public
    register = client.get("/wyvern-vale/decisions/").content.decode()
    assert url in register
    everything = body + register + _public_text(client, [item_page, *FEEDS]) + _oparl_text(client)
    for gone in (wording, "REASON-8Q1", "Leisure fees and charges", PUBLIC_MARKER):
        assert gone not in everything, gone


def test_decision_report_meeting_and_forward_plan_entry_link_both_ways(
    client: Client, scenario: Scenario
) -> None:
    council = scenario.council
    # Noticed a month before the scrutiny meeting (the factory's date is a sequence, which
    # other tests in the same process move on).
    entry = ForwardPlanEntryFactory(
        council=council,
        title="Leisure centre hours review",
        decision_maker_text="Cabinet",
        first_published=(scenario.held.start - dt.timedelta(days=37)).date(),
    )
    publish_plan(council)
    scrutiny = CommitteeFactory(
        council=council,
        name="Overview and Scrutiny Committee",
        slug="scrutiny",
        kind=CommitteeKind.OVERVIEW_SCRUTINY,
    )
    pre_decision = MeetingFactory(
        committee=scrutiny,
        start=scenario.held.start - dt.timedelta(days=7),
        state=MeetingState.HELD,
        published_at=scenario.held.published_at,
    )
    AgendaItemFactory(
        meeting=pre_decision,
        order=1,
        number="5",
        title="Pre-decision scrutiny: leisure centre hours",
        report=scenario.public_report,
    )
    decision = DecisionFactory(
        meeting=scenario.held,
        agenda_item=scenario.public_item,
        report=scenario.public_report,
        forward_plan_entry=entry,
        title="Leisure centre opening hours extended",
        published_at=_published(),
    )
    url = f"/wyvern-vale/decisions/{decision.pk}/"
    entry_page = f"/wyvern-vale/forward-plan/entries/{entry.pk}/"
    item_page = f"{scenario.held.get_absolute_url()}items/3/"

    body = client.get(url).content.decode()
    assert f'href="{item_page}"' in body
    assert f'href="{entry_page}"' in body
    assert f'href="{scenario.held.get_absolute_url()}"' in body
    history = body.split('id="matter-history"', 1)[1].split("</ol>", 1)[0]
    steps = ["Forward plan", "Overview and Scrutiny Committee", "Cabinet"]
    assert [history.index(s) for s in steps] == sorted(history.index(s) for s in steps)
    assert f'href="{pre_decision.get_absolute_url()}items/5/"' in history

    assert url in client.get(item_page).content.decode()
    plan = client.get("/wyvern-vale/forward-plan/").content.decode()
    assert f'href="{entry_page}"' in plan
    entry_body = client.get(entry_page).content.decode()
    assert url in entry_body
    assert "Leisure centre hours review" in entry_body
    assert 'id="matter-history"' in entry_body
    assert CANARY not in body + entry_body


def test_unknown_and_unpublished_decisions_are_not_found(
    client: Client, scenario: Scenario
) -> None:
    draft = DecisionFactory(
        meeting=scenario.held,
        agenda_item=scenario.exempt_item,
        title=f"Draft {CANARY}",
        exempt_paragraphs=[3],
        published_at=None,
    )
    assert client.get(f"/wyvern-vale/decisions/{draft.pk}/").status_code == 404
    assert client.get("/wyvern-vale/forward-plan/entries/999999/").status_code == 404


def test_entry_given_notice_outside_any_stored_version_has_a_page(
    client: Client, scenario: Scenario
) -> None:
    """An entry read from the archive has notice given but is in no stored version."""
    noticed = ForwardPlanEntryFactory(council=scenario.council, title="Depot car park lease")
    unpublished = ForwardPlanEntryFactory(
        council=scenario.council, title="Not yet noticed", first_published=None
    )
    body = client.get(f"/wyvern-vale/forward-plan/entries/{noticed.pk}/").content.decode()
    assert "Depot car park lease" in body and "Notice of this matter was given" in body
    assert client.get(f"/wyvern-vale/forward-plan/entries/{unpublished.pk}/").status_code == 404


def test_a_draft_decision_links_nothing_on_the_public_pages(
    client: Client, scenario: Scenario
) -> None:
    """Which agenda item a decision still being drafted is about is not yet public: the
    matter's history follows the links of published decision records only."""
    entry = ForwardPlanEntryFactory(council=scenario.council, title="Depot site disposal")
    publish_plan(scenario.council)
    draft = DecisionFactory(
        meeting=scenario.held,
        agenda_item=scenario.exempt_item,
        forward_plan_entry=entry,
        title="Depot site sold",
        exempt_paragraphs=[3],
        published_at=None,
    )
    entry_page = f"/wyvern-vale/forward-plan/entries/{entry.pk}/"
    body = client.get(entry_page).content.decode()
    assert "Depot site disposal" in body
    assert 'id="matter-history"' not in body
    assert f"{scenario.held.get_absolute_url()}items/" not in body
    draft.published_at = _published()
    draft.save()
    body = client.get(entry_page).content.decode()
    assert 'id="matter-history"' in body and CANARY not in body
