"""The OParl 1.1 API at /oparl/v1/ (django-ninja), with its OpenAPI description.

Read-only and anonymous: everything here is what the public site shows, as data. CORS is
open (``Access-Control-Allow-Origin: *``) because the API carries no credentials.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict

from minutebook.api import listing, oparl
from minutebook.api.models import OParlType
from minutebook.core import inputs
from minutebook.councils.models import Council
from minutebook.documents.models import Document

MAX_ID = 2**63 - 1


class OpenAPI(NinjaAPI):
    """Every response, errors included, may be read from any origin."""

    def create_response(self, request: HttpRequest, data: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().create_response(request, data, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


api = OpenAPI(
    title="minutebook OParl 1.1 API",
    version="1.1",
    description="Meetings, agendas, reports, decisions and people of UK councils as OParl "
    "1.1 objects, with minutebook: extensions for UK law (key decisions, exempt "
    "paragraphs, call-in, forward plan, declarations, attendance). See docs/api.md.",
    urls_namespace="oparl",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class OParlObject(BaseModel):
    """Any OParl object: ``id`` and ``type`` always, the rest as the type defines."""

    model_config = ConfigDict(extra="allow")
    id: str
    type: str


class Pagination(BaseModel):
    elementsPerPage: int


class Links(BaseModel):
    first: str
    self: str
    next: str | None = None


class OParlList(BaseModel):
    data: list[OParlObject]
    pagination: Pagination
    links: Links


class Error(BaseModel):
    detail: str


class ValidationErrors(BaseModel):
    """Pydantic's list of errors, or one sentence (a filter out of range, a stale cursor)."""

    detail: list[dict[str, Any]] | str


#: 400: the address holds control characters (refused by core.inputs before the API).
OBJECT_RESPONSES: dict[int, Any] = {
    200: OParlObject,
    400: Error,
    404: Error,
    422: ValidationErrors,
}
LIST_RESPONSES: dict[int, Any] = {200: OParlList, 400: Error, 404: Error, 422: ValidationErrors}


def urls_for(request: HttpRequest) -> oparl.Urls:
    return oparl.Urls(request.build_absolute_uri("/"))


#: A body's slug as the site makes them (councils.models.Council.slug).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,60}$"


def slug_param() -> Any:
    """Described so a client (and schemathesis) knows what a slug may hold: anything
    else, a control character above all, is refused before the API (core.inputs)."""
    return Path(..., pattern=SLUG_PATTERN, description="The body's slug.")


def council_or_404(slug: str) -> Council:
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        raise Http404("No such body.")
    return council


def aware(value: dt.datetime | None, name: str) -> dt.datetime | None:
    """A filter time in UTC (naive ones are UK local time). Offsets beyond ±14:00 and
    instants outside years 1-9999 are refused: PostgreSQL cannot read an offset beyond
    ±15:59, so one passed through was a server error."""
    if value is None:
        return None
    try:
        return inputs.to_utc(value)
    except ValueError as exc:
        raise HttpError(422, f"{name}: {exc}") from exc


