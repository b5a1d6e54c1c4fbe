"""Passes run ahead in a forked child while the front sheet is read (``parse.ahead``): the
parse comes out the same as in one process, whatever happens to the child."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from minutebook.importer import forked
from minutebook.importer.parse import ahead, parse_text
from minutebook.importer.parse.text import normalise
from minutebook.importer.tests.test_layout_parallel import _children


def _parse(text: str, name: str, processes: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(forked.PROCESSES_ENV, str(processes))
    pack = parse_text(text, file=name, standalone=True)
    return json.dumps(pack.to_dict(), sort_keys=True)


@pytest.fixture
def short_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ahead, "MIN_LINES", 50)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for each child forked for the passes."""
    seen: list[int] = []
    original = ahead.Ahead._fork

    def counting(self: ahead.Ahead) -> None:
        seen.append(1)
        original(self)

    monkeypatch.setattr(ahead.Ahead, "_fork", counting)
    return seen


@pytest.fixture(scope="module")
def packs(corpus_files: list[Path]) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in corpus_files]


def test_corpus_packs_parse_alike_with_passes_run_ahead(
    packs: list[tuple[str, str]],
    short_threshold: None,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _children()
    for name, text in packs:
        alone = _parse(text, name, 1, monkeypatch)
        assert not forks
        assert _parse(text, name, 2, monkeypatch) == alone, name
        assert forks, "the passes were not run ahead"
        forks.clear()
        # each section found something, so each pass's result was used
        assert json.loads(alone)["meeting"]["agenda"]
    assert _children() == before


def test_a_child_that_dies_or_fails_leaves_the_parse_unchanged(
    packs: list[tuple[str, str]], short_threshold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text = max(packs, key=lambda p: len(p[1]))
    alone = _parse(text, name, 1, monkeypatch)
    parent = os.getpid()
    passes = dict(ahead.PASSES)

    def dying(lines: list[object]) -> object:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return passes["plan"](lines)  # type: ignore[arg-type]

    def failing(lines: list[object]) -> object:
        if os.getpid() != parent:
            raise ValueError("only in the child")
        return passes["labels"](lines)  # type: ignore[arg-type]

    before = _children()
    # the labels fail in the child (run again here); the child dies before the plan
    monkeypatch.setitem(ahead.PASSES, "labels", failing)
    monkeypatch.setitem(ahead.PASSES, "plan", dying)
    assert _parse(text, name, 2, monkeypatch) == alone
    assert _children() == before


def test_results_are_for_the_lines_forked_with_and_handed_out_once(
    packs: list[tuple[str, str]], short_threshold: None
) -> None:
    _, text = packs[0]
    lines = normalise(text)
    with ahead.Ahead(lines, processes=2) as run:
        assert run.forked
        first = run.result("marks", lines)
        assert first == ahead.PASSES["marks"](lines)
        again = run.result("marks", lines)
        assert again == first and again is not first  # run again, not shared
        part = lines[: len(lines) // 2]
        assert run.result("labels", part) == ahead.PASSES["labels"](part)
    with ahead.Ahead(lines[:40], processes=2) as small:
        assert not small.forked  # too short to be worth a fork


def test_a_pdf_parses_alike_with_passes_run_ahead(
    long_pdf: bytes,
    short_threshold: None,
    forks: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through ``read_pack`` (what imports call), with no shared corpus needed."""
    from minutebook.importer.reader import read_pack

    path = tmp_path / "minutes.pdf"
    path.write_bytes(long_pdf)
    monkeypatch.setenv(forked.PROCESSES_ENV, "1")
    alone = read_pack(path, standalone=True).to_dict()
    assert not forks
    monkeypatch.setenv(forked.PROCESSES_ENV, "2")
    assert read_pack(path, standalone=True).to_dict() == alone
    assert forks
