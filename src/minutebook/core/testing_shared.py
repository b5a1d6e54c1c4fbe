"""For tests: the material beside the repository in ``../shared/`` (the hand-checked corpus,
the OParl 1.1 schemas, the pack scorer), which a fresh clone does not have.

Every test that reads ``../shared/`` goes through this module (a test in
``core/tests/test_testing_shared.py`` holds the others to it):

- ``shared_path(*parts)`` names a path there, checking nothing (for module constants);
- ``needs_shared(*parts)`` returns that path, or skips the test with a reason that names what
  is missing and why; call it in a test, a fixture or a subtest;
- ``@pytest.mark.shared(*parts)`` on a test does the same before its fixtures are set up
  (the root ``conftest.py`` handles the marker).

``MINUTEBOOK_SHARED_DIR`` moves the directory. With ``MINUTEBOOK_REQUIRE_SHARED=1`` (CI sets
it), the skip becomes a failure: CI has ``../shared/``, so nothing that needs it may quietly
not run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

#: src/minutebook/core/testing_shared.py -> the repository's root.
REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED_DIR_ENV = "MINUTEBOOK_SHARED_DIR"
REQUIRE_ENV = "MINUTEBOOK_REQUIRE_SHARED"
#: Every skip for lack of ../shared starts so (the root conftest recognises them by it).
SKIP_PREFIX = "needs ../shared/"

#: What each top-level entry of ../shared is, for the skip reasons.
WHAT = {
    "corpus": "the hand-checked corpus of real agenda packs and their truth files",
    "oparl-1.1-schema": "the OParl 1.1 JSON schemas",
    "tools": "the pack scorer",
}


def shared_dir() -> Path:
    """``../shared`` beside the repository, or ``$MINUTEBOOK_SHARED_DIR``."""
    override = os.environ.get(SHARED_DIR_ENV)
    return Path(override) if override else REPO_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside the shared directory; nothing is checked."""
    return shared_dir().joinpath(*parts)


def shared_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def is_present(path: Path) -> bool:
    """A file, or a directory with something in it."""
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


def skip_reason(*parts: str) -> str:
    what = WHAT.get(parts[0], "material kept outside the repository") if parts else ""
    return f"{SKIP_PREFIX}{'/'.join(parts)} ({what}); absent on a fresh clone"


def missing(*parts: str) -> NoReturn:
    """Skip the running test for lack of ``../shared/<parts>`` (fail if it is required)."""
    reason = skip_reason(*parts)
    if shared_required():
        pytest.fail(
            f"{REQUIRE_ENV}=1 but {shared_path(*parts)} is missing: {reason}", pytrace=False
        )
    pytest.skip(reason)


def needs_shared(*parts: str) -> Path:
    """``shared_path(*parts)`` if it is there; otherwise the test skips (or fails, see above)."""
    path = shared_path(*parts)
    if not is_present(path):
        missing(*parts)
    return path


def mark_missing(item: pytest.Item) -> None:
    """At collection: a test marked ``@pytest.mark.shared(*parts)`` whose parts are absent
    gets a skip mark, so it is reported at its own line (unless they are required)."""
    for marker in item.iter_markers("shared"):
        if not is_present(shared_path(*marker.args)) and not shared_required():
            item.add_marker(pytest.mark.skip(reason=skip_reason(*marker.args)))


def apply_marker(item: pytest.Item) -> None:
    """At setup, before the test's fixtures: when ../shared is required, a test marked
    ``@pytest.mark.shared(*parts)`` whose parts are missing fails (``mark_missing`` has left
    it unmarked)."""
    if shared_required():
        for marker in item.iter_markers("shared"):
            needs_shared(*marker.args)
