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


def _migrate(*args: str) -> None:
    """``migrate``, free of the web's PostgreSQL statement timeout (a migration may rewrite
    a large table); the session setting ends with this process's connection."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    _call("migrate", "--no-input", *args)


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    setup_django()
    _migrate()


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
    _migrate("-v", "0")
    from minutebook.demo import load_demo, print_logins

    result = load_demo(seed=seed)
    if result.created:
        console.print(f"Loaded the demo council [bold]{result.council.name}[/bold].")
        console.print(
            "Its agenda packs and minutes documents are queued: a task worker builds them "
            "(`minutebook worker`, or `minutebook serve`, which runs one)."
        )
    else:
        console.print(
            f"The demo council [bold]{result.council.name}[/bold] was already loaded; "
            "nothing changed."
        )
    print_logins(console, result)


def _prepare(*, demo: bool, production: bool) -> None:
    """Migrate, load the demo if asked and the database is empty, collect static files."""
    _migrate("-v", "0")
    if production:
        with console.status("Collecting static files…"):
            _call("collectstatic", "--no-input", "-v", "0")
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


def _settings_for(production: bool) -> str:
    return "minutebook.settings.production" if production else "minutebook.settings.dev"


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(
        False, "--demo", help="Load the demo council if the database is empty."
    ),
    production: bool = typer.Option(
        False,
        "--production",
        help="Production settings from the environment, static files collected, and the "
        "production WSGI server with several processes (docs/deploying.md).",
    ),
    web_processes: int = typer.Option(
        0, "--web-processes", help="Web server processes (production; default: 2 per core)."
    ),
    task_workers: int = typer.Option(1, "--task-workers", help="Task worker processes."),
    scheduler: bool = typer.Option(
        True, "--scheduler/--no-scheduler", help="Run the scheduler (one per deployment)."
    ),
) -> None:
    """Run minutebook as one service: the web server, task workers and the scheduler.

    Ctrl-C (or SIGTERM) stops them all, each finishing its work first.
    """
    from minutebook.runtime.supervisor import Child, Supervisor, child_env, python_command

    if production:
        os.environ["DJANGO_SETTINGS_MODULE"] = _settings_for(True)
    else:
        # A development service's absolute links (e-mails, the API's ids) name the address
        # it answers on; production sets MINUTEBOOK_BASE_URL (docs/deploying.md).
        shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        os.environ.setdefault("MINUTEBOOK_BASE_URL", f"http://{shown}:{port}")
    setup_django()
    _prepare(demo=demo, production=production)
    env = child_env(DJANGO_SETTINGS_MODULE=os.environ["DJANGO_SETTINGS_MODULE"])
    web = ["web", "--host", host, "--port", str(port)]
    if production:
        web += ["--production", "--processes", str(web_processes)]
    children = [Child("web", python_command(*web), env)]
    children += [
        Child(f"worker {n + 1}", python_command("worker"), env) for n in range(task_workers)
    ]
    if scheduler:
        children.append(Child("scheduler", python_command("scheduler"), env))
    names = ", ".join(c.name for c in children)
    console.print(
        f"minutebook is serving at [bold]http://{host}:{port}/[/bold] ({names}; Ctrl-C stops it)"
    )
    code = Supervisor(children, say=lambda text: err_console.print(text, markup=False)).run()
    console.print("minutebook stopped.")
    raise typer.Exit(code)


@app.command()
def web(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    production: bool = typer.Option(
        False, "--production", help="The production WSGI server and settings."
    ),
    processes: int = typer.Option(
        0, "--processes", help="Web server processes (production; default: 2 per core)."
    ),
) -> None:
    """Run only the web server (for deployments that run workers elsewhere)."""
    if production:
        os.environ["DJANGO_SETTINGS_MODULE"] = _settings_for(True)
        from minutebook.runtime.web import exec_production_server

        exec_production_server(host, port, processes)
    setup_django()
    _call("runserver", f"{host}:{port}", "--noreload", "--skip-checks")


@app.command()
def worker(
    queue: str = typer.Option("*", "--queue", help="Queues to run, comma-separated ('*': all)."),
    batch: bool = typer.Option(False, "--batch", help="Run what is queued, then exit."),
    max_tasks: int | None = typer.Option(None, "--max-tasks", help="Exit after this many."),
) -> None:
    """Run a task worker: builds packs and minutes, sends alerts, runs scheduled rules."""
    setup_django()
    from minutebook.jobs.status import queue_kind

    kind = queue_kind()
    if kind == "rq":
        from minutebook.runtime.web import exec_rq_worker

        exec_rq_worker(queue, batch)
    if kind != "database":
        err_console.print(f"Tasks run inline with this backend ({kind}); no worker is needed.")
        raise typer.Exit(2)
    from minutebook.jobs.worker import Worker

    runner = Worker(queues=queue.split(","), batch=batch, max_tasks=max_tasks)
    runner.install_signals()
    runner.run()


@app.command()
def scheduler(
    once: bool = typer.Option(False, "--once", help="Queue what is due now, then exit."),
) -> None:
    """Run the scheduler: queues each periodic rule when it is due (one per deployment)."""
    setup_django()
    from minutebook.jobs.scheduler import Scheduler

    runner = Scheduler(once=once)
    runner.install_signals()
    runner.run()


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
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Let a pack that holds less than its meeting's import replace it (else refused).",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse a pack whose output the importer finds implausible."
    ),
    max_memory_mb: int = typer.Option(
        2048, "--max-memory-mb", min=0, help="Memory each file's parse may use (0: no limit)."
    ),
    timeout: float = typer.Option(
        300.0, "--timeout", min=0, help="Seconds each file's parse may take (0: no limit)."
    ),
    db_wait: float = typer.Option(
        60.0, "--db-wait", min=0, help="Seconds to wait out a database outage before failing."
    ),
) -> None:
    """Import archive agenda packs (minutebook-pack/1) into the database.

    PATHs are pack files or directories: a directory holding one meeting's documents (front
    sheet, reports, appendices, minutes) imports as one meeting; a tree of them as an archive,
    resumably (a re-run skips what is done).
    """
    from minutebook.importer.isolate import Limits
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
        replace=replace,
        strict=strict,
        limits=Limits(max_memory_mb=max_memory_mb, timeout=timeout),
        db_wait=db_wait,
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
        "",
        "--base-url",
        help="The site's public address: OParl ids in the export are URLs under it "
        "(default: MINUTEBOOK_BASE_URL, as the API's ids).",
    ),
) -> None:
    """Export a council's public record as zipped JSON Lines of OParl 1.1 objects."""
    setup_django()
    from minutebook.api.export import write_export
    from minutebook.core.atomic import atomic_write
    from minutebook.core.site import site_origin
    from minutebook.councils.models import Council

    obj = Council.objects.filter(slug=council).first()
    if obj is None:
        err_console.print(f"No council with the slug {council!r}.", markup=False)
        raise typer.Exit(2)
    with atomic_write(out) as handle:  # a failed export leaves no truncated zip
        counts = write_export(obj, base_url or site_origin(), handle)
    total = sum(n for name, n in counts.items() if name != "body.jsonl")
    console.print(f"Wrote {out}: {total} objects of {obj.name}.", markup=False)


