"""The tests' access to ../shared: found, skipped with a reason, or failed when CI requires it;
and no test reaching it any other way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from minutebook.core import testing_shared
from minutebook.core.testing_shared import (
    REPO_ROOT,
    needs_shared,
    shared_dir,
    shared_path,
    skip_reason,
)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """../shared moved to a temporary directory, not required."""
    monkeypatch.setenv("MINUTEBOOK_SHARED_DIR", str(tmp_path))
    monkeypatch.delenv("MINUTEBOOK_REQUIRE_SHARED", raising=False)
    return tmp_path


def test_default_is_beside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINUTEBOOK_SHARED_DIR", raising=False)
    assert (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "src").is_dir()
    assert shared_dir() == REPO_ROOT.parent / "shared"
    assert shared_path("corpus", "truth") == REPO_ROOT.parent / "shared" / "corpus" / "truth"


def test_present_path_is_returned(elsewhere: Path) -> None:
    (elsewhere / "corpus").mkdir()
    (elsewhere / "corpus" / "a.txt").write_text("pack")
    assert needs_shared("corpus") == elsewhere / "corpus"
    assert needs_shared("corpus", "a.txt") == elsewhere / "corpus" / "a.txt"


@pytest.mark.parametrize("make_empty_dir", [False, True], ids=["absent", "empty directory"])
def test_missing_path_skips_with_the_reason(elsewhere: Path, make_empty_dir: bool) -> None:
    if make_empty_dir:
        (elsewhere / "corpus").mkdir()
    with pytest.raises(pytest.skip.Exception) as skipped:
        needs_shared("corpus")
    assert str(skipped.value) == (
        "needs ../shared/corpus (the hand-checked corpus of real agenda packs and their truth "
        "files); absent on a fresh clone"
    )


def test_reasons_name_what_is_missing() -> None:
    assert "OParl 1.1 JSON schemas" in skip_reason("oparl-1.1-schema")
    assert skip_reason("tools", "score_pack.py").startswith("needs ../shared/tools/score_pack.py")
    assert "pack scorer" in skip_reason("tools", "score_pack.py")
    assert "outside the repository" in skip_reason("something-new")


def test_required_turns_the_skip_into_a_failure(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTEBOOK_REQUIRE_SHARED", "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        needs_shared("oparl-1.1-schema")
    assert "MINUTEBOOK_REQUIRE_SHARED=1" in str(failed.value)
    assert str(elsewhere / "oparl-1.1-schema") in str(failed.value)
    monkeypatch.setenv("MINUTEBOOK_REQUIRE_SHARED", "0")
    with pytest.raises(pytest.skip.Exception):
        needs_shared("oparl-1.1-schema")


def test_marker_skips(elsewhere: Path, request: pytest.FixtureRequest) -> None:
    item = request.node
    testing_shared.mark_missing(item)  # no shared marker: nothing happens
    testing_shared.apply_marker(item)
    assert item.get_closest_marker("skip") is None
    item.add_marker(pytest.mark.shared("oparl-1.1-schema"))
    testing_shared.mark_missing(item)
    skip = item.get_closest_marker("skip")
    assert skip is not None and skip.kwargs["reason"] == skip_reason("oparl-1.1-schema")
    testing_shared.apply_marker(item)  # not required: the skip mark does the skipping


def test_marker_fails_when_required(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setenv("MINUTEBOOK_REQUIRE_SHARED", "1")
    item = request.node
    item.add_marker(pytest.mark.shared("corpus"))
    testing_shared.mark_missing(item)
    assert item.get_closest_marker("skip") is None
    with pytest.raises(pytest.fail.Exception, match="MINUTEBOOK_REQUIRE_SHARED=1"):
        testing_shared.apply_marker(item)


def shared_references(root: Path) -> list[str]:
    """Places in the test code under ``root`` that build a path to ../shared themselves
    (a string constant ``"shared"``, or a path, without spaces, containing ``../shared``)
    instead of going through ``minutebook.core.testing_shared``. Docstrings, messages and this
    module (which holds such paths as examples) are left out."""
    files = [root / "conftest.py", *sorted((root / "tests").rglob("*.py"))]
    files += sorted(p for p in (root / "src").rglob("*.py") if "tests" in p.parts)
    found: list[tuple[str, int, str]] = []
    for path in files:
        if not path.is_file() or path.resolve() == Path(__file__).resolve():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prose = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in prose
                and (
                    node.value.strip("/") == "shared"
                    or ("../shared" in node.value and not any(c.isspace() for c in node.value))
                )
            ):
                found.append((str(path.relative_to(root)), node.lineno, node.value))
    return [f"{file}:{line}: {value!r}" for file, line, value in sorted(found)]


def test_tests_reach_shared_only_through_the_helper() -> None:
    assert shared_references(REPO_ROOT) == []


def test_the_reference_check_finds_a_hand_made_path(tmp_path: Path) -> None:
    tests = tmp_path / "src" / "app" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_x.py").write_text(
        '"""Reads ../shared/corpus (prose, allowed)."""\n'
        "from pathlib import Path\n"
        'CORPUS = Path(__file__).parents[4] / "shared" / "corpus"\n'
        'SCHEMAS = Path("../shared/oparl-1.1-schema")\n'
        'pytest.skip("needs ../shared/corpus")  # a message, allowed\n'
    )
    assert shared_references(tmp_path) == [
        "src/app/tests/test_x.py:3: 'shared'",
        "src/app/tests/test_x.py:4: '../shared/oparl-1.1-schema'",
    ]
