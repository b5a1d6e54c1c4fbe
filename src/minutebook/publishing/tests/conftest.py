from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minutebook.publishing.tests.scenario import Scenario, build_scenario


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Document files go to a temporary directory, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def scenario(db: None) -> Scenario:
    return build_scenario()
