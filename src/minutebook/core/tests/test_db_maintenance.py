"""The maintenance switch: a guard trigger refuses a delete, except inside a window."""

from __future__ import annotations

import pytest
from django.db import connection

from minutebook.core.db import PG_ALLOWED, SQLITE_ALLOWED, maintenance
from minutebook.core.db.testing import assert_sql_refused

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guarded_table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE mb_guard_probe (id integer primary key)")
        cursor.execute("INSERT INTO mb_guard_probe (id) VALUES (1), (2)")
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION mb_guard_probe_refuse() RETURNS trigger AS $$ BEGIN "
                f"IF {PG_ALLOWED} THEN RETURN OLD; END IF; "
                "RAISE EXCEPTION 'guarded'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER mb_guard_probe_t BEFORE DELETE ON mb_guard_probe "
                "FOR EACH ROW EXECUTE FUNCTION mb_guard_probe_refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER mb_guard_probe_t BEFORE DELETE ON mb_guard_probe "
                f"WHEN NOT {SQLITE_ALLOWED} BEGIN SELECT RAISE(ABORT, 'guarded'); END"
            )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE mb_guard_probe")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION mb_guard_probe_refuse()")


def count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM mb_guard_probe")
        return cursor.fetchone()[0]


def test_guard_refuses_outside_a_window_and_allows_inside(guarded_table):
    assert_sql_refused("DELETE FROM mb_guard_probe WHERE id = 1", [], match="guarded")
    assert count() == 2
    with maintenance(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM mb_guard_probe WHERE id = 1")
    assert count() == 1
    # The window closes: the next delete is refused again.
    assert_sql_refused("DELETE FROM mb_guard_probe WHERE id = 2", [], match="guarded")
    assert count() == 1


def test_flush_runs_inside_a_window(guarded_table):
    connection.ops.execute_sql_flush(["DELETE FROM mb_guard_probe"])
    assert count() == 0
