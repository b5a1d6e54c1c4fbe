"""Database triggers that bump the public generation on every write.

Every table of minutebook's own apps (and Django's auth tables) gets an AFTER INSERT,
UPDATE and DELETE trigger that rewrites the one ``pagecache_publicgeneration`` row, so
any write, whichever way it reaches the database (ORM ``save()``/``delete()``, bulk
``QuerySet.update()``, ``bulk_create``, raw SQL, an import, a shell session), changes
the generation the public page cache keys on. Because the row is written inside the
writing transaction, the new generation becomes visible exactly when the data does.

PostgreSQL: one plpgsql function; per table, a row-level *constraint* trigger deferred
to commit, plus a statement trigger for TRUNCATE. Deferring matters: an ordinary trigger
would lock the one generation row at a transaction's first write and hold it to the
end, so writers would queue behind a long import, and two transactions that also lock
each other's rows would deadlock. Deferred, the row is locked only while committing, as
the last thing a transaction does, and a transaction-local flag makes the first event
bump and the rest return at once, so a bulk write of many rows bumps once.
SQLite: three row-level triggers per table (SQLite has no statement triggers, and has
one writer at a time anyway). ``install`` runs after every migrate and flush, dropping and re-creating
the triggers, so tables added later are covered and the trigger body can change.

The few tables that never feed a public page, and are written during public requests
or background work, are left out (``EXCLUDED_TABLES``, each with its reason); a test
fails if any other table of a minutebook app lacks its triggers.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

GENERATION_TABLE = "pagecache_publicgeneration"
PG_FUNCTION = "mb_bump_public_generation"
PG_TRIGGER = "mb_public_generation"
PG_TRUNCATE_TRIGGER = "mb_public_generation_truncate"
#: Transaction-local flag: this transaction has bumped already.
PG_FLAG = "minutebook.generation_bumped"
SQLITE_PREFIX = "mb_pagecache_"
EVENTS = ("INSERT", "UPDATE", "DELETE")

#: Tables whose writes do not bump the generation. Each must not feed any public page.
EXCLUDED_TABLES: dict[str, str] = {
    # The generation itself: a trigger here would bump on every bump.
    GENERATION_TABLE: "the counter itself",
    # Append-only audit trail: officer-only, and every audited write also writes the
    # audited table, which bumps anyway.
    "audit_auditevent": "officer-only audit trail",
    # Sign-in throttle: written by failed sign-ins from anyone on the internet; bumping
    # here would let anyone empty the public cache at will.
    "accounts_signinfailure": "sign-in throttle, written by public sign-in attempts",
    # Record of alert e-mails sent: written by the background alert run, read only by it.
    "alerts_sentalert": "alert deliveries, written and read by background work only",
    "alerts_newpaper": "papers waiting for the alert digest, background work only",
    "alerts_pendingalert": "alert matches waiting for the digest, background work only",
    # Background processes' heartbeats and the schedule's bookkeeping: written every few
    # seconds by the worker and scheduler, shown only on officer pages and /health/.
    "jobs_backgroundprocess": "worker and scheduler heartbeats, officer-only",
    "jobs_scheduleslot": "the schedule's bookkeeping, officer-only",
    # Deadline reminders sent to democratic services: written by the schedule, never shown.
    "meetings_meetingreminder": "deadline reminders sent to officers, background work only",
    "forwardplan_forwardplanreminder": "deadline reminders sent to officers, background work only",
    # Copies waiting to be rebuilt: the worker's to-do list; the rebuild itself writes the
    # documents, which bump.
    "derived_stalecopy": "the rebuild queue of derived copies, background work only",
    # Personal notifications and e-mail choices: shown only to their own officer or
    # member, written on every workflow step and e-mail run.
    "notifications_notification": "personal notifications, officer and members' pages only",
    "notifications_notificationpreference": "personal e-mail choices, never on a page",
}

#: Django apps outside minutebook whose tables feed pages (names of people, groups).
EXTRA_APP_LABELS = ("auth",)

#: Columns whose updates do not bump: a sign-in stamps ``last_login``, and signing in
#: must not empty the public cache.
IGNORED_UPDATE_COLUMNS: dict[str, set[str]] = {"auth_user": {"last_login"}}


def covered_app_labels() -> list[str]:
    """minutebook's own apps plus ``EXTRA_APP_LABELS``."""
    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("minutebook.") or config.label in EXTRA_APP_LABELS
    ]


def model_tables() -> list[str]:
    """Every concrete table of the covered apps' models, many-to-many tables included."""
    labels = set(covered_app_labels())
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels and model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def tables_to_trigger(existing: set[str]) -> list[str]:
    """Model tables that exist in the database and are not excluded."""
    return [t for t in model_tables() if t in existing and t not in EXCLUDED_TABLES]


def sqlite_trigger_name(table: str, event: str) -> str:
    return f"{SQLITE_PREFIX}{table}_{event.lower()[:3]}"


def _pg_function_sql() -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF coalesce(current_setting('{PG_FLAG}', true), '') <> 'on' THEN "
        f"PERFORM set_config('{PG_FLAG}', 'on', true); "
        f"UPDATE {GENERATION_TABLE} SET number = number + 1, "
        "token = replace(gen_random_uuid()::text, '-', '') WHERE id = 1; "
        "END IF; RETURN NULL; END $$"
    )


def _update_of(table: str, columns: dict[str, list[str]]) -> str:
    """``UPDATE`` or ``UPDATE OF <columns>`` when some of the table's columns are ignored."""
    ignored = IGNORED_UPDATE_COLUMNS.get(table)
    if not ignored:
        return "UPDATE"
    return "UPDATE OF " + ", ".join(c for c in columns[table] if c not in ignored)


