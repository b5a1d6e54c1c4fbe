"""Archive imports at scale (issue 16 item 5 and "Done when"): a renamed file keeps every id,
a partial file is refused unless ``--replace``, a PDF bomb and an oversized text fail alone in
a batch, a 50-file archive imports in one command, resumes after a kill and is then all
"unchanged", UTF-16 without a BOM is text, and a database outage is waited out.

The archive and outage tests run ``minutebook import`` as a separate process against a
database file (SQLite) or the test database (PostgreSQL), so they can kill it or cut its
connection as an operator's machine would.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from typer.testing import CliRunner

from minutebook import cli
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.importer.models import ImportJournal, ImportRecord
from minutebook.meetings.models import AgendaItem, Meeting

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "packs" / "county_cabinet_pdf.txt"
runner = CliRunner()


def ids() -> dict[str, list[int]]:
    """Every id a public link may carry."""
    return {
        "meeting": sorted(Meeting.objects.values_list("pk", flat=True)),
        "agenda": sorted(AgendaItem.public_objects.values_list("pk", flat=True)),
        "minute": sorted(MinuteItem.officer_objects.values_list("pk", flat=True)),
        "decision": sorted(Decision.officer_objects.values_list("pk", flat=True)),
        "document": sorted(Document.officer_objects.values_list("pk", flat=True)),
    }


def variant(day: date) -> str:
    """The fixture pack for another meeting of the same committee: its date line changed."""
    text = FIXTURE.read_text(encoding="utf-8")
    line = f"Date: {day:%A}, {day.day} {day:%B %Y}"
    return re.sub(r"(?m)^Date: .*$", line, text, count=1)


def bomb_pdf(megabytes: int) -> bytes:
    """A small valid PDF whose one page's compressed content stream inflates to ``megabytes``
    of drawing operators: PDFium needs many times that in memory to load the page."""
    op = b"BT /F1 9 Tf 20 700 Td (bomb) Tj ET\n"
    stream = zlib.compress(op * (megabytes * 1024 * 1024 // len(op)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --------------------------------------------------------------------------- in process


@pytest.mark.django_db
def test_renamed_file_finds_the_same_meeting_and_keeps_every_id(tmp_path: Path) -> None:
    first = tmp_path / "agenda.txt"
    shutil.copy(FIXTURE, first)
    done = runner.invoke(cli.app, ["import", str(first)])
    assert done.exit_code == 0, done.stderr
    before = ids()
    assert before["meeting"] and before["agenda"] and before["decision"]

    renamed = tmp_path / "archive" / "Cabinet agenda (copy).txt"
    renamed.parent.mkdir()
    shutil.copy(FIXTURE, renamed)
    again = runner.invoke(cli.app, ["import", str(renamed)])
    assert again.exit_code == 0, again.stderr
    assert "unchanged" in again.stderr
    assert ids() == before
    assert ImportRecord.objects.count() == 1


@pytest.mark.django_db
def test_partial_file_is_refused_unless_replace(tmp_path: Path) -> None:
    full = tmp_path / "full.txt"
    shutil.copy(FIXTURE, full)
    assert runner.invoke(cli.app, ["import", str(full)]).exit_code == 0
    before = ids()
    record = ImportRecord.objects.get()

    # The first pages only, as a fragment saved from a viewer: same meeting, less of it.
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    part = tmp_path / "fragment.txt"
    part.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    refused = runner.invoke(cli.app, ["import", str(part)])
    assert refused.exit_code == 1
    message = " ".join(refused.stderr.split())
    assert f"error: {part}: holds less than the import of this meeting" in message
    assert "--replace" in message
    assert ids() == before
    assert ImportRecord.objects.get().sha256 == record.sha256

    replaced = runner.invoke(cli.app, ["import", "--replace", str(part)])
    assert replaced.exit_code == 0, replaced.stderr
    assert "updated" in replaced.stderr
    after = ids()
    assert after["meeting"][0] == before["meeting"][0]
    assert sum(map(len, after.values())) < sum(map(len, before.values()))


@pytest.mark.django_db
def test_pdf_bomb_and_oversized_text_fail_alone(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(FIXTURE, batch / "a-good.txt")
    (batch / "b-bomb.pdf").write_bytes(bomb_pdf(40))
    with (batch / "c-huge.txt").open("w", encoding="utf-8") as handle:
        line = "Minutes of the meeting of the Cabinet held in the Council Chamber. " * 4 + "\n"
        for _ in range(60 * 1024 * 1024 // len(line)):
            handle.write(line)
    (batch / "d-good.txt").write_text(variant(date(2023, 11, 8)), encoding="utf-8")
    started = time.monotonic()
    done = runner.invoke(
        cli.app, ["import", "--max-memory-mb", "150", "--timeout", "60", str(batch)]
    )
    assert time.monotonic() - started < 120
    assert done.exit_code == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, done.stderr
    assert errors[0].startswith(f"error: {batch / 'b-bomb.pdf'}: ")
    assert errors[1].startswith(f"error: {batch / 'c-huge.txt'}: ")
    assert all("memory" in e or "longer than" in e for e in errors), errors
    assert "a-good.txt: created" in done.stderr
    assert "d-good.txt: created" in done.stderr
    assert ImportRecord.objects.filter(meeting__isnull=False).count() == 2


def test_utf16_without_a_bom_is_read_as_text(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "cp1252"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(FIXTURE.read_text(encoding="utf-8").encode(codec, errors="replace"))
        done = runner.invoke(cli.app, ["import", "--dry-run", "--json", str(path)])
        assert done.exit_code == 0, (codec, done.stderr)
        assert '"committee": "Cabinet"' in done.stdout, codec


# --------------------------------------------------------------------------- as a process


def _database(tmp_path: Path) -> tuple[dict[str, str], str]:
    """An environment whose DATABASE_URL is this test's database, as another process sees
    it: a file copy of the schema on SQLite, the test database itself on PostgreSQL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.test",
        "MINUTEBOOK_VAR_DIR": str(tmp_path / "var"),
    }
    if connection.vendor == "sqlite":
        path = tmp_path / "archive.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        env["DATABASE_URL"] = f"sqlite:///{path}"
        return env, str(path)
    s = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{s['USER']}{':' + s['PASSWORD'] if s.get('PASSWORD') else ''}"
        f"@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    return env, ""