@app.command(name="load-postcodes")
def load_postcodes_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="The ONS Postcode Directory CSV (columns pcds or pcd, and osward).",
            exists=True,
            dir_okay=False,
        ),
    ],
    council: str = typer.Option(
        "", "--council", help="Slug of the council (needed when the site has more than one)."
    ),
) -> None:
    """Load the postcode-to-ward table behind "find your councillor" (replaces the last)."""
    setup_django()
    import rich.progress

    from minutebook.councils.models import Council
    from minutebook.people.postcodes import PostcodeFileError, load_postcodes

    councils = Council.objects.filter(slug=council) if council else Council.objects.all()
    if councils.count() != 1:
        err_console.print(
            f"No council with the slug {council!r}."
            if council
            else "Name the council with --council (this site has more than one, or none).",
            markup=False,
        )
        raise typer.Exit(2)
    obj = councils.get()
    try:
        with rich.progress.open(
            file, "r", encoding="utf-8-sig", errors="replace", newline="",
            description="Reading postcodes", console=err_console,
        ) as handle:  # fmt: skip
            result = load_postcodes(obj, handle)
    except PostcodeFileError as error:
        err_console.print(str(error), markup=False)
        raise typer.Exit(1) from None
    console.print(f"Loaded {result.loaded} postcodes in {obj.name}'s wards.", markup=False)
    if result.other_wards:
        console.print(
            f"Not loaded: {result.other_wards} postcodes in {result.other_ward_codes} wards "
            f"that are not {obj.name}'s (their ward codes are not set on its wards).",
            markup=False,
        )
    if result.terminated:
        console.print(f"Not loaded: {result.terminated} terminated postcodes.", markup=False)
    if result.invalid:
        console.print(
            f"Not loaded: {result.invalid} rows without a valid postcode or ward code.",
            markup=False,
        )
    if not result.loaded and not obj.wards.exclude(gss_code="").exists():
        err_console.print(
            "None of the council's wards has a GSS code: set them in the officer set-up pages.",
            markup=False,
        )


