"""What ``minutebook audit ...`` prints: the command-line side of the audit trail
(``minutebook.cli`` only parses arguments and calls these)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def run_verify(console: Console, err_console: Console, *, anchor: str | None = None) -> int:
    """Walk the chain with a progress bar (on stderr, for long trails); print the result.
    Returns the exit status: 0 intact, 1 broken."""
    from minutebook.audit.verify import BATCH, count, verify

    total = count()
    columns = (
        TextColumn("Verifying the audit trail"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True, disable=total <= BATCH) as bar:
        task = bar.add_task("verify", total=total)
        result = verify(anchor=anchor, advance=lambda n: bar.advance(task, n))
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)
    return 0 if result.intact else 1


def run_grants(console: Console, err_console: Console, role: str, *, apply: bool) -> int:
    """Print (or, with ``apply``, run) the application role's GRANT/REVOKE statements."""
    from django.db import DatabaseError, connection

    from minutebook.audit import grants

    if connection.vendor != "postgresql":
        err_console.print(
            "Roles and privileges are PostgreSQL's; on SQLite the file's permissions are "
            "the only access control (docs/audit.md).",
            markup=False,
        )
        return 2
    try:
        where = grants.target(connection)
        for problem in grants.problems(connection, role, where):
            err_console.print(f"Warning: {problem}", markup=False)
        sql = grants.apply(connection, role, where) if apply else grants.statements(role, where)
    except (DatabaseError, LookupError) as error:
        err_console.print(f"Cannot grant: {error}", markup=False)
        return 1
    for statement in sql:
        console.print(f"{statement};", markup=False, highlight=False, soft_wrap=True)
    if apply:
        err_console.print(f"Applied {len(sql)} statements for {role}.", markup=False)
    return 0
