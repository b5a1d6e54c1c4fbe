"""The audit trail holds against the database itself: DELETE, UPDATE and TRUNCATE are
refused, no row can be backdated, and the hash chain shows what a DBA (the maintenance
switch) removed, altered or forged. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from typer.testing import CliRunner

from minutebook import audit
from minutebook.audit import chain
from minutebook.audit.models import AppendOnlyError, AuditEvent
from minutebook.audit.verify import verify
from minutebook.cli import app
from minutebook.core.db import maintenance

pytestmark = pytest.mark.django_db


def trail(n: int = 4) -> list[AuditEvent]:
    return [audit.record("test.step", None, object_label=f"step {i}") for i in range(n)]


def refused(sql: str, params: list | None = None) -> str:
    """Run ``sql``; it must fail. Returns the database's message."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(error.value)


def forge(**fields) -> AuditEvent:
    """Write a row straight to the table (past ``AuditEvent.save``), as a DBA would."""
    event = AuditEvent(action="forged", object_type="test", **fields)
    event.hash = fields.get("hash") or chain.event_hash(event)
    event.save_base(force_insert=True)
    return event


def test_delete_update_and_truncate_are_refused():
    """Finding: DELETE worked on SQLite; TRUNCATE emptied the trail on PostgreSQL."""
    first = trail(2)[0]
    assert "append-only" in refused("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    assert "append-only" in refused("DELETE FROM audit_auditevent")
    assert "append-only" in refused("UPDATE audit_auditevent SET reason = 'x'")
    if connection.vendor == "postgresql":
        assert "TRUNCATE refused" in refused("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(action="test.step").count() == 2
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="x", object_type="y")])


def test_a_backdated_row_cannot_be_inserted():
    """Finding: backdated rows could be inserted (by SQL, or by passing ``at``)."""
    head = trail(2)[-1]
    last_week = timezone.now() - timedelta(days=7)
    # By SQL, even with a correct place in the chain: the database refuses the time.
    message = refused(
        "INSERT INTO audit_auditevent (at, actor_name, action, object_type, object_id, "
        "object_repr, changed_fields, reason, seq, prev_hash, hash) "
        "VALUES (%s, '', 'backdated', 'test', '', '', '[]', '', %s, %s, %s)",
        [last_week, head.seq + 1, head.hash, "0" * 64],
    )
    assert "time of its insert" in message
    # Through the ORM: the caller's time is ignored.
    before = timezone.now()
    event = AuditEvent.objects.create(at=last_week, action="backdated", object_type="test")
    event.refresh_from_db()
    assert event.at >= before - timedelta(seconds=1) and event.seq == head.seq + 1
    assert verify().intact


def test_a_clock_set_back_in_the_application_does_not_backdate(monkeypatch):
    """Code (or a test) that sets ``timezone.now`` to another day still appends events
    stamped with the real time of the append."""
    last_year = timezone.now() - timedelta(days=365)
    monkeypatch.setattr(timezone, "now", lambda: last_year)
    event = audit.record("test.step", None, object_label="under a fake clock")
    monkeypatch.undo()
    event.refresh_from_db()
    assert abs(event.at - timezone.now()) < timedelta(minutes=1)


def test_an_insert_must_extend_the_chain():
    head = trail(2)[-1]
    now = timezone.now()
    sql = (
        "INSERT INTO audit_auditevent (at, actor_name, action, object_type, object_id, "
        "object_repr, changed_fields, reason, seq, prev_hash, hash) "
        "VALUES (%s, '', 'wedged', 'test', '', '', '[]', '', %s, %s, %s)"
    )
    assert "head of the chain" in refused(sql, [now, head.seq + 5, head.hash, "0" * 64])
    assert "head of the chain" in refused(sql, [now, head.seq + 1, "f" * 64, "0" * 64])


def test_every_event_is_chained_to_the_one_before():
    events = trail(3)
    first = AuditEvent.objects.order_by("seq").first()
    assert first is not None and first.seq == 1 and first.prev_hash == chain.GENESIS
    assert [e.seq for e in events] == [events[0].seq, events[0].seq + 1, events[0].seq + 2]
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
    stored = AuditEvent.objects.get(pk=events[1].pk)
    assert chain.event_hash(stored) == stored.hash == events[1].hash


def test_awkward_values_hash_the_same_after_the_round_trip():
    """jsonb rewrites numbers and key order, inet rewrites IPv6: the hash must not care."""
    from minutebook.audit.context import Actor, _current

    for ip in ("2001:0db8::0001", "::ffff:1.2.3.4", "192.0.2.1", None):
        token = _current.set(Actor(user_id=7, name="Ann Ó Briain", ip_address=ip))
        try:
            audit.record(
                "test.values",
                None,
                object_label="naïve - “quoted” \\ \n line",
                before={"z": 1.0, "a": [1e16, 0.1, -2.5e-7, None, True], "ü": {"b": 2, "a": ""}},
                after={"when": timezone.now(), "amount": "12.50"},
                changed_fields=["z", "a"],
                reason="Tab\there",
            )
        finally:
            _current.reset(token)
    result = verify()
    assert result.intact and result.events == AuditEvent.objects.count(), result.summary()


def test_recording_costs_one_read_and_one_insert():
    trail(1)
    with CaptureQueriesContext(connection) as queries:
        audit.record("test.cost", None, object_label="cost")
    sql = [q["sql"] for q in queries]
    touching = [s for s in sql if "audit_auditevent" in s]
    assert len(touching) == 2, touching
    assert touching[0].lstrip().upper().startswith("SELECT")
    assert touching[1].lstrip().upper().startswith("INSERT")
    lock = 1 if connection.vendor == "postgresql" else 0  # pg_advisory_xact_lock
    assert len(sql) == 2 + lock, sql  # no savepoint either


