"""HTTP around the OParl API: HEAD, OPTIONS, CORS and error objects on every URL.

Why a middleware: the official OParl validator starts with a HEAD of the System URL and
browsers send an OPTIONS pre-flight; both must work on every API URL whatever answers it
(a ninja operation, the text of a file, the export, an unknown path). It runs outside the
public page cache, so a HEAD is answered as the GET it stands for, cached or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

PREFIX = "/oparl/"
METHODS = "GET, HEAD, OPTIONS"
#: Request headers a browser may send cross-origin (conditional requests included).
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-Modified-Since, If-None-Match"
#: How long a browser may remember a pre-flight answer (one day).
MAX_AGE = "86400"


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """An error object: ``type`` and a plain-English ``message`` a client can show, the
    HTTP status, and ``detail`` (the same sentence, or the list of what was wrong)."""
    return {
        "type": "Error",
        "message": message,
        "status": status,
        "detail": message if detail is None else detail,
    }


def error_response(status: int, message: str, detail: Any = None) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(status, message, detail)),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def allow_cross_origin(response: HttpResponseBase) -> HttpResponseBase:
    """The API carries no credentials, so any origin may read any of it."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    return response


def _plain_error(response: HttpResponseBase) -> bool:
    """An error answered by something other than the API (an HTML 404 or 405 page)."""
    kind = response.get("Content-Type", "")
    return response.status_code >= 400 and not kind.startswith("application/json")


class OParlHttpMiddleware:
    """HEAD as GET without the body, OPTIONS answered here, CORS and JSON errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
            response["Allow"] = METHODS
            response["Access-Control-Max-Age"] = MAX_AGE
        elif request.method == "HEAD":
            request.method = "GET"
            try:
                response = self.get_response(request)
            finally:
                request.method = "HEAD"
            _drop_body(response)
        elif request.method == "GET":
            response = self.get_response(request)
        else:
            response = error_response(405, "The API is read-only: use GET, HEAD or OPTIONS.")
            response["Allow"] = METHODS
        if _plain_error(response):
            status = response.status_code
            message = "No such object or list." if status == 404 else "The request failed."
            replaced = error_response(status, message)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            response = replaced
            if request.method == "HEAD":
                _drop_body(response)
        return allow_cross_origin(response)


def _drop_body(response: HttpResponseBase) -> None:
    """Keep the GET's headers (its length too), send no body."""
    if response.streaming:  # a file: the handler still closes it
        response.streaming_content = []  # type: ignore[attr-defined]
        return
    assert isinstance(response, HttpResponse)
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
