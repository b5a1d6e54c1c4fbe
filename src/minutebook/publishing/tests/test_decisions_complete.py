"""Issue 19, item 3: the decisions register complete and linked.

Decisions on exempt items are listed with what may be published; decision, report,
meeting and forward plan entry link both ways; the council home names every decision
maker.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from minutebook.decisions.factories import DecisionFactory
from minutebook.people.factories import CouncillorFactory
from minutebook.publishing.tests.scenario import CANARY, Scenario


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
