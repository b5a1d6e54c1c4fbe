"""The database half of a backup: a consistent native dump, and loading one back.

Native dumps rather than ``dumpdata``/``loaddata``: they copy tables, not what a model's
default manager returns (exempt rows are hidden by ``public_objects``), they insert the
append-only audit trail before its triggers exist instead of saving it through the ORM,
and they carry what Django does not model: the FTS5 search tables and their triggers
(SQLite), generated tsvector columns (PostgreSQL), the page-cache triggers.

* SQLite: sqlite3's online backup API, in one step, reads one consistent snapshot
  while the site keeps running in WAL mode; restore uses the same API in reverse, so
  SQLite's own locking covers the target file and its WAL.
* PostgreSQL: ``pg_dump --format=custom`` of a snapshot exported from a REPEATABLE
  READ transaction, so the manifest's row counts and migration list describe exactly
  the rows dumped; ``pg_restore --single-transaction`` loads it all or nothing.

Counts are per table, read in the dumped snapshot; restore compares them.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections, transaction
from rich.progress import Progress

from minutebook.backup.manifest import DATABASE_DIR, BackupError

ENGINES = ("sqlite", "postgresql")
SQLITE_MEMBER = f"{DATABASE_DIR}minutebook.sqlite3"
PG_MEMBER = f"{DATABASE_DIR}minutebook.pgdump"
MIGRATIONS_TABLE = "django_migrations"

#: libpq connection keywords that may sit in DATABASES OPTIONS -> the variable
#: pg_dump and pg_restore read them from (the password never goes on a command line).
PG_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


@dataclass
class Dump:
    """A database dump written to ``path``, and what it holds."""

    path: Path
    member: str
    engine: str
    counts: dict[str, int]
    migrations: dict[str, list[str]]
    details: dict[str, str]


def engine_of(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ENGINES:
        raise BackupError(f"minutebook backs up SQLite and PostgreSQL, not {vendor}.")
    return vendor


def model_tables() -> list[str]:
    """Every installed model's table (many-to-many included) and the migration record."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables | {MIGRATIONS_TABLE})


def _migrations(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor: Any, existing: set[str]) -> dict[str, int]:
    counts = {}
    for table in model_tables():
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def dump(using: str, workdir: Path, bar: Progress) -> Dump:
    if engine_of(using) == "sqlite":
        return _dump_sqlite(using, workdir, bar)
    return _dump_postgresql(using, workdir, bar)


def _dump_sqlite(using: str, workdir: Path, bar: Progress) -> Dump:
    task = bar.add_task("Copying the SQLite database", total=None)
    connection = connections[using]
    connection.ensure_connection()
    path = workdir / "minutebook.sqlite3"
    snapshot = sqlite3.connect(path, isolation_level=None)
    try:
        # One step (pages=-1): one read transaction, so one consistent snapshot, and no
        # restarts when the running site writes meanwhile.
        connection.connection.backup(snapshot, pages=-1)
        # One self-contained file in the archive, whatever mode the site runs in.
        snapshot.execute("PRAGMA journal_mode=DELETE")
        check = snapshot.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The SQLite database fails its integrity check: {check}")
        cursor = snapshot.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {row[0] for row in cursor.fetchall()}
        counts = _counts(cursor, existing)
        migrations = {}
        if MIGRATIONS_TABLE in existing:
            cursor.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}")
            migrations = _migrations(cursor.fetchall())
    finally:
        snapshot.close()
    size = path.stat().st_size
    bar.update(task, total=size, completed=size)
    return Dump(
        path, SQLITE_MEMBER, "sqlite", counts, migrations, {"sqlite": sqlite3.sqlite_version}
    )


def libpq_params(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The libpq keywords of a Django PostgreSQL connection (empty ones left to libpq)."""
    params: dict[str, Any] = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in PG_ENV:
            params[key] = value
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _pg_env(using: str) -> dict[str, str]:
    """The environment that points pg_dump/pg_restore at database ``using``."""
    params = libpq_params(connections[using].settings_dict)
    env = dict(os.environ)
    env.update({PG_ENV[key]: value for key, value in params.items()})
    return env


def _run(
    command: list[str], env: dict[str, str], bar: Progress, task: Any, watch: Path | None
) -> None:
    """Run a PostgreSQL client tool, showing the growing output file; BackupError on failure."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        except FileNotFoundError:
            raise BackupError(
                f"{command[0]} was not found: install the PostgreSQL client tools "
                "(the same major version as the server, or newer)."
            ) from None
        try:
            while True:
                try:
                    code = process.wait(timeout=0.25)
                    break
                except subprocess.TimeoutExpired:
                    if watch is not None and watch.exists():
                        bar.update(task, completed=watch.stat().st_size)
        except BaseException:
            process.kill()
            process.wait()
            raise
        if code:
            errors.seek(0)
            text = errors.read().decode(errors="replace").strip()
            raise BackupError(f"{command[0]} failed (exit status {code}):\n{text[-4000:]}")


def _tool_version(tool: str) -> str:
    try:
        done = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "not found"
    return done.stdout.strip()


def _dump_postgresql(using: str, workdir: Path, bar: Progress) -> Dump:
    import psycopg

    path = workdir / "minutebook.pgdump"
    task = bar.add_task("Dumping the PostgreSQL database", total=None)
    params = libpq_params(connections[using].settings_dict)
    with psycopg.connect(**params) as snapshot:  # type: ignore[arg-type]
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        cursor = snapshot.cursor()
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot_id, server_version = cursor.fetchone()  # type: ignore[misc]
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        counts = _counts(cursor, existing)
        migrations = {}
        if MIGRATIONS_TABLE in existing:
            cursor.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}")
            migrations = _migrations(cursor.fetchall())
        # pg_dump reads the snapshot this transaction exported, so it dumps exactly the
        # rows just counted; the transaction stays open until pg_dump has finished.
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--snapshot={snapshot_id}",
            f"--file={path}",
        ]
        _run(command, _pg_env(using), bar, task, watch=path)
        snapshot.rollback()
    size = path.stat().st_size
    bar.update(task, total=size, completed=size)
    details = {"server_version": str(server_version), "pg_dump": _tool_version("pg_dump")}
    return Dump(path, PG_MEMBER, "postgresql", counts, migrations, details)


