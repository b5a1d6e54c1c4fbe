"""Every GET page under /officer/ and /members/, found from the URL patterns (as the
permission matrix finds them) and filled from the matrix's world of two councils, so the
accessibility and bad-input tests cover pages added later without being told of them.

``survey`` opens each page as each role would and says which role reaches which page.
A route that no role reaches is a fault (a page added without the records behind it)
unless its answers show it is not a page at all (``not_a_page``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from minutebook.accounts.tests.matrix_world import Scene, arguments
from minutebook.accounts.tests.test_matrix import discover, fill
from minutebook.backoffice.tests.spare_world import enrich

__all__ = ["FALLBACK", "VISITORS", "Page", "Survey", "candidate_pages", "enrich", "survey"]

#: The roles a demo council runs on: the democratic services officer, a report author, a
#: clearer (finance) and a councillor who sits on the committee.
VISITORS = ("dso", "author", "finance", "councillor")

#: Roles that open only the pages no visitor can: the administrator (the user accounts)
#: and the superuser (the lists of councils, which take a one-council officer straight on).
FALLBACK = ("admin", "superuser")

#: Routes that answer with a file, not a page (nothing for axe or a form to find).
NOT_PAGES = (".pdf", ".json", ".csv", ".html")
#: File downloads (a stored file, not a page of ours): no HTML to check.
DOWNLOADS = {"backoffice:report-file", "backoffice:plans:evidence_file"}


@dataclass(frozen=True)
class Page:
    name: str
    url: str


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    location: str

    @property
    def html(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html")


def candidate_pages(scene: Scene, spare: Iterable[dict[str, Any]] = ()) -> list[Page]:
    """Each officer and members' route, filled with Alpha's public and exempt records
    (and the report waiting for clearance), then with each spare set of records."""
    pages: list[Page] = []
    alpha = scene.alpha
    public = arguments(alpha, exempt=False)
    variants = [
        public,
        arguments(alpha, exempt=True),
        # the report waiting for clearance, whose page holds the clearers' forms
        {**public, "reports/pk": alpha.submitted_report.pk},
        *({**public, **extra} for extra in spare),
    ]
    seen: set[str] = set()
    for route, name in discover(("officer/", "members/")):
        if route.endswith(NOT_PAGES) or name in DOWNLOADS:
            continue
        for known in variants:
            url = fill(route, name, scene.alpha, known)
            if url not in seen:
                seen.add(url)
                pages.append(Page(name, url))
    return pages


def not_a_page(answers: Iterable[tuple[str, Answer]]) -> str | None:
    """Why a route that no role reached (its (url, answer) for each page and role) is
    rightly not checked as a page, if it is not one."""
    answers = list(answers)
    if any(a.status == 405 for _, a in answers):
        return "takes only POST: an action, whose answer is the page it returns to"
    if any(a.status == 200 and not a.html for _, a in answers):
        return "answers with a file, not a page"
    moved = [(url, a) for url, a in answers if a.status not in (403, 404)]
    if moved and all(a.status == 302 and a.location == _above(url) for url, a in moved):
        # Its form is on the page above it; an invalid POST shows that page with errors.
        return "an action whose GET goes back to the page above it, which holds its form"
    return None


def _above(url: str) -> str:
    """The address one level up: /officer/plans/alpha/1/ above .../1/progress-report/."""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


@dataclass
class Survey:
    #: Each role's pages (page, HTML), in the order opened: a visitor's every page, a
    #: fallback role's only those that no visitor reached.
    opened: dict[str, list[tuple[Page, str]]] = field(default_factory=dict)
    answers: dict[Page, dict[str, Answer]] = field(default_factory=dict)
    #: Routes no role reached, with the reason each is not a page.
    excused: dict[str, str] = field(default_factory=dict)

    def reached(self) -> set[str]:
        return {page.name for pages in self.opened.values() for page, _ in pages}

    def server_errors(self) -> list[str]:
        """A line for each page that answered a role with a server error."""
        return [
            f"{page.url} ({page.name}) as {role}: server error {answer.status}"
            for page, by_role in self.answers.items()
            for role, answer in by_role.items()
            if answer.status >= 500
        ]

    def unreached(self) -> list[str]:
        """A line for each route that no role reached and that is a page all the same."""
        lines = []
        for name in sorted({page.name for page in self.answers} - self.reached()):
            if name in self.excused:
                continue
            tried = [
                f"{page.url} " + ", ".join(f"{r}: {a.status}" for r, a in by_role.items())
                for page, by_role in self.answers.items()
                if page.name == name
            ]
            lines.append(f"{name} reached by no role ({'; '.join(tried)})")
        return lines


def survey(scene: Scene, spare: list[dict[str, Any]]) -> Survey:
    """Open every candidate page as each visitor; the routes none reached again with the
    spare records, then as the fallback roles; excuse those whose answers show no page."""
    found = Survey()
    clients: dict[str, Client] = {}
    for role in (*VISITORS, *FALLBACK):
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(scene.users[role])
        found.opened[role] = []

    def visit(roles: tuple[str, ...], pages: list[Page]) -> None:
        for role in roles:
            for page in pages:
                response = clients[role].get(page.url)
                answer = Answer(
                    response.status_code,
                    response.get("Content-Type", ""),
                    response.get("Location", ""),
                )
                found.answers.setdefault(page, {})[role] = answer
                if answer.html:
                    found.opened[role].append((page, response.content.decode()))

    every = candidate_pages(scene, spare)
    first = candidate_pages(scene)
    visit(VISITORS, first)
    tried = set(first)
    missing = {page.name for page in first} - found.reached()
    visit(VISITORS, [p for p in every if p.name in missing and p not in tried])
    missing -= found.reached()
    visit(FALLBACK, [p for p in every if p.name in missing])
    for name in sorted(missing - found.reached()):
        why = not_a_page(
            (page.url, answer)
            for page, by_role in found.answers.items()
            if page.name == name
            for answer in by_role.values()
        )
        if why is not None:
            found.excused[name] = why
    return found
