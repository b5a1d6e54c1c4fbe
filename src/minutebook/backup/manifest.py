"""The archive's layout and its manifest (``minutebook-backup/1``).

Members, in the order they are written:

* ``database/minutebook.sqlite3`` or ``database/minutebook.pgdump``: the database;
* ``media/<path>``: each file under ``MEDIA_ROOT``;
* ``manifest.json``: last, because it holds every other member's sha256 and size, so a
  restore can prove the archive whole before it touches anything.

No Django here: reading and checking an archive needs no settings.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import IO, Any

FORMAT = "minutebook-backup/1"
MANIFEST = "manifest.json"
DATABASE_DIR = "database/"
MEDIA_DIR = "media/"
#: A manifest larger than this is not one of ours (it lists files, not their bytes).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message is for the operator."""


def minutebook_version() -> str:
    try:
        return metadata.version("minutebook")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return "unknown"


def check_member_name(name: str) -> str:
    """``name`` if it is a member an archive of ours may hold; else BackupError.

    Checked before anything is written, so a crafted archive cannot write outside the
    staging directory (``..``, absolute paths) or smuggle in other top-level names.
    """
    if name == MANIFEST:
        return name
    if not name.startswith((DATABASE_DIR, MEDIA_DIR)) or "\\" in name or "\x00" in name:
        raise BackupError(f"The archive holds an unexpected member {name!r}.")
    parts = name.split("/")
    if posixpath.isabs(name) or any(p in {"", ".", ".."} for p in parts) or len(parts) < 2:
        raise BackupError(f"The archive holds an unsafe member name {name!r}.")
    return name


@dataclass
class Member:
    sha256: str
    size: int


@dataclass
class Manifest:
    """What a backup holds, and how to check it."""

    created: str
    #: "sqlite" or "postgresql".
    engine: str
    #: The archive member holding the database.
    database: str
    #: App label -> migration names applied in the backed-up database.
    migrations: dict[str, list[str]]
    #: Table -> rows, counted in the very snapshot that was dumped.
    counts: dict[str, int]
    members: dict[str, Member]
    #: Engine details: SQLite library version, or PostgreSQL server and pg_dump versions.
    engine_details: dict[str, str] = field(default_factory=dict)
    #: Files the database names that were not under MEDIA_ROOT when backed up.
    missing_files: list[str] = field(default_factory=list)
    format: str = FORMAT
    minutebook_version: str = field(default_factory=minutebook_version)

    @property
    def media(self) -> dict[str, Member]:
        return {n: m for n, m in self.members.items() if n.startswith(MEDIA_DIR)}

    def to_bytes(self) -> bytes:
        data = asdict(self)
        data["files"] = {
            "count": len(self.media),
            "bytes": sum(m.size for m in self.media.values()),
        }
        return json.dumps(data, indent=2, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
        except ValueError as error:
            raise BackupError(f"The archive's manifest is not JSON ({error}).") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise BackupError(
                f"This is not a {FORMAT} archive (its manifest says {found!r}); "
                "a newer minutebook may read it."
            )
        try:
            return cls(
                created=str(data["created"]),
                engine=str(data["engine"]),
                database=check_member_name(str(data["database"])),
                migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
                counts={str(k): int(v) for k, v in data["counts"].items()},
                members={
                    check_member_name(str(name)): Member(str(m["sha256"]), int(m["size"]))
                    for name, m in data["members"].items()
                },
                engine_details={str(k): str(v) for k, v in data["engine_details"].items()},
                missing_files=[str(n) for n in data["missing_files"]],
                minutebook_version=str(data["minutebook_version"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(f"The archive's manifest is incomplete ({error!r}).") from None


def copy_hashing(source: IO[bytes], target: IO[bytes] | None, limit: int | None = None) -> Member:
    """Copy ``source`` to ``target`` (or only read it), returning its sha256 and size."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise BackupError("An archive member is larger than it may be.")
        digest.update(chunk)
        if target is not None:
            target.write(chunk)
    return Member(digest.hexdigest(), size)


class HashingReader:
    """A file wrapper that hashes what is read through it (tarfile reads it once)."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None] | None = None) -> None:
        self.raw = raw
        self.on_read = on_read
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        if self.on_read is not None:
            self.on_read(len(chunk))
        return chunk

    def member(self) -> Member:
        return Member(self.digest.hexdigest(), self.size)
