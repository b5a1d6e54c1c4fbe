"""Concurrent imports on PostgreSQL cannot duplicate anything (issue 16, "Done when").

Under READ COMMITTED two imports that each find no meeting, person or plan entry would each
create one. The writer holds an advisory lock per key (``importer.safety``), so racers of the
same key run one after the other and the second finds what the first wrote. The racers are
separate OS processes (``race_writers``) released at the same instant. On SQLite the one
write lock serialises writers, so these tests run on PostgreSQL (CI's PostgreSQL pass).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.importer.pack import Pack
from minutebook.importer.reader import read_pack
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "packs" / "county_cabinet_pdf.txt"
CHILD = "minutebook.importer.tests.race_writers"


def _env() -> dict[str, str]:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    if s.get("PASSWORD"):
        url = url.replace(f"{s['USER']}@", f"{s['USER']}:{s['PASSWORD']}@")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "minutebook.settings.test", "DATABASE_URL": url}


def race(tmp_path: Path, packs: list[Pack]) -> list[dict[str, Any]]:
    """Write ``packs`` from one process each, all released at once."""
    if connection.vendor != "postgresql":
        pytest.skip("races of PostgreSQL's READ COMMITTED (SQLite serialises writers)")
    go = tmp_path / "go"
    sources = []
    for n, pack in enumerate(packs):
        source = tmp_path / f"racer{n}.json"
        source.write_text(json.dumps(pack.to_dict()), encoding="utf-8")
        sources.append(source)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", CHILD, str(s), str(go)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in sources
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(Path(f"{s}.ready").exists() for s in sources):
            assert all(p.poll() is None for p in procs), "a racer died before the start"
            assert time.monotonic() < deadline, "racers never got ready"
            time.sleep(0.02)
        go.touch()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err[-3000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    errors = [r["error"] for r in results if "error" in r]
    assert not errors, errors
    return results


def test_the_same_pack_imported_twice_at_once_is_one_meeting(tmp_path: Path) -> None:
    pack = read_pack(FIXTURE)
    results = race(tmp_path, [pack, pack, pack])
    assert Meeting.objects.filter(is_imported=True, start__date=pack.meeting.date).count() == 1
    assert len({r["meeting"] for r in results}) == 1
    assert sorted(r["status"] for r in results)[0] == "created"
    assert [r["status"] for r in results].count("created") == 1
    # The winner's agenda, once: the others found it unchanged.
    meeting = Meeting.objects.get(pk=results[0]["meeting"])
    assert AgendaItem.public_objects.filter(meeting=meeting).count() == len(pack.meeting.agenda)
    _no_duplicates()


def test_three_packs_of_one_committee_at_once_share_people_and_plan(tmp_path: Path) -> None:
    pack = read_pack(FIXTURE)
    assert pack.meeting.members and pack.forward_plan
    # The council is new to the database: all three racers would create it, its committee,
    # the people and the plan entries (without the locks the second racer fails on the
    # council's unique name).
    packs = []
    for n, day in enumerate(("2023-11-08", "2023-12-06", "2024-01-10")):
        other = Pack.from_dict(copy.deepcopy(pack.to_dict()))
        other.meeting.date = day
        other.meeting.venue = None  # a new venue's unique name would queue the racers itself
        other.source.sha256 = f"{n}" * 64
        packs.append(other)
    results = race(tmp_path, packs)
    assert sorted(r["status"] for r in results) == ["created"] * 3
    assert len({r["meeting"] for r in results}) == 3
    _no_duplicates()
    names = {m.name for m in pack.meeting.members}
    assert Person.objects.count() >= len(names)
    assert ForwardPlanEntry.objects.count() == len(pack.forward_plan)


def _no_duplicates() -> None:
    people = (
        Person.objects.values("council", "normalised_name").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not list(people), f"duplicate people: {list(people)}"
    plan = (
        ForwardPlanEntry.objects.values("council", "title", "decision_maker_text", "decision_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not list(plan), f"duplicate plan entries: {list(plan)}"
    meetings = Meeting.objects.values("committee", "start").annotate(n=Count("pk")).filter(n__gt=1)
    assert not list(meetings), f"duplicate meetings: {list(meetings)}"
