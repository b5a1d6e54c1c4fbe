"""What follows the demo's rows: the search index, and the packs and minutes to render.

The index is written inside the loading transaction (``index``): the builder writes with
``bulk_create``, which sends no signals, so nothing was indexed as it went, and a search
must work as soon as the demo is loaded.

Rendering the PDFs (about eighty packs and minutes, a second or two each) would make the
load take minutes, so they are queued instead, as publication queues them
(``meetings.services``), once the load commits: the task worker beside the web server
builds them. Upcoming meetings' agenda packs go first, then held meetings newest first,
each with its minutes then its pack. Backends that order by priority get it explicitly
(0 for upcoming, then -1, -2, ... per held meeting, below an officer's own publications,
which queue at 0); the others keep the queueing order. ``MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH``
turns the queueing off, as it does for publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

HELD = ("held", "minutes_approved")


@dataclass(frozen=True)
class Build:
    """One background build: ``"pack"`` (agenda or supplement pack) or ``"minutes"``."""

    product: str
    meeting_id: int
    supplement_id: int | None = None
    priority: int = 0

    @property
    def args(self) -> tuple[int | None, ...]:
        if self.product == "minutes":
            return (self.meeting_id,)
        return (self.meeting_id, self.supplement_id)


def index(council: Any) -> int:
    """Write the council's part of the public search index; returns rows indexed.

    Each row comes from the search app's own builders (``indexing.SOURCES`` over
    ``indexing.source_ids``), so the rows are those ``indexing.rebuild`` writes (a test
    compares them); written with one ``bulk_create`` rather than ``rebuild``'s savepoint,
    look-up and insert per row, which halves the time, a third of the whole load.
    """
    from minutebook.search import indexing
    from minutebook.search.fulltext import optimize
    from minutebook.search.models import SearchEntry

    SearchEntry.objects.filter(council=council).delete()
    rows = []
    for source, pk in list(indexing.source_ids(council.pk)):
        built = indexing.SOURCES[source](pk)
        if built is not None:
            kind, fields = built
            rows.append(SearchEntry(kind=kind, object_id=pk, **fields))
    SearchEntry.objects.bulk_create(rows, batch_size=500)
    optimize()  # one compact full-text index, as after a rebuild
    return len(rows)


def planned_builds(council: Any, now: datetime) -> list[Build]:
    """Every pack and minutes build the demo needs, in the order they should run."""
    from minutebook.meetings.models import AgendaItem, Meeting

    meetings = Meeting.objects.filter(
        committee__council=council, published_at__isnull=False, published_at__lte=now
    )
    with_items = dict(
        AgendaItem.public_objects.filter(
            meeting__committee__council=council,
            supplement__isnull=False,
            supplement__published_at__lte=now,
        )
        .values_list("supplement_id", "meeting_id")
        .distinct()
    )

    def packs(meeting_id: int, priority: int) -> list[Build]:
        supplements = sorted(s for s, m in with_items.items() if m == meeting_id)
        return [Build("pack", meeting_id, None, priority)] + [
            Build("pack", meeting_id, s, priority) for s in supplements
        ]

    builds: list[Build] = []
    upcoming = meetings.filter(start__gte=now).exclude(state__in=[*HELD, "cancelled"])
    for pk in upcoming.order_by("start", "pk").values_list("pk", flat=True):
        builds += packs(pk, 0)
    held = meetings.filter(state__in=HELD).order_by("-start", "-pk").values_list("pk", flat=True)
    for rank, pk in enumerate(held):
        priority = max(-100, -1 - rank)
        builds.append(Build("minutes", pk, None, priority))
        builds += packs(pk, priority)
    return builds


def queue_builds(council: Any, now: datetime) -> dict[str, int]:
    """Queue the builds once the surrounding transaction commits; returns their numbers."""
    if not getattr(settings, "MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH", True):
        return {}
    builds = planned_builds(council, now)
    transaction.on_commit(lambda: enqueue(builds))
    return {
        "queued_pack_builds": sum(b.product == "pack" for b in builds),
        "queued_minutes_builds": sum(b.product == "minutes" for b in builds),
    }


def enqueue(builds: list[Build]) -> None:
    """Put the builds on the task queue (``packs.tasks``), with priorities if supported."""
    from minutebook.packs.tasks import generate_minutes, generate_pack

    tasks = {"pack": generate_pack, "minutes": generate_minutes}
    ranked = generate_pack.get_backend().supports_priority
    with transaction.atomic():  # one commit for the whole queue
        for build in builds:
            task = tasks[build.product]
            if ranked:
                task = task.using(priority=build.priority)
            task.enqueue(*build.args)
