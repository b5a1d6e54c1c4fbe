"""``minutebook import``: find pack files, parse them, optionally write them, report.

Kept out of ``cli.py`` so the command stays thin, and free of Django imports at module level so
that ``--dry-run`` never needs (or touches) a database: parsing is pure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from minutebook.core.atomic import atomic_write
from minutebook.importer.archive import PACK_SUFFIXES, Unit, discover, file_digest, unit_key
from minutebook.importer.errors import PackError
from minutebook.importer.isolate import Limits

if TYPE_CHECKING:
    from minutebook.importer.pack import Pack

__all__ = ["PACK_SUFFIXES", "Summary", "run_import"]
#: What a database that is down, restarting, cut off or busy says (not a schema error).
_OUTAGE = re.compile(
    r"lock|connect|terminat|closed|timeout|timed out|shutting down|starting up|recovery|"
    r"unavailable|refused|reset|broken pipe|administrator|server|no route",
    re.I,
)
#: How long a database outage is waited out (seconds, in all) before a unit fails.
DEFAULT_DB_WAIT = 60.0


@dataclass(slots=True)
class Summary:
    packs: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    items: int = 0
    reports: int = 0
    minutes: int = 0
    minute_items: int = 0
    plan_entries: int = 0
    warnings: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, pack: Pack) -> None:
        self.packs += 1
        self.items += len(pack.meeting.agenda)
        self.reports += len(pack.reports)
        self.minutes += len(pack.minutes)
        self.minute_items += sum(len(m.items) for m in pack.minutes)
        self.plan_entries += len(pack.forward_plan)
        self.warnings += len(pack.warnings)

    def table(self, *, dry_run: bool) -> Table:
        title = "Import summary" + (" (dry run: nothing written)" if dry_run else "")
        table = Table(title=title, show_header=False)
        table.add_column("What")
        table.add_column("Count", justify="right")
        rows: list[tuple[str, str]] = [("Packs", str(self.packs))]
        if not dry_run:
            rows.append(
                (
                    "Meetings",
                    f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged",
                )
            )
        rows += [
            ("Agenda items", str(self.items)),
            ("Reports", str(self.reports)),
            ("Minutes", f"{self.minutes} sets, {self.minute_items} items"),
            ("Forward-plan entries", str(self.plan_entries)),
            ("Warnings", str(self.warnings)),
            ("Failed", str(len(self.failed))),
        ]
        for name, value in rows:
            table.add_row(name, value, style="red" if name == "Failed" and self.failed else None)
        return table


def one_line(path: Path, exc: BaseException) -> str:
    """'FILE: reason' on one line; the reader's messages often start with the path already."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in (f"{path}: ", f"{path.name}: "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if not isinstance(exc, PackError):
        msg = f"{type(exc).__name__}: {msg}"
    return f"{path}: {msg}"


