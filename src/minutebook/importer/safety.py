"""Keeping an archive import safe when many run at once and files repeat or shrink.

- **Locks** (``lock_keys``/``take_locks``): on PostgreSQL two imports that may create the same
  council, committee, meeting, person, venue or forward-plan entry would each see it missing
  and each create it (READ COMMITTED). So the writer first takes one transaction-scoped
  advisory lock per such key (``pg_advisory_xact_lock`` on a 64-bit hash), all at once and in
  sorted order, so two imports never wait on each other in a cycle. On SQLite the one write
  lock that ``BEGIN IMMEDIATE`` takes already serialises the writers.
- **Fullness** (``fullness``/``shrinks``): what a stored pack holds, counted, so that a
  partial or smaller document never silently replaces a fuller import of the same meeting.
- **Same content** (``same_content``): a pack's identity is what it says, not its file name,
  so the same bytes under a new name are the same import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection

from minutebook.importer.fields import norm_key, plan_key
from minutebook.importer.pack import Pack
from minutebook.people.models import normalise_name

__all__ = ["fullness", "lock_keys", "same_content", "shrinks", "take_locks"]

#: What ``fullness`` counts, with the words a refusal uses for them.
MEASURES = {
    "agenda": "agenda items",
    "reports": "reports",
    "minute_items": "minute items",
    "forward_plan": "forward-plan entries",
    "documents": "documents",
    "pages": "pages",
}


def lock_keys(
    pack: Pack,
    *,
    council: int | None,
    committees: dict[str, int | None],
) -> list[str]:
    """The keys an import of ``pack`` must hold: ``council`` is the matched council's pk
    (None: it may be created, so its name is locked), ``committees`` the matched pk of each
    committee the pack names, by ``norm_key`` (None: it may be created)."""
    scope = f"c{council}" if council is not None else f"n{norm_key(pack.council)}"
    keys = [f"council:{scope}"] if council is None else []

    def body(name: str | None) -> str:
        key = norm_key(name)
        pk = committees.get(key)
        return f"{scope}:p{pk}" if pk is not None else f"{scope}:n{key}"

    main = pack.meeting.committee
    for name in {main, *(m.committee or main for m in pack.minutes)}:
        if name and committees.get(norm_key(name)) is None:
            keys.append(f"committee:{body(name)}")
    if main:
        keys.append(f"meeting:{body(main)}:{pack.meeting.date}")
    for minutes in pack.minutes:
        name = minutes.committee or main
        if name:
            keys.append(f"meeting:{body(name)}:{minutes.date}")
            keys.append(f"minute-numbers:{body(name)}")
    for member in pack.meeting.members:
        if normalise_name(member.name):
            keys.append(f"person:{scope}:{normalise_name(member.name)}")
    if pack.meeting.venue:
        keys.append(f"venue:{scope}:{' '.join(pack.meeting.venue.split()).lower()}")
    for entry in pack.forward_plan:
        if entry.title:
            keys.append(
                f"plan:{scope}:{plan_key(entry.title, entry.decision_maker, entry.decision_date)}"
            )
    return sorted(set(keys))


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def take_locks(keys: Iterable[str]) -> None:
    """Hold each key's advisory lock until the transaction ends (PostgreSQL only), taken in
    the order of their ids so that imports never deadlock on each other."""
    if connection.vendor != "postgresql":
        return
    ids = sorted({_lock_id(k) for k in keys})
    if not ids:
        return
    with connection.cursor() as cursor:
        for lock in ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])


def fullness(data: dict[str, Any]) -> dict[str, int]:
    """How much a stored pack (``Pack.to_dict``) holds, by ``MEASURES``."""

    def count(value: Any) -> int:
        return len(value) if isinstance(value, list) else 0

    meeting = data.get("meeting") if isinstance(data.get("meeting"), dict) else {}
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    minutes = data.get("minutes") if isinstance(data.get("minutes"), list) else []
    pages = source.get("pages") if isinstance(source, dict) else None
    return {
        "agenda": count((meeting or {}).get("agenda")),
        "reports": count(data.get("reports")),
        "minute_items": sum(count(m.get("items")) for m in minutes or [] if isinstance(m, dict)),
        "forward_plan": count(data.get("forward_plan")),
        "documents": count(data.get("documents")),
        "pages": pages if isinstance(pages, int) else 0,
    }


def shrinks(held: dict[str, int], new: dict[str, int]) -> list[str]:
    """What the new pack would lose against the import held ("36 forward-plan entries -> 0");
    empty when it keeps or adds to everything (it is then written over the old one)."""
    return [
        f"{MEASURES[k]} {held[k]} -> {new.get(k, 0)}"
        for k in MEASURES
        if new.get(k, 0) < held.get(k, 0)
    ]


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two stored packs say the same, whatever their files were called."""

    def strip(d: dict[str, Any]) -> dict[str, Any]:
        source = d.get("source")
        if isinstance(source, dict):
            return {**d, "source": {**source, "file": None}}
        return d

    return strip(a) == strip(b)
