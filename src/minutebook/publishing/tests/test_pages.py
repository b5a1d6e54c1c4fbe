"""The public pages answer, show what the law requires, and never show exempt content."""

from __future__ import annotations

import datetime as dt
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from minutebook.core.testing_crawl import hrefs
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.publishing.tests.scenario import CANARY, PUBLIC_MARKER, Scenario


def crawl(client: Client, start: str = "/", pages: dict[str, str] | None = None) -> dict[str, str]:
    """Every page of the site reachable from ``start`` by links, as an anonymous visitor.

    Pass the ``pages`` of an earlier crawl to extend it: pages already read are not
    fetched again (a second start point then costs only what it adds).
    """
    pages = {} if pages is None else pages
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        pages[url] = body
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in hrefs(body):
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme in {"mailto", "tel"} or parts.netloc not in {"", "testserver"}:
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(("/static/", "/media/", "/admin/")):
                continue
            if path not in pages:
                queue.append(path)
    return pages


def test_every_public_page_answers(client: Client, scenario: Scenario) -> None:
    council, committee, held = scenario.council, scenario.committee, scenario.held
    urls = [
        "/",
        f"/{council.slug}/",
        f"/{council.slug}/committees/",
        f"/{council.slug}/{committee.slug}/",
        f"/{council.slug}/{committee.slug}/{held.slug}/",
        f"/{council.slug}/{committee.slug}/{held.slug}/items/3/",
        f"/{council.slug}/{committee.slug}/{held.slug}/items/4/",
        f"/{council.slug}/{committee.slug}/{held.slug}/items/4a/",
        f"/{council.slug}/{committee.slug}/{scenario.upcoming.slug}/",
        f"/{council.slug}/{committee.slug}/{scenario.imported.slug}/",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert b'<html lang="en-GB"' in response.content
        assert b'id="main-content"' in response.content


def test_meeting_url_is_the_date(scenario: Scenario) -> None:
    held = scenario.held
    assert held.get_absolute_url() == f"/wyvern-vale/cabinet/{held.date.isoformat()}/"


def test_exempt_text_never_reaches_any_public_page(client: Client, scenario: Scenario) -> None:
    pages = crawl(client)
    held = scenario.held.get_absolute_url()
    # The crawl reached the pages that matter, so the absence below means something.
    assert held in pages
    assert f"{held}items/3/" in pages
    assert f"{held}items/4/" in pages
    assert any(PUBLIC_MARKER in body for body in pages.values())
    assert any(body == "%PDF-1.7 public agenda pack" for body in pages.values())
    leaks = [url for url, body in pages.items() if CANARY in body]
    assert leaks == [], f"exempt text on {leaks}"


def test_single_council_home_redirects(client: Client, scenario: Scenario) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/wyvern-vale/"


def test_home_lists_councils_when_there_are_several(client: Client, scenario: Scenario) -> None:
    CouncilFactory(name="Another Borough Council", slug="another")
    body = client.get("/").content.decode()
    assert "Wyvern Vale District Council" in body
    assert 'href="/another/"' in body


def test_council_home_lists_next_and_recent_meetings(client: Client, scenario: Scenario) -> None:
    body = client.get("/wyvern-vale/").content.decode()
    upcoming, recent = body.split("Recent meetings", 1)
    assert scenario.upcoming.get_absolute_url() in upcoming
    assert scenario.held.get_absolute_url() in recent
    assert "--council-brand: #6f2c91" in body
    decisions = body.split("Latest decisions", 1)[1]
    assert "Leisure centre opening hours" in decisions
    assert CANARY not in body


def test_committee_page_lists_members_by_role_and_meetings(
    client: Client, scenario: Scenario
) -> None:
    body = client.get("/wyvern-vale/cabinet/").content.decode()
    headings = ["Chairman", "Vice-Chairman", "Members", "Co-opted members"]
    positions = [body.index(f'<h3 class="govuk-heading-m">{h}</h3>') for h in headings]
    assert positions == sorted(positions)
    assert "Non-voting" in body
    assert scenario.held.get_absolute_url() in body
    assert scenario.upcoming.get_absolute_url() in body


def test_committees_page_groups_bodies(client: Client, scenario: Scenario) -> None:
    body = client.get("/wyvern-vale/committees/").content.decode()
    assert 'href="/wyvern-vale/cabinet/"' in body
    assert 'href="/wyvern-vale/planning/"' in body
    assert body.index("Executive / cabinet") < body.index("Regulatory (planning, licensing)")


def test_agenda_shows_numbers_titles_pages_and_exempt_paragraphs(
    client: Client, scenario: Scenario
) -> None:
    body = client.get(scenario.held.get_absolute_url()).content.decode()
    assert '<th scope="col" class="govuk-table__header">Pages</th>' in body
    assert "Pages 7 to 20" in body
    assert "Leisure centre opening hours" in body
    # Exempt items: title and paragraph public, content not.
    assert "Sale of land at the depot" in body
    assert "exempt under paragraph 3 of Schedule 12A" in body
    assert "Staffing consequences of the depot sale" in body
    assert "exempt under paragraphs 1 and 4 of Schedule 12A" in body
    assert f'href="{scenario.held.get_absolute_url()}items/3/"' in body
    assert "Agenda pack" in body
    assert "Council Chamber" in body
    assert "6pm to 8pm" in body
    assert "Held" in body


def test_meeting_shows_public_minutes_and_decisions(client: Client, scenario: Scenario) -> None:
    body = client.get(scenario.held.get_absolute_url()).content.decode()
    assert "Members welcomed the longer hours." in body
    assert "That the new opening hours be recommended to Full Council." in body
    assert "To recommend the longer opening hours." in body
    assert "In force" in body
    assert CANARY not in body


def test_report_page_shows_the_cover_sheet(client: Client, scenario: Scenario) -> None:
    body = client.get(f"{scenario.held.get_absolute_url()}items/3/").content.decode()
    assert PUBLIC_MARKER in body
    assert "For recommendation to Full Council" in body
    assert "Dana Whitlock, Leisure Manager" in body
    assert "Usage figures" in body
    assert "Key decision" in body
    assert "Current: Medium" in body


def test_exempt_report_page_says_only_that_it_is_restricted(
    client: Client, scenario: Scenario
) -> None:
    response = client.get(f"{scenario.held.get_absolute_url()}items/4/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "This report is restricted" in body
    assert "exempt under paragraph 3 of Schedule 12A" in body
    assert "Sale of land at the depot" in body
    assert CANARY not in body


def test_imported_meeting_is_marked(client: Client, scenario: Scenario) -> None:
    body = client.get(scenario.imported.get_absolute_url()).content.decode()
    assert "Imported" in body
    assert "archive of agenda packs on " in body
    assert CANARY not in body
    held = client.get(scenario.held.get_absolute_url()).content.decode()
    assert "govuk-tag--yellow" not in held


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-council/",
        "/no-such-council/committees/",
        "/wyvern-vale/no-such-committee/",
        "/wyvern-vale/cabinet/1999-01-01/",
        "/wyvern-vale/cabinet/not-a-date/",
        "/wyvern-vale/cabinet/{held}/items/99/",
        "/wyvern-vale/cabinet/{held}/items/3/extra/",
        "/another/cabinet/{held}/",
    ],
)
def test_unknown_addresses_are_404(client: Client, scenario: Scenario, url: str) -> None:
    CouncilFactory(name="Another Borough Council", slug="another")
    response = client.get(url.format(held=scenario.held.slug))
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_unnumbered_items_have_no_page_but_still_list(client: Client, scenario: Scenario) -> None:
    AgendaItemFactory(meeting=scenario.held, order=9, number="", title="Any other business")
    body = client.get(scenario.held.get_absolute_url()).content.decode()
    assert "Any other business" in body


