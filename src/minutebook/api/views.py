"""The OParl 1.1 API at /oparl/v1/ (django-ninja), with its OpenAPI description.

Read-only and anonymous: everything here is what the public site shows, as data. HEAD,
OPTIONS and CORS (open: the API carries no credentials) are ``api.http``'s, for every
URL under /oparl/. Errors are error objects (``type: "Error"``, ``message``); ids are
built from ``MINUTEBOOK_BASE_URL``, never from the Host header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from pydantic import BaseModel, ConfigDict

from minutebook.api import listing, oparl, tombstones
from minutebook.api.http import error_body
from minutebook.api.models import OParlType
from minutebook.core import inputs
from minutebook.core.site import site_origin
from minutebook.councils.models import Council
from minutebook.documents.models import Document
from minutebook.reports.models import Report

MAX_ID = 2**63 - 1

api = NinjaAPI(
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
    """An error object: ``type`` "Error", a ``message`` in plain English, the status, and
    ``detail`` (the message again, or the list of what was wrong with the parameters)."""

    type: str
    message: str
    status: int
    detail: list[dict[str, Any]] | str


#: 400: a parameter is invalid (a date that is not RFC 3339, a cursor from another list,
#: a limit out of range, control characters); 404: no such body or object.
OBJECT_RESPONSES: dict[int, Any] = {200: OParlObject, 400: Error, 404: Error}
LIST_RESPONSES: dict[int, Any] = {200: OParlList, 400: Error, 404: Error}


def _error(request: HttpRequest, status: int, message: str, detail: Any = None) -> HttpResponse:
    return api.create_response(request, error_body(status, message, detail), status=status)


def _say(error: dict[str, Any]) -> str:
    """One parameter's problem in plain English."""
    name = str(error.get("loc", ["", "?"])[-1])
    if name in DATE_PARAMS:
        return f"{name} must be a date and time as RFC 3339, such as 2024-05-01T09:00:00Z."
    if name == "after":
        return "after must be a cursor taken from links.next."
    return f"{name}: {error.get('msg', 'invalid')}."


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = list(exc.errors)
    message = " ".join(dict.fromkeys(_say(e) for e in errors)) or "Invalid parameters."
    return _error(request, 400, message, [_jsonable(e) for e in errors])


def _jsonable(error: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in error.items() if k in ("type", "loc", "msg")}


@api.exception_handler(HttpError)
def _refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "No such object.")


def urls_for(request: HttpRequest | None = None) -> oparl.Urls:
    """Ids from the configured address, never the Host header: the same object has the
    same id however a client reached the server."""
    return oparl.Urls(site_origin())


#: An RFC 3339 date-time (seconds required; fraction and offset optional: a time without
#: an offset is UK local time). ``2024`` is not a date: a number is refused, not read as
#: seconds after 1970.
DATE_TIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+ -][0-9]{2}:[0-9]{2})?$"
)
#: A "+" of an offset sent unencoded arrives as a space.
SPACED_OFFSET = re.compile(r" ([0-9]{2}:[0-9]{2})$")
DATE_PARAMS = ("created_since", "created_until", "modified_since", "modified_until")


def date_param(name: str) -> Any:
    return Query(
        None,
        pattern=DATE_TIME_PATTERN,
        description=f"RFC 3339 date-time, e.g. 2024-05-01T09:00:00Z: objects whose "
        f"{name.split('_')[0]} time is {'at or after' if 'since' in name else 'at or before'} "
        "it. Without an offset, UK local time.",
    )


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


def aware(value: str | None, name: str) -> dt.datetime | None:
    """A filter time in UTC (naive ones are UK local time). Offsets beyond ±14:00 and
    instants outside years 1-9999 are refused: PostgreSQL cannot read an offset beyond
    ±15:59, so one passed through was a server error."""
    if value is None:
        return None
    try:
        text = SPACED_OFFSET.sub(r"+\1", value).upper()
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError as exc:
        raise HttpError(400, f"{name}: {value[:40]} is not a date and time ({exc}).") from exc
    try:
        return inputs.to_utc(parsed)
    except ValueError as exc:
        raise HttpError(400, f"{name}: {exc}") from exc


