"""The ``minutebook`` command-line program.

Thin by design: each command sets Django up and calls into the apps, where the logic
lives. Every command honours ``DATABASE_URL`` through the settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    name="minutebook",
    help="Run a council's committee decision-making and publish it.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


def setup_django(settings: str | None = None) -> None:
    """Configure Django once; development settings unless told otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "minutebook.settings.dev")
    import django

    django.setup()


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    setup_django()
    _call("migrate", "--no-input")


@app.command()
def createsuperuser() -> None:
    """Create an administrator account (interactive)."""
    setup_django()
    _call("createsuperuser")


@app.command()
def demo(
    seed: int = typer.Option(1, help="Seed for the deterministic demo data."),
) -> None:
    """Load the demo council (a fictional council with a year of meetings)."""
    setup_django()
    _call("migrate", "--no-input", "-v", "0")
    from minutebook.demo import load_demo, print_logins

    result = load_demo(seed=seed)
    if result.created:
        console.print(f"Loaded the demo council [bold]{result.council.name}[/bold].")
    else:
        console.print(
            f"The demo council [bold]{result.council.name}[/bold] was already loaded; "
            "nothing changed."
        )
    print_logins(console, result)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(
        False, "--demo", help="Load the demo council if the database is empty."
    ),
) -> None:
    """Migrate, optionally load the demo council, and serve the site."""
    setup_django()
    _call("migrate", "--no-input", "-v", "0")
    if demo:
        from minutebook.councils.models import Council
        from minutebook.demo import demo_logins, load_demo, print_logins

        if not Council.objects.exists():
            with console.status("Loading the demo council…"):
                result = load_demo(seed=1)
            print_logins(console, result)
        else:
            console.print("The database already holds a council; the demo was not loaded again.")
            print_logins(console, demo_logins())
    console.print(f"minutebook is serving at [bold]http://{host}:{port}/[/bold] (Ctrl-C stops it)")
    _call("runserver", f"{host}:{port}", "--noreload", "--skip-checks")


@app.command(
    name="manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def manage(ctx: typer.Context) -> None:
    """Run any Django management command: `minutebook manage check`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minutebook manage", *ctx.args])


@app.command()
def clock(
    meeting: str = typer.Option(
        ..., "--meeting", help="Meeting start in UK local time, YYYY-MM-DDTHH:MM."
    ),
    council: str | None = typer.Option(
        None, "--council", help="Council slug: use its rules and closure days from the database."
    ),
    decision_published: str | None = typer.Option(
        None,
        "--decision-published",
        help="Date a decision was published (YYYY-MM-DD): adds call-in.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (ISO dates) instead of a table."
    ),
) -> None:
    """Print every statutory and council deadline for a meeting."""
    import json
    from datetime import date, datetime

    from rich.table import Table
    from rich.text import Text

    from minutebook.clock import DEADLINES, ClockRules, deadline_basis, meeting_deadlines

    try:
        start = datetime.strptime(meeting, "%Y-%m-%dT%H:%M")
    except ValueError:
        err_console.print(
            f"--meeting must look like 2025-04-24T19:00 (got {meeting!r}).", markup=False
        )
        raise typer.Exit(2) from None
    published: date | None = None
    if decision_published is not None:
        try:
            published = date.fromisoformat(decision_published)
        except ValueError:
            err_console.print(
                f"--decision-published must look like 2025-04-25 (got {decision_published!r}).",
                markup=False,
            )
            raise typer.Exit(2) from None
    try:
        if council is None:
            rules = ClockRules()
            cal = rules.calendar()
            title = "Deadlines (default rules, England)"
        else:
            setup_django()
            from django.db import DatabaseError

            from minutebook.councils.models import Council

            try:
                found = Council.objects.filter(slug=council).first()
                closures = list(found.closure_days.values_list("date", flat=True) if found else [])
            except DatabaseError as error:
                err_console.print(
                    f"Cannot read councils ({error}); run `minutebook migrate` first?",
                    markup=False,
                )
                raise typer.Exit(1) from None
            if found is None:
                err_console.print(f"No council with the slug {council!r}.", markup=False)
                raise typer.Exit(1)
            rules = ClockRules.from_council(found)
            cal = rules.calendar(closures)
            title = f"Deadlines for {found.name}"
    except ValueError as error:
        err_console.print(f"The council's clock rules are not usable: {error}", markup=False)
        raise typer.Exit(1) from None
    deadlines = meeting_deadlines(start, rules, cal, published)
    if as_json:
        typer.echo(
            json.dumps({key: value.isoformat() for key, value in deadlines.items()}, indent=2)
        )
        return
    basis = deadline_basis(rules)
    table = Table(title=Text(f"{title}: meeting {start:%A %d %B %Y, %H:%M}"))
    table.add_column("Deadline")
    table.add_column("When")
    table.add_column("Basis")
    for key, value in deadlines.items():
        when = (
            f"{value:%a %d %b %Y %H:%M}" if isinstance(value, datetime) else f"{value:%a %d %b %Y}"
        )
        table.add_row(DEADLINES[key][0], when, Text(basis[key]))
    console.print(table)


@app.command(name="import")
def import_packs(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Agenda packs (.txt, .md, .pdf), or directories to search for them."),
    ],
    council: str | None = typer.Option(
        None, "--council", help="Council slug to file the packs under (default: by the name)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Parse only: no database is needed or touched."
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write each pack's JSON to DIR/<input stem>.json.", metavar="DIR"
        ),
    ] = None,
    as_json: bool = typer.Option(
        False, "--json", help="Print each pack as one line of JSON (progress goes to stderr)."
    ),
) -> None:
    """Import archive agenda packs (minutebook-pack/1) into the database."""
    from minutebook.importer.services import run_import

    code = run_import(
        paths,
        council=council,
        dry_run=dry_run,
        out=out,
        as_json=as_json,
        stdout=sys.stdout,
        err=err_console,
        console=console,
        setup_django=setup_django,
    )
    if code:
        raise typer.Exit(code)


@app.command(name="export")
def export_council(
    council: Annotated[str, typer.Option("--council", help="Slug of the council to export.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="The zip file to write (JSON Lines of OParl objects).", metavar="FILE"
        ),
    ],
    base_url: str = typer.Option(
        "http://localhost:8000",
        "--base-url",
        help="The site's public address: OParl ids in the export are URLs under it.",
    ),
) -> None:
    """Export a council's public record as zipped JSON Lines of OParl 1.1 objects."""
    setup_django()
    from minutebook.api.export import write_export
    from minutebook.councils.models import Council

    obj = Council.objects.filter(slug=council).first()
    if obj is None:
        err_console.print(f"No council with the slug {council!r}.", markup=False)
        raise typer.Exit(2)
    with out.open("wb") as handle:
        counts = write_export(obj, base_url, handle)
    total = sum(n for name, n in counts.items() if name != "body.jsonl")
    console.print(f"Wrote {out}: {total} objects of {obj.name}.", markup=False)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
