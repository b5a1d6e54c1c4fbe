"""Public decision pages name a forward plan entry as it was published, never a later edit.

The register (a decision taken in private is titled from its entry when it has no agenda
item), the decision pages and a matter's history all name the entry. An officer may
retitle an entry after the plan was published, with wording nobody has been given notice
of (a bidder's name, say); until the next publication the public sees the old words.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.publishing.tests.scenario import Scenario

PUBLISHED = "Disposal of the former depot site"
DRAFT = "Sale of the depot to Harrowgate Estates for 1.2m DRAFT-WORDING-7T"


def _pages(client: Client, paths: list[str]) -> str:
    bodies = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        bodies.append(response.content.decode())
    return "\n".join(bodies)


def test_register_decision_pages_and_history_show_the_published_entry_title(
    client: Client, scenario: Scenario
) -> None:
    council = scenario.council
    entry = ForwardPlanEntryFactory(
        council=council,
        title=PUBLISHED,
        reference="FP/77",
        first_published=None,
        decision_date=timezone.localdate() + dt.timedelta(days=40),
    )
    publish_plan(council)
    published = timezone.now() - dt.timedelta(days=1)
    private = DecisionFactory(
        council=council,
        meeting=None,
        agenda_item=None,
        decision_maker=None,
        decision_maker_text="Cabinet Member for Assets",
        date=timezone.localdate() - dt.timedelta(days=1),
        forward_plan_entry=entry,
        title="Depot sold (exempt wording)",
        exempt_paragraphs=[3],
        published_at=published,
    )
    open_decision = DecisionFactory(
        council=council,
        meeting=None,
        agenda_item=None,
        decision_maker=None,
        decision_maker_text="Cabinet Member for Assets",
        date=timezone.localdate() - dt.timedelta(days=1),
        forward_plan_entry=entry,
        title="Depot marketing approved",
        published_at=published,
    )
    # Retitled on the officer side after publication; not published again.
    entry.title = DRAFT
    entry.reference = "FP/77-DRAFT"
    entry.save()

    slug = council.slug
    body = _pages(
        client,
        [
            f"/{slug}/decisions/",
            f"/{slug}/decisions/{private.pk}/",
            f"/{slug}/decisions/{open_decision.pk}/",
            f"/{slug}/forward-plan/entries/{entry.pk}/",
        ],
    )
    assert "DRAFT-WORDING-7T" not in body
    assert "FP/77-DRAFT" not in body
    register = client.get(f"/{slug}/decisions/").content.decode()
    assert PUBLISHED in register  # the private decision, titled from its entry
    history = body.split('id="matter-history"', 1)[1].split("</ol>", 1)[0]
    assert f"Notice given in the forward plan: {PUBLISHED}" in history


def test_an_entry_never_published_gives_no_title(client: Client, scenario: Scenario) -> None:
    """A decision on an entry that no plan listed is titled as taken in private."""
    council = scenario.council
    entry = ForwardPlanEntryFactory(council=council, title=DRAFT, first_published=None)
    decision = DecisionFactory(
        council=council,
        meeting=None,
        agenda_item=None,
        decision_maker=None,
        decision_maker_text="Cabinet Member for Assets",
        date=timezone.localdate() - dt.timedelta(days=1),
        forward_plan_entry=entry,
        title="Depot sold (exempt wording)",
        exempt_paragraphs=[3],
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    body = _pages(client, [f"/{council.slug}/decisions/{decision.pk}/"])
    assert "DRAFT-WORDING-7T" not in body
    assert "Decision taken in private" in body
