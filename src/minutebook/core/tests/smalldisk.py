"""A real small filesystem to run out of: a size-limited tmpfs, and ways to fill it.

Mounting needs root (or CAP_SYS_ADMIN); it is allowed on the development machine and
in CI. Where it is not, the tests that need it are skipped, saying why.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from minutebook.core.atomic import is_temporary

BLOCK = 4096


@contextmanager
def small_disk(path: Path, size: str = "2m") -> Iterator[Path]:
    """Mount a tmpfs of ``size`` at ``path`` for the block; unmounted afterwards."""
    if not sys.platform.startswith("linux"):
        pytest.skip("a size-limited tmpfs needs Linux")
    path.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("no mount command: cannot make a small disk to fill")
    except subprocess.CalledProcessError as exc:
        pytest.skip(
            f"mounting a {size} tmpfs was refused ({exc.stderr.strip()}): "
            "these tests need root or CAP_SYS_ADMIN"
        )
    try:
        yield path
    finally:
        done = subprocess.run(["umount", str(path)], check=False, capture_output=True)
        if done.returncode != 0:  # a file still open: detach now, freed when closed
            subprocess.run(["umount", "-l", str(path)], check=True, capture_output=True)


def fill(disk: Path, leave: int = 0) -> Path:
    """Write a filler file on ``disk`` until ENOSPC, then free about ``leave`` bytes."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for chunk in (64 * BLOCK, BLOCK):
            data = b"\0" * chunk
            while True:
                try:
                    written = os.write(fd, data)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
                if written < chunk:
                    break
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))
    return filler


def free_bytes(disk: Path) -> int:
    stats = os.statvfs(disk)
    return stats.f_bavail * stats.f_frsize


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_no_partial_files(root: Path, referenced: Iterable[tuple[str, str]]) -> None:
    """Every file under ``root`` is a finished one a row refers to, with the row's hash.

    ``referenced`` gives (storage name, sha256) for each row that names a file. No
    temporary file may be left, no file may be unreferenced (a half-published build),
    and every PDF must parse.
    """
    expected = dict(referenced)
    found = {p.relative_to(root).as_posix(): p for p in files_under(root)}
    temporary = [name for name in found if is_temporary(name)]
    assert not temporary, f"temporary files left behind: {temporary}"
    assert set(found) == set(expected), (
        f"files without a row: {sorted(set(found) - set(expected))}; "
        f"rows without a file: {sorted(set(expected) - set(found))}"
    )
    for name, path in found.items():
        assert sha256(path) == expected[name], f"{name} is not the file its row describes"
        if name.endswith(".pdf"):
            assert len(PdfReader(path, strict=True).pages) >= 1, f"{name} does not parse"
