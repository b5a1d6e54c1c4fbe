"""Loading the demo: deterministic, idempotent, bounded in queries, logins described."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rich.console import Console

from minutebook.committees.models import Membership
from minutebook.councils.models import Council
from minutebook.decisions.models import MinuteItem
from minutebook.demo import demo_logins, load_demo, print_logins
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.participation.models import PublicQuestion
from minutebook.people.models import Person
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db

#: A fixed "today" so the tests do not depend on the day they run.
TODAY = date(2026, 3, 11)


def snapshot() -> dict[str, Any]:
    """Everything that should be identical for one seed (and no primary keys)."""
    return {
        "people": sorted(
            Person.objects.values_list(
                "kind",
                "first_name",
                "last_name",
                "job_title",
                "political_group__name",
                "ward__name",
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list("committee__slug", "person__last_name", "role")
        ),
        "meetings": sorted(Meeting.objects.values_list("committee__slug", "slug", "state")),
        "items": sorted(
            AgendaItem.public_objects.values_list("meeting__slug", "number", "title", "first_page")
        ),
        "reports": sorted(
            Report.officer_objects.values_list("title", "recommendations", "exempt_paragraphs")
        ),
        "minutes": sorted(
            MinuteItem.officer_objects.values_list("committee__slug", "number", "title", "text")
        ),
        "forward_plan": sorted(
            ForwardPlanEntry.objects.values_list("reference", "title", "access")
        ),
        "questions": sorted(PublicQuestion.objects.values_list("name", "text")),
    }


def load_and_snapshot(seed: int, today: date) -> dict[str, Any]:
    with transaction.atomic():
        load_demo(seed=seed, today=today)
        snap = snapshot()
        transaction.set_rollback(True)
    return snap


def counts() -> tuple[int, ...]:
    return (
        Council.objects.count(),
        Person.objects.count(),
        Meeting.objects.count(),
        Report.officer_objects.count(),
    )


def first_load_checked() -> dict[str, Any]:
    """Seed 1 into an empty database, checked as it goes: a bounded number of queries,
    then a second load that finds the council and adds nothing; its snapshot.

    One load serves the query bound, the idempotence check and the determinism test's
    first snapshot: each demo load costs seconds, and a fresh database is all they need.
    """
    with transaction.atomic():
        # Bulk writes keep loading fast: about eleven hundred queries (the logins' roles
        # and their audit trail, the locked minutes' two snapshots each, which read
        # attendance, declarations, questions, urgency and call-in as well as the
        # minutes), far fewer than the rows written, plus about two per public record to
        # build the search index, and three per forward plan entry saved (the search index
        # takes an entry's words from the latest published plan version that lists it).
        with CaptureQueriesContext(connection) as queries:
            demo = load_demo(seed=1, today=TODAY)
        indexed = demo.counts["search_entries"]
        from minutebook.forwardplan.models import ForwardPlanEntry

        entries = ForwardPlanEntry.objects.filter(council=demo.council).count()
        assert len(queries) <= 1100 + 2 * indexed + 3 * entries
        written = sum(n for name, n in demo.counts.items() if name != "search_entries")
        assert written > 2000
        snap = snapshot()

        # Loading twice does not duplicate.
        before = counts()
        again = load_demo(seed=1, today=TODAY)
        assert demo.created and not again.created
        assert again.council.pk == demo.council.pk
        assert counts() == before
        assert get_user_model().objects.filter(username__in=["admin", "officer"]).count() == 2
        transaction.set_rollback(True)
    return snap


def test_bounded_idempotent_same_seed_same_data_names_do_not_move_with_the_date() -> None:
    first = first_load_checked()
    again = load_and_snapshot(1, TODAY)
    assert first == again
    other_seed = load_and_snapshot(2, TODAY)
    assert other_seed["people"] != first["people"]
    later = load_and_snapshot(1, TODAY + timedelta(days=45))
    assert later["people"] == first["people"]
    assert later["memberships"] == first["memberships"]
    assert later["meetings"] != first["meetings"]  # the year of meetings follows today


def test_demo_logins_creates_nothing_and_prints() -> None:
    result = demo_logins()
    assert [login.username for login in result.logins][:2] == ["admin", "officer"]
    assert not get_user_model().objects.exists()
    assert not Council.objects.exists()
    console = Console(record=True, width=80)  # a narrow terminal keeps passwords whole
    print_logins(console, result)
    out = console.export_text()
    for login in result.logins:
        assert login.username in out and login.password in out