def test_invalid_brand_colour_is_not_injected(client: Client, scenario: Scenario) -> None:
    scenario.council.brand_colour = "red;}"
    scenario.council.save()
    body = client.get("/wyvern-vale/").content.decode()
    assert "red;}" not in body
    assert "--council-brand: #1d4f91" in body


def test_second_meeting_on_one_day_has_its_own_address(client: Client, scenario: Scenario) -> None:
    held = scenario.held
    second = MeetingFactory(committee=held.committee, start=held.start + dt.timedelta(hours=1))
    assert second.slug == f"{held.slug}-2"
    body = client.get(second.get_absolute_url()).content.decode()
    assert client.get(second.get_absolute_url()).status_code == 200
    assert "Leisure centre opening hours" not in body
    assert "Leisure centre opening hours" in client.get(held.get_absolute_url()).content.decode()


def test_past_meetings_are_paged(client: Client, scenario: Scenario) -> None:
    first = scenario.held.start - dt.timedelta(days=30)
    for week in range(25):
        MeetingFactory(committee=scenario.committee, start=first - dt.timedelta(weeks=week))
    page_one = client.get("/wyvern-vale/cabinet/").content.decode()
    assert 'href="?page=2"' in page_one
    page_two = client.get("/wyvern-vale/cabinet/?page=2")
    assert page_two.status_code == 200
    assert scenario.imported.get_absolute_url() in page_two.content.decode()
    assert client.get("/wyvern-vale/cabinet/?page=nonsense").status_code == 200


def test_pages_only_answer_safe_methods(client: Client, scenario: Scenario) -> None:
    assert client.post(scenario.held.get_absolute_url()).status_code == 405
    assert client.head(scenario.held.get_absolute_url()).status_code == 200


def test_public_document_files_are_served_and_exempt_ones_are_not(
    client: Client, scenario: Scenario
) -> None:
    from minutebook.documents.models import Document

    public = Document.public_objects.get(title="Agenda pack")
    response = client.get(f"/wyvern-vale/documents/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 public agenda pack"
    assert response["Content-Type"] == "application/pdf"
    exempt_ids = {d.pk for d in scenario.exempt_documents}
    assert len(exempt_ids) == 3
    for pk in exempt_ids:
        assert client.get(f"/wyvern-vale/documents/{pk}/").status_code == 404
    assert client.get(f"/another-council/documents/{public.pk}/").status_code == 404
