"""Fixtures every test shares (apps' own conftest files add theirs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Files a test writes go to a temporary directory, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def scenario(db: None) -> Any:
    """The public-site scenario: a council with public and exempt business (publishing)."""
    from minutebook.publishing.tests.scenario import build_scenario

    return build_scenario()
