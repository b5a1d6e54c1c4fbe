"""Test helpers: a new empty database beside the test one, the CLI in a subprocess, and
rewriting an archive's members (to tamper with it)."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection


@contextmanager
def new_database(tmp_path: Path) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database of the test database's engine.

    SQLite: a file that does not exist yet. PostgreSQL: a database created beside the
    test database (its name plus a random suffix) and dropped afterwards.
    """
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / f'restored-{secrets.token_hex(4)}.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored_{secrets.token_hex(4)}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    try:
        yield f"postgres://{credentials}{host}{port}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def minutebook(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``minutebook ARGS`` as ``uv run minutebook`` runs it: the environment's script."""
    script = Path(sys.executable).with_name("minutebook")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "minutebook.cli"]
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def snapshot_of(out: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Write ``site_snapshot``'s snapshot of the database ``env`` names to ``out``."""
    return subprocess.run(
        [sys.executable, "-m", "minutebook.backup.tests.site_snapshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def environment(database_url: str, media_root: Path) -> dict[str, str]:
    """The test settings, pointed at another database and MEDIA_ROOT."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "MINUTEBOOK_MEDIA_ROOT": str(media_root),
            "DJANGO_SETTINGS_MODULE": "minutebook.settings.test",
            "COLUMNS": "200",
        }
    )
    return env


def rewrite(
    archive: Path,
    out: Path,
    change: Callable[[str, bytes], bytes | None],
    extra: dict | None = None,
) -> None:
    """Copy ``archive`` to ``out``, each member through ``change`` (None drops it), and
    ``extra`` members (name -> bytes) added before the manifest."""
    members: list[tuple[str, bytes]] = []
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            handle = tar.extractfile(info)
            assert handle is not None
            members.append((info.name, handle.read()))
    with tarfile.open(out, "w:gz") as tar:
        for name, data in members:
            if name == "manifest.json":
                for extra_name, extra_data in (extra or {}).items():
                    _add(tar, extra_name, extra_data)
            changed = change(name, data)
            if changed is not None:
                _add(tar, name, changed)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