def envelope(
    request: HttpRequest,
    data: list[dict[str, Any]],
    next_cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    base = request.build_absolute_uri(request.path)
    params = {k: v for k, v in request.GET.items() if k != "after"}
    query = urlencode(params)
    first = f"{base}?{query}" if query else base
    links: dict[str, Any] = {"first": first, "self": request.build_absolute_uri()}
    if next_cursor:
        links["next"] = f"{base}?{urlencode({**params, 'after': next_cursor})}"
    return {"data": data, "pagination": {"elementsPerPage": limit}, "links": links}


def site_name() -> str:
    return getattr(settings, "MINUTEBOOK_SITE_NAME", "") or "minutebook"


@api.get("/", response=OBJECT_RESPONSES, exclude_none=True, summary="System", tags=["System"])
def system(request: HttpRequest) -> dict[str, Any]:
    return oparl.system_obj(urls_for(request), site_name())


@api.get("/bodies", response=LIST_RESPONSES, exclude_none=True, summary="Bodies", tags=["Body"])
def bodies(
    request: HttpRequest, limit: int = Query(listing.DEFAULT_LIMIT, ge=1, le=listing.MAX_LIMIT)
) -> dict[str, Any]:
    urls = urls_for(request)
    councils = list(Council.objects.order_by("pk")[:limit])
    terms = oparl.KINDS[OParlType.LEGISLATIVE_TERM].rows
    data = [oparl.body_obj(urls, c, list(terms(c.pk).order_by("pk"))) for c in councils]
    return envelope(request, data, None, limit)


@api.get(
    "/body/{slug}", response=OBJECT_RESPONSES, exclude_none=True, summary="Body", tags=["Body"]
)
def body(request: HttpRequest, slug: str = slug_param()) -> dict[str, Any]:
    council = council_or_404(slug)
    terms = oparl.KINDS[OParlType.LEGISLATIVE_TERM].rows(council.pk).order_by("pk")
    return oparl.body_obj(urls_for(request), council, list(terms))


def _register_list(segment: str, kinds: list[str]) -> None:
    def body_list(
        request: HttpRequest,
        slug: str = slug_param(),
        created_since: dt.datetime | None = None,
        created_until: dt.datetime | None = None,
        modified_since: dt.datetime | None = None,
        modified_until: dt.datetime | None = None,
        after: str | None = Query(
            None, pattern=listing.CURSOR_PATTERN, description="Cursor from links.next."
        ),
        limit: int = Query(listing.DEFAULT_LIMIT, ge=1, le=listing.MAX_LIMIT),
        organization: int | None = Query(
            None, ge=1, le=MAX_ID, description="Meetings only: those of this organization."
        ),
    ) -> dict[str, Any]:
        council = council_or_404(slug)
        filters = listing.Filters(
            created_since=aware(created_since, "created_since"),
            created_until=aware(created_until, "created_until"),
            modified_since=aware(modified_since, "modified_since"),
            modified_until=aware(modified_until, "modified_until"),
        )
        if organization is not None and segment == "meetings":
            filters.extra["committee_id"] = organization
        urls = urls_for(request)
        parts = listing.segments(council.pk, kinds, filters)
        if after and listing.parse_cursor(after)[0] >= len(parts):
            raise HttpError(422, "The cursor does not belong to this list.")
        data, next_cursor = listing.page(urls, parts, after, limit)
        return envelope(request, data, next_cursor, limit)

    name = segment.replace("-", "_")
    body_list.__name__ = f"list_{name}"
    api.get(
        f"/body/{{slug}}/{segment}",
        response=LIST_RESPONSES,
        exclude_none=True,
        summary=f"List of {segment.replace('-', ' ')}",
        tags=[oparl.oparl_type(kinds[0]).rsplit("/", 1)[-1]],
        operation_id=f"list_{name}",
    )(body_list)


for _segment, _kinds in oparl.LIST_KINDS.items():
    _register_list(_segment, list(_kinds))


def _register_object(kind: str) -> None:
    def get_object(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
        urls = urls_for(request)
        row = oparl.find(kind, pk)
        if row is not None:
            return oparl.KINDS[kind].serialize(urls, [row])[0]
        gone = oparl.tombstone(kind, pk)
        if gone is not None:
            return oparl.tombstone_obj(urls, gone)
        raise Http404("No such object.")

    name = oparl.PATHS[kind].replace("-", "_")
    get_object.__name__ = f"get_{name}"
    api.get(
        f"/{oparl.PATHS[kind]}/{{pk}}",
        response=OBJECT_RESPONSES,
        exclude_none=True,
        summary=str(kind),
        tags=[oparl.oparl_type(kind).rsplit("/", 1)[-1]],
        operation_id=f"get_{name}",
    )(get_object)


for _kind in oparl.PATHS:
    _register_object(_kind)


@api.get(
    "/body/{slug}/forward-plan",
    response=LIST_RESPONSES,
    exclude_none=True,
    summary="Forward plan entries (minutebook extension)",
    tags=["minutebook"],
)
def forward_plan(
    request: HttpRequest,
    slug: str = slug_param(),
    after: str | None = Query(None, pattern=listing.CURSOR_PATTERN),
    limit: int = Query(listing.DEFAULT_LIMIT, ge=1, le=listing.MAX_LIMIT),
) -> dict[str, Any]:
    """Published entries of the executive's forward plan (SI 2012/2089 reg 9), as objects
    with ``id`` and ``type: minutebook:ForwardPlanEntry``; withdrawn ones are marked so."""
    council = council_or_404(slug)
    rows = oparl.forward_plan_entries(None, council.pk)

    def serialize(urls: oparl.Urls, batch: Any) -> list[dict[str, Any]]:
        return [
            {"type": oparl.EXT + "ForwardPlanEntry", **obj}
            for obj in oparl.serialize_forward_plan(urls, batch)
        ]

    parts = [listing.Segment(rows, serialize)]
    if after and listing.parse_cursor(after)[0] >= len(parts):
        raise HttpError(422, "The cursor does not belong to this list.")
    data, next_cursor = listing.page(urls_for(request), parts, after, limit)
    return envelope(request, data, next_cursor, limit)


@api.get("/file/{pk}/text", include_in_schema=False)
def file_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The text of a public file held as text only (the File's accessUrl)."""
    if pk > MAX_ID or oparl.find(OParlType.FILE, pk) is None:
        raise Http404("No such file.")
    doc = Document.public_objects.filter(pk=pk).only("extracted_text").first()
    if doc is None:
        raise Http404("No such file.")
    response = HttpResponse(doc.extracted_text, content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@api.get("/body/{slug}/export.zip", include_in_schema=False)
def export_zip(request: HttpRequest, slug: str) -> FileResponse:
    """The whole public record of a council: JSON Lines of its OParl objects, zipped.

    Built on request from the live public view, never cached: an object made exempt
    leaves the next download at once.
    """
    from minutebook.api.export import export_council

    council = council_or_404(slug)
    handle = export_council(council, urls_for(request).origin)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{council.slug}-oparl.zip",
        content_type="application/zip",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
