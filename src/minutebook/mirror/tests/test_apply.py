"""An incremental sync writes what it read and reads only the copies it may change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutebook.mirror.crawl import Harvest
from minutebook.mirror.models import MirroredObject, MirrorSource
from minutebook.mirror.sync import _apply, mirrored

pytestmark = pytest.mark.django_db

PAPER = "https://schema.oparl.org/1.1/Paper"


def obj(n: int, name: str = "Report") -> dict[str, object]:
    return {"id": f"https://source.example/oparl/v1/paper/{n}", "type": PAPER, "name": name}


def test_an_incremental_sync_reads_only_the_copies_it_changes() -> None:
    source = MirrorSource.objects.create(url="https://source.example/oparl/v1/system")
    now = timezone.now()
    MirroredObject.objects.bulk_create(  # bulk-update-ok: the mirror's own test rows
        MirroredObject(
            source=source, oparl_id=str(o["id"]), oparl_type=PAPER, data=o, fetched_at=now
        )
        for o in (obj(n) for n in range(1, 1201))
    )
    harvest = Harvest()
    harvest.take(obj(5, "Report, revised"))
    harvest.take(obj(6))  # unchanged: not written again
    harvest.take({"id": obj(7)["id"], "type": PAPER, "deleted": True})
    harvest.take(obj(5000, "New"))
    with CaptureQueriesContext(connection) as queries:
        assert _apply(source, harvest, full=False) == (2, 1)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"data"' in q["sql"]]
    # Each read names its ids: none reads the whole mirror.
    assert reads and all('"oparl_id" IN (' in q or '"oparl_id" = ' in q for q in reads), reads
    held = mirrored(source)
    assert len(held) == 1200
    assert held[str(obj(5)["id"])]["name"] == "Report, revised"
    assert str(obj(7)["id"]) not in held and str(obj(5000)["id"]) in held
