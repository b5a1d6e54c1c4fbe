"""The import's write transaction: short, timed, and right when another import commits
between ``prepare`` and the write.

``prepare`` reads the other imports' printed plan entries and minutes before the transaction;
the transaction re-reads them when an import has committed since. These tests use a fixture
pack, so they run without ../shared.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.importer import writer
from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.prepare import Prepared
from minutebook.importer.writer import IMPORT_STATEMENT_TIMEOUT, write_pack

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "packs" / "county_cabinet_pdf.txt"


@pytest.fixture
def pack() -> Pack:
    return parse_text(FIXTURE.read_text(encoding="utf-8"), file=FIXTURE.name)


def _copy(pack: Pack, sha: str) -> Pack:
    out = Pack.from_dict(copy.deepcopy(pack.to_dict()))
    out.source.sha256 = sha * 64
    return out


def test_a_written_pack_reports_its_transaction_and_an_unchanged_one_opens_none(
    pack: Pack,
) -> None:
    first = write_pack(pack, council_slug=None, source_path="cabinet.txt")
    assert first.status == "created"
    assert first.transaction_seconds > 0
    with CaptureQueriesContext(connection) as queries:
        again = write_pack(pack, council_slug=None, source_path="cabinet.txt")
    assert again.status == "unchanged"
    assert again.transaction_seconds == 0
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() != "SELECT"]
    assert writes == []  # not even a savepoint: the same-file check runs before any


def test_an_import_committed_between_prepare_and_the_write_is_taken_into_account(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another pack printing the same plan entry is imported while this one is prepared.
    The entry this pack stops printing must pass to that pack, not be deleted: the write
    sees that its prepared copy of the archive is stale and reads it again."""
    assert pack.forward_plan
    first = write_pack(pack, council_slug=None, source_path="cabinet.txt")
    other = _copy(pack, "9")
    other.meeting.date = "2001-01-01"
    changed = _copy(pack, "8")
    gone = changed.forward_plan.pop(0)

    real_prepare = writer.prepare
    seen: list[Prepared] = []

    def prepare_then_another_import(*args: Any, **kwargs: Any) -> Prepared:
        prepared = real_prepare(*args, **kwargs)
        if not seen:
            seen.append(prepared)
            second = write_pack(other, council_slug=None, source_path="other.txt")
            seen_ids.append(second.record_id)
        return prepared

    seen_ids: list[int] = []
    monkeypatch.setattr(writer, "prepare", prepare_then_another_import)
    result = write_pack(changed, council_slug=None, source_path="cabinet.txt", replace=True)

    assert result.status == "updated"
    assert seen[0].archive is not None  # the update path read the archive in prepare
    kept = ForwardPlanEntry.objects.filter(title__iexact=gone.title.strip())
    assert [e.import_record_id for e in kept] == [seen_ids[0]]
    assert not ForwardPlanEntry.objects.filter(import_record_id=first.record_id).filter(
        title__iexact=gone.title.strip()
    )


def test_postgresql_gives_the_import_its_own_statement_timeout_and_puts_it_back(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")

    def show() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return str(cursor.fetchone()[0])

    during: list[str] = []
    real_run = writer._Writer.run

    def run(self: Any) -> Any:
        during.append(show())
        return real_run(self)

    monkeypatch.setattr(writer._Writer, "run", run)
    before = show()
    write_pack(pack, council_slug=None, source_path="cabinet.txt")
    assert during == [IMPORT_STATEMENT_TIMEOUT]
    assert show() == before  # inside the test's transaction, so put back by the writer
