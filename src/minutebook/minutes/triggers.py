"""The database triggers that keep signed minutes and issued decision records as they are.

What each table refuses is set out in docs/minutes.md and in migration
``0004_immutable_triggers``, which installs them on PostgreSQL. They are installed
(again) after every ``migrate`` (``post_migrate``, :func:`reinstall`), on SQLite only
then: SQLite alters a table by rebuilding it, which drops its triggers and is refused
while another table's trigger names it, so there they are taken off before migrations
run (``pre_migrate``, :func:`remove_for_migrate`). Reinstalling also brings a column
added later into the lists of columns that may not change; the lists come from the
models passed in (SQLite has no row comparison).
"""

from __future__ import annotations

from typing import Any

from minutebook.core.db import PG_ALLOWED, SQLITE_ALLOWED

SIGNED = "('confirmed', 'locked')"
EXEMPT = ["is_exempt", "exempt_paragraphs", "public_interest_reason"]
MESSAGE = "Signed minutes and issued decision records are immutable: record a correction"


class Sql:
    """SQL fragments for one vendor (``IS`` in SQLite is ``IS NOT DISTINCT FROM``)."""

    def __init__(self, vendor: str, apps: Any) -> None:
        self.pg = vendor == "postgresql"
        self.apps = apps

    def same(self, a: str, b: str) -> str:
        return f"{a} IS NOT DISTINCT FROM {b}" if self.pg else f"{a} IS {b}"

    def columns(self, label: str) -> list[str]:
        return [f.column for f in self.apps.get_model(label)._meta.concrete_fields]

    def unchanged(self, label: str, but: list[str]) -> str:
        cols = [c for c in self.columns(label) if c not in but]
        return "(" + " AND ".join(self.same(f'NEW."{c}"', f'OLD."{c}"') for c in cols) + ")"

    def fill(self, col: str) -> str:
        """Unchanged, filled in where empty, or cleared."""
        return (
            f"({self.same(f'NEW.{col}', f'OLD.{col}')} OR OLD.{col} IS NULL OR NEW.{col} IS NULL)"
        )

    def clear(self, col: str) -> str:
        return f"({self.same(f'NEW.{col}', f'OLD.{col}')} OR NEW.{col} IS NULL)"


def signed_meeting(expr: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM minutes_minutes m WHERE m.meeting_id = {expr} "
        f"AND m.state IN {SIGNED})"
    )


def minute_meeting(row: str) -> str:
    return f"(SELECT mi.meeting_id FROM decisions_minuteitem mi WHERE mi.id = {row}.minute_item_id)"


def vote_meeting(row: str) -> str:
    return (
        "(SELECT mi.meeting_id FROM minutes_motion mo JOIN decisions_minuteitem mi "
        f"ON mi.id = mo.minute_item_id WHERE mo.id = {row}.motion_id)"
    )


PENDING = (
    "c.version > (SELECT coalesce(max(v.number), 0) FROM minutes_minutesversion v "
    "WHERE v.minutes_id = c.minutes_id)"
)


def corrected(sql: Sql, field: str) -> str:
    """The minute's ``field`` unchanged, or changed as a pending correction says."""
    return (
        f"({sql.same(f'NEW.{field}', f'OLD.{field}')} OR EXISTS (SELECT 1 FROM "
        f"minutes_minutescorrection c WHERE c.minute_item_id = OLD.id AND c.field = '{field}' "
        f"AND c.before = OLD.{field} AND c.after = NEW.{field} AND {PENDING}))"
    )