def _sqlite_bump_sql() -> str:
    return (
        f'UPDATE "{GENERATION_TABLE}" SET "number" = "number" + 1, '
        '"token" = lower(hex(randomblob(16))) WHERE "id" = 1;'
    )


def statements(
    vendor: str, existing: set[str], quote: Any, columns: dict[str, list[str]] | None = None
) -> list[str]:
    """The SQL that (re)creates every trigger and drops those of excluded tables.

    ``columns`` maps a table to its column names, needed only for the tables in
    ``IGNORED_UPDATE_COLUMNS``.
    """
    columns = columns or {}
    triggered = tables_to_trigger(existing)
    excluded = [t for t in EXCLUDED_TABLES if t in existing]
    if vendor == "postgresql":
        sql = [_pg_function_sql()]
        for t in triggered:
            # A constraint trigger cannot be CREATE OR REPLACEd: drop it first (in the
            # same transaction, so no write slips between).
            sql.append(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {quote(t)}")
            sql.append(
                f"CREATE CONSTRAINT TRIGGER {PG_TRIGGER} AFTER INSERT OR "
                f"{_update_of(t, columns)} OR DELETE ON {quote(t)} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )
            sql.append(
                f"CREATE OR REPLACE TRIGGER {PG_TRUNCATE_TRIGGER} AFTER TRUNCATE ON {quote(t)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
            )
        for t in excluded:
            sql.append(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {quote(t)}")
            sql.append(f"DROP TRIGGER IF EXISTS {PG_TRUNCATE_TRIGGER} ON {quote(t)}")
        return sql
    if vendor == "sqlite":
        sql = []
        for table in triggered:
            for event in EVENTS:
                name = quote(sqlite_trigger_name(table, event))
                when = _update_of(table, columns) if event == "UPDATE" else event
                sql.append(f"DROP TRIGGER IF EXISTS {name}")
                sql.append(
                    f"CREATE TRIGGER {name} AFTER {when} ON {quote(table)} "
                    f"BEGIN {_sqlite_bump_sql()} END"
                )
        sql += [
            f"DROP TRIGGER IF EXISTS {quote(sqlite_trigger_name(t, e))}"
            for t in excluded
            for e in EVENTS
        ]
        return sql
    raise NotImplementedError(f"no public-generation triggers for {vendor}")


def ensure_row(using: str) -> None:
    """The generation row exists (a flush empties the table)."""
    from minutebook.pagecache.models import PublicGeneration

    PublicGeneration.objects.using(using).get_or_create(
        pk=1, defaults={"token": secrets.token_hex(16)}
    )


def install(using: str = "default") -> int:
    """(Re)create the triggers on database ``using``; return how many tables have them."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if GENERATION_TABLE not in existing:
        return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        columns = {
            table: [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for table in IGNORED_UPDATE_COLUMNS
            if table in existing
        }
        for sql in statements(connection.vendor, existing, connection.ops.quote_name, columns):
            cursor.execute(sql)
        ensure_row(using)
    return len(tables_to_trigger(existing))


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver."""
    install(using)


def triggered_tables(connection: BaseDatabaseWrapper) -> dict[str, set[str]]:
    """Table -> the events whose public-generation trigger exists, read from the database."""
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred row-level constraint triggers only: an ordinary trigger of the
            # same name would not count.
            cursor.execute(
                "SELECT c.relname, t.tgtype FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()"
                " JOIN pg_proc p ON p.oid = t.tgfoid AND p.proname = %s"
                " WHERE t.tgname = %s AND t.tgdeferrable AND t.tginitdeferred"
                " AND t.tgconstraint <> 0",
                [PG_FUNCTION, PG_TRIGGER],
            )
            # tgtype bits: 1 row-level, 4 insert, 8 delete, 16 update.
            bits = {"INSERT": 4, "DELETE": 8, "UPDATE": 16}
            for table, tgtype in cursor.fetchall():
                if tgtype & 1:
                    events = {e for e, bit in bits.items() if tgtype & bit}
                    found.setdefault(table, set()).update(events)
        else:
            cursor.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE %s",
                [f"{SQLITE_PREFIX}%"],
            )
            for name, table, sql in cursor.fetchall():
                for event in EVENTS:
                    if (
                        name == sqlite_trigger_name(table, event)
                        and f"AFTER {event}" in sql
                        and GENERATION_TABLE in sql
                    ):
                        found.setdefault(table, set()).add(event)
    return found


def read_generation(using: str = "default") -> str | None:
    """The current generation as a short string, or None when there is no row yet.

    On PostgreSQL, read inside a transaction that has written (a test case, or a
    view under ATOMIC_REQUESTS), the transaction's own pending bump is fired first, so
    it sees its own writes as it sees its own data; writes after the read bump again at
    commit. Outside a transaction there is nothing pending and nothing extra is run.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            cursor.execute("SELECT set_config(%s, 'off', true)", [PG_FLAG])
            cursor.execute(f"SET CONSTRAINTS {PG_TRIGGER} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {PG_TRIGGER} DEFERRED")
            # Writes after this read must bump again at commit: clear the flag the
            # bump just set, or the commit would publish the generation seen here.
            cursor.execute("SELECT set_config(%s, 'off', true)", [PG_FLAG])
        cursor.execute(f"SELECT number, token FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return f"{row[0]}.{row[1]}"
