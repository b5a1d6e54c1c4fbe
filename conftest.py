"""Fixtures every test shares (apps' own conftest files add theirs), and the ``shared``
marker with its CI guard (see ``minutebook.core.testing_shared``)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minutebook.core import testing_shared


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shared(*parts): needs ../shared/<parts>; skips when it is absent, fails instead "
        "under MINUTEBOOK_REQUIRE_SHARED=1",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.shared(...)`` on a test whose part of ../shared is absent: skip it.

    With ``MINUTEBOOK_DATABASE_TESTS_ONLY=1`` (CI's second pass, on PostgreSQL) only the
    tests in ``POSTGRES_SCOPE`` that use a database run: the rest ran in the first pass,
    and the database behind them cannot change what they do.
    """
    for item in items:
        testing_shared.mark_missing(item)
    _long_modules_first(items)
    if os.environ.get("MINUTEBOOK_DATABASE_TESTS_ONLY") != "1":
        return
    root = Path(str(config.rootpath))
    keep, drop = [], []
    for item in items:
        relative = Path(str(item.path)).relative_to(root).as_posix()
        wanted = (
            _uses_a_database(item)
            and relative.startswith(POSTGRES_SCOPE)
            and f"{relative}::{item.name}" not in POSTGRES_LEFT_OUT
        )
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _long_modules_first(items: list[pytest.Item]) -> None:
    """Modules with a ``slow`` or ``browser`` test run first, each kept whole (its module
    fixtures set up once), the rest after in collection order.

    xdist's worksteal hands each worker a contiguous half of this list and an idle worker
    takes the tail of another's queue: with the long tests (up to 70 s each) at the front,
    the run ends on short tests, instead of one worker idle while the other finishes a
    long one that happened to be collected last (``tests/test_production.py``).
    """
    long_modules = {
        str(item.path)
        for item in items
        if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: str(item.path) not in long_modules)


#: What CI's PostgreSQL pass runs (with MINUTEBOOK_DATABASE_TESTS_ONLY=1): the tests of
#: code whose behaviour can differ between the databases. Everything runs on SQLite in
#: the first pass; the ORM's ordinary queries (the views, forms, permission rules,
#: serialisers and fuzzing of the other apps) come out the same on both, and running
#: them twice does not fit CI's 20 minutes (measured on 2 cores: the first pass 1,004 s;
#: this one 553 s with the API, fuzzing, permissions, documents and mirror tests in it,
#: 317 s with the API's and derived copies' tests, which are the ORM's).
POSTGRES_SCOPE: tuple[str, ...] = (
    # raw SQL, triggers, database roles and the maintenance switch; input the database
    # refuses (NUL bytes, out-of-range integers)
    "src/minutebook/core/",
    "src/minutebook/audit/",
    "src/minutebook/pagecache/",
    "src/minutebook/minutes/tests/test_immutable.py",
    # full-text search (tsvector, websearch_to_tsquery) against FTS5 in the first pass
    "src/minutebook/search/",
    # the exempt canary's crawler of every route and format, searches included
    "src/minutebook/publishing/tests/test_canary.py",
    # the API's keyset paging and filters on timestamps
    "src/minutebook/api/tests/test_params.py",
    # locks, races, concurrent writers, outages, pg_dump
    "src/minutebook/jobs/",
    "src/minutebook/backup/",
    "src/minutebook/meetings/tests/test_reminders.py",
    "src/minutebook/importer/tests/test_write_transaction.py",
    "src/minutebook/importer/tests/test_concurrent_writers.py",
    "src/minutebook/importer/tests/test_races.py",
    "src/minutebook/importer/tests/test_outage.py",
)