class _Run:
    """One ``minutebook import`` run: its options, output and counts."""

    def __init__(
        self,
        *,
        council: str | None,
        out: Path | None,
        as_json: bool,
        stdout: TextIO,
        say: Callable[[str], None],
        replace: bool,
        strict: bool,
        limits: Limits,
        db_wait: float,
    ) -> None:
        self.council = council
        self.out = out
        self.as_json = as_json
        self.stdout = stdout
        self.say = say
        self.replace = replace
        self.strict = strict
        self.limits = limits
        self.db_wait = db_wait
        self.summary = Summary()
        self.written: set[Path] = set()
        self.write: Callable[..., Any] | None = None
        self.version = ""

    def fail(self, path: Path, exc: BaseException | str) -> None:
        self.summary.failed.append(str(path))
        line = one_line(path, exc) if isinstance(exc, BaseException) else f"{path}: {exc}"
        self.say(f"error: {line}")

    # ---- the database, waited for

    def retrying(self, what: Callable[[], Any]) -> Any:
        """``what()``, retried with backoff while the database is unreachable (a restart, a
        dropped connection), for at most ``db_wait`` seconds in all."""
        from django.db import InterfaceError, OperationalError, connections

        deadline = time.monotonic() + self.db_wait
        delay = 0.5
        while True:
            try:
                return what()
            except (OperationalError, InterfaceError) as exc:
                if not _OUTAGE.search(str(exc)) or time.monotonic() + delay > deadline:
                    raise  # a missing table or column is no outage: fail at once
                self.say(
                    f"database unavailable ({' '.join(str(exc).split())[:200]}); "
                    f"retrying in {delay:.1f} s"
                )
                for conn in connections.all():
                    with contextlib.suppress(Exception):
                        conn.close()
                time.sleep(delay)
                delay = min(delay * 2, 8.0)

    # ---- the journal

    def done(self, key: str) -> Any:
        if self.write is None:  # a dry run has no database (and no Django)
            return None
        from minutebook.importer.models import ImportJournal

        return self.retrying(
            lambda: (
                ImportJournal.objects.filter(key=key, record__meeting__isnull=False)
                .select_related("record__meeting__committee")
                .first()
            )
        )

    def journal(self, key: str, path: Path, record_id: int) -> None:
        from minutebook.importer.models import ImportJournal

        self.retrying(
            lambda: ImportJournal.objects.update_or_create(
                key=key, defaults={"path": str(path.resolve())[:1000], "record_id": record_id}
            )
        )

    def skip(self, path: Path, entry: Any) -> None:
        self.summary.unchanged += 1
        meeting = entry.record.meeting
        self.say(
            f"{path.name}: unchanged (done before: {meeting.committee.name}, "
            f"{meeting.start:%Y-%m-%d})"
        )

    def skip_note(self, path: Path) -> None:
        self.say(f"{path}: skipped (not a council document: no meeting, report or minutes)")

    # ---- one pack

    def emit(self, pack: Pack, path: Path, key: str | None) -> None:
        """Write (or only show) one pack: a file's, or a meeting folder's merged one."""
        if self.strict:
            refused = _implausible(pack)
            if refused:
                self.fail(path, f"refused by --strict: {refused[0]}")
                return
        result = None
        if self.write is not None:
            write = self.write
            try:
                result = self.retrying(
                    lambda: write(
                        pack, council_slug=self.council, source_path=path, replace=self.replace
                    )
                )
            except Exception as exc:  # one bad unit must not stop the others
                self.fail(path, exc)
                return
            if key is not None:
                try:
                    self.journal(key, path, result.record_id)
                except Exception as exc:  # the import stands; only the shortcut is lost
                    self.say(f"warning: {path}: not journaled ({exc})")
        self.summary.add(pack)
        data = pack.to_dict()
        if self.out is not None:
            target = self.out / f"{path.stem}.json"
            if target in self.written:
                self.say(f"warning: {path}: overwrites {target} from another input of that name")
            self.written.add(target)
            with atomic_write(target) as handle:  # never a truncated JSON file
                handle.write((json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
        if self.as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            self.stdout.flush()
        if result is not None:
            status = result.status
            setattr(self.summary, status, getattr(self.summary, status) + 1)
            self.say(
                f"{path.name}: {status} "
                f"({pack.meeting.committee}, {pack.meeting.date}; council {result.council})"
            )
        warnings = result.warnings if result is not None else pack.warnings
        self.summary.warnings += len(warnings) - len(pack.warnings)
        for warning in warnings:
            self.say(f"warning: {path}: {warning}")

    # ---- one unit

    def parse(self, path: Path, *, standalone: bool) -> Pack | None:
        from minutebook.importer.isolate import parse_isolated
        from minutebook.importer.reader import read_pack

        try:
            return parse_isolated(
                path, functools.partial(read_pack, path, standalone=standalone), self.limits
            )
        except Exception as exc:
            self.fail(path, exc)
            return None

    def unit(self, unit: Unit, advance: Callable[[int], None]) -> None:
        from minutebook.importer.folder import (
            FolderPart,
            is_council_document,
            is_meeting_folder,
            merge,
        )

        digests: dict[Path, str] = {}
        for path in unit.files:
            try:
                digests[path] = file_digest(path)
            except OSError as exc:
                self.fail(path, f"cannot read file: {exc.strerror or exc}")
        files = [f for f in unit.files if f in digests]
        folder_key = unit_key(
            "folder", list(digests.values()), council=self.council, version=self.version
        )
        if unit.folder is not None and len(files) > 1:
            entry = self.done(folder_key)
            if entry is not None:
                self.skip(unit.folder, entry)
                advance(len(unit.files))
                return
        parts: list[Any] = []
        for path in unit.files:
            if path not in digests:
                advance(1)
                continue
            key = unit_key("file", [digests[path]], council=self.council, version=self.version)
            entry = self.done(key)
            # In a directory, only a file journaled from this very directory (of packs) is
            # skipped: one imported alone before may be part of this meeting folder.
            if entry is not None and (
                unit.folder is None
                or len(files) == 1
                or Path(entry.path).parent == unit.folder.resolve()
            ):
                self.skip(path, entry)
                advance(1)
                continue
            pack = self.parse(path, standalone=unit.folder is not None)
            advance(1)
            if pack is not None:
                parts.append(FolderPart(path, pack))
        if unit.folder is not None and len(files) > 1 and is_meeting_folder(parts):
            # Notes kept beside a meeting's papers (a README.md) are no document of it; a PDF
            # or text file that names no meeting (a form, a letter) is, and stays.
            notes = [
                p
                for p in parts
                if p.path.suffix.lower() == ".md" and not is_council_document(p.pack)
            ]
            for part in notes:
                self.skip_note(part.path)
                parts.remove(part)
            try:
                merged = merge(parts, name=unit.folder.name)
            except PackError as exc:
                self.fail(unit.folder, exc)
                return
            # A folder whose files all parsed is journaled; one with failures is retried.
            complete = len(parts) + len(notes) == len(unit.files)
            self.emit(merged, unit.folder, folder_key if complete else None)
            return
        for part in parts:
            if unit.folder is not None and not is_council_document(part.pack):
                # A README or notes beside the meeting folders: not a failure of the archive.
                self.skip_note(part.path)
                continue
            key = unit_key("file", [digests[part.path]], council=self.council, version=self.version)
            self.emit(part.pack, part.path, key)


def _implausible(pack: Pack) -> list[str]:
    """The plausibility warnings (``parse.plausibility``) that ``--strict`` refuses."""
    try:
        from minutebook.importer.parse.plausibility import is_implausibility
    except ImportError:  # pragma: no cover - the check is part of the parser
        return []
    return [w for w in pack.warnings if is_implausibility(w)]


def run_import(
    paths: list[Path],
    *,
    council: str | None,
    dry_run: bool,
    out: Path | None,
    as_json: bool,
    stdout: TextIO,
    err: Console,
    console: Console,
    setup_django: Callable[[], None],
    replace: bool = False,
    strict: bool = False,
    limits: Limits | None = None,
    db_wait: float = DEFAULT_DB_WAIT,
) -> int:
    """Import (or with ``dry_run`` only parse) every pack, meeting folder and archive tree
    under ``paths`` (see ``importer.archive``); 1 when anything failed."""
    units, missing = discover(paths)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )

    def say(text: str) -> None:
        progress.console.print(text, markup=False, highlight=False, soft_wrap=True)

    run = _Run(
        council=council,
        out=out,
        as_json=as_json,
        stdout=stdout,
        say=say,
        replace=replace,
        strict=strict,
        limits=limits or Limits(),
        db_wait=db_wait,
    )
    for path, reason in missing:
        run.fail(path, reason)

    if not dry_run:
        setup_django()
        from django.db import DatabaseError

        from minutebook.importer.fields import parser_version
        from minutebook.importer.models import ImportRecord
        from minutebook.importer.writer import write_pack

        try:
            run.retrying(ImportRecord.objects.exists)
        except DatabaseError as exc:
            err.print(
                f"error: cannot use the database ({' '.join(str(exc).split())}); "
                "run `minutebook migrate` first?",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            return 1
        run.write = write_pack
        run.version = parser_version()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    with progress:
        total = sum(len(u.files) for u in units)
        task = progress.add_task("Importing" if run.write else "Parsing", total=total)
        for unit in units:
            label = (unit.folder or unit.files[0]).name[:40]
            progress.update(task, description=label)
            run.unit(unit, lambda n: progress.advance(task, n))
    (err if as_json else console).print(run.summary.table(dry_run=dry_run))
    return 1 if run.summary.failed else 0