def existing_tables(using: str) -> list[str]:
    """Tables (and views) already in the target database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor, include_views=True))


def wipe(using: str) -> None:
    """Empty the target before a forced restore.

    SQLite needs nothing: the backup API replaces every page of the target. PostgreSQL:
    every table, view, sequence and function in the connection's schema is dropped in
    one transaction (the schema itself stays, with its grants); objects belonging to
    an extension are left alone.
    """
    if engine_of(using) != "postgresql":
        return
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1, format('DROP VIEW IF EXISTS %I.%I CASCADE', schemaname, viewname)"
            " FROM pg_views WHERE schemaname = current_schema()"
            " UNION ALL SELECT 2, format('DROP MATERIALIZED VIEW IF EXISTS %I.%I CASCADE',"
            " schemaname, matviewname) FROM pg_matviews WHERE schemaname = current_schema()"
            " UNION ALL SELECT 3, format('DROP TABLE IF EXISTS %I.%I CASCADE',"
            " schemaname, tablename) FROM pg_tables WHERE schemaname = current_schema()"
            " UNION ALL SELECT 4, format('DROP SEQUENCE IF EXISTS %I.%I CASCADE',"
            " schemaname, sequencename) FROM pg_sequences WHERE schemaname = current_schema()"
            " UNION ALL SELECT 5, format('DROP FUNCTION IF EXISTS %I.%I(%s) CASCADE',"
            " n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))"
            " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() AND p.prokind = 'f' AND NOT EXISTS"
            " (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
            " ORDER BY 1"
        )
        for _, statement in cursor.fetchall():
            cursor.execute(statement)


def load(using: str, path: Path, bar: Progress) -> None:
    """Load the dump at ``path`` into database ``using`` (checked empty, or wiped)."""
    engine = engine_of(using)
    task = bar.add_task("Restoring the database", total=path.stat().st_size)
    connection = connections[using]
    if engine == "sqlite":
        connection.close()
        connection.ensure_connection()
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            # Through SQLite, not a file copy: the target's WAL and locks stay right,
            # and a process that has the file open sees the restored pages.
            source.backup(connection.connection, pages=-1)
        finally:
            source.close()
            connection.close()
    else:
        connection.close()
        command = [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env_dbname(using)}",
            str(path),
        ]
        _run(command, _pg_env(using), bar, task, watch=None)
    bar.update(task, completed=path.stat().st_size)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def env_dbname(using: str) -> str:
    """pg_restore's ``--dbname``: the database name, or the service that names it."""
    params = libpq_params(connections[using].settings_dict)
    if "dbname" in params:
        return params["dbname"]
    if "service" in params:
        return f"service={params['service']}"
    raise BackupError("The PostgreSQL settings name no database to restore into.")


def table_counts(using: str, tables: Iterable[str]) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
                counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connections[using])
    return _migrations(recorder.applied_migrations())


def unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Migrations the backup has applied that this code does not know (a newer release).

    Apps this code has no migrations for are ignored; a squashed migration's
    replaced names count as known.
    """
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    labels = {app for app, _ in known}
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        if app in labels
        for name in names
        if (app, name) not in known
    ]


def bump_generation(using: str) -> None:
    """Give the public page cache a new generation after a restore.

    The restored row is the one of the moment of the backup, so a cache still holding
    pages of that generation (a worker left running, a shared cache) would serve them,
    though the files, the code and the migrations just run may differ. A fresh random
    token means nothing cached before the restore is served after it.
    """
    from minutebook.pagecache.triggers import GENERATION_TABLE, ensure_row

    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if GENERATION_TABLE not in connection.introspection.table_names(cursor):
            return
        ensure_row(using)
        cursor.execute(
            f"UPDATE {_quote(GENERATION_TABLE)} SET number = number + 1, token = %s WHERE id = 1",
            [secrets.token_hex(16)],
        )