def envelope(
    request: HttpRequest,
    data: list[dict[str, Any]],
    next_cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    origin = urls_for(request).origin
    base = origin + request.path
    params = {k: v for k, v in request.GET.items() if k != "after"}
    query = urlencode(params)
    first = f"{base}?{query}" if query else base
    links: dict[str, Any] = {"first": first, "self": origin + request.get_full_path()}
    if next_cursor:
        links["next"] = f"{base}?{urlencode({**params, 'after': next_cursor})}"
    return {"data": data, "pagination": {"elementsPerPage": limit}, "links": links}


def site_name() -> str:
    return getattr(settings, "MINUTEBOOK_SITE_NAME", "") or "minutebook"


def site_licence() -> str:
    """The System's ``license``: each Body states its council's own."""
    return getattr(settings, "MINUTEBOOK_OPEN_DATA_LICENCE", "") or oparl.OGL_V3


@api.get("/", response=OBJECT_RESPONSES, exclude_none=True, summary="System", tags=["System"])
def system(request: HttpRequest) -> dict[str, Any]:
    return oparl.system_obj(urls_for(request), site_name(), site_licence())


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


def date_filters(
    created_since: str | None,
    created_until: str | None,
    modified_since: str | None,
    modified_until: str | None,
) -> listing.Filters:
    """A list's four date parameters, read as aware datetimes (a bad one is a 400)."""
    dates = {
        "created_since": created_since,
        "created_until": created_until,
        "modified_since": modified_since,
        "modified_until": modified_until,
    }
    return listing.Filters(**{name: aware(value, name) for name, value in dates.items()})


def list_page(
    request: HttpRequest, parts: list[listing.Segment], after: str | None, limit: int
) -> dict[str, Any]:
    """One page of a list made of ``parts``, shared by the OParl and minutebook: lists."""
    if after and listing.parse_cursor(after)[0] >= len(parts):
        raise HttpError(400, "The cursor does not belong to this list: start again from it.")
    data, next_cursor = listing.page(urls_for(request), parts, after, limit)
    return envelope(request, data, next_cursor, limit)


def _list_page(
    request: HttpRequest,
    segment: str,
    kinds: list[str],
    council: Council,
    filters: listing.Filters,
    after: str | None,
    limit: int,
    organization: int | None = None,
) -> dict[str, Any]:
    if organization is not None:
        filters.extra = oparl.ORGANIZATION_FILTERS[segment](organization)
    return list_page(request, listing.segments(council.pk, kinds, filters), after, limit)


def _after() -> Any:
    return Query(None, pattern=listing.CURSOR_PATTERN, description="Cursor from links.next.")


def _limit() -> Any:
    return Query(listing.DEFAULT_LIMIT, ge=1, le=listing.MAX_LIMIT)


def list_view(
    parts: Callable[[Council, listing.Filters], list[listing.Segment]],
) -> Callable[..., dict[str, Any]]:
    """A body list's view: the council, its date filters and cursor, over ``parts``.

    Shared by the OParl lists and the ``minutebook:`` record lists, so they take the
    same parameters and answer a bad date, cursor or council the same way.
    """

    def view(
        request: HttpRequest,
        slug: str = slug_param(),
        created_since: str | None = date_param("created_since"),
        created_until: str | None = date_param("created_until"),
        modified_since: str | None = date_param("modified_since"),
        modified_until: str | None = date_param("modified_until"),
        after: str | None = _after(),
        limit: int = _limit(),
    ) -> dict[str, Any]:
        council = council_or_404(slug)
        filters = date_filters(created_since, created_until, modified_since, modified_until)
        return list_page(request, parts(council, filters), after, limit)

    return view


def _register_list(segment: str, kinds: list[str]) -> None:
    """One body list; those whose objects belong to a committee take ``organization``."""

    def parts(council: Council, filters: listing.Filters) -> list[listing.Segment]:
        return listing.segments(council.pk, kinds, filters)

    body_list = list_view(parts)

    def body_list_by_organization(
        request: HttpRequest,
        slug: str = slug_param(),
        created_since: str | None = date_param("created_since"),
        created_until: str | None = date_param("created_until"),
        modified_since: str | None = date_param("modified_since"),
        modified_until: str | None = date_param("modified_until"),
        after: str | None = _after(),
        limit: int = _limit(),
        organization: int | None = Query(
            None, ge=1, le=MAX_ID, description="Only those of this organization (its id's number)."
        ),
    ) -> dict[str, Any]:
        council = council_or_404(slug)
        filters = date_filters(created_since, created_until, modified_since, modified_until)
        return _list_page(request, segment, kinds, council, filters, after, limit, organization)

    view = body_list_by_organization if segment in oparl.ORGANIZATION_FILTERS else body_list
    name = segment.replace("-", "_")
    view.__name__ = f"list_{name}"
    api.get(
        f"/body/{{slug}}/{segment}",
        response=LIST_RESPONSES,
        exclude_none=True,
        summary=f"List of {segment.replace('-', ' ')}",
        tags=[oparl.oparl_type(kinds[0]).rsplit("/", 1)[-1]],
        operation_id=f"list_{name}",
    )(view)


for _segment, _kinds in oparl.LIST_KINDS.items():
    _register_list(_segment, list(_kinds))


def _register_object(kind: str) -> None:
    def get_object(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
        urls = urls_for(request)
        row = oparl.find(kind, pk)
        if row is not None:
            return oparl.KINDS[kind].serialize(urls, [row])[0]
        gone = tombstones.tombstone(kind, pk)
        if gone is not None:
            return tombstones.tombstone_obj(urls, gone)
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


# The forward plan's list and entries are registered with minutebook's own objects
# (``api.record_views``): the same date filters, paging and deleted markers.


def _main_text_report(pk: int) -> tuple[Report | None, str]:
    report = oparl.find(OParlType.PAPER, pk) if pk <= MAX_ID else None
    if not isinstance(report, Report):
        return None, ""
    return report, oparl.report_text(report)


@api.get(
    "/paper/{pk}/main-text",
    response=OBJECT_RESPONSES,
    exclude_none=True,
    summary="A report's main text, as a File",
    tags=["File"],
    operation_id="get_paper_main_text",
)
def paper_main_text(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """The report's main text and implications as the web page shows them (the Paper's
    ``mainFile`` when no report document was uploaded); deleted with its Paper."""
    urls = urls_for(request)
    report, text = _main_text_report(pk)
    if report is not None and text:
        return oparl.main_text_obj(urls, report, text)
    gone = tombstones.tombstone(OParlType.PAPER, pk)
    if gone is not None:
        marker = tombstones.tombstone_obj(urls, gone, embedded=False)
        file_id = urls.main_text(pk)
        return marker | {
            "id": file_id,
            "type": oparl.oparl_type(OParlType.FILE),
            "accessUrl": file_id,
        }
    raise Http404("No such file.")


@api.get("/paper/{pk}/main-text/text", include_in_schema=False)
def paper_main_text_plain(request: HttpRequest, pk: int) -> HttpResponse:
    """The main text File's accessUrl: the text itself."""
    report, text = _main_text_report(pk)
    if report is None or not text:
        raise Http404("No such file.")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@api.get("/file/{pk}/text", include_in_schema=False)
def file_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The text of a public file held as text only (the File's accessUrl)."""
    if pk > MAX_ID or oparl.find(OParlType.FILE, pk) is None:
        raise Http404("No such file.")
    doc = Document.public_objects.filter(pk=pk).only("extracted_text").first()
    if doc is None:
        raise Http404("No such file.")
    return HttpResponse(doc.extracted_text, content_type="text/plain; charset=utf-8")


@api.get("/body/{slug}/export.zip", include_in_schema=False)
def export_zip(request: HttpRequest, slug: str) -> FileResponse:
    """The whole public record of a council: JSON Lines of its OParl objects, zipped.

    Built on request from the live public view, never cached: an object made exempt
    leaves the next download at once.
    """
    from minutebook.api.export import export_council

    council = council_or_404(slug)
    handle = export_council(council, urls_for(request).origin)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{council.slug}-oparl.zip",
        content_type="application/zip",
    )


# minutebook's own objects and the vocabulary: routes on the same API (and OpenAPI).
from minutebook.api import record_views  # noqa: E402, F401