# --- audit verify: intact, and each kind of tampering found -------------------------


def test_an_intact_chain_verifies():
    events = trail(5)
    result = verify(batch=2)
    total = AuditEvent.objects.count()
    assert result.intact and result.events == total and result.head == events[-1].hash
    assert result.summary() == f"{total:,} events, chain intact, head {events[-1].hash}"


def test_a_deleted_row_is_found():
    events = trail(5)
    with maintenance(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    result = verify(batch=2)
    gone, next_seq = events[2].seq, events[3].seq
    assert result.broken.kind == "missing" and result.broken.seq == next_seq
    assert result.summary().startswith(f"Chain broken: missing events #{gone}: event #{next_seq}")


def test_an_altered_row_is_found():
    events = trail(4)
    with maintenance(connection), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_name = 'someone else' WHERE id = %s",
            [events[1].pk],
        )
    result = verify()
    assert result.broken.kind == "altered" and result.broken.event_id == events[1].pk
    assert f"event #{events[1].seq} " in result.summary()
    assert "does not match its hash" in result.summary()


def test_a_forged_row_with_a_wrong_hash_is_found():
    """Inserted past the application, in the right place, at the right time: only the
    hash gives it away (the trigger cannot compute it)."""
    head = trail(3)[-1]
    forged = forge(seq=head.seq + 1, prev_hash=head.hash, at=timezone.now(), hash="ab" * 32)
    result = verify()
    assert result.broken.kind == "altered" and result.broken.event_id == forged.pk


def test_a_replaced_row_is_found_by_its_successor():
    """A row swapped for one whose hash fits its own contents breaks the next link."""
    events = trail(4)
    with maintenance(connection):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
        forge(seq=events[1].seq, prev_hash=events[0].hash, at=events[1].at, reason="rewritten")
    result = verify()
    assert result.broken.kind == "relinked" and result.broken.seq == events[2].seq
    assert f"does not follow from event #{events[1].seq}:" in result.summary()


def test_a_backdated_row_is_found():
    head = trail(3)[-1]
    with maintenance(connection):
        forge(seq=head.seq + 1, prev_hash=head.hash, at=head.at - timedelta(hours=1))
    result = verify()
    assert result.broken.kind == "backdated" and result.broken.seq == head.seq + 1


def test_a_removed_head_is_found_against_an_anchor():
    events = trail(4)
    anchor = events[-1].hash
    with maintenance(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert verify().intact  # the chain alone cannot tell: it just ends sooner
    result = verify(anchor=anchor)
    assert result.broken.kind == "anchor" and anchor in result.summary()


def test_the_command_reports_intact_and_broken():
    events = trail(3)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    total = AuditEvent.objects.count()
    assert ok.output.strip() == f"{total:,} events, chain intact, head {events[-1].hash}"
    with maintenance(connection), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [events[1].pk]
        )
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"Chain broken: event #{events[1].seq} " in broken.output
    assert "does not match its hash" in broken.output


# --- PostgreSQL: the application's role, and concurrent writers ---------------------


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("roles, privileges and advisory locks are PostgreSQL's (SQLite has none)")


def test_the_application_role_can_only_insert_and_select():
    needs_postgresql()
    import secrets

    from minutebook.audit import grants

    trail(2)
    role = f"mb_test_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    where = grants.target(connection)
    grants.apply(connection, role, where)
    assert grants.problems(connection, role, where) == []
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
    try:
        event = audit.record("test.as_app_role", None, object_label="as the app")
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        with maintenance(connection):  # the switch gives no privilege back
            for sql in (
                "UPDATE audit_auditevent SET reason = 'x'",
                "DELETE FROM audit_auditevent",
                "TRUNCATE audit_auditevent",
            ):
                assert "permission denied" in refused(sql), sql
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(action__startswith="test.").count() == 3
    assert verify().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    needs_postgresql()
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def write(name: str) -> None:
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    audit.record("test.concurrent", None, object_label=f"{name} {i}")
                    time.sleep(0.002)  # more work in the same transaction
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify()
    assert result.intact, result.summary()
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 30


def test_grant_app_role_prints_the_statements():
    result = CliRunner().invoke(app, ["audit", "grant-app-role", "site_app"])
    if connection.vendor != "postgresql":
        assert result.exit_code == 2 and "PostgreSQL" in result.output
        return
    assert result.exit_code == 0, result.output
    assert (
        'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE "public".'
        '"audit_auditevent" FROM "site_app";' in result.output
    )
    assert "There is no role 'site_app'" in result.output  # a warning, nothing applied


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_events_in_order_of_time():
    """Events written before the chain: a later id may carry an earlier time (the object
    was made before a concurrent writer's); the migration must not call that backdated."""
    from django.db.migrations.executor import MigrationExecutor

    now = timezone.now()
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only_triggers")])
    try:
        with connection.cursor() as cursor:
            for label, at in (("made second", now), ("made first", now - timedelta(seconds=1))):
                cursor.execute(
                    "INSERT INTO audit_auditevent (at, actor_name, action, object_type, "
                    "object_id, object_repr, changed_fields, reason, before) "
                    "VALUES (%s, '', 'legacy', 'test', '', %s, '[]', '', %s)",
                    [at, label, '{"n": 1.0, "a": [2, "x"]}'],
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    legacy = list(AuditEvent.objects.filter(action="legacy").order_by("seq"))
    assert [e.object_repr for e in legacy] == ["made first", "made second"]
    assert legacy[0].id > legacy[1].id
    result = verify()
    assert result.intact, result.summary()
    assert "append-only" in refused("DELETE FROM audit_auditevent")  # guards back on
