"""Public code must never reach exempt rows: it may not even name the officer manager.

The forbidden name is assembled at run time so this file does not trip its own scan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # src/minutebook
FORBIDDEN = "officer" + "_objects"
#: Public code: the site, its templates, and the API when it arrives.
PUBLIC_ROOTS = [PACKAGE / "publishing", PACKAGE / "templates", PACKAGE / "api"]
SCANNED_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".ics"}


def offending_files(roots: list[Path]) -> list[str]:
    """Every public source file that names the officer manager, with line numbers."""
    hits: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix not in SCANNED_SUFFIXES or not path.is_file():
                continue
            if path.resolve() == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN in line:
                    hits.append(f"{path}:{number}: {line.strip()}")
    return hits


def test_public_code_never_names_the_officer_manager() -> None:
    hits = offending_files(PUBLIC_ROOTS)
    assert not hits, "public code must use public_objects only:\n" + "\n".join(hits)


def test_public_roots_exist() -> None:
    """A moved app must not make the scan silently pass over nothing."""
    assert (PACKAGE / "publishing" / "views.py").is_file()
    assert (PACKAGE / "templates" / "base.html").is_file()


@pytest.mark.parametrize("suffix", [".py", ".html"])
def test_scan_catches_a_planted_use(tmp_path: Path, suffix: str) -> None:
    planted = tmp_path / "api" / f"views{suffix}"
    planted.parent.mkdir()
    planted.write_text(f"x = Report.{FORBIDDEN}.all()\n", encoding="utf-8")
    assert offending_files([tmp_path / "api"]) == [f"{planted}:1: x = Report.{FORBIDDEN}.all()"]
