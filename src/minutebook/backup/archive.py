"""Writing and reading the archive: one gzipped tar, members hashed as they pass.

Writing goes to a hidden temporary file (mode 0600: the archive holds exempt papers and
password hashes) beside the target, synced, then renamed: an interrupted backup never
leaves a truncated archive under the name an operator will later restore.

Reading streams the archive once into a staging directory, hashing every member, and
only then compares the hashes with the manifest; members are our own names only
(``manifest.check_member_name``), regular files only, each at most once.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rich.progress import Progress

from minutebook.backup.database import Dump
from minutebook.backup.manifest import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MEDIA_DIR,
    BackupError,
    HashingReader,
    Manifest,
    Member,
    check_member_name,
    copy_hashing,
)


@dataclass
class MediaFile:
    name: str
    path: Path
    size: int


def media_files(media_root: Path) -> list[MediaFile]:
    """Every regular file under ``media_root``, in a stable order.

    Symbolic links are left out (Django's storage never makes them, and one could point
    anywhere on the server).
    """
    if not media_root.is_dir():
        return []
    found = []
    for directory, subdirs, names in os.walk(media_root):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory, name)
            with contextlib.suppress(FileNotFoundError):
                if path.is_symlink() or not path.is_file():
                    continue
                relative = path.relative_to(media_root).as_posix()
                found.append(MediaFile(f"{MEDIA_DIR}{relative}", path, path.stat().st_size))
    return found


def _fsync_directory(directory: Path) -> None:
    """Make the archive's new name itself durable (POSIX keeps directory entries apart)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _Counting:
    """Reports how many bytes of the compressed archive have been read."""

    def __init__(self, raw: IO[bytes], advance: Callable[[int], None]) -> None:
        self.raw = raw
        self.advance = advance

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(n)
        self.advance(len(chunk))
        return chunk


def _add(
    tar: tarfile.TarFile, name: str, path: Path, on_read: Callable[[int], None]
) -> Member | None:
    """Add one file; None when it vanished since it was listed (an upload's temporary
    name renamed meanwhile: no row in the dump, taken earlier, can name it)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o600
        reader = HashingReader(handle, on_read)
        try:
            tar.addfile(info, reader)  # type: ignore[arg-type]
        except OSError as error:
            # tarfile's words for a file shorter than its size; a full disk is re-raised.
            if str(error) != "unexpected end of data":
                raise
            raise BackupError(
                f"{path} shrank while it was being backed up; run the backup again."
            ) from None
    return reader.member()


def write_archive(
    out: Path,
    dump: Dump,
    files: list[MediaFile],
    missing_files: list[str],
    created: str,
    bar: Progress,
) -> Manifest:
    """Write the archive to ``out``: the dump, the files, then the manifest."""
    total = dump.path.stat().st_size + sum(f.size for f in files)
    task = bar.add_task(f"Writing {out.name}", total=total)

    def advance(n: int) -> None:
        bar.advance(task, n)

    fd, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(
                fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
            ) as tar:
                members = {}
                for name, path in [(dump.member, dump.path)] + [(f.name, f.path) for f in files]:
                    member = _add(tar, name, path, advance)
                    if member is not None:
                        members[name] = member
                if dump.member not in members:
                    raise BackupError(f"The database dump {dump.path} disappeared.")
                manifest = Manifest(
                    created=created,
                    engine=dump.engine,
                    database=dump.member,
                    migrations=dump.migrations,
                    counts=dump.counts,
                    members=members,
                    engine_details=dump.details,
                    missing_files=missing_files,
                )
                data = manifest.to_bytes()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(time.time())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, out)
        _fsync_directory(out.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return manifest


def extract_archive(archive: Path, staging: Path, bar: Progress) -> Manifest:
    """Unpack ``archive`` into ``staging`` and prove every member against the manifest.

    Nothing outside ``staging`` is written; any difference (a changed, missing or extra
    member, no manifest) raises BackupError.
    """
    task = bar.add_task(f"Reading {archive.name}", total=archive.stat().st_size)
    found: dict[str, Member] = {}
    raw_manifest: bytes | None = None
    try:
        with (
            archive.open("rb") as raw,
            tarfile.open(
                fileobj=_Counting(raw, lambda n: bar.advance(task, n)),  # type: ignore[arg-type]
                mode="r|gz",
            ) as tar,
        ):
            for info in tar:
                name = check_member_name(info.name)
                if name in found or (name == MANIFEST and raw_manifest is not None):
                    raise BackupError(f"The archive holds {name} twice.")
                if not info.isfile():
                    raise BackupError(f"The archive member {name} is not a regular file.")
                source = tar.extractfile(info)
                assert source is not None  # a regular file always has content
                if name == MANIFEST:
                    buffer = io.BytesIO()
                    copy_hashing(source, buffer, limit=MAX_MANIFEST_BYTES)
                    raw_manifest = buffer.getvalue()
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("xb") as out:
                    found[name] = copy_hashing(source, out)
                os.utime(target, (info.mtime, info.mtime))
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive} is not a readable backup archive ({error}).") from None
    if raw_manifest is None:
        raise BackupError(
            f"{archive} has no manifest: it is not a minutebook backup, or the backup "
            "was cut short."
        )
    manifest = Manifest.from_bytes(raw_manifest)
    verify(manifest, found)
    return manifest


def verify(manifest: Manifest, found: dict[str, Member]) -> None:
    """Every member the manifest lists is present with its sha256 and size; no others."""
    problems = []
    for name in sorted(manifest.members.keys() - found.keys()):
        problems.append(f"missing: {name}")
    for name in sorted(found.keys() - manifest.members.keys()):
        problems.append(f"not in the manifest: {name}")
    for name in sorted(found.keys() & manifest.members.keys()):
        if found[name] != manifest.members[name]:
            problems.append(f"checksum differs: {name}")
    if manifest.database not in manifest.members:
        problems.append(f"the database member {manifest.database} is not listed")
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  …and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(
            f"The archive does not match its manifest; nothing was restored.\n  {shown}{more}"
        )
