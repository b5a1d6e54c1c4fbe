"""The ``minutebook`` command-line program.

Thin by design: each command sets Django up and calls into the apps, where the logic
lives. Every command honours ``DATABASE_URL`` through the settings.
"""

from __future__ import annotations

import os
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
    console.print(f"Loaded the demo council [bold]{result.council.name}[/bold].")
    print_logins(console, result)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(False, "--demo", help="Load the demo council if the database is empty."),
) -> None:
    """Migrate, optionally load the demo council, and serve the site."""
    setup_django()
    _call("migrate", "--no-input", "-v", "0")
    if demo:
        from minutebook.demo import demo_logins, load_demo, print_logins
        from minutebook.councils.models import Council

        if not Council.objects.exists():
            with console.status("Loading the demo council…"):
                result = load_demo(seed=1)
            print_logins(console, result)
        else:
            console.print("The database already holds a council; the demo was not loaded again.")
            print_logins(console, demo_logins())
    console.print(f"minutebook is serving at [bold]http://{host}:{port}/[/bold] (Ctrl-C stops it)")
    _call("runserver", f"{host}:{port}", "--noreload", "--skip-checks")


@app.command(name="manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run any Django management command: `minutebook manage check`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minutebook manage", *ctx.args])


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

