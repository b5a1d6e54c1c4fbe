"""Progress display for the long steps (copying the database, archiving, extracting)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class _Bytes(DownloadColumn):
    """Bytes done, except for steps that count no bytes (``add_task(..., bytes=False)``)."""

    def render(self, task: Task) -> Text:
        return super().render(task) if task.fields.get("bytes", True) else Text("")


def progress(console: Console | None) -> Progress:
    """A byte-counting progress display; silent when there is no console (tests, services)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        _Bytes(),
        TimeElapsedColumn(),
        console=console,
        disable=console is None,
    )
