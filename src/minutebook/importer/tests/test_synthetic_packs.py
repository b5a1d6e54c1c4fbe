"""Synthetic packs in styles the corpus does not have, scored like the real ones.

Each fixture in ``fixtures/packs`` is a hand-written agenda pack (London borough Modern.Gov
pack, district planning committee, combined-authority committee with pipe tables and HTML
cells, full council summons with a tab-table forward plan) with its truth JSON written by
hand from the spec.  The shared scorer (``../shared/tools/score_pack.py``) scores the
parser's output against each truth; the test skips when the scorer is not available.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from minutebook.importer.parse import parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"
PACKS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
MIN_SCORE = 0.95


def _pack_score(result: dict[str, tuple[float, ...]]) -> float:
    f1s = [f for (_p, _r, f, _m, _np, nt) in result.values() if nt]
    return sum(f1s) / len(f1s) if f1s else 0.0


def test_fixtures_present() -> None:
    assert len(PACKS) >= 4
    for p in PACKS:
        assert p.with_suffix(".json").is_file(), f"no truth for {p.name}"


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_synthetic_pack_scores(path: Path, scorer: ModuleType) -> None:
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    pack = parse_text(path.read_text(encoding="utf-8"), file=path.name, strict=True)
    result = scorer.score(pack.to_dict(), truth)
    weak = {k: v[:3] for k, v in result.items() if v[5] and v[2] < 1.0}
    score = _pack_score(result)
    assert score >= MIN_SCORE, f"{path.name}: {score:.3f}; sections below 1: {weak}"


def _physical_pages(text: str) -> list[str]:
    """The pack cut into pages after each "Page N" stamp, as a PDF reader returns them."""
    pages: list[str] = []
    cur: list[str] = []
    for line in text.splitlines():
        cur.append(line)
        if re.fullmatch(r"Page \d+", line.strip()):
            pages.append("\n".join(cur))
            cur = []
    if cur:
        pages.append("\n".join(cur))
    return pages


@pytest.mark.parametrize("rendering", ["pdf-pages", "crlf", "form-feeds"])
@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_synthetic_pack_renderings(path: Path, rendering: str, scorer: ModuleType) -> None:
    """The same pack read as PDF pages, with Windows line ends, or with form feeds between
    pages scores as well as the plain text."""
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    pages = _physical_pages(text)
    assert len(pages) >= 3
    if rendering == "pdf-pages":
        pack = parse_text("\n".join(pages), file=path.name, page_texts=pages, strict=True)
    elif rendering == "crlf":
        pack = parse_text(text.replace("\n", "\r\n"), file=path.name, strict=True)
    else:
        pack = parse_text("\f".join(pages), file=path.name, strict=True)
    score = _pack_score(scorer.score(pack.to_dict(), truth))
    assert score >= MIN_SCORE, f"{path.name} as {rendering}: {score:.3f}"
