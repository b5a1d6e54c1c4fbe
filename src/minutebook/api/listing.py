"""Keyset pagination over one or more OParl types, with the OParl date filters.

A page is "the next N rows after this one" ordered by primary key, never an OFFSET: page
10,000 costs what page 1 costs, and a row added while a client pages cannot shift others
onto a page it has already read. A list can span several tables (committees then
political groups, then soft-deleted objects); the cursor is ``<segment>.<pk>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from minutebook.api.models import Tombstone
from minutebook.api.oparl import KINDS, Urls
from minutebook.api.tombstones import tombstone_objs

CURSOR_PATTERN = r"^\d{1,2}\.\d{1,19}$"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass
class Filters:
    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None
    #: Extra exact filters (e.g. meetings of one organization).
    extra: dict[str, Any] = field(default_factory=dict)

    def apply(self, qs: QuerySet[Any], stamps: tuple[str, str]) -> QuerySet[Any]:
        """Filter on the type's own time stamps (every type keeps them)."""
        created, modified = stamps
        bounds = {
            f"{created}__gte": self.created_since,
            f"{created}__lte": self.created_until,
            f"{modified}__gte": self.modified_since,
            f"{modified}__lte": self.modified_until,
        }
        qs = qs.filter(**{k: v for k, v in bounds.items() if v is not None})
        if self.extra:
            qs = qs.filter(**self.extra)
        return qs


@dataclass
class Segment:
    rows: QuerySet[Any]
    serialize: Callable[[Urls, Sequence[Any]], list[dict[str, Any]]]


def segments(
    council_id: int, kinds: list[str], filters: Filters, table: Mapping[str, Any] = KINDS
) -> list[Segment]:
    """The tables of a list in order; deleted objects last, when a client syncs.

    ``table``: the types' rows, stamps and serialisers (``oparl.KINDS``, or
    ``record.RECORDS`` for minutebook's own objects).
    """
    out = [
        Segment(filters.apply(table[k].rows(council_id), table[k].stamps), table[k].serialize)
        for k in kinds
    ]
    if filters.modified_since is not None and not filters.extra:
        gone = Tombstone.objects.filter(
            council_id=council_id, oparl_type__in=kinds, deleted_at__gte=filters.modified_since
        )
        if filters.modified_until is not None:
            gone = gone.filter(deleted_at__lte=filters.modified_until)
        # Tombstones written before they kept ``created`` match no created filter.
        if filters.created_since is not None:
            gone = gone.filter(created__gte=filters.created_since)
        if filters.created_until is not None:
            gone = gone.filter(created__lte=filters.created_until)
        out.append(Segment(gone, tombstone_objs))
    return out


def parse_cursor(cursor: str | None) -> tuple[int, int | None]:
    if not cursor:
        return 0, None
    seg, _, pk = cursor.partition(".")
    return int(seg), int(pk)


def page(
    urls: Urls, parts: list[Segment], cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of serialised objects and the cursor of the next page (None at the end)."""
    start, after = parse_cursor(cursor)
    taken: list[tuple[int, Any]] = []
    for index in range(start, len(parts)):
        qs = parts[index].rows.order_by("pk")
        if index == start and after is not None:
            qs = qs.filter(pk__gt=after)
        need = limit + 1 - len(taken)
        taken.extend((index, row) for row in qs[:need])
        if len(taken) > limit:
            break
    more = len(taken) > limit
    taken = taken[:limit]
    data: list[dict[str, Any]] = []
    run: list[Any] = []
    run_index = None
    for index, row in [*taken, (None, None)]:
        if index != run_index and run:
            data.extend(parts[run_index].serialize(urls, run))  # type: ignore[index]
            run = []
        run_index = index
        if row is not None:
            run.append(row)
    next_cursor = f"{taken[-1][0]}.{taken[-1][1].pk}" if more and taken else None
    return data, next_cursor
