"""Shared fixtures for the importer tests (plain pytest, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
SCORER = REPO_ROOT.parent / "shared" / "tools" / "score_pack.py"


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus of real packs (skips the test when it is not available)."""
    if not CORPUS_DIR.is_dir() or not any(CORPUS_DIR.glob("*.txt")):
        pytest.skip(f"corpus not available at {CORPUS_DIR}")
    return CORPUS_DIR
