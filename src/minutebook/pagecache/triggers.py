"""Database triggers that bump the public generation on every write.

Every table of minutebook's own apps (and Django's auth tables) gets an AFTER INSERT,
UPDATE and DELETE trigger that rewrites the one ``pagecache_publicgeneration`` row, so
any write, whichever way it reaches the database (ORM ``save()``/``delete()``, bulk
``QuerySet.update()``, ``bulk_create``, raw SQL, an import, a shell session), changes
the generation the public page cache keys on. Because the row is written inside the
writing transaction, the new generation becomes visible exactly when the data does.

PostgreSQL: one plpgsql function and one FOR EACH STATEMENT trigger per table (it also
fires on TRUNCATE). SQLite: three row-level triggers per table (SQLite has no statement
triggers). ``install`` runs after every migrate and flush, dropping and re-creating
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
}

#: Django apps outside minutebook whose tables feed pages (names of people, groups).
EXTRA_APP_LABELS = ("auth",)


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
        f"BEGIN UPDATE {GENERATION_TABLE} SET number = number + 1, "
        "token = replace(gen_random_uuid()::text, '-', '') WHERE id = 1; "
        "RETURN NULL; END $$"
    )


def _sqlite_bump_sql() -> str:
    return (
        f'UPDATE "{GENERATION_TABLE}" SET "number" = "number" + 1, '
        '"token" = lower(hex(randomblob(16))) WHERE "id" = 1;'
    )


def statements(vendor: str, existing: set[str], quote: Any) -> list[str]:
    """The SQL that (re)creates every trigger and drops those of excluded tables."""
    triggered = tables_to_trigger(existing)
    excluded = [t for t in EXCLUDED_TABLES if t in existing]
    if vendor == "postgresql":
        sql = [_pg_function_sql()]
        sql += [
            f"CREATE OR REPLACE TRIGGER {PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR "
            f"TRUNCATE ON {quote(t)} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
            for t in triggered
        ]
        sql += [f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {quote(t)}" for t in excluded]
        return sql
    if vendor == "sqlite":
        sql = []
        for table in triggered:
            for event in EVENTS:
                name = quote(sqlite_trigger_name(table, event))
                sql.append(f"DROP TRIGGER IF EXISTS {name}")
                sql.append(
                    f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} "
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
        for sql in statements(connection.vendor, existing, connection.ops.quote_name):
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
            cursor.execute(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers"
                " WHERE trigger_name = %s AND trigger_schema = current_schema()"
                " AND action_orientation = 'STATEMENT' AND action_timing = 'AFTER'"
                " AND action_statement = %s",
                [PG_TRIGGER, f"EXECUTE FUNCTION {PG_FUNCTION}()"],
            )
            for table, event in cursor.fetchall():
                found.setdefault(table, set()).add(event)
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
    """The current generation as a short string, or None when there is no row yet."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT number, token FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return f"{row[0]}.{row[1]}"
