"""The reference sync client against a running server: the mirror equals a full crawl.

Issue 18's "Done when": a real server (``live_server``) serves a small council; rounds of
random changes (creates, edits, exemptions, deletions, moves: the changes of
``api/tests/test_sync_property``) are applied, and after each round ``minutebook mirror``
(the command itself) syncs incrementally with ``modified_since``. The mirror must then
hold exactly what a fresh full crawl of the server holds, object for object, and nothing
made exempt. ``MINUTEBOOK_MIRROR_SEED`` replays a failing sequence (the seed is in the
failure message).
"""

from __future__ import annotations

import json
import os
import random
import urllib.request
from typing import Any

import pytest
from typer.testing import CliRunner

from minutebook.api.tests.test_sync_property import OPS, Council, embedded
from minutebook.cli import app
from minutebook.committees.factories import CommitteeFactory
from minutebook.meetings.models import Meeting
from minutebook.mirror.crawl import CrawlError, list_addresses
from minutebook.mirror.models import MirrorSource
from minutebook.mirror.sync import mirror, mirrored

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROUNDS = int(os.environ.get("MINUTEBOOK_MIRROR_ROUNDS", "6"))


class MovingCouncil(Council):
    """The property test's council, with a second committee a meeting can move to."""

    def __init__(self) -> None:
        super().__init__()
        self.other = CommitteeFactory(council=self.council, name="Planning committee")

    def op_move_meeting_committee(self, n: int) -> None:
        """A meeting handed to another committee: its items' consultations go with it."""
        meetings = Meeting.objects.filter(committee__council=self.council).order_by("pk")
        meeting = self.pick(list(meetings), n)
        if meeting is not None:
            mine = meeting.committee_id == self.committee.pk
            meeting.committee = self.other if mine else self.committee
            meeting.save()


CHANGES = [*OPS, "move_meeting_committee"]


def get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: dict[str, Any] = json.loads(response.read())
    return data


def full_crawl(start: str) -> dict[str, dict[str, Any]]:
    """A plain crawl of the server, apart from the mirror's own reading and merging: the
    System, its Bodies and every list each names (``list_addresses``)."""
    system = get(start)
    store = {system["id"]: system}
    bodies = get(system["body"])["data"]
    for body in bodies:
        store[body["id"]] = body
        for url in list_addresses(body):
            next_url: str | None = url
            while next_url:
                page = get(next_url)
                for obj in page["data"]:
                    assert not obj.get("deleted"), obj
                    store[obj["id"]] = obj
                next_url = page["links"].get("next")
    return store


def run_mirror(url: str, *extra: str) -> str:
    result = CliRunner().invoke(app, ["mirror", url, "--overlap", "0", *extra])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # as one line, however the console wrapped it


def normalised(objects: dict[str, Any]) -> dict[str, str]:
    return {k: json.dumps(v, sort_keys=True) for k, v in objects.items()}


def test_mirror_after_random_changes_equals_a_full_crawl(live_server: Any, settings: Any) -> None:
    settings.MINUTEBOOK_BASE_URL = live_server.url
    seed = int(os.environ.get("MINUTEBOOK_MIRROR_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    council = MovingCouncil()
    start = f"{live_server.url}/oparl/v1/"

    out = run_mirror(start)
    assert "Full crawl" in out, out
    source = MirrorSource.objects.get(url=start)
    assert normalised(mirrored(source)) == normalised(full_crawl(start))

    done: list[tuple[str, int]] = []
    for round_ in range(ROUNDS):
        batch = [(rng.choice(CHANGES), rng.randrange(20)) for _ in range(rng.randint(2, 5))]
        if round_ == 0:  # a move to another committee, whatever the draw
            batch.append(("move_meeting_committee", rng.randrange(20)))
        for op, n in batch:
            council.apply(op, n)
        done += batch
        out = run_mirror(start)
        assert "Sync of" in out, out
        held, fresh = normalised(mirrored(source)), normalised(full_crawl(start))
        context = {"seed": seed, "changes": done}
        assert set(held) == set(fresh), (
            context,
            {"stale": sorted(set(held) - set(fresh)), "missed": sorted(set(fresh) - set(held))},
        )
        differ = sorted(k for k in fresh if held[k] != fresh[k])
        assert not differ, (context, differ)
        exempt = {i.replace("http://testserver", live_server.url) for i in council.exempt_ids}
        inside = {o["id"] for top in mirrored(source).values() for o in embedded(top)}
        assert not exempt & inside, (context, sorted(exempt & inside))

    # Idempotent: nothing changed, nothing written; the same objects held.
    before = normalised(mirrored(source))
    out = run_mirror(start)
    assert "0 objects written, 0 dropped" in out, out
    assert normalised(mirrored(source)) == before


def test_a_failed_sync_leaves_the_mirror_as_it_was(live_server: Any, settings: Any) -> None:
    """The connection lost half-way through a full crawl (after ten pages): the previous
    mirror stays whole, and the next sync brings the changes."""
    settings.MINUTEBOOK_BASE_URL = live_server.url
    council = Council()
    start = f"{live_server.url}/oparl/v1/"
    run_mirror(start)
    source = MirrorSource.objects.get(url=start)
    before, since = normalised(mirrored(source)), source.since
    council.apply("rename_committee", 0)
    council.apply("delete_meeting", 0)
    read: list[str] = []

    def lose_connection(url: str) -> None:
        read.append(url)
        if len(read) == 10:
            raise CrawlError(f"{url}: connection reset.")

    with pytest.raises(CrawlError):
        mirror(start, full=True, overlap=0, on_page=lose_connection)
    source.refresh_from_db()
    assert source.since == since and source.syncs == 1
    assert normalised(mirrored(source)) == before
    run_mirror(start)
    assert normalised(mirrored(source)) == normalised(full_crawl(start))
    assert normalised(mirrored(source)) != before


def test_an_address_that_is_not_oparl_is_refused(live_server: Any) -> None:
    result = CliRunner().invoke(app, ["mirror", f"{live_server.url}/oparl/v1/openapi.json"])
    assert result.exit_code == 1, result.output
    assert "neither an OParl System nor a Body" in " ".join(result.output.split())
    assert not MirrorSource.objects.exists()
