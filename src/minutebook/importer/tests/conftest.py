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


PARAGRAPHS = [
    "Minutes of the meeting of the Audit and Governance Committee held on 9 October 2025.",
    "1.\tApologies for absence were received from Councillor Barrington-King.",
    "The committee considered the administration of the contract for highways work.",
]


@pytest.fixture(scope="session")
def long_pdf() -> bytes:
    """Twelve pages, each with a running header, a footer page number, a table and prose."""
    weasyprint = pytest.importorskip("weasyprint")
    css = (
        "@page { size: A4; margin: 20mm; @top-center { content: 'Audit and Governance'; }"
        " @bottom-center { content: 'Page ' counter(page); } }"
        " body { font-family: sans-serif; font-size: 10pt; } td { padding: 2px 14px; }"
    )
    pages = []
    for n in range(12):
        rows = "".join(
            f"<tr><td>{n}.{r}</td><td>Service area {r}</td><td>£{r * 7},{n}00</td></tr>"
            for r in range(6)
        )
        prose = "".join(f"<p>{p} (section {n})</p>" for p in PARAGRAPHS)
        pages.append(
            f'<div style="page-break-after: always"><h2>Part {n + 1}</h2>{prose}'
            f"<table>{rows}</table></div>"
        )
    html = f'<html lang="en"><head><style>{css}</style></head><body>{"".join(pages)}</body></html>'
    data = weasyprint.HTML(string=html).write_pdf()
    assert data is not None
    return bytes(data)
