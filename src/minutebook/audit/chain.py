"""The audit trail's hash chain: each event's hash covers its predecessor's hash.

Every event carries a sequence number (1, 2, 3, ... with no gaps), the hash of the event
before it (``prev_hash``; :data:`GENESIS` for the first) and its own ``hash``: SHA-256 of
its canonical form (:func:`canonical`), which includes ``seq`` and ``prev_hash``. So an
event removed, altered, inserted or moved breaks the chain at that point, and
``minutebook audit verify`` (:mod:`minutebook.audit.verify`) finds it.

The canonical form is fixed: changing it would make every stored hash wrong. It is
UTF-8 JSON with sorted keys and no spaces, of the fields in :data:`CHAINED_FIELDS`:

- ``at`` in UTC, ISO 8601 with microseconds (``2026-12-06T10:38:02.123456+00:00``);
- ``ip_address`` in :mod:`ipaddress`'s compressed form (PostgreSQL's ``inet`` and
  Django's IPv6 cleaning spell some addresses differently), or null;
- ``before``, ``after`` and ``changed_fields`` as they read back from the database:
  JSON values, with floats that are whole numbers written as integers (PostgreSQL's
  ``jsonb`` keeps ``1e+16`` as ``10000000000000000``).

Appends are serialised so the chain never forks: on PostgreSQL :func:`claim_head` takes
a transaction-level advisory lock before reading the head (held until the saving
transaction ends); SQLite's ``BEGIN IMMEDIATE`` transactions (settings) already admit
one writer at a time. A unique index on ``seq`` refuses a fork whatever happens.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

#: ``prev_hash`` of the first event.
GENESIS = "0" * 64
#: The fields an event's hash covers, besides ``prev_hash``.
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "ip_address",
    "council_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "changed_fields",
    "reason",
)
#: Any advisory lock key of this value is the audit trail's (PostgreSQL).
ADVISORY_LOCK_KEY = 0x6D62_6175_6469_74  # "mbaudit"
#: The table (raw SQL below: one indexed read per event).
TABLE = "audit_auditevent"


def _plain(value: Any) -> Any:
    """A JSON value as the database gives it back: whole floats as integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    return _plain(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return str(value)


def _at(value: datetime) -> str:
    if timezone.is_naive(value):  # SQLite without USE_TZ never happens; be explicit anyway
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(event: Any) -> bytes:
    """The bytes an event's hash is taken over (see the module docstring)."""
    data = {
        "seq": int(event.seq),
        "prev_hash": str(event.prev_hash),
        "at": _at(event.at),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name or "",
        "ip_address": _ip(event.ip_address),
        "council_id": event.council_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id or "",
        "object_repr": event.object_repr or "",
        "before": _json_value(event.before),
        "after": _json_value(event.after),
        "changed_fields": _json_value(list(event.changed_fields or [])),
        "reason": event.reason or "",
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(event: Any) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


@dataclass(frozen=True)
class Head:
    """The chain's last event (or the genesis) and the clock to stamp the next one with."""

    seq: int
    hash: str
    now: datetime


def claim_head(connection: Any) -> Head:
    """Lock the chain for this transaction and read its head: one indexed read.

    Call inside a transaction. The lock and the read are separate statements, so under
    READ COMMITTED the read sees whatever the previous holder committed. The time is
    the database's clock at that moment on PostgreSQL (not the transaction's start,
    which may precede the previous holder's commit); on SQLite it is this process's
    clock, which is the database's (SQLite runs in-process): the system clock itself,
    not ``timezone.now``, which tests (and any code) may set to another time.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            cursor.execute(
                f"SELECT clock_timestamp(), h.seq, h.hash FROM (SELECT 1) AS one LEFT JOIN "
                f"(SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1) AS h ON true"
            )
            now, seq, digest = cursor.fetchone()
        else:
            cursor.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1")
            row = cursor.fetchone()
            seq, digest = row if row else (None, None)
            now = datetime.now(UTC)
    if seq is None:
        return Head(0, GENESIS, now)
    return Head(int(seq), str(digest), now)
