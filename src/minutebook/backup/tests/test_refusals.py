"""What restore refuses, and that a refusal leaves the database and MEDIA_ROOT as they were.

Most refusals here are asked of the test database itself with ``force=True``, the most
dangerous way to call restore: the archive must be proved whole and fitting before the
database is emptied, so the test database keeps every row.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from minutebook.backup import database
from minutebook.backup.manifest import BackupError, check_member_name
from minutebook.backup.service import backup, describe, restore
from minutebook.backup.tests.helpers import environment, minutebook, new_database, rewrite
from minutebook.documents.factories import DocumentFactory
from minutebook.documents.models import Document

pytestmark = pytest.mark.django_db(transaction=True)


def _site(tmp_path: Path) -> Path:
    """A council with an exempt file, backed up."""
    DocumentFactory(
        title="Exempt valuation",
        exempt_paragraphs=[3],
        file=ContentFile(b"%PDF-1.7 exempt", name="valuation.pdf"),
    )
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    return archive


def _state(media_root: Path) -> tuple[dict[str, int], dict[str, bytes]]:
    counts = database.table_counts("default", database.model_tables())
    files = {str(p): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}
    return counts, files


def _manifest_change(**changes: Any) -> Any:
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        for key, value in changes.items():
            manifest[key] = value(manifest[key]) if callable(value) else value
        return json.dumps(manifest).encode()

    return change


def test_the_archive_is_private_and_names_its_contents(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    assert archive.stat().st_mode & 0o777 == 0o600, "it holds exempt papers"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json"
    assert names[0].startswith("database/minutebook.")
    stored = Document.officer_objects.get().file.name
    assert f"media/{stored}" in names
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no leftovers"


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    before = _state(media_root)
    with pytest.raises(BackupError, match=r"not empty.*--force"):
        restore(archive)
    assert _state(media_root) == before


@pytest.mark.parametrize(
    ("member", "problem"), [("database/", "checksum differs"), ("media/", "checksum differs")]
)
def test_a_changed_member_is_refused_before_anything_is_touched(
    tmp_path: Path, media_root: Path, member: str, problem: str
) -> None:
    archive = _site(tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(archive, tampered, lambda name, data: data + b"!" if name.startswith(member) else data)
    before = _state(media_root)
    with pytest.raises(BackupError, match=f"{problem}: {member}"):
        restore(tampered, force=True)
    assert _state(media_root) == before
    leftovers = [p.name for p in media_root.parent.iterdir() if p.name.startswith(".media")]
    assert leftovers == [], "the staging directory is removed"


def test_missing_and_extra_members_are_refused(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    dropped = tmp_path / "dropped.tar.gz"
    rewrite(archive, dropped, lambda name, data: None if name.startswith("media/") else data)
    extra = tmp_path / "extra.tar.gz"
    rewrite(archive, extra, lambda name, data: data, extra={"media/planted.pdf": b"x"})
    before = _state(media_root)
    with pytest.raises(BackupError, match="missing: media/documents/"):
        restore(dropped, force=True)
    with pytest.raises(BackupError, match=r"not in the manifest: media/planted\.pdf"):
        restore(extra, force=True)
    assert _state(media_root) == before


def test_an_archive_cut_short_is_refused(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    short = tmp_path / "short.tar.gz"
    short.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    before = _state(media_root)
    with pytest.raises(BackupError, match=r"not a readable backup archive|no manifest"):
        restore(short, force=True)
    assert _state(media_root) == before


def test_a_backup_of_the_other_engine_is_refused(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    other = "postgresql" if database.engine_of("default") == "sqlite" else "sqlite"
    moved = tmp_path / "other-engine.tar.gz"
    rewrite(archive, moved, _manifest_change(engine=other))
    before = _state(media_root)
    with pytest.raises(BackupError, match="restores only into the engine it was taken from"):
        restore(moved, force=True)
    assert _state(media_root) == before


def test_a_backup_from_a_newer_minutebook_is_refused(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    newer = tmp_path / "newer.tar.gz"
    future = _manifest_change(migrations=lambda m: {**m, "audit": [*m["audit"], "9999_future"]})
    rewrite(archive, newer, future)
    before = _state(media_root)
    with pytest.raises(BackupError, match=r"newer minutebook.*audit\.9999_future"):
        restore(newer, force=True)
    assert _state(media_root) == before


@pytest.mark.parametrize(
    "name",
    ["../x", "/etc/passwd", "media/../../x", "media/a/../../b", "media/", "other/x", "database"],
)
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(BackupError):
        check_member_name(name)


def test_an_archive_writing_outside_its_staging_directory_is_refused(
    tmp_path: Path, media_root: Path
) -> None:
    archive = _site(tmp_path)
    crafted = tmp_path / "crafted.tar.gz"
    rewrite(archive, crafted, lambda name, data: data, extra={"media/../../escaped.txt": b"x"})
    with pytest.raises(BackupError, match="unsafe member name"):
        restore(crafted, force=True)
    assert not list(tmp_path.rglob("escaped.txt"))
    assert check_member_name("media/documents/wyvern-vale/a.pdf")


def test_backup_names_files_the_database_names_but_media_root_lacks(
    tmp_path: Path, media_root: Path
) -> None:
    document = DocumentFactory(file=ContentFile(b"%PDF-1.7", name="lost.pdf"))
    Path(document.file.path).unlink()
    result = backup(tmp_path / "site.tar.gz")
    assert result.manifest.missing_files == [document.file.name]
    assert any("lost.pdf" in line for line in describe(result.manifest))


def test_restore_refuses_a_media_root_that_is_not_empty(tmp_path: Path, media_root: Path) -> None:
    archive = _site(tmp_path)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.pdf").write_bytes(b"kept")
    with new_database(tmp_path) as url:
        env = environment(url, occupied)
        done = minutebook("restore", str(archive), env=env)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "MEDIA_ROOT" in done.stderr and "--force" in done.stderr
        assert (occupied / "keep.pdf").read_bytes() == b"kept"
        done = minutebook("restore", "--force", str(archive), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    assert not (occupied / "keep.pdf").exists()
    stored = Document.officer_objects.get().file.name
    assert (occupied / stored).read_bytes() == b"%PDF-1.7 exempt"
