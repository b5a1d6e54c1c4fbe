"""Walk the audit trail's hash chain and report the first place it is broken.

Read in order of ``seq``, in batches (keyset pagination: each batch one indexed range
read, whatever the trail's length). For each event, in this order:

1. ``seq`` is one more than its predecessor's (the first is 1): otherwise events are
   missing, deleted around the application;
2. its hash matches its contents (:func:`minutebook.audit.chain.event_hash`): otherwise
   the row was altered, or written around the application with a forged hash;
3. its ``prev_hash`` is its predecessor's hash: otherwise a row was inserted, moved or
   replaced before it (with a hash made to match its own contents);
4. its time is not earlier than its predecessor's: otherwise it was backdated.

The chain proves nothing about events after the last one it holds: a deleted head (the
newest events) leaves a shorter, intact chain. So the head's hash, printed on success,
is worth keeping outside the database; ``anchor`` checks that a kept hash is still in
the chain (docs/audit.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from minutebook.audit import chain
from minutebook.audit.models import AuditEvent

BATCH = 2000


@dataclass(frozen=True)
class Break:
    """Where and how the chain is broken."""

    kind: str  # "missing", "altered", "relinked", "backdated", "anchor"
    seq: int | None
    event_id: int | None
    message: str


@dataclass(frozen=True)
class Result:
    events: int
    head: str
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        if self.broken is not None:
            return f"Chain broken: {self.broken.message}"
        if not self.events:
            return "0 events, chain intact (the trail is empty)"
        return f"{self.events:,} events, chain intact, head {self.head}"


def count() -> int:
    return AuditEvent.objects.order_by().count()


def _check(event: AuditEvent, seq: int, head: str, last_at: datetime | None) -> Break | None:
    where = f"event #{event.seq} (id {event.pk}, {event.action} {event.object_type})"
    if event.seq != seq + 1:
        first, last = seq + 1, event.seq - 1
        gone = f"#{first}" if first == last else f"#{first} to #{last}"
        after = f"event #{seq}" if seq else "the start of the trail"
        return Break(
            "missing",
            event.seq,
            event.pk,
            f"missing events {gone}: {where} follows {after}",
        )
    if chain.event_hash(event) != event.hash:
        return Break(
            "altered",
            event.seq,
            event.pk,
            f"{where} does not match its hash: the row was altered, or written "
            "around the application",
        )
    if event.prev_hash != head:
        return Break(
            "relinked",
            event.seq,
            event.pk,
            f"{where} does not follow from event #{seq}: a row was inserted, moved or "
            "replaced before it",
        )
    if last_at is not None and event.at < last_at:
        return Break(
            "backdated",
            event.seq,
            event.pk,
            f"{where} is backdated: {event.at.isoformat()} is earlier than event "
            f"#{seq}'s {last_at.isoformat()}",
        )
    return None


def verify(
    *,
    anchor: str | None = None,
    batch: int = BATCH,
    advance: Callable[[int], None] | None = None,
) -> Result:
    """Walk the whole chain; stop at the first break. ``anchor``: a hash that must be in
    the chain (a head recorded earlier). ``advance(n)`` is called after each batch."""
    seq, head, last_at, walked = 0, chain.GENESIS, None, 0
    anchored = anchor is None
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            broken = _check(event, seq, head, last_at)
            if broken is not None:
                return Result(walked, head, broken)
            seq, head, last_at, walked = event.seq, event.hash, event.at, walked + 1
            anchored = anchored or event.hash == anchor
        if advance is not None:
            advance(len(rows))
    if not anchored:
        message = (
            f"the anchor {anchor} is not in the chain: events recorded up to it have been "
            f"removed or rewritten (the chain now ends at event #{seq})"
        )
        return Result(walked, head, Break("anchor", None, None, message))
    return Result(walked, head, None)
