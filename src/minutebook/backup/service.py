"""``backup`` and ``restore``: the steps, in the order that keeps a site whole.

Backup: the database first, then the files. A file uploaded meanwhile is archived
though no row names it yet (harmless); the other order would archive rows naming files
that are not in the archive. Files the database names but ``MEDIA_ROOT`` lacks are
listed in the manifest and reported, so a broken site is not backed up silently.

Restore: refuse a target that holds anything (unless ``force``), unpack and prove the
archive beside ``MEDIA_ROOT``, check it fits this site (same engine, no migrations
from a newer release), then load the database, compare its row counts with the
manifest's, swap the files in by renaming, migrate (an older backup comes forward)
and give the public page cache a new generation.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import models
from rich.console import Console

from minutebook.backup import archive as archives
from minutebook.backup import database
from minutebook.backup.manifest import MEDIA_DIR, BackupError, Manifest
from minutebook.backup.ui import progress


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: Manifest


@dataclass
class RestoreResult:
    manifest: Manifest
    #: Migrations ``migrate`` applied after loading (an older backup brought forward).
    migrated: list[str] = field(default_factory=list)


def media_root() -> Path:
    """MEDIA_ROOT, provided the default storage keeps files there; else BackupError."""
    storage = storages["default"]
    root = Path(settings.MEDIA_ROOT)
    if not isinstance(storage, FileSystemStorage) or storage.location != os.path.abspath(root):
        raise BackupError(
            f"Files are kept by {type(storage).__name__}, not under MEDIA_ROOT; "
            "minutebook backup only archives a file-system MEDIA_ROOT."
        )
    return root


def referenced_files(using: str) -> set[str]:
    """Every file name a FileField of any row names, exempt rows included."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field_name in fields:
            # The base manager: a default (public) manager would skip exempt files.
            rows = model._base_manager.using(using).exclude(**{field_name: ""})
            names.update(n for n in rows.values_list(field_name, flat=True) if n)
    return names


def backup(out: Path, *, using: str = "default", console: Console | None = None) -> BackupResult:
    """Write the database and MEDIA_ROOT's files to the archive ``out``."""
    database.engine_of(using)
    root = media_root()
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(f"The directory {out.parent} does not exist.")
    if out.is_dir():
        raise BackupError(f"{out} is a directory; name the archive file to write.")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with (
        progress(console) as bar,
        tempfile.TemporaryDirectory(dir=out.parent, prefix=".minutebook-backup-") as work,
    ):
        dump = database.dump(using, Path(work), bar)
        files = archives.media_files(root)
        archived = {f.name.removeprefix(MEDIA_DIR) for f in files}
        missing = sorted(referenced_files(using) - archived)
        manifest = archives.write_archive(out, dump, files, missing, created, bar)
    return BackupResult(out, out.stat().st_size, manifest)


def _refuse_unless_empty(using: str, root: Path, force: bool) -> list[str]:
    tables = database.existing_tables(using)
    if tables and not force:
        raise BackupError(
            f"The target database is not empty ({len(tables)} tables, e.g. {tables[0]}). "
            "restore fills an empty database; --force replaces everything in it."
        )
    if root.is_dir() and any(root.iterdir()) and not force:
        raise BackupError(
            f"MEDIA_ROOT ({root}) is not empty; restore replaces it whole. "
            "--force replaces it (its files are deleted)."
        )
    if root.exists() and os.path.ismount(root):
        raise BackupError(
            f"MEDIA_ROOT ({root}) is a mount point, which cannot be swapped by a rename; "
            "mount its parent directory instead."
        )
    return tables


def _check_fits(manifest: Manifest, engine: str) -> None:
    if manifest.engine != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        held, used = names.get(manifest.engine, manifest.engine), names[engine]
        raise BackupError(
            f"This backup holds a {held} database and this site uses {used}. "
            "A backup restores only into the engine it was taken from (see docs/backup.md); "
            "nothing was restored."
        )
    newer = database.unknown_migrations(manifest.migrations)
    if newer:
        raise BackupError(
            f"This backup comes from a newer minutebook ({manifest.minutebook_version}): "
            f"it has migrations this one does not know ({', '.join(newer[:5])}). "
            "Upgrade minutebook, then restore; nothing was restored."
        )


def _swap_media(new: Path, root: Path) -> None:
    """Put ``new`` (beside ``root``) in place of ``root`` by renames."""
    old = None
    if root.exists():
        old = root.with_name(f".{root.name}.old-{secrets.token_hex(4)}")
        os.rename(root, old)
        shutil.copymode(old, new)
    os.rename(new, root)
    if old is not None:
        # The restore has succeeded; a file that cannot be removed must not undo it.
        shutil.rmtree(old, ignore_errors=True)


def restore(
    path: Path,
    *,
    using: str = "default",
    force: bool = False,
    console: Console | None = None,
) -> RestoreResult:
    """Restore the archive at ``path`` into database ``using`` and MEDIA_ROOT."""
    engine = database.engine_of(using)
    root = media_root()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    tables = _refuse_unless_empty(using, root, force)
    root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, so the files move into place by a rename on one file system.
    staging = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".{root.name}.restore-"))
    try:
        (staging / MEDIA_DIR).mkdir()
        with progress(console) as bar:
            manifest = archives.extract_archive(path, staging, bar)
            _check_fits(manifest, engine)
            if tables:
                database.wipe(using)
            database.load(using, staging / manifest.database, bar)
            counts = database.table_counts(using, manifest.counts)
            if counts != manifest.counts:
                differ = sorted(t for t in manifest.counts if counts.get(t) != manifest.counts[t])
                raise BackupError(
                    "The restored database's row counts differ from the backup's in "
                    f"{', '.join(differ[:10])}; the files were not restored."
                )
            _swap_media(staging / MEDIA_DIR, root)
            before = database.applied_migrations(using)
            task = bar.add_task("Applying migrations", total=None, bytes=False)
            call_command("migrate", database=using, interactive=False, verbosity=0)
            bar.update(task, total=1, completed=1)
            after = database.applied_migrations(using)
            database.bump_generation(using)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    migrated = sorted(
        f"{app}.{name}"
        for app, names in after.items()
        for name in names
        if name not in before.get(app, [])
    )
    return RestoreResult(manifest, migrated)


def describe(manifest: Manifest) -> list[str]:
    """A few lines about a backup, for the command line."""
    rows = sum(manifest.counts.values())
    media = manifest.media
    lines = [
        f"Backup of {manifest.created} by minutebook {manifest.minutebook_version}",
        f"Database: {manifest.engine}, {len(manifest.counts)} tables, {rows} rows",
        f"Files: {len(media)} ({sum(m.size for m in media.values())} bytes)",
    ]
    if manifest.missing_files:
        shown = ", ".join(manifest.missing_files[:5])
        lines.append(
            f"Warning: {len(manifest.missing_files)} files the database names were not "
            f"under MEDIA_ROOT: {shown}"
        )
    return lines