def _count(sqlite_file: str, model: type) -> int:
    table = model._meta.db_table
    if sqlite_file:
        with sqlite3.connect(sqlite_file, timeout=30) as db:
            (n,) = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        return int(n)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return int(cursor.fetchone()[0])


def _import(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    command = shutil.which("minutebook", path=str(Path(sys.executable).parent))
    assert command, "the minutebook command is not installed in this environment"
    return subprocess.Popen(
        [command, "import", *args],
        env={**env, "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _archive(root: Path, count: int, per_folder: int = 10) -> list[date]:
    days = [date(2022, 1, 5) + timedelta(days=7 * n) for n in range(count)]
    for n, day in enumerate(days):
        folder = root / f"{day.year}" / f"batch-{n // per_folder:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"cabinet-{day.isoformat()}.txt").write_text(variant(day), encoding="utf-8")
    return days


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_archive_of_50_files_resumes_after_a_kill_then_is_unchanged(tmp_path: Path) -> None:
    env, sqlite_file = _database(tmp_path)
    root = tmp_path / "archive"
    days = _archive(root, 50)

    first = _import(env, str(root))
    deadline = time.monotonic() + 240
    while _count(sqlite_file, ImportJournal) < 12:
        assert first.poll() is None, first.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)  # an operator's Ctrl-\ or an OOM kill, mid-archive
    first.communicate()
    done_before = _count(sqlite_file, ImportJournal)
    assert 12 <= done_before < 50

    second = _import(env, str(root))
    out, err = second.communicate(timeout=600)
    assert second.returncode == 0, err[-3000:]
    assert err.count(": unchanged (done before") == done_before
    assert err.count(": created (") + err.count(": unchanged (") == 50
    assert _count(sqlite_file, ImportJournal) == 50
    meetings = _count(sqlite_file, Meeting)
    assert meetings >= len(days)  # and one for the minutes they all print

    third = _import(env, str(root))
    out, err = third.communicate(timeout=600)
    assert third.returncode == 0, err[-3000:]
    assert err.count(": unchanged (done before") == 50
    assert ": created" not in err and ": updated" not in err
    assert re.search(r"Meetings\s*│\s*0 new, 0 updated, 50 unchanged", out), out
    assert _count(sqlite_file, Meeting) == meetings
