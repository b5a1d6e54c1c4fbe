"""For tests: the demo council in the test database for one module, loaded once per run.

Several test modules read the demo council as ``load_demo(seed=1, today=...)`` leaves
it, each loading it afresh (4-9 s of CPU a load) inside a transaction rolled back at the
module's end. On SQLite the first load of a date is kept as a database file, and every
later module (in any xdist worker) copies that file into its test database instead,
then the database as it was before is copied back: the same rows, as if loaded there.
On PostgreSQL it is loaded in a transaction and rolled back, as before.
"""

from __future__ import annotations

import fcntl
import pickle
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings

from minutebook.demo import DemoResult, load_demo


def _live() -> sqlite3.Connection:
    connection.ensure_connection()
    live: sqlite3.Connection = connection.connection
    return live


def _copy_file(path: Path, *, into: sqlite3.Connection | None = None) -> None:
    """The test database into the file at ``path``, or that file into ``into`` (the test
    database): SQLite's online backup, page by page, triggers and search tables too."""
    other = sqlite3.connect(path)
    try:
        if into is None:
            _live().backup(other)
        else:
            other.backup(into)
    finally:
        other.close()


def _forget_cached_rows() -> None:
    """What the process cached from the database it had before a copy replaced it: the
    public page cache keys pages on the database's generation number, which a copy can
    repeat; content types are cached by id, and another process's database (flushed by
    its transactional tests) numbers them differently."""
    cache.clear()
    ContentType.objects.clear_cache()


@contextmanager
def demo_loaded(today: date, shared: Path) -> Iterator[DemoResult]:
    """The demo (seed 1, ``today``) in the test database until the block ends.

    Call it outside any transaction (a module fixture, with the database unblocked).
    ``shared`` is a directory every test process of the run sees (xdist's common
    temporary directory): it holds the loaded database, its ``DemoResult`` and the
    media files the load wrote.
    """
    name = f"demo-seed1-{today.isoformat()}"
    media = shared / f"{name}-media"
    if connection.vendor != "sqlite":
        with override_settings(MEDIA_ROOT=media), transaction.atomic():
            yield load_demo(seed=1, today=today)
            transaction.set_rollback(True)
        return
    before = sqlite3.connect(":memory:")
    _live().backup(before)
    snapshot, result_file = shared / f"{name}.sqlite3", shared / f"{name}.pickle"
    try:
        with (shared / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process loads; the others wait, then copy
            if not result_file.exists():
                with override_settings(MEDIA_ROOT=media), transaction.atomic():
                    result = load_demo(seed=1, today=today)
                    # Committed so that it can be copied, but without what the load left
                    # for its commit (builds, indexing tasks): the rolled-back load of
                    # each module never ran those either.
                    connection.run_on_commit.clear()
                _copy_file(snapshot)
                result_file.write_bytes(pickle.dumps(result))
            else:
                _copy_file(snapshot, into=_live())
        _forget_cached_rows()
        # Each module gets objects of its own, as from its own load.
        yield pickle.loads(result_file.read_bytes())
    finally:
        before.backup(_live())
        before.close()
        _forget_cached_rows()
