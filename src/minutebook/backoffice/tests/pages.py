"""Every GET page under /officer/ and /members/, found from the URL patterns (as the
permission matrix finds them) and filled from the matrix's world of two councils, so the
accessibility and bad-input tests cover pages added later without being told of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from minutebook.accounts.tests.matrix_world import Scene, arguments
from minutebook.accounts.tests.test_matrix import discover, fill

#: The roles a demo council runs on: the democratic services officer, a report author, a
#: clearer (finance) and a councillor who sits on the committee.
VISITORS = ("dso", "author", "finance", "councillor")

#: Routes that answer with a file, not a page (nothing for axe or a form to find).
NOT_PAGES = (".pdf", ".json", ".csv", ".html")


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def enrich(scene: Scene) -> None:
    """Alpha's records that the matrix's world lacks, behind pages it would 404: a plan
    with an action, a scrutiny work programme item and action (each number 1)."""
    from minutebook.plans import services as plans
    from minutebook.plans.models import ItemLevel
    from minutebook.scrutiny import services as scrutiny

    alpha = scene.alpha
    plan = plans.create_plan(alpha.council, "Corporate improvement plan")
    plans.add_item(plan, ItemLevel.ACTION, "Recruit assessors")
    scrutiny.add_work_item(alpha.committee, subject="Library opening hours")
    scrutiny.raise_action(
        alpha.committee,
        text="Circulate the briefing note.",
        meeting=alpha.meeting,
        owner_text="Head of libraries",
    )


def candidate_pages(scene: Scene) -> list[Page]:
    """Each officer and members' route, filled with Alpha's public and exempt records
    (and the report waiting for clearance)."""
    pages: list[Page] = []
    alpha = scene.alpha
    variants = [
        arguments(alpha, exempt=False),
        arguments(alpha, exempt=True),
        # the report waiting for clearance, whose page holds the clearers' forms
        {**arguments(alpha, exempt=False), "reports/pk": alpha.submitted_report.pk},
    ]
    seen: set[str] = set()
    for route, name in discover(("officer/", "members/")):
        if route.endswith(NOT_PAGES) or name == "backoffice:report-file":
            continue
        for known in variants:
            url = fill(route, name, scene.alpha, known)
            if url not in seen:
                seen.add(url)
                pages.append(Page(name, url))
    return pages


def reachable(client: Any, pages: list[Page]) -> Iterator[tuple[Page, str]]:
    """(page, HTML) of each page this client's user may open (200, an HTML body)."""
    for page in pages:
        response = client.get(page.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield page, response.content.decode()
