"""The clearance set-up page describes the rules that apply, written from the rules
themselves (``services.describe_rules``): the defaults while the council has none, its
own once saved. Changing the defaults changes the words, so the two cannot drift."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from minutebook.accounts.roles import Role
from minutebook.backoffice.tests.setup_desk import desk, text
from minutebook.reports import services
from minutebook.reports.models import ClearanceScope

pytestmark = pytest.mark.django_db


def intro(page: str) -> str:
    found = re.search(r"Who must clear a report[^<]*", page)
    assert found, "no intro on the page"
    return " ".join(found.group(0).split())


def test_the_rules_in_words() -> None:
    defaults = [(str(r), str(s)) for r, s in services.DEFAULT_CLEARANCE_RULES]
    assert services.describe_rules(defaults) == (
        "the finance officer and the legal officer clear every report; "
        "the monitoring officer clears exempt reports"
    )
    assert services.describe_rules(
        [(Role.MONITORING_OFFICER, ClearanceScope.KEY_DECISION), (Role.LEGAL, ClearanceScope.ALL)]
    ) == ("the legal officer clears every report; the monitoring officer clears key decisions")


def test_the_page_describes_the_defaults_from_the_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    d = desk()
    url = reverse("backoffice:setup_clearance", args=[d.council.slug])
    assert intro(text(d.client.get(url))) == (
        "Who must clear a report before it goes on a published agenda. These are the "
        "defaults (the finance officer and the legal officer clear every report; the "
        "monitoring officer clears exempt reports): saving makes them the council's own."
    )
    # Other defaults, other words: the page is not a copy of them in prose.
    monkeypatch.setattr(
        services,
        "DEFAULT_CLEARANCE_RULES",
        ((Role.LEGAL, ClearanceScope.ALL), (Role.FINANCE, ClearanceScope.KEY_DECISION)),
    )
    page = text(d.client.get(url))
    assert "These are the defaults (the legal officer clears every report; the finance " in page
    assert "officer clears key decisions)" in intro(page)
    # The boxes start from the same rules as the words.
    assert re.search(r'name="finance_officer" value="key_decision"[^>]*checked', page)


def test_the_page_describes_the_councils_own_rules() -> None:
    d = desk()
    url = reverse("backoffice:setup_clearance", args=[d.council.slug])
    response = d.client.post(
        url, {"legal_officer": ["all"], "monitoring_officer": ["exempt", "key_decision"]}
    )
    assert response.status_code == 302
    assert intro(text(d.client.get(url))) == (
        "Who must clear a report before it goes on a published agenda. The council's rules: "
        "the legal officer clears every report; the monitoring officer clears exempt reports; "
        "the monitoring officer clears key decisions. They apply at once, also to reports "
        "waiting for clearance."
    )
