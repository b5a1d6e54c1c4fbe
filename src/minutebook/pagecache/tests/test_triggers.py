"""Every write to a table public pages read bumps the generation, by any route."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.utils import timezone

from minutebook.accounts.models import SignInFailure
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import Council
from minutebook.meetings.factories import AgendaItemFactory
from minutebook.meetings.models import AgendaItem
from minutebook.pagecache import triggers
from minutebook.pagecache.triggers import EVENTS, EXCLUDED_TABLES, read_generation
from minutebook.search.fulltext import FTS_TABLE

pytestmark = pytest.mark.django_db


def number() -> int:
    """The counter, after this transaction's pending bump (PostgreSQL defers it)."""
    generation = read_generation()
    assert generation is not None
    return int(generation.split(".")[0])


def test_every_minutebook_table_has_the_triggers_or_is_excluded_by_name() -> None:
    """A future model's table cannot escape: it gets triggers at migrate, or fails here."""
    existing = set(connection.introspection.table_names())
    tables = triggers.model_tables()
    assert {"meetings_agendaitem", "reports_report", "auth_user", "auth_group"} <= set(tables)
    found = triggers.triggered_tables(connection)
    missing = [t for t in tables if t not in EXCLUDED_TABLES and found.get(t) != set(EVENTS)]
    assert missing == []
    assert [t for t in tables if t not in existing] == []
    assert [t for t in EXCLUDED_TABLES if t in found] == []
    # Every excluded table names a real model table: no stale entries.
    assert set(EXCLUDED_TABLES) <= set(tables)


def test_no_unmodelled_table_of_a_minutebook_app_escapes() -> None:
    """Tables made by raw SQL in a migration (not models) are only SQLite's full-text
    index and its shadow tables, which search's own triggers fill from
    search_searchentry (itself covered)."""
    labels = triggers.covered_app_labels()
    modelled = set(triggers.model_tables())
    strays = [
        t
        for t in connection.introspection.table_names()
        if any(t.startswith(f"{label}_") for label in labels)
        and t not in modelled
        and not t.startswith(FTS_TABLE)
    ]
    assert strays == []


def test_orm_save_bulk_update_bulk_create_delete_and_raw_sql_each_bump() -> None:
    item = AgendaItemFactory(title="Depot lease")
    seen = {read_generation()}

    def bumped() -> None:
        now = read_generation()
        assert now not in seen
        seen.add(now)

    item.title = "Depot lease renewal"
    item.save()
    bumped()
    AgendaItem.public_objects.filter(pk=item.pk).update(is_exempt=True)
    bumped()
    Council.objects.bulk_create([CouncilFactory.build(slug="bulk-one")])
    bumped()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_agendaitem SET title = %s WHERE id = %s", ["X", item.pk])
    bumped()
    AgendaItem.public_objects.filter(pk=item.pk).delete()
    bumped()


def test_one_single_row_write_bumps_once_even_after_reinstalling() -> None:
    council = CouncilFactory()
    triggers.install()
    triggers.install()
    before = number()
    council.name = "Renamed District Council"
    council.save(update_fields=["name"])
    assert number() == before + 1


def test_signing_in_does_not_bump_but_renaming_a_user_does() -> None:
    user = get_user_model().objects.create_user("officer", password="x")
    before = number()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert number() == before
    user.first_name = "Ada"
    user.save(update_fields=["first_name"])
    assert number() == before + 1


def test_a_bulk_write_bumps_once() -> None:
    """On PostgreSQL the bump is deferred to commit and done once per transaction."""
    council = CouncilFactory()
    before = number()
    Council.objects.bulk_create([CouncilFactory.build(slug=f"bulk-{n}") for n in range(5)])
    Council.objects.exclude(pk=council.pk).update(short_name="Renamed")
    after = number()
    if connection.vendor == "postgresql":
        assert after == before + 1
    else:  # SQLite's triggers are row-level: one bump per row
        assert after > before


@pytest.mark.django_db(transaction=True)
def test_postgresql_locks_the_generation_only_at_commit() -> None:
    """A writing transaction does not hold the generation row before it commits, so a
    second writer is not queued behind it (nor deadlocked with it)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's deferred triggers")
    council = CouncilFactory()
    other = CouncilFactory()
    with transaction.atomic():
        council.name = "First writer"
        council.save()
        # A second connection writes another table and commits while the first
        # transaction is still open: without deferral it would block on the row lock.
        second = connections.create_connection("default")
        try:
            with second.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(
                    "UPDATE councils_council SET name = %s WHERE id = %s", ["Second", other.pk]
                )
            second.commit()
        finally:
            second.close()
    assert Council.objects.get(pk=other.pk).name == "Second"


def test_excluded_tables_do_not_bump() -> None:
    before = read_generation()
    SignInFailure.objects.create(username="someone", ip_address="192.0.2.1", at=timezone.now())
    assert read_generation() == before


def test_a_rolled_back_bump_is_never_reused() -> None:
    """A page stored under a generation seen inside a transaction that rolled back must
    not be served later: the next real write makes a generation never seen before."""
    council = CouncilFactory()
    before = read_generation()
    inside = None
    with pytest.raises(RuntimeError), transaction.atomic():
        council.name = "Never committed"
        council.save()
        inside = read_generation()
        raise RuntimeError
    assert read_generation() == before
    council.name = "Committed"
    council.save()
    after = read_generation()
    assert after not in {before, inside}
    assert after.split(".")[0] == inside.split(".")[0]  # the counter alone would repeat


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_a_fresh_generation_row_and_the_triggers() -> None:
    """Transactional tests (and `manage.py flush`) empty every table, this one too."""
    from django.core.management import call_command

    CouncilFactory()
    before = read_generation()
    call_command("flush", interactive=False, verbosity=0)
    after = read_generation()
    assert after is not None and after != before
    assert set(triggers.triggered_tables(connection)) == set(
        triggers.tables_to_trigger(set(connection.introspection.table_names()))
    )
    CouncilFactory()
    assert read_generation() != after


@pytest.mark.django_db(transaction=True)
def test_writes_after_a_read_inside_a_transaction_still_bump_at_commit() -> None:
    """Reading the generation inside a writing transaction fires its pending bump early;
    writes made after that read must still bump when the transaction commits, or pages
    stored under the generation seen mid-transaction would outlive those writes."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's deferred triggers")
    council = CouncilFactory()
    with transaction.atomic():
        council.name = "Seen"
        council.save()
        seen = read_generation()
        council.name = "Written after the read"
        council.save()
    assert read_generation() != seen