#: Tests of ``POSTGRES_SCOPE`` files left out of the PostgreSQL pass ("path::name"), each
#: for a measured reason.
POSTGRES_LEFT_OUT: frozenset[str] = frozenset(
    {
        # The longest test of the suite (about 100 s): it crawls the whole public site after
        # each of a dozen changes. What it relies on that PostgreSQL does differently is
        # tested there by the files of POSTGRES_SCOPE (full-text search and its exemption
        # tests, the page cache's triggers, the canary crawler of every route and format);
        # the lifecycle's own steps are ORM saves and signals, run in the first pass.
        "src/minutebook/publishing/tests/test_canary.py::"
        "test_lifecycle_every_copy_follows_every_change",
        # A task worker killed mid-build and replaced (about 65 s here): process supervision,
        # the same on both; PostgreSQL's own fault, its connections dropped under the
        # worker, is the next test of the file and stays.
        "src/minutebook/jobs/tests/test_faults.py::"
        "test_a_worker_killed_mid_build_is_replaced_and_the_build_completes_once",
    }
)


#: Fixtures that reach the test database.
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "admin_client",
    "admin_user",
    "django_user_model",
}
#: A module that names any of these may reach a database another way (a subprocess
#: inheriting DATABASE_URL, its own PostgreSQL database): all its tests stay.
_REACHES_A_DATABASE = re.compile(r"subprocess|Popen|DATABASE_URL|postgres", re.I)
_module_reaches: dict[str, bool] = {}


def _uses_a_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    path = str(item.path)
    if path not in _module_reaches:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            text = "postgres"  # unreadable: keep it
        _module_reaches[path] = bool(_REACHES_A_DATABASE.search(text))
    return _module_reaches[path]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.shared(...)`` under ``MINUTEBOOK_REQUIRE_SHARED=1``: a missing part
    fails the test here, before any fixture is set up."""
    testing_shared.apply_marker(item)


#: Skips for lack of ../shared seen in this run (nodeid, reason); see the next hooks.
_shared_skips: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Backstop for ``MINUTEBOOK_REQUIRE_SHARED=1``: any skip whose reason is a ../shared one
    (however it was raised) fails the run, not only those through ``needs_shared``."""
    if report.skipped and testing_shared.shared_required():
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        if testing_shared.SKIP_PREFIX in reason:
            _shared_skips.append((report.nodeid, reason))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller sees every report and decides
    if _shared_skips and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _shared_skips:
        terminalreporter.section("skipped for lack of ../shared", red=True)
        terminalreporter.write_line(
            f"{testing_shared.REQUIRE_ENV}=1, so these skips fail the run:", red=True
        )
        for nodeid, reason in _shared_skips:
            terminalreporter.write_line(f"  {nodeid}: {reason}")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Files a test writes go to a temporary directory, never the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """pytest-django's test database, and on SQLite a file copy of it as just migrated.

    A test that runs minutebook in subprocesses on a fresh database of its own starts
    from a copy (``migrated_sqlite``) instead of migrating one: a migrate of an empty
    database costs 13 s of CPU, a copy milliseconds. Copied here, before any test can
    write or flush it.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            connection.ensure_connection()
            path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            _migrated_template.append(path)
    yield


#: The copy ``django_db_setup`` made in this process (none on PostgreSQL).
_migrated_template: list[Path] = []


@pytest.fixture
def migrated_sqlite(django_db_setup: None, tmp_path: Path) -> Path:
    """A SQLite file of this test's own holding every migration, as a new site's first
    ``migrate`` leaves it: a copy of the test database made before any test ran. The test
    still runs ``minutebook migrate`` on it, which then has nothing to apply (when the
    suite runs on PostgreSQL there is no copy: the file is new and that migrate makes it).
    """
    path = tmp_path / "migrated.sqlite3"
    if _migrated_template:
        shutil.copyfile(_migrated_template[0], path)
    return path


@pytest.fixture(scope="session")
def run_tmp(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A temporary directory every process of this run shares (each xdist worker has a
    base directory of its own inside the run's)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture
def scenario(db: None) -> Any:
    """The public-site scenario: a council with public and exempt business (publishing)."""
    from minutebook.publishing.tests.scenario import build_scenario

    return build_scenario()


@pytest.fixture
def browser() -> Any:
    """A launched Debian Chromium for the browser tests (one per test that asks)."""
    from minutebook.core.testing_browser import chromium_with_axe

    with chromium_with_axe() as launched:
        yield launched