def rules(sql: Sql) -> dict[str, dict[str, str]]:
    """Per table, per operation: the condition under which the change is refused."""
    fixed_once = {
        "UPDATE": f"NOT ({sql.unchanged('minutes.MinutesVersion', ['created_by_id'])} "
        f"AND {sql.fill('created_by_id')})",
        "DELETE": "1 = 1",
    }
    decision_issued = f"(OLD.published_at IS NOT NULL OR {signed_meeting(minute_meeting('OLD'))})"
    decision_free = [
        *EXEMPT,
        "modified",
        "call_in_state",
        "call_in_expires",
        "in_force_date",
        "published_at",
        "published_by_id",
        "agenda_item_id",
        "report_id",
        "forward_plan_entry_id",
        "decision",
    ]
    decision_ok = " AND ".join(
        [
            sql.unchanged("decisions.Decision", decision_free),
            f"(OLD.published_at IS NULL OR ({sql.same('NEW.published_at', 'OLD.published_at')} "
            f"AND {sql.fill('published_by_id')}))",
            sql.clear("agenda_item_id"),
            sql.clear("report_id"),
            sql.fill("forward_plan_entry_id"),
            f"({sql.same('NEW.decision', 'OLD.decision')} OR EXISTS (SELECT 1 FROM "
            "minutes_minutescorrection c WHERE c.minute_item_id = OLD.minute_item_id "
            f"AND c.field = 'resolution' AND c.after = NEW.decision AND {PENDING}))",
        ]
    )
    minute_ok = " AND ".join(
        [
            sql.unchanged(
                "decisions.MinuteItem", [*EXEMPT, "modified", "title", "text", "resolution"]
            ),
            corrected(sql, "title"),
            corrected(sql, "text"),
            corrected(sql, "resolution"),
        ]
    )
    document_free = [*EXEMPT, "withdrawn_at", "withdrawn_reason", "modified", "meeting_id"]
    signed_copy = "EXISTS (SELECT 1 FROM minutes_signedcopy s WHERE s.document_id = OLD.id)"
    lock_step = ["state", "locked_at", "locked_by_id", "modified"]
    return {
        "minutes_minutes": {
            "UPDATE": f"OLD.state IN {SIGNED} AND NOT ("
            f"(OLD.state = 'confirmed' AND NEW.state IN {SIGNED} "
            f"AND {sql.unchanged('minutes.Minutes', lock_step)}) OR "
            f"(OLD.state = 'locked' AND NEW.state = 'locked' "
            f"AND {sql.unchanged('minutes.Minutes', ['locked_by_id'])} "
            f"AND {sql.fill('locked_by_id')}))",
            "DELETE": f"OLD.state IN {SIGNED}",
        },
        "minutes_minutesversion": fixed_once,
        "minutes_minutescorrection": {
            "INSERT": "NOT EXISTS (SELECT 1 FROM minutes_minutes m WHERE m.id = NEW.minutes_id "
            "AND m.state = 'locked') OR NEW.version <> (SELECT coalesce(max(v.number), 0) + 1 "
            "FROM minutes_minutesversion v WHERE v.minutes_id = NEW.minutes_id)",
            "UPDATE": f"NOT ({sql.unchanged('minutes.MinutesCorrection', ['created_by_id'])} "
            f"AND {sql.fill('created_by_id')})",
            "DELETE": "1 = 1",
        },
        "minutes_signedcopy": {"UPDATE": "1 = 1", "DELETE": "1 = 1"},
        "minutes_motion": {
            "INSERT": signed_meeting(minute_meeting("NEW")),
            "UPDATE": f"{signed_meeting(minute_meeting('OLD'))} OR "
            f"{signed_meeting(minute_meeting('NEW'))}",
            "DELETE": signed_meeting(minute_meeting("OLD")),
        },
        "minutes_recordedvote": {
            "INSERT": signed_meeting(vote_meeting("NEW")),
            "UPDATE": f"{signed_meeting(vote_meeting('OLD'))} OR "
            f"{signed_meeting(vote_meeting('NEW'))}",
            "DELETE": signed_meeting(vote_meeting("OLD")),
        },
        "decisions_minuteitem": {
            "INSERT": signed_meeting("NEW.meeting_id"),
            "UPDATE": f"({signed_meeting('OLD.meeting_id')} OR {signed_meeting('NEW.meeting_id')})"
            f" AND NOT ({minute_ok})",
            "DELETE": signed_meeting("OLD.meeting_id"),
        },
        "decisions_decision": {
            "UPDATE": f"{decision_issued} AND NOT ({decision_ok})",
            "DELETE": decision_issued,
        },
        "documents_document": {
            "UPDATE": f"{signed_copy} AND NOT ("
            f"{sql.unchanged('documents.Document', document_free)} "
            f"AND {sql.clear('meeting_id')})",
            "DELETE": signed_copy,
        },
    }


def _message(table: str) -> str:
    return f"{MESSAGE} ({table})"


def sqlite_up(apps: Any) -> list[str]:
    statements = []
    for table, ops in rules(Sql("sqlite", apps)).items():
        for op, refused in ops.items():
            statements.append(
                f"CREATE TRIGGER {table}_immutable_{op.lower()} BEFORE {op} ON {table} "
                f"FOR EACH ROW WHEN NOT {SQLITE_ALLOWED} AND ({refused}) "
                f"BEGIN SELECT RAISE(ABORT, '{_message(table)}'); END"
            )
    return statements


def pg_up(apps: Any) -> list[str]:
    statements = []
    for table, ops in rules(Sql("postgresql", apps)).items():
        checks = "\n".join(
            f"    IF TG_OP = '{op}' AND ({refused}) THEN\n"
            f"        RAISE EXCEPTION '{_message(table)}' "
            "USING ERRCODE = 'integrity_constraint_violation';\n    END IF;"
            for op, refused in ops.items()
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION {table}_immutable() RETURNS trigger AS $$\n"
            f"BEGIN\n    IF {PG_ALLOWED} THEN RETURN COALESCE(NEW, OLD); END IF;\n"
            f"{checks}\n    RETURN COALESCE(NEW, OLD);\nEND;\n$$ LANGUAGE plpgsql"
        )
        statements.append(
            f"CREATE TRIGGER {table}_immutable BEFORE {' OR '.join(ops)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_immutable()"
        )
    return statements


TABLES = (
    "minutes_minutes",
    "minutes_minutesversion",
    "minutes_minutescorrection",
    "minutes_signedcopy",
    "minutes_motion",
    "minutes_recordedvote",
    "decisions_minuteitem",
    "decisions_decision",
    "documents_document",
)


def down_statements(vendor: str) -> list[str]:
    statements = []
    for table in TABLES:
        if vendor == "postgresql":
            statements.append(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
            statements.append(f"DROP FUNCTION IF EXISTS {table}_immutable()")
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_immutable_{op}"
                for op in ("insert", "update", "delete")
            ]
    return statements


def install(connection: Any, apps: Any) -> None:
    """(Re)create every trigger, from ``apps``' column lists; other vendors: nothing."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    statements = down_statements(vendor)
    statements += pg_up(apps) if vendor == "postgresql" else sqlite_up(apps)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: Any) -> None:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for statement in down_statements(vendor):
            cursor.execute(statement)


def reinstall(sender: Any, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    """``post_migrate``: put the triggers back once every table they guard exists."""
    from django.db import connections

    if apps is None:
        return
    connection = connections[using]
    try:
        apps.get_model("minutes", "SignedCopy")
    except LookupError:
        return  # migrated back before the guarded tables
    if not set(TABLES) <= set(connection.introspection.table_names()):
        return
    install(connection, apps)


def remove_for_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``pre_migrate`` on SQLite: take the triggers off while migrations run.

    SQLite alters a table by rebuilding it under a new name, and refuses the rename
    while a trigger on another table refers to it; :func:`reinstall` puts them back
    once ``migrate`` ends. PostgreSQL keeps them throughout.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        uninstall(connection)
