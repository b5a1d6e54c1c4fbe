"""minutebook's database backends: Django's SQLite and PostgreSQL, plus a maintenance switch.

Some tables refuse changes at the database level, whoever asks: the audit trail is
append-only, signed minutes and issued decision records are immutable (triggers in
those apps' migrations). Emptying a whole database (``manage.py flush``, the test
runner between transactional tests) is the one legitimate exception, so the backends
here open a *maintenance window* around a flush and triggers let it through:

- SQLite: the trigger's ``WHEN`` calls ``mb_maintenance()``, a function this backend
  registers on every connection (1 inside the window, else 0). A connection made by
  anything else (the ``sqlite3`` shell) has no such function, so the trigger fails and
  the change is refused: the guard fails closed.
- PostgreSQL: the trigger function checks ``current_setting('minutebook.maintenance',
  true) = 'on'``, set with ``set_config(..., true)`` (local to the flush's transaction).
  This is defence in depth only: in production the application's role does not own the
  guarded tables and holds no TRUNCATE, UPDATE or DELETE on the audit trail
  (docs/deploying.md, docs/audit.md), so no setting gives it back.

The SQL fragments triggers use are :data:`SQLITE_ALLOWED` and :data:`PG_ALLOWED`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

#: True inside a maintenance window (SQLite trigger condition).
SQLITE_ALLOWED = "mb_maintenance()"
#: True inside a maintenance window (PostgreSQL trigger condition).
PG_ALLOWED = "coalesce(current_setting('minutebook.maintenance', true), '') = 'on'"


@contextmanager
def maintenance(connection: Any) -> Iterator[None]:
    """Let guarded tables be emptied or rewritten for the duration (flush, restore).

    On PostgreSQL the switch is local to a transaction, so the block runs in one.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('minutebook.maintenance', 'on', true)")
            try:
                yield
            finally:
                if not connection.needs_rollback:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT set_config('minutebook.maintenance', '', true)")
        return
    previous = getattr(connection, "mb_maintenance", False)
    connection.mb_maintenance = True
    try:
        yield
    finally:
        connection.mb_maintenance = previous
