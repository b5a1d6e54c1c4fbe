"""Routes of minutebook's own objects (``api.record``) and of the vocabulary describing
every ``minutebook:`` type and property (``api.vocabulary``).

Registered on the same NinjaAPI as the OParl routes, so the OpenAPI description (and
schemathesis) covers them; lists take the OParl lists' date filters and cursor.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path

from minutebook.api import listing, record, tombstones, vocabulary
from minutebook.api.common import RECORD_PATHS
from minutebook.api.models import OParlType
from minutebook.api.views import (
    LIST_RESPONSES,
    MAX_ID,
    OBJECT_RESPONSES,
    api,
    list_view,
    urls_for,
)


def _register(kind: str) -> None:
    spec = record.RECORDS[kind]
    path, segment = RECORD_PATHS[kind]
    name = path.rsplit("/", 1)[-1].replace("-", "_")

    def parts(council: Any, filters: listing.Filters) -> list[listing.Segment]:
        out = listing.segments(council.pk, [kind], filters, record.RECORDS)
        if kind == OParlType.REGISTER_ENTRY and filters.modified_since is not None:
            lapsed = record.lapsed_entries(
                council.pk, filters.modified_since, filters.modified_until
            )
            out.append(listing.Segment(lapsed, record.lapsed_markers))
        return out

    record_list = list_view(parts)

    def record_object(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
        urls = urls_for(request)
        row = record.find_record(kind, pk)
        if row is not None:
            return spec.serialize(urls, [row])[0]
        gone = tombstones.tombstone(kind, pk)
        if gone is not None:
            return tombstones.tombstone_obj(urls, gone)
        if kind == OParlType.REGISTER_ENTRY:
            lapsed = record.lapsed_entry(pk)
            if lapsed is not None:
                return record.lapsed_markers(urls, [lapsed])[0]
        raise Http404("No such object.")

    plural = segment.rsplit("/", 1)[-1].replace("-", "_")
    record_list.__name__ = f"list_{plural}"
    record_object.__name__ = f"get_{name}"
    tag = "minutebook"
    api.get(
        f"/body/{{slug}}/{segment}",
        response=LIST_RESPONSES,
        exclude_none=True,
        summary=f"{spec.description} (minutebook:{kind})",
        tags=[tag],
        operation_id=f"list_{plural}",
    )(record_list)
    api.get(
        f"/{path}/{{pk}}",
        response=OBJECT_RESPONSES,
        exclude_none=True,
        summary=f"minutebook:{kind}",
        tags=[tag],
        operation_id=f"get_{name}",
    )(record_object)


for _kind in record.RECORDS:
    _register(_kind)


@api.get(
    "/vocabulary",
    response={200: dict[str, Any]},
    summary="The minutebook: vocabulary (JSON-LD context and a JSON Schema per type)",
    tags=["minutebook"],
    operation_id="get_vocabulary",
)
def vocabulary_document(request: HttpRequest) -> dict[str, Any]:
    """Every ``minutebook:`` type and property, machine-readable: a JSON-LD ``@context``
    naming the prefix, and a JSON Schema (with descriptions) per type and per extended
    OParl type."""
    return vocabulary.describe(urls_for(request))
