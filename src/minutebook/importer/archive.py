"""A whole archive in one command: what the units of work are, and which are already done.

**Units.** A file named on the command line is one unit. Under a directory, every directory
that directly holds .txt/.md/.pdf files is one unit. After its files are parsed (each in its
own child process), it is either:

- a **meeting folder** (``folder.is_meeting_folder``): it holds parts of one meeting (a front
  sheet, reports, appendices, supplements, minutes) and at most one meeting's front sheet or
  pack: the parts are merged into one pack and written as one meeting; or
- a **directory of packs**: two or more whole packs or front sheets of different meetings.
  Each file is then written on its own, as a single file is.

**Journal.** A unit written (or found unchanged) is journaled under the SHA-256 of its files'
digests, the ``--council`` option and the parser version (``ImportJournal``). A re-run, after
an interruption or not, skips journaled units without parsing them: it resumes with the rest,
and a run over an archive already imported reports every unit "unchanged". The journal is
only a shortcut: an entry whose import (or meeting) is gone no longer counts, and the
writer's own same-content check makes re-writing a unit a no-op anyway.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PACK_SUFFIXES", "Unit", "discover", "file_digest", "unit_key"]

PACK_SUFFIXES = frozenset({".txt", ".md", ".pdf"})


@dataclass(slots=True)
class Unit:
    """Files imported together: ``folder`` is their directory, None for a file named alone."""

    files: list[Path]
    folder: Path | None = None
    digests: dict[Path, str] = field(default_factory=dict)


def _pack_files(directory: Path) -> list[Path]:
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.is_file() and p.suffix.lower() in PACK_SUFFIXES]


def discover(paths: list[Path]) -> tuple[list[Unit], list[tuple[Path, str]]]:
    """The units under ``paths`` in a stable order, and the paths that give none."""
    units: list[Unit] = []
    missing: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                units.append(Unit([path]))
            continue
        if not path.is_dir():
            missing.append((path, "no such file or directory"))
            continue
        found = False
        for root, dirs, _ in os.walk(path):
            dirs.sort()
            files = [f for f in _pack_files(Path(root)) if f.resolve() not in seen]
            if files:
                found = True
                seen.update(f.resolve() for f in files)
                units.append(Unit(files, Path(root)))
        if not found:
            missing.append((path, "no .txt, .md or .pdf files in this directory"))
    return units, missing


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks (an oversized file costs no memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unit_key(kind: str, digests: list[str], *, council: str | None, version: str) -> str:
    """The journal key of a unit (``kind``: "file" or "folder")."""
    text = "\n".join([kind, council or "", version, *sorted(digests)])
    return hashlib.sha256(text.encode()).hexdigest()
