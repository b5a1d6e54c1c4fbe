"""Shared fixtures for the importer tests (plain pytest, no database)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from minutebook.core.testing_shared import needs_shared, shared_path

#: The hand-checked corpus (packs and truth/), and the scorer the truth is scored with.
CORPUS_DIR = shared_path("corpus")
SCORER = shared_path("tools", "score_pack.py")


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus of real packs (skips the test when it is not available)."""
    return needs_shared("corpus")


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    """The corpus packs (skips the test when they are not available)."""
    files = sorted(needs_shared("corpus").glob("*.txt"))
    assert files, f"no packs in {CORPUS_DIR}"
    return files


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    """../shared/tools/score_pack.py as a module (skips the test when it is not available)."""
    path = needs_shared("tools", "score_pack.py")
    spec = importlib.util.spec_from_file_location("score_pack", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
