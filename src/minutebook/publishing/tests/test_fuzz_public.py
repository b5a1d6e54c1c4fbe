"""Fuzz every public route and every public form: nothing a visitor sends is a 500.

The routes are found in the URLconf (``testing_crawl.public_patterns``: everything but
officer, members, admin, sign-in and operations), so a route added later is fuzzed
without editing this test; each one is filled with the scenario's real objects or with
generated path values, and sent generated query strings. The forms are found the way a
visitor finds them: every ``<form>`` on the public pages those routes return, sent back
with generated values in every field (NUL and other controls, huge strings, any
Unicode, odd and out-of-range dates, negative and huge numbers, bad page numbers).

Bounded (``ROUTE_EXAMPLES`` and ``FORM_EXAMPLES``) so a run stays near a minute on each
database. The OParl API is fuzzed against its own description by schemathesis as well
(api/tests/test_openapi.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.alerts.models import AlertKind, Subscription
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.core.testing_crawl import public_patterns
from minutebook.decisions.models import Decision
from minutebook.documents.models import Document
from minutebook.forwardplan.models import ForwardPlanVersion
from minutebook.people.models import Person
from minutebook.publishing.tests.scenario import Scenario

ROUTE_EXAMPLES = 6
FORM_EXAMPLES = 25
PATTERNS = public_patterns()
_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")

#: Query parameters some public view reads, plus OParl's; a generated name is added too.
KNOWN_PARAMS = [
    "q",
    "page",
    "from",
    "to",
    "council",
    "committee",
    "type",
    "status",
    "key",
    "after",
    "limit",
    "organization",
    "created_since",
    "created_until",
    "modified_since",
    "modified_until",
    "year",
    "kind",
    "ward",
    "format",
]

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "%00",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "-9223372036854775809",
    "9223372036854775808",
    "2025-02-30",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-01-31T18:00:00+20:00",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+14:00",
    "2025-01-31T25:61:61",
    "1.99999999999999",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"&\\',
    "\u202eevil",
    "\ufeff",
    "\ud7ff\ue000",
    "\U0001d54f\U0001f600",
    "\u0130stanbul",
    "x" * 5000,
    "planning & appeal | (land) ! <-> :*",
    "0.1",
]

#: Values every parameter and field is sent at least once, whatever hypothesis draws:
#: each broke a response once (a NUL on PostgreSQL, an offset it cannot hold, a number
#: past 64 bits, a paste over the old body limit).
CRITICAL = [
    "a\x00b",
    "\x0b",
    "line\nbreak",
    "9" * 30,
    "-1",
    "0",
    "2025-01-31T18:00:00+20:00",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01",
    "x" * 120_000,
]
#: The same for path segments, by converter.
CRITICAL_PATH = {"int": ["0", "9" * 30], "str": ["a\x00b", "x" * 2000, "%", ".."]}

text_values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.builds(lambda n: "y" * n, st.integers(min_value=1000, max_value=120_000)),
)
query_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), text_values)
query_params = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_PARAMS), st.text(max_size=8)), query_values),
    max_size=4,
)


def _real_values(scenario: Scenario) -> dict[str, str]:
    """A real value for every path parameter of the public routes, by name."""
    council = scenario.council
    decision = Decision.public_objects.filter(council=council).order_by("pk").first()
    document = Document.public_objects.filter(council=council).order_by("pk").first()
    person = Person.objects.filter(council=council).order_by("pk").first()
    version = ForwardPlanVersion.objects.filter(council=council).order_by("pk").first()
    subscription = Subscription.objects.create(
        council=council, email="fuzz@example.org", kind=AlertKind.SEARCH, query="library"
    )
    return {
        "slug": council.slug,
        "council": council.slug,
        "committee": scenario.committee.slug,
        "meeting": scenario.held.slug,
        "number": "3",
        "pk": str(decision.pk if decision else 1),
        "decision_pk": str(decision.pk if decision else 1),
        "document_pk": str(document.pk if document else 1),
        "person_pk": str(person.pk if person else 1),
        "name": "x",
        "version": str(version.number if version else 1),
        "confirm": confirm_token(subscription.pk),
        "unsubscribe": unsubscribe_token(subscription.pk),
        "fmt": "pdf",
        "plan": "local-plan",
    }


def _value_for(pattern: str, converter: str | None, name: str, real: dict[str, str]) -> str:
    if name == "pk" and "documents/" in pattern:
        return real["document_pk"]
    if name == "pk" and "councillors/" in pattern:
        return real["person_pk"]
    if name == "number" and "versions/" in pattern:
        return real["version"]
    if name == "token":
        return real["unsubscribe" if "unsubscribe" in pattern else "confirm"]
    if name == "meeting" and "questions" in pattern:
        return real["upcoming"]
    return real.get(name, "1")


def _path_strategy(converter: str | None, real: str) -> st.SearchStrategy[str]:
    """The real value, or a generated one the converter still matches."""
    if converter == "int" or real.isdigit():
        fuzzed = st.integers(min_value=0, max_value=10**30).map(str)
    elif converter in ("slug",):
        fuzzed = st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z")
    elif converter in ("meeting", "participation_meeting"):
        fuzzed = st.from_regex(r"\A\d{4}-\d{2}-\d{2}(-\d{1,25})?\Z")
    elif converter == "itemnumber":
        fuzzed = st.sampled_from(["0", "99", "4a", "12.1", "999999999"])
    else:
        fuzzed = st.text(min_size=1, max_size=60).filter(lambda s: "/" not in s)
    return st.one_of(st.just(real), fuzzed)


def _fill(pattern: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        return quote(values[match.group(2)], safe="")

    return "/" + _PARAMETER.sub(one, pattern)


def assert_no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what}"


@pytest.fixture
def public_site(scenario: Scenario, settings: Any) -> dict[str, str]:
    settings.MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS = 0
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_IP = 10**6
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_EMAIL = 10**6
    settings.MINUTEBOOK_PUBLIC_CACHE = False  # every request reaches its view
    real = _real_values(scenario)
    real["upcoming"] = scenario.upcoming.slug
    return real


@pytest.mark.slow
def test_no_route_answers_a_server_error(public_site: dict[str, str], client: Client) -> None:
    """One test over every route, so the scenario is built once."""
    assert len(PATTERNS) > 40
    for pattern in PATTERNS:
        _critical_route(client, pattern, public_site)
        _fuzz_route(client, pattern, public_site)


def _critical_route(client: Client, pattern: str, real: dict[str, str]) -> None:
    parameters = _PARAMETER.findall(pattern)
    values = {name: _value_for(pattern, conv, name, real) for conv, name in parameters}
    for value in CRITICAL:
        url = _fill(pattern, values) + "?" + urlencode([(k, value) for k in KNOWN_PARAMS])
        assert_no_server_error(client.get(url), f"{url:.300}")
    for conv, name in parameters:
        for value in CRITICAL_PATH["int" if conv == "int" else "str"]:
            url = _fill(pattern, {**values, name: value})
            assert_no_server_error(client.get(url), f"{url:.300}")


def _fuzz_route(client: Client, pattern: str, real: dict[str, str]) -> None:
    path_values = st.fixed_dictionaries(
        {
            name: _path_strategy(conv, _value_for(pattern, conv, name, real))
            for conv, name in _PARAMETER.findall(pattern)
        }
    )

    @settings(
        max_examples=ROUTE_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=path_values, query=query_params)
    def fuzz(values: dict[str, str], query: list[tuple[str, str]]) -> None:
        url = _fill(pattern, values)
        if query:
            url += "?" + urlencode(query)
        assert_no_server_error(client.get(url), url)

    fuzz()


# -- forms ----------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    #: field name -> the values the page offers (a hidden value, options, a checkbox's).
    fields: dict[str, list[str]] = field(default_factory=dict)


class _FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._current: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page
            self._current = Form(action, (a.get("method") or "get").lower())
            self.forms.append(self._current)
        elif self._current is None:
            return
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            offered = self._current.fields.setdefault(a["name"], [])
            if a.get("value"):
                offered.append(a["value"])
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select is not None:
            self._current.fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def public_forms(client: Client, real: dict[str, str]) -> list[Form]:
    """Every form on the public HTML pages of every public route (real objects only)."""
    found: dict[tuple[str, str], Form] = {}
    for pattern in PATTERNS:
        if pattern.startswith("oparl/"):
            continue
        values = {
            name: _value_for(pattern, conv, name, real)
            for conv, name in _PARAMETER.findall(pattern)
        }
        url = _fill(pattern, values)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        reader = _FormReader(url)
        reader.feed(response.content.decode())
        for form in reader.forms:
            path = urlsplit(form.action).path or url
            if not path.startswith("/") or path.startswith(("/officer/", "/admin/", "/members/")):
                continue
            form.action = path
            key = (form.method, re.sub(r"\d+", "N", path))
            found.setdefault(key, form)
    return list(found.values())


def _field_values(offered: list[str]) -> st.SearchStrategy[list[str]]:
    one = st.one_of(st.sampled_from(offered), text_values) if offered else text_values
    return st.lists(one, min_size=0, max_size=2)


@pytest.mark.slow
def test_no_public_form_answers_a_server_error(public_site: dict[str, str], client: Client) -> None:
    forms = public_forms(client, public_site)
    kinds = {re.sub(r"/[^/]*\d[^/]*", "/N", f.action) + f" {f.method}" for f in forms}
    # The forms a visitor can fill in; the test must not silently lose one.
    for expected in ("/search/ get", "/alerts/ post", "/questions/ post"):
        assert any(k.endswith(expected) for k in kinds), (expected, sorted(kinds))
    for expected in ("/alerts/confirm/", "/alerts/unsubscribe/"):
        assert any(k.startswith(expected) for k in kinds), (expected, sorted(kinds))
    for form in forms:
        _critical_form(client, form)
        _fuzz_form(client, form)


def _send(client: Client, form: Form, pairs: list[tuple[str, str]]) -> Any:
    if form.method == "post":
        body: dict[str, list[str]] = {}
        for k, v in pairs:
            body.setdefault(k, []).append(v)
        return client.post(form.action, body)
    return client.get(form.action + "?" + urlencode(pairs))


def _critical_form(client: Client, form: Form) -> None:
    """Each field in turn holds each critical value; the others what the page offers."""
    typical = [(k, v[0] if v else "x") for k, v in form.fields.items()]
    for name in form.fields:
        for value in CRITICAL:
            pairs = [(k, value if k == name else v) for k, v in typical]
            response = _send(client, form, pairs)
            assert_no_server_error(response, f"{form.method} {form.action} {name}={value:.40}")


def _fuzz_form(client: Client, form: Form) -> None:
    data = st.fixed_dictionaries({name: _field_values(v) for name, v in form.fields.items()})

    @settings(
        max_examples=FORM_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=data)
    def fuzz(values: dict[str, list[str]]) -> None:
        pairs = [(k, v) for k, vs in values.items() for v in vs]
        response = _send(client, form, pairs)
        assert_no_server_error(response, f"{form.method} {form.action} {pairs!r:.300}")

    fuzz()


@pytest.mark.slow
def test_a_three_megabyte_field_in_any_public_post_form_keeps_the_page(
    public_site: dict[str, str], client: Client
) -> None:
    """Above Django's old 2.5 MB default, below the configured limit: no bare 400."""
    for form in public_forms(client, public_site):
        if form.method != "post":
            continue
        for name in form.fields:
            body = {k: (v[0] if v else "") for k, v in form.fields.items()}
            body[name] = "z" * (3 * 1024 * 1024)
            response = client.post(form.action, body)
            assert response.status_code in (200, 302, 429), (form.action, name)
