"""``minutebook import`` through typer's CliRunner: dry runs (no database), JSON output scored
against the corpus truth, database imports, and bad input handled file by file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from minutebook import cli
from minutebook.importer.models import ImportRecord
from minutebook.importer.tests.conftest import CORPUS_DIR
from minutebook.meetings.models import Meeting

runner = CliRunner()


@pytest.fixture
def no_django_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dry run must never set Django up (and so never reach a database)."""

    def refuse(settings: str | None = None) -> None:
        raise AssertionError("a dry run called setup_django")

    monkeypatch.setattr(cli, "setup_django", refuse)


@pytest.mark.usefixtures("no_django_setup")
def test_dry_run_out_writes_json_that_scores_high(
    tmp_path: Path, corpus_files: list[Path], scorer: ModuleType
) -> None:
    files = corpus_files
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["import", "--dry-run", "--out", str(out), *map(str, files)])
    assert result.exit_code == 0, result.stderr
    for f in files:
        pred = json.loads((out / f"{f.stem}.json").read_text(encoding="utf-8"))
        assert pred["format"] == "minutebook-pack/1"
        assert pred["source"]["file"] == f.name
        true = json.loads((CORPUS_DIR / "truth" / f"{f.stem}.json").read_text(encoding="utf-8"))
        assert scorer.report(f.stem, scorer.score(pred, true)) >= 0.98
    assert "Import summary" in result.stdout


@pytest.mark.usefixtures("no_django_setup")
def test_json_prints_one_line_per_pack(tmp_path: Path, corpus_files: list[Path]) -> None:
    files = corpus_files
    result = runner.invoke(cli.app, ["import", "--dry-run", "--json", *map(str, files)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(files)
    packs = [json.loads(line) for line in lines]
    assert [p["source"]["file"] for p in packs] == [f.name for f in files]
    assert all(p["meeting"]["agenda"] for p in packs)
    # Progress and the summary stay off stdout.
    assert "Import summary" in result.stderr


@pytest.mark.usefixtures("no_django_setup")
def test_directories_are_searched_for_pack_files(tmp_path: Path, corpus_files: list[Path]) -> None:
    first, *_ = corpus_files
    nested = tmp_path / "archive" / "2017"
    nested.mkdir(parents=True)
    shutil.copy(first, nested / "pack.md")
    (nested / "notes.json").write_text("{}")
    result = runner.invoke(cli.app, ["import", "--dry-run", "--json", str(tmp_path / "archive")])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["source"]["file"] for x in result.stdout.splitlines()] == ["pack.md"]


def bad_inputs(tmp_path: Path) -> list[Path]:
    """One file of each kind the importer must refuse."""
    pypdf = pytest.importorskip("pypdf")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    prose = tmp_path / "letter.md"
    prose.write_text("Dear reader,\n\nThank you for your letter about the bins.\n\nYours, A\n")
    truncated = tmp_path / "truncated.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    full = tmp_path / "whole.pdf"
    with full.open("wb") as fh:
        writer.write(fh)
    truncated.write_bytes(full.read_bytes()[:200])
    full.unlink()
    encrypted = tmp_path / "locked.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    with encrypted.open("wb") as fh:
        writer.write(fh)
    huge = tmp_path / "huge.pdf"
    writer = pypdf.PdfWriter()
    for _ in range(2001):
        writer.add_blank_page(width=200, height=200)
    with huge.open("wb") as fh:
        writer.write(fh)
    return [empty, junk, prose, truncated, encrypted, huge, tmp_path / "missing.txt"]


@pytest.mark.django_db
def test_bad_files_fail_one_line_each_and_good_files_still_import(
    tmp_path: Path, corpus_files: list[Path]
) -> None:
    good = corpus_files[0]
    bad = bad_inputs(tmp_path)
    args = ["import", str(bad[0]), str(good), *map(str, bad[1:])]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad)
    for path in bad:
        mine = [line for line in errors if line.startswith(f"error: {path}: ")]
        assert len(mine) == 1, (path, errors)
        assert len(mine[0]) > len(f"error: {path}: ") + 5  # says why
    assert "encrypted" in next(e for e in errors if "locked.pdf" in e)
    assert "2001 pages" in next(e for e in errors if "huge.pdf" in e)
    # The good pack was imported regardless, and nothing of the bad ones.
    record = ImportRecord.objects.get()
    assert record.source_file == good.name
    assert Meeting.objects.filter(import_record=record).exists()


@pytest.mark.django_db
def test_import_then_reimport_reports_unchanged(corpus_files: list[Path]) -> None:
    files = corpus_files
    first = runner.invoke(cli.app, ["import", "--json", *map(str, files)])
    assert first.exit_code == 0, first.stderr
    assert len(first.stdout.splitlines()) == len(files)
    assert ImportRecord.objects.count() == len(files)
    meetings = sorted(Meeting.objects.values_list("pk", flat=True))
    again = runner.invoke(cli.app, ["import", *map(str, files)])
    assert again.exit_code == 0, again.stderr
    assert again.stderr.count(": unchanged") == len(files)
    assert sorted(Meeting.objects.values_list("pk", flat=True)) == meetings
    assert f"0 new, 0 updated, {len(files)} unchanged" in again.stdout


@pytest.mark.django_db
def test_unknown_council_slug_fails_that_file(tmp_path: Path, corpus_files: list[Path]) -> None:
    good = corpus_files[0]
    result = runner.invoke(cli.app, ["import", "--council", "no-such-council", str(good)])
    assert result.exit_code == 1
    assert f"error: {good}: no council with the slug 'no-such-council'" in result.stderr
    assert not ImportRecord.objects.exists()


def test_dry_run_does_not_even_import_django(tmp_path: Path, corpus_files: list[Path]) -> None:
    """Checked in a fresh interpreter (pytest-django has imported Django in this one), with
    settings that would fail to load if anything tried."""
    first = corpus_files[0]
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from minutebook import cli\n"
        f"r = CliRunner().invoke(cli.app, ['import', '--dry-run', '--json', {str(first)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert len(r.stdout.splitlines()) == 1\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings", "DATABASE_URL": "bogus://"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
