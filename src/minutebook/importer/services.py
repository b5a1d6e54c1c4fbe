"""``minutebook import``: find pack files, parse them, optionally write them, report.

Kept out of ``cli.py`` so the command stays thin, and free of Django imports at module level so
that ``--dry-run`` never needs (or touches) a database: parsing is pure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from minutebook.core.atomic import atomic_write
from minutebook.importer.errors import PackError

if TYPE_CHECKING:
    from minutebook.importer.pack import Pack

__all__ = ["PACK_SUFFIXES", "Summary", "collect_files", "run_import"]

PACK_SUFFIXES = frozenset({".txt", ".md", ".pdf"})


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


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files named directly (whatever their suffix: the reader sniffs the content) and, under
    directories, every .txt/.md/.pdf file, in a stable order; plus paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PACK_SUFFIXES
            )
            if not found:
                missing.append((path, "no .txt, .md or .pdf files in this directory"))
        elif path.is_file():
            found = [path]
        else:
            missing.append((path, "no such file or directory"))
            continue
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                files.append(p)
    return files, missing


def one_line(path: Path, exc: BaseException) -> str:
    """'FILE: reason' on one line; the reader's messages often start with the path already."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in (f"{path}: ", f"{path.name}: "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if not isinstance(exc, PackError):
        msg = f"{type(exc).__name__}: {msg}"
    return f"{path}: {msg}"


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
) -> int:
    """Import (or with ``dry_run`` only parse) every pack; 1 when any file failed."""
    from minutebook.importer.reader import read_pack

    files, missing = collect_files(paths)
    summary = Summary()
    for path, reason in missing:
        summary.failed.append(str(path))
        err.print(f"error: {path}: {reason}", markup=False, highlight=False, soft_wrap=True)

    write = None
    if not dry_run:
        setup_django()
        from django.db import DatabaseError

        from minutebook.importer.models import ImportRecord
        from minutebook.importer.writer import write_pack

        try:
            ImportRecord.objects.exists()
        except DatabaseError as exc:
            err.print(
                f"error: cannot use the database ({' '.join(str(exc).split())}); "
                "run `minutebook migrate` first?",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            return 1
        write = write_pack
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    written: set[Path] = set()
    with progress:
        task = progress.add_task("Importing" if write else "Parsing", total=len(files))
        for path in files:
            progress.update(task, description=path.name[:40])
            say = progress.console.print
            try:
                pack = read_pack(path)
                result = write(pack, council_slug=council, source_path=path) if write else None
            except Exception as exc:  # one bad file must not stop the others
                summary.failed.append(str(path))
                say(f"error: {one_line(path, exc)}", markup=False, highlight=False, soft_wrap=True)
                progress.advance(task)
                continue
            summary.add(pack)
            data = pack.to_dict()
            if out is not None:
                target = out / f"{path.stem}.json"
                if target in written:
                    say(
                        f"warning: {path}: overwrites {target} from another input of that name",
                        markup=False,
                        highlight=False,
                        soft_wrap=True,
                    )
                written.add(target)
                with atomic_write(target) as handle:  # never a truncated JSON file
                    handle.write(
                        (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
                    )
            if as_json:
                stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                stdout.flush()
            if result is not None:
                setattr(summary, result.status, getattr(summary, result.status) + 1)
                say(
                    f"{path.name}: {result.status} "
                    f"({pack.meeting.committee}, {pack.meeting.date}; council {result.council})",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
            warnings = result.warnings if result is not None else pack.warnings
            summary.warnings += len(warnings) - len(pack.warnings)
            for warning in warnings:
                say(f"warning: {path}: {warning}", markup=False, highlight=False, soft_wrap=True)
            progress.advance(task)
    (err if as_json else console).print(summary.table(dry_run=dry_run))
    return 1 if summary.failed else 0
