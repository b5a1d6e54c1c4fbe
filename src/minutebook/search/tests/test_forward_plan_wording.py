"""The public search finds a forward plan entry by its published words only.

An entry rewritten on the officer side after the plan was published is indexed in the
words of the latest published version listing it; publishing the plan again re-indexes
it, and only then do the new words find it.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.services import publish_plan
from minutebook.publishing.tests.scenario import Scenario


def found(client: Client, slug: str, words: str) -> str:
    response = client.get(f"/{slug}/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_the_published_words_until_the_plan_is_published_again(
    client: Client, scenario: Scenario
) -> None:
    council, slug = scenario.council, scenario.council.slug
    entry = ForwardPlanEntryFactory(
        council=council,
        title="Disposal of the former quarrymen depot",
        reference="FP/77",
        description="The quarrymen depot is surplus to requirements.",
        first_published=None,
        decision_date=timezone.localdate() + dt.timedelta(days=40),
    )
    publish_plan(council)
    anchor = f"#entry-{entry.pk}"
    page = found(client, slug, "quarrymen")
    assert anchor in page and "Disposal of the former quarrymen depot" in page

    entry.title = "Sale of the depot to Harrowgate Estates"
    entry.description = "Harrowgate Estates offered the most; zebrafinch terms agreed."
    entry.save()
    assert anchor not in found(client, slug, "harrowgate")
    assert anchor not in found(client, slug, "zebrafinch")
    page = found(client, slug, "quarrymen")
    assert anchor in page and "Sale of the depot" not in page

    publish_plan(council)
    page = found(client, slug, "zebrafinch")
    assert anchor in page and "Sale of the depot to Harrowgate Estates" in page
    assert anchor not in found(client, slug, "quarrymen")
