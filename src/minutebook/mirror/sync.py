"""``minutebook mirror URL``: bring the mirror of an OParl server up to date.

The first sync (or ``full=True``) crawls everything and the mirror becomes exactly what
was read: an object the source no longer lists is dropped, marked deleted or not. Later
syncs ask each list for ``modified_since`` the source's own clock at the start of the
previous sync, less an overlap (a change committed while that sync ran may carry an
earlier time): changed objects replace their copies, deleted markers (``deleted: true``)
drop them. Moves need nothing special: a meeting moved to another day or committee is
modified, so it comes again whole. Every sync reads first and then writes in one
transaction: a failure leaves the previous mirror intact, and running it twice changes
nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from minutebook.mirror.crawl import Harvest, crawl
from minutebook.mirror.models import MirroredObject, MirrorSource

#: Seconds re-read before the previous sync began, for changes committed while it ran.
DEFAULT_OVERLAP = 300


@dataclass
class SyncResult:
    source: MirrorSource
    full: bool
    pages: int
    stored: int
    dropped: int
    held: int


def mirror(
    url: str,
    *,
    full: bool = False,
    overlap: float = DEFAULT_OVERLAP,
    timeout: float = 60.0,
    on_page: Callable[[str], None] | None = None,
) -> SyncResult:
    """Sync the mirror of ``url`` (an OParl System or Body): full the first time."""
    source = MirrorSource.objects.filter(url=url).first()
    since = None if full or source is None else source.since
    started = timezone.now()
    harvest = crawl(url, since, timeout=timeout, on_page=on_page)
    clock = harvest.server_time or started
    next_since = clock - dt.timedelta(seconds=overlap)
    with transaction.atomic():
        source, _ = MirrorSource.objects.select_for_update().get_or_create(url=url)
        stored, dropped = _apply(source, harvest, full=since is None)
        source.since = next_since
        source.last_synced_at = timezone.now()
        if since is None:
            source.last_full_at = source.last_synced_at
        source.syncs += 1
        source.save()
    held = MirroredObject.objects.filter(source=source).count()
    return SyncResult(source, since is None, harvest.pages, stored, dropped, held)


def _apply(source: MirrorSource, harvest: Harvest, *, full: bool) -> tuple[int, int]:
    """Write what was read; returns (objects written, objects dropped)."""
    now = timezone.now()
    if full:
        held = mirrored(source)
        gone = set(held) - set(harvest.objects)
    else:
        # Only the copies this sync may change: not the whole mirror on every run.
        held = _held(source, [*harvest.objects, *harvest.deleted])
        gone = harvest.deleted & set(held)
    if gone:
        # bulk-update-ok: mirrored copies feed nothing derived (no cache, pack or feed
        # reads them); they are dropped because the source dropped them.
        MirroredObject.objects.filter(source=source, oparl_id__in=gone).delete()
    stored = 0
    changed = [obj for oid, obj in harvest.objects.items() if held.get(oid) != obj]
    for obj in changed:
        MirroredObject.objects.update_or_create(
            source=source,
            oparl_id=obj["id"],
            defaults={"oparl_type": obj["type"], "data": obj, "fetched_at": now},
        )
        stored += 1
    return stored, len(gone)


#: Ids asked for per query (SQLite's limit on a statement's parameters).
CHUNK = 500


def _held(source: MirrorSource, ids: list[str]) -> dict[str, dict[str, object]]:
    """The copies held of these ids, by id."""
    mine = MirroredObject.objects.filter(source=source)
    out: dict[str, dict[str, object]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        out.update(mine.filter(oparl_id__in=chunk).values_list("oparl_id", "data"))
    return out


def mirrored(source: MirrorSource) -> dict[str, dict[str, object]]:
    """Every object held for a source, by its id."""
    return dict(MirroredObject.objects.filter(source=source).values_list("oparl_id", "data"))