@app.command(name="mirror")
def mirror_source(
    url: Annotated[str, typer.Argument(help="An OParl 1.1 System or Body address.")],
    full: bool = typer.Option(
        False, "--full", help="Crawl everything again and drop what the source no longer lists."
    ),
    overlap: float = typer.Option(
        300.0,
        "--overlap",
        min=0,
        help="Seconds re-read before the previous sync began (changes committed meanwhile).",
    ),
    timeout: float = typer.Option(60.0, "--timeout", min=1, help="Seconds per request."),
) -> None:
    """Mirror another minutebook, or any OParl 1.1 server, into this database (read only).

    The first run crawls everything; later runs fetch what changed (modified_since) and
    drop what the source deleted. Each run is one transaction: a failure changes nothing.
    See docs/mirror.md.
    """
    setup_django()
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from minutebook.mirror.crawl import CrawlError
    from minutebook.mirror.sync import mirror

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err_console, transient=True
    ) as bar:
        task = bar.add_task("Reading", total=None)
        read = [0]

        def on_page(page: str) -> None:
            read[0] += 1
            bar.update(task, advance=1, description=f"Read {read[0]} pages: {page}")

        try:
            result = mirror(url, full=full, overlap=overlap, timeout=timeout, on_page=on_page)
        except CrawlError as exc:
            err_console.print(f"Mirror not updated: {exc}", markup=False)
            raise typer.Exit(1) from exc
    kind = "Full crawl" if result.full else "Sync"
    console.print(
        f"{kind} of {url}: {result.pages} pages, {result.stored} objects written, "
        f"{result.dropped} dropped; {result.held} held.",
        markup=False,
    )


@app.command(name="backup")
def backup_site(
    out: Annotated[
        Path,
        typer.Option("--out", help="The archive to write (a .tar.gz).", metavar="FILE"),
    ],
) -> None:
    """Back up the database (exempt rows and audit trail included) and MEDIA_ROOT's files."""
    setup_django()
    from minutebook.backup.manifest import BackupError
    from minutebook.backup.service import backup, describe

    try:
        result = backup(out, console=console)
    except BackupError as error:
        err_console.print(str(error), markup=False)
        raise typer.Exit(1) from None
    console.print(f"Wrote {result.path} ({result.size} bytes).", markup=False)
    for line in describe(result.manifest):
        console.print(line, markup=False)


@app.command(name="restore")
def restore_site(
    archive: Annotated[Path, typer.Argument(help="An archive written by `minutebook backup`.")],
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace a database and MEDIA_ROOT that are not empty: everything in them is lost.",
    ),
) -> None:
    """Restore a backup into an empty database and MEDIA_ROOT, then migrate."""
    setup_django()
    from minutebook.backup.manifest import BackupError
    from minutebook.backup.service import describe, restore

    try:
        result = restore(archive, force=force, console=console)
    except BackupError as error:
        err_console.print(str(error), markup=False)
        raise typer.Exit(1) from None
    for line in describe(result.manifest):
        console.print(line, markup=False)
    if result.migrated:
        console.print(f"Applied {len(result.migrated)} newer migrations.", markup=False)
    console.print("Restored. Restart the site's processes.", markup=False)


audit_app = typer.Typer(
    name="audit",
    help="The audit trail: check its hash chain; the database role that cannot rewrite it.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


@audit_app.command(name="verify")
def audit_verify(
    anchor: str | None = typer.Option(
        None,
        "--anchor",
        help="A head hash printed by an earlier verify: fail unless it is still in the chain.",
    ),
) -> None:
    """Walk the audit trail's hash chain: exit 0 if intact, 1 at the first break."""
    setup_django()
    from minutebook.audit.console import run_verify

    raise typer.Exit(run_verify(console, err_console, anchor=anchor))


@audit_app.command(name="grant-app-role")
def audit_grant_app_role(
    role: Annotated[str, typer.Argument(help="The PostgreSQL role the site connects as.")],
    apply: bool = typer.Option(
        False, "--apply", help="Run the statements (connected as the tables' owner)."
    ),
) -> None:
    """GRANT/REVOKE for the site's PostgreSQL role: only INSERT, SELECT on the audit trail."""
    setup_django()
    from minutebook.audit.console import run_grants

    raise typer.Exit(run_grants(console, err_console, role, apply=apply))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
