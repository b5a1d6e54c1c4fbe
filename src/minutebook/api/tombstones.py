"""Deleted markers ("tombstones") of OParl objects: what a syncing client is told of an
object that left the public record (deleted, withdrawn, made exempt), OParl 1.1's
``deleted: true`` objects (see docs/api.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from minutebook.api.common import Urls, oparl_type, when
from minutebook.api.models import OParlType, Tombstone
from minutebook.api.oparl import KINDS


def tombstone_obj(urls: Urls, t: Tombstone, *, embedded: bool = True) -> dict[str, Any]:
    """A soft-deleted object: its id, type, when it was made and went, and nothing else.

    The OParl schemas require ``accessUrl`` of a File and ``order`` of an AgendaItem even
    when deleted; a tombstone keeps neither, so it gives the File's own id and order 0.
    A deleted Paper also lists the deleted markers of what it embedded (its main text,
    files and consultations; ``embedded``): a client that learns of deletions only from
    the objects it re-reads would otherwise keep them.
    """
    if embedded and t.oparl_type == OParlType.PAPER:
        return tombstone_objs(urls, [t])[0]
    obj: dict[str, Any] = {
        "id": urls.obj(t.oparl_type, t.object_id),
        "type": oparl_type(t.oparl_type),
        # A tombstone written before it kept ``created`` gives when the object went.
        "created": when(t.created or t.deleted_at),
        "modified": when(t.deleted_at),
        "deleted": True,
    }
    if t.oparl_type == OParlType.FILE:
        obj["accessUrl"] = obj["id"]
    if t.oparl_type == OParlType.AGENDA_ITEM:
        obj["order"] = 0
    return obj


def _gone_children(paper_ids: list[int]) -> dict[int, list[Tombstone]]:
    """The deleted markers of what these deleted Papers embedded, per Paper, in a query
    and one per (type, council) of them, whatever their number. Only what is still gone:
    an object public again (by another path) is no marker."""
    out: dict[int, list[Tombstone]] = defaultdict(list)
    if not paper_ids:
        return out
    rows = list(Tombstone.objects.filter(parent_type=OParlType.PAPER, parent_id__in=paper_ids))
    wanted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for c in rows:
        wanted[(c.oparl_type, c.council_id)].add(c.object_id)
    live: set[tuple[str, int]] = set()
    for (kind, council_id), ids in wanted.items():
        public = KINDS[kind].rows(council_id).filter(pk__in=ids).values_list("pk", flat=True)
        live |= {(kind, pk) for pk in public}
    for c in rows:
        if (c.oparl_type, c.object_id) not in live and c.parent_id is not None:
            out[c.parent_id].append(c)
    return out


def tombstone_objs(urls: Urls, rows: Sequence[Tombstone]) -> list[dict[str, Any]]:
    """Deleted markers (``tombstone_obj``) of a list page, an export batch or one object:
    the deleted Papers' embedded markers are read for all of them at once."""
    children = _gone_children([t.object_id for t in rows if t.oparl_type == OParlType.PAPER])
    out = []
    for t in rows:
        obj = tombstone_obj(urls, t, embedded=False)
        if t.oparl_type == OParlType.PAPER:
            main = urls.main_text(t.object_id)
            obj["mainFile"] = obj | {
                "id": main,
                "type": oparl_type(OParlType.FILE),
                "accessUrl": main,
            }
            mine = children[t.object_id]
            files = [tombstone_obj(urls, c) for c in mine if c.oparl_type == OParlType.FILE]
            consultations = [
                tombstone_obj(urls, c) for c in mine if c.oparl_type == OParlType.CONSULTATION
            ]
            if files:
                obj["auxiliaryFile"] = files
            if consultations:
                obj["consultation"] = consultations
        out.append(obj)
    return out


def tombstone(kind: str, pk: int) -> Tombstone | None:
    return Tombstone.objects.filter(oparl_type=kind, object_id=pk).first()
