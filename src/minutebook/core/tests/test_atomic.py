"""Files are written whole or not at all: the storage, ``atomic_write`` and the export.

The storage must keep Django's promise never to overwrite a file it did not choose
to, while writing through a temporary name; ``atomic_write`` must leave the previous
file as it was when writing fails, including on a full disk (a real small tmpfs).
"""

from __future__ import annotations

import errno
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.committees.factories import CommitteeFactory
from minutebook.core.atomic import atomic_write, is_temporary
from minutebook.core.storage import AtomicFileSystemStorage
from minutebook.core.tests.smalldisk import files_under, fill, small_disk
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory


def test_storage_never_overwrites_a_taken_name(tmp_path: Path) -> None:
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("packs/agenda.pdf", ContentFile(b"%PDF-1 first"))
    second = storage.save("packs/agenda.pdf", ContentFile(b"%PDF-1 second"))
    assert first == "packs/agenda.pdf" and second != first
    assert second.startswith("packs/agenda_") and second.endswith(".pdf")
    assert (tmp_path / first).read_bytes() == b"%PDF-1 first"
    assert (tmp_path / second).read_bytes() == b"%PDF-1 second"
    assert not [p for p in files_under(tmp_path) if is_temporary(p.name)]


def test_storage_that_may_overwrite_replaces_whole(tmp_path: Path) -> None:
    storage = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("minutes.html", ContentFile("<p>draft</p>"))
    assert storage.save("minutes.html", ContentFile("<p>approved</p>")) == "minutes.html"
    assert (tmp_path / "minutes.html").read_text() == "<p>approved</p>"
    assert [p.name for p in files_under(tmp_path)] == ["minutes.html"]


def test_storage_applies_the_configured_file_mode(tmp_path: Path) -> None:
    storage = AtomicFileSystemStorage(location=tmp_path, file_permissions_mode=0o640)
    name = storage.save("a/b/report.pdf", ContentFile(b"%PDF-1"))
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640


def test_atomic_write_leaves_the_old_file_when_the_block_fails(tmp_path: Path) -> None:
    target = tmp_path / "export.zip"
    target.write_bytes(b"previous export")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half of a new exp")
        raise RuntimeError("the database went away")
    assert target.read_bytes() == b"previous export"
    assert files_under(tmp_path) == [target]
    with atomic_write(target) as handle:
        handle.write(b"new export")
    assert target.read_bytes() == b"new export"
    assert files_under(tmp_path) == [target]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "1m") as mount:
        yield mount


@pytest.mark.django_db
def test_export_on_a_full_disk_keeps_the_previous_export(disk: Path, settings: Any) -> None:
    council = CouncilFactory(slug="exporting")
    MeetingFactory(committee=CommitteeFactory(council=council))
    target = disk / "exports" / "council.zip"
    target.parent.mkdir()
    args = ["export", "--council", "exporting", "--out", str(target)]
    assert CliRunner().invoke(app, args).exit_code == 0
    previous = target.read_bytes()
    assert zipfile.ZipFile(target).testzip() is None

    filler = fill(disk)
    MeetingFactory(committee=CommitteeFactory(council=council))
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, OSError), result.output
    assert result.exception.errno == errno.ENOSPC
    assert target.read_bytes() == previous
    assert files_under(target.parent) == [target], "no partial export left beside it"

    filler.unlink()
    assert CliRunner().invoke(app, args).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.read("meeting.jsonl").count(b"\n") == 2
