"""PostgreSQL privileges for the application's role: everything it needs, and on the
audit trail only INSERT and SELECT.

Triggers refuse changes to the trail, but whoever owns a table can drop its triggers,
and the maintenance switch is a setting any session may set. So in production the
site connects as a role that owns nothing (migrations run as the owner) and simply has
no UPDATE, DELETE or TRUNCATE on ``audit_auditevent``: PostgreSQL refuses those on
privileges before any trigger runs. :func:`statements` writes the SQL; run it as the
owner (``minutebook audit grant-app-role ROLE --apply``), and again after a migration
that adds tables if default privileges were not set by that same owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from minutebook.audit.chain import TABLE


def ident(name: str) -> str:
    """A quoted SQL identifier (any name, quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Target:
    database: str
    schema: str
    owner: str


def target(connection: Any) -> Target:
    """The database, schema and owning role of the audit table, as this connection sees
    them (the connection should be the owner's: the one migrations use)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), n.nspname, pg_get_userbyid(c.relowner) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = to_regclass(%s)",
            [TABLE],
        )
        row = cursor.fetchone()
    if row is None:
        raise LookupError(f"No table {TABLE}: run `minutebook migrate` first.")
    return Target(*row)


def statements(role: str, where: Target) -> list[str]:
    """GRANT and REVOKE statements giving ``role`` what the application needs."""
    r, s = ident(role), ident(where.schema)
    audit = f"{s}.{ident(TABLE)}"
    owner = ident(where.owner)
    return [
        f"GRANT CONNECT ON DATABASE {ident(where.database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE {audit} FROM {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {s} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {s} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


def problems(connection: Any, role: str, where: Target) -> list[str]:
    """Ways ``role`` would still get round the privileges: superuser, owner, or a member
    of the owner's role."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, pg_has_role(%s, %s, 'USAGE') FROM pg_roles WHERE rolname = %s",
            [role, where.owner, role],
        )
        row = cursor.fetchone()
    if row is None:
        return [f"There is no role {role!r}: CREATE ROLE it (with LOGIN and a password)."]
    found = []
    if row[0]:
        found.append(f"{role} is a superuser: privileges do not bind it.")
    if row[1]:
        found.append(
            f"{role} owns the tables or is a member of their owner {where.owner}: "
            "it could drop the triggers and grant itself anything."
        )
    return found


def apply(connection: Any, role: str, where: Target) -> list[str]:
    """Run :func:`statements` in one transaction; returns them."""
    from django.db import transaction

    sql = statements(role, where)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
    return sql
