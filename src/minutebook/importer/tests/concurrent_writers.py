"""Child processes for ``test_concurrent_writers``: one importer and the officers around it.

    python -m minutebook.importer.tests.concurrent_writers ROLE DIR

Each role is its own OS process with its own SQLite connection to the file database named
by ``DATABASE_URL``, as a worker and the web server are in production. ``DIR`` holds the
pack and the ``*.ready`` / ``done`` files that line the processes up, so the officers are
mid-request when the import's write transaction starts. Each role prints one JSON line.

No Django import at module level: ``django.setup()`` must run first, in ``main``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

#: The other processes that must be ready before the import writes.
ROLES = ("importer", "officer", "signin")
COUNCIL_SLUG = "somerford"
USERNAME, PASSWORD = "officer", "minutebook-demo-officer"
DEADLINE_SECONDS = 240.0


def _wait_for(paths: list[Path], deadline: float) -> None:
    while not all(p.exists() for p in paths):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited too long for {[p.name for p in paths]}")
        time.sleep(0.02)


def setup(work: Path) -> None:
    """The council, an upcoming meeting the officer edits, and the demo officer login;
    the meeting's id goes to the file ``meeting`` for the officer."""
    from datetime import timedelta

    from django.utils import timezone

    from minutebook.committees.models import Committee
    from minutebook.councils.models import Council
    from minutebook.demo import ensure_users
    from minutebook.meetings.models import Meeting

    council = Council.objects.create(name="Somerford County Council", slug=COUNCIL_SLUG)
    committee = Committee.objects.create(council=council, name="Audit Committee", slug="audit")
    meeting = Meeting.objects.create(
        committee=committee, start=timezone.now() + timedelta(days=30), online_url=""
    )
    ensure_users(council)
    (work / "meeting.tmp").write_text(str(meeting.pk))
    (work / "meeting.tmp").rename(work / "meeting")


def importer(work: Path, deadline: float) -> dict[str, Any]:
    """Set up, parse outside any transaction, then write once the officers are busy."""
    from django.db import connection

    from minutebook.importer.reader import read_pack
    from minutebook.importer.writer import write_pack

    setup(work)
    path = work / "pack.txt"
    pack = read_pack(path)
    imported: list[str] = []

    class InTransaction:
        """Notes every module first imported while the import's transaction is open."""

        def find_spec(self, name: str, *args: object) -> None:
            if connection.in_atomic_block:
                imported.append(name)

    (work / "importer.ready").touch()
    _wait_for([work / f"{r}.ready" for r in ROLES], deadline)
    time.sleep(0.5)  # the officers are now mid-loop
    sys.meta_path.insert(0, InTransaction())  # type: ignore[arg-type]
    try:
        result = write_pack(pack, council_slug=COUNCIL_SLUG, source_path=path)
    finally:
        end = time.time()
        (work / "done").touch()
    return {
        "status": result.status,
        "documents": result.documents,
        "transaction_seconds": result.transaction_seconds,
        "window": [end - result.transaction_seconds, end],
        "imported_in_transaction": imported,
    }


def _loop(work: Path, deadline: float, request: Any) -> dict[str, Any]:
    """Call ``request(n)`` until the import is done and two more calls have run after it."""
    events: list[tuple[float, float, str | None]] = []
    after_done = 0
    n = 0
    while after_done < 2:
        if time.monotonic() > deadline:
            raise TimeoutError("the import never finished")
        if (work / "done").exists():
            after_done += 1
        n += 1
        start = time.time()
        try:
            error = request(n)
        except Exception as exc:  # the failure under test: report it, keep going
            error = f"{type(exc).__name__}: {exc}"
        events.append((start, time.time(), error))
    return {"events": events, "meeting": int((work / "meeting").read_text())}


def officer(work: Path, deadline: float) -> dict[str, Any]:
    """Save the meeting's details through the officer form, again and again."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    _wait_for([work / "meeting"], deadline)
    meeting = int((work / "meeting").read_text())
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    url = f"/officer/meetings/{meeting}/edit/"

    def save(n: int) -> str | None:
        data = {"venue": "", "online_url": f"https://example.org/live/{n}"}
        response = client.post(url, data)
        return None if response.status_code == 302 else f"HTTP {response.status_code}"

    if save(0) is not None:  # warm: the URLconf and the view are loaded before the race
        raise RuntimeError("the officer form does not save")
    (work / "officer.ready").touch()
    _wait_for([work / f"{r}.ready" for r in ROLES], deadline)
    return _loop(work, deadline, save)


def signin(work: Path, deadline: float) -> dict[str, Any]:
    """Sign in with the demo officer's password, again and again, each a new session."""
    from django.test import Client

    _wait_for([work / "meeting"], deadline)  # the login exists

    def sign_in(n: int) -> str | None:
        response = Client().post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
        if response.status_code != 302:
            return f"HTTP {response.status_code}"
        return None

    if sign_in(0) is not None:
        raise RuntimeError("the demo officer cannot sign in")
    (work / "signin.ready").touch()
    _wait_for([work / f"{r}.ready" for r in ROLES], deadline)
    return _loop(work, deadline, sign_in)


def main(argv: list[str]) -> int:
    import django

    role, work = argv[0], Path(argv[1])
    deadline = time.monotonic() + DEADLINE_SECONDS
    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test Client's host, in-memory e-mail
    if role == "importer":
        out = importer(work, deadline)
    elif role == "officer":
        out = officer(work, deadline)
    elif role == "signin":
        out = signin(work, deadline)
    else:
        raise SystemExit(f"unknown role {role!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
