"""The permission matrix: every role, and the anonymous public, against every officer and
members' page and action.

Routes are discovered from the URL configuration, so a view added later is covered
without editing this file: it gets the default expectation (officers may read; only
democratic services and administrators may change; members and the public may do
neither), unless ``EXPECTED`` says otherwise. A route whose arguments cannot be filled
in from the test council fails the test, naming itself.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from minutebook.accounts.testing import ALL_USERS, build_world

pytestmark = pytest.mark.django_db

ANON = "anonymous"
ROLES = (ANON, *ALL_USERS)
# "legacy_staff" (staff holding no role) is in none of these: no rights at any council.
OFFICERS = {"dso", "author", "finance", "legal", "monitoring", "admin"}
RUNS_MEETINGS = {"dso", "admin"}
MEMBERS = {"councillor", "councillor_other", "co_opted"}
AUDITORS = {"dso", "admin", "monitoring"}

#: Routes whose expectation differs from the default: {name: {method: roles allowed}}.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "backoffice:audit": {"GET": AUDITORS},
    "backoffice:reports": {"GET": OFFICERS},
    "backoffice:report": {"GET": OFFICERS},
    "backoffice:report-submit": {"POST": {"dso", "admin", "author"}},
    "backoffice:report-clear": {"POST": {"finance", "legal"}},
    "backoffice:report-return": {"POST": {"dso", "finance", "legal", "monitoring"}},
    "members:home": {"GET": MEMBERS},
    "members:meeting": {"GET": MEMBERS},
    "members:report": {"GET": MEMBERS, "POST": MEMBERS},
    "members:interests": {"GET": MEMBERS, "POST": MEMBERS},
    "members:register-entry": {"GET": {"councillor"}, "POST": {"councillor"}},
    "members:notes": {"GET": MEMBERS},
    "members:notes-json": {"GET": MEMBERS},
    "members:notes-csv": {"GET": MEMBERS},
    "members:document": {"GET": {"councillor", "co_opted"}},
}


def default_expectation(route: str) -> dict[str, set[str]]:
    if route.startswith("members/"):
        return {"GET": MEMBERS, "POST": MEMBERS}
    return {"GET": OFFICERS, "POST": RUNS_MEETINGS}


def discover(prefixes: tuple[str, ...] = ("officer/", "members/")) -> list[tuple[str, str]]:
    """(route, qualified name) of every URL pattern under the prefixes."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and route.startswith(prefixes):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
                found.append((route.lstrip("^").rstrip("$"), name))

    walk(get_resolver().url_patterns, "", "")
    return found


def objects(world: Any) -> dict[str, Any]:
    """What a route argument stands for: by the path segment before it, or by its name."""
    from minutebook.decisions.factories import DecisionFactory
    from minutebook.forwardplan.factories import ForwardPlanEntryFactory
    from minutebook.forwardplan.models import ExceptionKind
    from minutebook.members.models import RegisterEntry

    entry = RegisterEntry.objects.create(
        person=world.people["councillor"], category="employment", description="Teacher"
    )
    decision = DecisionFactory(meeting=world.meeting, council=world.council)
    plan_entry = ForwardPlanEntryFactory(council=world.council)
    from minutebook.decisions.models import Matter

    matter = Matter.objects.create(council=world.council, title="Parks strategy")
    from minutebook.participation.factories import PublicQuestionFactory

    question = PublicQuestionFactory(meeting=world.meeting)
    from minutebook.documents.factories import AppendixFactory

    appendix = AppendixFactory(
        council=world.council, report=world.exempt_report, exempt_paragraphs=[1]
    )
    from django.core.files.base import ContentFile

    appendix.file.save("appendix.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {
        "documents": appendix.pk,
        "committee": world.committee.pk,
        "meetings": world.meeting.pk,
        "items": world.public_item.pk,
        "entries": plan_entry.pk,
        "decisions": decision.pk,
        "referrals": matter.pk,
        "people": world.people["councillor"].pk,
        "register-entries": entry.pk,
        "<submissionkind:kind>": question.pk,
        "submissionkind": "public",
        "reports": world.public_report.pk,
        "interests": entry.pk,
        "council": world.council.slug,
        "kind": ExceptionKind.values[0],
        "number": 1,
        "request_pk": 1,
    }


#: Routes acting on a report in a particular state.
REPORT_FOR_ROUTE = {
    "backoffice:report-clear": "submitted_report",
    "backoffice:report-return": "submitted_report",
}

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def fill(route: str, name: str, world: Any, known: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        arg, converter = match.group("name"), match.group("conv")
        if converter in known:
            return str(known[converter])
        if arg in known:
            return str(known[arg])
        before = route[: match.start()].rstrip("/").split("/")[-1]
        if arg in {"pk", "id"} and name in REPORT_FOR_ROUTE:
            return str(getattr(world, REPORT_FOR_ROUTE[name]).pk)
        if arg in {"pk", "id"} and before in known:
            return str(known[before])
        raise LookupError(f"{name}: cannot fill <{arg}> in {route!r}; add it to objects()")

    return "/" + PARAM.sub(value, route)


def outcome(response: Any) -> str:
    """'allowed', 'forbidden' (403 or sent to sign in), or 'no-method' (405)."""
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "forbidden"
    if response.status_code == 405:
        return "no-method"
    return "allowed"


def test_every_role_against_every_officer_and_members_route(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    known = objects(world)
    routes = discover()
    assert any(n == "backoffice:dashboard" for _, n in routes)
    assert any(n.startswith("members:") for _, n in routes)
    failures: list[str] = []
    unfillable: list[str] = []
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != ANON:
            client.force_login(world.user(role))
        clients[role] = client
    for route, name in routes:
        try:
            url = fill(route, name, world, known)
        except LookupError as error:
            unfillable.append(str(error))
            continue
        expected = EXPECTED.get(name, default_expectation(route))
        for method in ("GET", "POST"):
            results = {}
            for role in ROLES:
                call = clients[role].get if method == "GET" else clients[role].post
                results[role] = outcome(call(url))
            if all(r == "no-method" for r in results.values()):
                continue
            allowed = set(expected.get(method, set()))
            # An officer of another council may open lists, never another council's records.
            if "dso" in allowed and "<" not in route:
                allowed.add("outsider_dso")
            for role, got in results.items():
                if got == "no-method":
                    continue
                want = "allowed" if role in allowed else "forbidden"
                if got != want:
                    failures.append(f"{method} {url} ({name}) as {role}: {got}, expected {want}")
    assert not unfillable, "\n".join(unfillable)
    assert not failures, "\n".join(failures)
