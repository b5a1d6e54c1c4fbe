"""Database guards of the audit trail, on SQLite and PostgreSQL alike.

- UPDATE and DELETE are refused (row triggers), and TRUNCATE on PostgreSQL (a statement
  trigger: row triggers do not see it). Only a maintenance window
  (``minutebook.core.db.maintenance``: a flush, a restore) lets them through.
- An insert must be stamped with the time of the insert (within
  :data:`TOLERANCE_SECONDS`, the gap between reading the clock and inserting) and must
  extend the chain's head: ``seq`` one more than the last, ``prev_hash`` the last hash.
  A backdated or interleaved row is refused; a forged hash is left to ``audit verify``.

In production the application's PostgreSQL role also lacks UPDATE, DELETE and TRUNCATE
on the table (docs/audit.md), so the switch is only defence in depth there.
"""

from django.db import migrations

from minutebook.audit.chain import GENESIS
from minutebook.core.db import PG_ALLOWED, SQLITE_ALLOWED

TOLERANCE_SECONDS = 10

PG_UP = [
    f"""
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF {PG_ALLOWED} THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'The audit trail is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE FUNCTION audit_event_append() RETURNS trigger AS $$
DECLARE
    head_seq bigint;
    head_hash text;
BEGIN
    IF {PG_ALLOWED} THEN RETURN NEW; END IF;
    IF NEW.at IS NULL
       OR abs(extract(epoch FROM NEW.at - clock_timestamp())) > {TOLERANCE_SECONDS} THEN
        RAISE EXCEPTION USING MESSAGE =
            'An audit event is stamped with the time of its insert, not '
            || coalesce(NEW.at::text, 'null');
    END IF;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_auditevent
        ORDER BY seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM coalesce(head_seq, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM coalesce(head_hash, '{GENESIS}') THEN
        RAISE EXCEPTION USING MESSAGE = 'An audit event must extend the head of the chain';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
""",
    """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
""",
    """
CREATE TRIGGER audit_event_append BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append()
""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_append ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append()",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]
SQLITE_UP = [
    f"""
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
WHEN NOT {SQLITE_ALLOWED}
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE refused'); END
""",
    f"""
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
WHEN NOT {SQLITE_ALLOWED}
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE refused'); END
""",
    # julianday() of a value that is no time is NULL: coalesce refuses it (fails closed).
    f"""
CREATE TRIGGER audit_event_append BEFORE INSERT ON audit_auditevent
WHEN NOT {SQLITE_ALLOWED}
BEGIN
    SELECT RAISE(ABORT, 'An audit event is stamped with the time of its insert')
    WHERE coalesce(
        abs(julianday(NEW.at) - julianday('now')) * 86400.0 > {TOLERANCE_SECONDS}, 1
    );
    SELECT RAISE(ABORT, 'An audit event must extend the head of the chain')
    WHERE NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_auditevent), 0) + 1
       OR NEW.prev_hash IS NOT coalesce(
           (SELECT hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1), '{GENESIS}'
       );
END
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_append",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_event_no_update",
]


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_UP, "sqlite": SQLITE_UP}.get(vendor, []):
        schema_editor.execute(statement, params=None)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]

    operations = [migrations.RunPython(up, down)]
