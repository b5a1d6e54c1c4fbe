"""The permission matrix: every route of every app, found from the URL resolver, against
every role and the anonymous public, GET and POST, with records of two councils.

Every role is held at Alpha (``matrix_world``). For each route the test asks:

- with Alpha's public records: the roles in ``EXPECTED`` get through, everyone else gets
  403, 404 or the sign-in page;
- with Bravo's records (exempt ones where a route can name either): nobody but the
  superuser gets through an officer or members' route;
- with Alpha's exempt records, and in every response above: a body holding an exempt
  record's secret word goes only to those entitled to read it (``EXEMPT_READERS``),
  and on an officer or members' page comes with an ``exempt.read`` audit event;
- no response is a server error.

A route missing from ``EXPECTED`` fails ``test_every_route_has_an_expectation``, as does
an officer or members' route missing from ``accounts.permissions.ROUTE_ACTIONS``: there
is no default to fall back on. The admin has its own deeper test; here its index and a
sample of its pages are checked against the same rules.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from minutebook.accounts.permissions import ROUTE_ACTIONS
from minutebook.accounts.tests.matrix_world import ANON, ROLES, Scene, arguments, build_scene

EVERYONE = frozenset(ROLES)
SUPER = frozenset({"superuser"})
RUNS = frozenset({"dso", "admin", "superuser"})
OFFICERS = RUNS | {"author", "finance", "legal", "monitoring"}
INTERESTS = RUNS | {"monitoring"}
MEMBERS = frozenset({"councillor", "councillor_other", "co_opted"})
COUNCILLORS = frozenset({"councillor", "councillor_other"})
SIGNED_IN = EVERYONE - {ANON}

#: Who may see an exempt record's content, by the secret word it carries.
EXEMPT_READERS = {
    "alphasecret": frozenset(
        {"dso", "admin", "finance", "legal", "monitoring", "superuser", "councillor", "co_opted"}
    ),
    "bravosecret": SUPER,
}

Expectation = dict[str, frozenset[str]]


def same(roles: frozenset[str]) -> Expectation:
    return {"GET": roles, "POST": roles}


def rw(read: frozenset[str], write: frozenset[str]) -> Expectation:
    return {"GET": read, "POST": write}


def _officer_table() -> dict[str, Expectation]:
    table: dict[str, Expectation] = {}
    officer_routes = discover(("officer/",))
    for prefix in (
        "backoffice:meeting",
        "backoffice:committee_meetings",
        "backoffice:item",
        "backoffice:attendance:",
        "backoffice:forwardplan:",
        "backoffice:decisions:",
        "backoffice:participation",
        "backoffice:minutes:",
        "backoffice:scrutiny:",
        "backoffice:plans:",
        "backoffice:imports:",
        "backoffice:setup",
    ):
        for _, name in officer_routes:
            if name.startswith(prefix):
                table[name] = same(RUNS)
    table.update(
        {
            "backoffice:dashboard": rw(OFFICERS, RUNS),
            # Everyone's own notifications; the search and the areas page show each
            # role only what it may see.
            "backoffice:notifications": same(OFFICERS),
            "backoffice:notification_preferences": same(OFFICERS),
            "backoffice:search": same(OFFICERS),
            "backoffice:areas": same(OFFICERS),
            "backoffice:reports": same(OFFICERS),
            # Alpha's public report is the author's own, a draft: clearance officers see
            # a report only once it is sent to them.
            "backoffice:report": same(RUNS | {"author"}),
            # Only the exempt report has a file (its appendix): read by those who may
            # read the report; the author's own report has none (404).
            "backoffice:report-file": rw(RUNS, frozenset()),
            # A plan item's evidence file: a download, read only.
            "backoffice:plans:evidence_file": rw(RUNS, frozenset()),
            "backoffice:report-submit": same(frozenset({"dso", "admin", "author", "superuser"})),
            # The submitted report waits for finance and legal (not exempt: no monitoring).
            "backoffice:report-clear": same(frozenset({"finance", "legal"})),
            "backoffice:report-return": same(frozenset({"dso", "finance", "legal"})),
            # Writing reports: democratic services, administrators and the report's author.
            "backoffice:report-create": same(RUNS | {"author"}),
            # The public item already has its report: the page sends them to edit it.
            "backoffice:report-create-for-item": same(RUNS),
            "backoffice:report-edit": same(RUNS | {"author"}),
            "backoffice:report-authors": rw(RUNS | {"author"}, RUNS),
            # Only the exempt report has an appendix (the author's own report has none).
            "backoffice:report-appendix-replace": same(RUNS | {"author"}),
            "backoffice:report-appendix-remove": same(RUNS | {"author"}),
            "backoffice:audit": same(INTERESTS),
            "backoffice:interests": same(INTERESTS),
            "backoffice:interests_person": same(INTERESTS),
            "backoffice:interests_dispensation_new": same(INTERESTS),
            "backoffice:interests_entry": same(INTERESTS),
            "backoffice:interests_entry_new": same(INTERESTS),
            "backoffice:interests_meeting": rw(INTERESTS, RUNS),
            # History pages: read with the record; undo with the right to change it.
            "backoffice:history:meeting": same(RUNS),
            "backoffice:history:meeting_undo": same(RUNS),
            "backoffice:history:item": same(RUNS),
            "backoffice:history:item_undo": same(RUNS),
            # Like the report page: clearers read only the reports sent to them.
            "backoffice:history:report": same(RUNS | {"author"}),
            "backoffice:history:report_undo": same(
                frozenset({"dso", "admin", "author", "superuser"})
            ),
            "backoffice:history:decision": same(RUNS),
            "backoffice:history:decision_undo": same(RUNS),
            "backoffice:users": same(frozenset({"admin", "superuser"})),
            "backoffice:user-second-factor": same(frozenset({"admin", "superuser"})),
            "backoffice:user-person": same(frozenset({"admin", "superuser"})),
        }
    )
    return table


MEMBERS_TABLE: dict[str, Expectation] = {
    "members:home": same(MEMBERS),
    "members:meeting": same(MEMBERS),
    "members:meeting-pack-pdf": same(MEMBERS),
    "members:meeting-pack-html": same(MEMBERS),
    "members:supplement-pack-pdf": same(MEMBERS),
    "members:supplement-pack-html": same(MEMBERS),
    "members:report": same(MEMBERS),
    # Alpha's public notice: any member of the council reads it.
    "members:document": same(MEMBERS),
    "members:interests": same(MEMBERS),
    # The entry is the councillor's own.
    "members:register-entry": same(frozenset({"councillor"})),
    # Councillors' questions and notices of motion: not co-opted members.
    "members:business": same(COUNCILLORS),
    "members:question-new": same(COUNCILLORS),
    "members:motion-new": same(COUNCILLORS),
    # Only the chairman of the meeting's committee: nobody in the world chairs it.
    "members:sign-minutes": same(frozenset()),
    "members:notes": same(MEMBERS),
    "members:notes-json": same(MEMBERS),
    "members:notes-csv": same(MEMBERS),
    "member_notifications:list": same(MEMBERS),
    "member_notifications:preferences": same(MEMBERS),
}

#: Everything else: public pages, feeds, OParl, sign-in, health, operations.
OTHER_TABLE: dict[str, Expectation] = {
    "accounts:login": same(EVERYONE),
    "accounts:logout": same(EVERYONE),
    # With no device and no enrolment code, both send a signed-in user to enrol.
    "accounts:verify": same(frozenset()),
    "accounts:otp-setup": same(frozenset()),
    "accounts:enrol": same(SIGNED_IN),
    "health:web": same(EVERYONE),
    "health:worker": same(EVERYONE),
    "operations:tasks": same(SUPER),
    "operations:task_retry": same(SUPER),
}

#: Routes whose running number or id names nothing in the world (a 404 for those let in).
MAY_404 = {
    "publishing:councillor_photo",  # the world's councillors have no photo
    "backoffice:setup_closure_day_remove",  # the first to post removes it
    "backoffice:setup_named_substitute_remove",  # likewise
    "backoffice:report-file",
    "backoffice:report-appendix-replace",
    "backoffice:report-appendix-remove",
    "backoffice:forwardplan:version",
    "backoffice:minutes:version",
    "backoffice:minutes:times",
    "backoffice:minutes:lock",
    "backoffice:minutes:correct",
    "backoffice:decisions:outcome",
    "backoffice:history:meeting_undo",  # change #1 is not one of the record's
    "backoffice:history:item_undo",
    "backoffice:history:report_undo",
    "backoffice:history:decision_undo",
    "backoffice:scrutiny:work_item",
    "backoffice:scrutiny:action",
    "backoffice:plans:plan",
    "backoffice:plans:progress_report",
    "backoffice:plans:item",
    "backoffice:plans:evidence_file",
    "backoffice:plans:import",
    "backoffice:imports:review",  # no import review in the world
    "backoffice:imports:page",
    "members:meeting-pack-pdf",
    "members:meeting-pack-html",
    "members:motion-new",  # the world's meeting is a cabinet's, not full council's
    "members:supplement-pack-pdf",
    "members:supplement-pack-html",
    "operations:task_retry",
    "publishing:pack",  # no pack is rendered in the world
    "backoffice:forwardplan:exception_create",  # the entry is not late: nothing to except
    "publishing:alerts:confirm",
    "publishing:alerts:unsubscribe",
    "publishing:forward_plan_version",
    "publishing:plans:plan",
    "oparl:get_legislative_term",
    "oparl:get_location",
    "oparl:get_membership",
}


def discover(prefixes: tuple[str, ...] = ("",)) -> list[tuple[str, str]]:
    """(route, qualified name) of every URL pattern whose route starts with a prefix."""
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


@functools.cache
def expected_table() -> dict[str, Expectation]:
    table = {**_officer_table(), **MEMBERS_TABLE, **OTHER_TABLE}
    for route, name in discover():
        private = ("admin/", "officer/", "members/", "accounts/", "health/", "operations/")
        if name not in table and not route.startswith(private):
            table[name] = same(EVERYONE)  # public site, feeds, OParl: for everyone
    return table


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
BUILTIN_CONVERTERS = {None, "int", "str", "slug", "path", "uuid"}


def fill(route: str, name: str, world: Any, known: dict[str, Any]) -> str:
    """The route with its arguments filled from ``known``.

    Keys are tried as "segment/argument" (the path segment before the argument; for a
    segment that is itself an argument, its converter), then the converter, then the
    argument's name. ``world.submitted_report`` stands in for the clearance routes.
    """

    def value(match: re.Match[str]) -> str:
        arg, converter = match.group("name"), match.group("conv")
        if name in REPORT_IN_STATE and arg == "pk":
            return str(getattr(world, REPORT_IN_STATE[name]).pk)
        raw = route[: match.start()].rstrip("/").split("/")[-1]
        inner = PARAM.fullmatch(raw)
        segment = (inner.group("conv") or inner.group("name")) if inner else raw
        custom = converter if converter not in BUILTIN_CONVERTERS else None
        for key in (f"{segment}/{arg}", custom, arg, raw, segment):
            if key and key in known:
                return str(known[key])
        raise LookupError(f"{name}: cannot fill <{arg}> in {route!r}; add it to arguments()")

    return "/" + PARAM.sub(value, route)


#: Routes that act on a report in a particular state.
REPORT_IN_STATE = {
    "backoffice:report-clear": "submitted_report",
    "backoffice:report-return": "submitted_report",
}


def outcome(response: Any) -> str:
    """'allowed', 'denied' (403, 404, sent to sign in), 'no-method' (405) or 'error'."""
    code = response.status_code
    if code in (403, 404):
        return "denied"
    if code in (301, 302, 303) and re.search(
        r"/(accounts|admin)/(login|two-factor)/", response.get("Location", "")
    ):
        return "denied"
    if code == 405:
        return "no-method"
    if code >= 500:
        return "error"
    return "allowed"


def _last_read() -> int | None:
    """The newest exempt.read event's id (reads are recorded as they happen)."""
    from minutebook.audit.models import AuditEvent
    from minutebook.audit.reads import EXEMPT_READ

    return (
        AuditEvent.objects.filter(action=EXEMPT_READ)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _said(response: Any) -> str:
    """The status, and where a redirect goes."""
    location = response.get("Location", "")
    return f"{response.status_code} {location}".strip()


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# -- the scene, built once for the module ------------------------------------------------


@pytest.fixture(scope="module")
def scene(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(MEDIA_ROOT=str(media), MINUTEBOOK_UNASSIGNED_STAFF_ROLE=""),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_scene()
        clients = {}
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if role != ANON:
                client.force_login(built.users[role])
            clients[role] = client
        cookies = {role: copy.deepcopy(client.cookies) for role, client in clients.items()}
        yield built, clients, cookies, media
        transaction.set_rollback(True)


def _fresh(scene: Any, settings: Any) -> tuple[Scene, dict[str, Client]]:
    """The scene's clients signed in again (a sign-out route ends their sessions; the
    test's rollback brings the sessions back, the cookies come back here), and the
    scene's files where the storage looks (each test gets its own MEDIA_ROOT)."""
    built, clients, cookies, media = scene
    settings.MEDIA_ROOT = str(media)
    for role, client in clients.items():
        client.cookies = copy.deepcopy(cookies[role])
    return built, clients


ROUTES = [(route, name) for route, name in discover() if not route.startswith("admin/")]


def test_every_route_has_an_expectation():
    table = expected_table()
    names = {name for _, name in ROUTES}
    assert not names - set(table), f"routes with no expectation: {sorted(names - set(table))}"
    assert not set(table) - names, f"expectations for no route: {sorted(set(table) - names)}"
    scoped = {n for r, n in ROUTES if r.startswith(("officer/", "members/"))}
    missing = scoped - set(ROUTE_ACTIONS)
    assert not missing, f"officer/members routes missing from ROUTE_ACTIONS: {sorted(missing)}"


#: Those who may read neither council's exempt content (the leak check's subjects).
NON_READERS = tuple(r for r in ROLES if not any(r in v for v in EXEMPT_READERS.values()))


def _check(
    clients: dict[str, Client],
    url: str,
    name: str,
    want: Expectation | None,
    roles: tuple[str, ...] = ROLES,
) -> list[str]:
    """Each role, GET and POST, at one URL; ``want`` None checks only leaks and errors.

    On officer and members' pages a body with exempt content must come with an
    ``exempt.read`` event in the audit trail.
    """
    failures = []
    audited = url.startswith(("/officer/", "/members/"))
    for method in ("GET", "POST"):
        got: dict[str, tuple[str, Any]] = {}
        unread: set[str] = set()
        # The newest exempt.read before each request: read only where audited, and
        # carried over from the previous request's check when that one was made (nothing
        # runs between the two), so the audit table is queried about once per request.
        last = _last_read() if audited else None
        for role in roles:
            call = clients[role].get if method == "GET" else clients[role].post
            response = call(url)
            got[role] = (outcome(response), response)
            if audited:
                now = _last_read()
                if response.status_code == 200 and now == last:
                    unread.add(role)
                last = now
        if all(o == "no-method" for o, _ in got.values()):
            continue
        for role, (result, response) in got.items():
            where = f"{method} {url} ({name}) as {role}"
            if result == "error":
                failures.append(f"{where}: {response.status_code}")
                continue
            if response.status_code == 200:
                text = body(response)
                for secret, readers in EXEMPT_READERS.items():
                    if secret in text and role not in readers:
                        failures.append(f"{where}: shows exempt content ({secret})")
                    if secret in text and role in unread:
                        failures.append(f"{where}: shows exempt content, no exempt.read")
            if want is None or result == "no-method":
                continue
            allowed = role in want.get(method, frozenset())
            excused = name in MAY_404 and response.status_code == 404
            if allowed and result != "allowed" and not excused:
                failures.append(f"{where}: {_said(response)}, expected to get in")
            if not allowed and result == "allowed":
                failures.append(f"{where}: {_said(response)}, expected 403/404/sign-in")
    return failures


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[n for _, n in ROUTES])
def test_route(scene: Any, db: None, settings: Any, route: str, name: str) -> None:
    built, clients = _fresh(scene, settings)
    table = expected_table()
    want = table.get(name)
    if want is None:
        pytest.fail(f"{name}: no expectation (see test_every_route_has_an_expectation)")
    scoped = route.startswith(("officer/", "members/"))
    failures: list[str] = []
    a = fill(route, name, built.alpha, arguments(built.alpha, exempt=False))
    failures += _check(clients, a, name, want)
    if "<" in route:
        ax = fill(route, name, built.alpha, arguments(built.alpha, exempt=True))
        failures += _check(clients, ax, name, None, ROLES if scoped else NON_READERS)
        b = fill(route, name, built.bravo, arguments(built.bravo, exempt=True))
        only_super = {m: roles & SUPER for m, roles in want.items()}
        failures += _check(clients, b, name, only_super if scoped else None)
    assert not failures, "\n".join(failures)


ADMIN_SAMPLE = (
    "/admin/",
    "/admin/reports/report/",
    "/admin/reports/report/{exempt_report}/change/",
    "/admin/documents/document/",
    "/admin/documents/document/{appendix}/change/",
    "/admin/decisions/decision/{exempt_decision}/change/",
    "/admin/decisions/minuteitem/{exempt_minute}/change/",
    "/admin/meetings/agendaitem/{exempt_item}/change/",
)


@pytest.mark.parametrize("pattern", ADMIN_SAMPLE)
def test_admin_sample(scene: Any, db: None, settings: Any, pattern: str) -> None:
    """The public, members, clearance officers and staff without a role never get in;
    nobody sees exempt content they may not read; the superuser opens both councils'
    records."""
    built, clients = _fresh(scene, settings)
    # Clearance officers work in /officer/ only (docs/permissions.md, the admin).
    no_entry = EVERYONE - RUNS - {"author"}
    failures: list[str] = []
    for side in (built.alpha, built.bravo):
        url = pattern.format(**{k: getattr(v, "pk", v) for k, v in side.records.items()})
        for role in ROLES:
            response = clients[role].get(url)
            result = outcome(response)
            where = f"GET {url} as {role}"
            if result == "error":
                failures.append(f"{where}: {response.status_code}")
            if role in no_entry and result == "allowed":
                failures.append(f"{where}: {response.status_code}, expected no entry")
            if role == "superuser" and result != "allowed":
                failures.append(f"{where}: {_said(response)}, expected to get in")
            if response.status_code == 200:
                text = body(response)
                for secret, readers in EXEMPT_READERS.items():
                    if secret in text and role not in readers:
                        failures.append(f"{where}: shows exempt content ({secret})")
    assert not failures, "\n".join(failures)
