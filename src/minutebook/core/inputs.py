"""Input at the boundary: what a request may carry, and what a name or a text may hold.

Why: a NUL byte cannot be stored or compared in a PostgreSQL text column (a search
with one was a 500), control characters are not allowed in XML 1.0 (RSS, Atom) and a
line break inside an iCalendar property ends it (RFC 5545 section 3.1). So:

- :class:`InputBoundaryMiddleware` refuses a request whose path or query string holds
  a C0 control character other than tab, CR and LF (400: a page, or a JSON body under
  ``/oparl/``), strips those characters from submitted form fields (they are invisible
  and no form needs them, so the rest of what was typed is kept), and answers a body
  over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with a 413 page saying what to do.
- :func:`validate_name` (names that go into feeds and calendars: committees, meetings,
  venues, people, agenda items) refuses every control character and line break;
  :func:`validate_text` (long texts) refuses controls but keeps tab and line breaks.
- :data:`LONG_TEXT_MAX` bounds a form's long text, so a huge paste is refused with a
  message while the form keeps the other answers.
- :func:`to_utc` brings a parsed date-time filter to UTC, which every database can hold
  (PostgreSQL refuses an offset beyond ±15:59), refusing offsets beyond ±14:00 and
  instants outside the years 1 to 9999.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

log = logging.getLogger(__name__)

#: C0 controls except tab, LF and CR, and DEL: never meaningful in a form or an address.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Everything that ends or breaks a line, or is a control: not allowed in a name.
NAME_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAK_RUN = re.compile(r"\s*(?:[\x00-\x1f\x7f-\x9f\u2028\u2029]\s*)+")
#: Longest text a form takes in one field (about 15,000 words: a long report's worth).
LONG_TEXT_MAX = 100_000
#: Latest offset a clock on Earth shows (UTC+14, Kiribati; UTC-12 at the other end).
MAX_OFFSET = dt.timedelta(hours=14)


def validate_name(value: str) -> None:
    """A name is one line of printable text: it is printed into feeds, calendars and
    e-mail subjects, where a line break or a control character would break them."""
    if value and NAME_BREAKERS.search(value):
        raise ValidationError(
            "Use letters, numbers and punctuation only: no line breaks or control characters.",
            code="control_characters",
        )


def validate_text(value: str) -> None:
    """Long text may hold tabs and line breaks, but no other control character."""
    if value and CONTROLS.search(value):
        raise ValidationError(
            "The text holds control characters (invisible characters some programs add "
            "when copying). Remove them and try again.",
            code="control_characters",
        )


def one_line(value: object) -> str:
    """``value`` as one line of printable text, for a feed or a calendar property: what
    a validator would refuse (an older row, an import) is replaced by a space."""
    return _BREAK_RUN.sub(" ", str(value)).strip()


def printable(value: object) -> str:
    """``value`` with line breaks and tabs kept but other controls removed (XML 1.0)."""
    return CONTROLS.sub("", str(value))


def long_text_error(limit: int = LONG_TEXT_MAX) -> str:
    return f"Keep this to {limit:,} characters or fewer (about {limit // 7:,} words)."


def to_utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC, refusing offsets no clock shows and instants outside years 1-9999."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise ValueError("The time zone offset must be between -14:00 and +14:00.")
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError("The date must be between the years 1 and 9999.") from None


# -- the middleware -----------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/oparl/")


def refusal(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    """A 400 or 413 the visitor can read: JSON for the API, a page elsewhere."""
    if _wants_json(request):
        response = HttpResponse(
            # The API's error object (minutebook.api.http.error_body).
            json.dumps({"type": "Error", "message": detail, "status": status, "detail": detail}),
            status=status,
            content_type="application/json",
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    body = render_to_string("core/refused.html", {"title": title, "detail": detail}, request)
    return HttpResponse(body, status=status)


def _has_control(values: list[str]) -> bool:
    return any(CONTROLS.search(v) for v in values)


class InputBoundaryMiddleware:
    """Check every request's address and form fields before any view or cache sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.GET
        if CONTROLS.search(request.path) or any(
            CONTROLS.search(key) or _has_control(query.getlist(key)) for key in query
        ):
            return refusal(
                request,
                400,
                "The web address is not valid",
                "The web address holds control characters (such as a NUL byte) that no "
                "page of this site uses. Check the address and try again.",
            )
        if request.method == "POST":
            try:
                form = request.POST
            except RequestDataTooBig:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
                log.warning("Refused a form of more than %s MB: %s", limit, request.path)
                return refusal(
                    request,
                    413,
                    "The form is too large to send",
                    f"What you sent is more than {limit} MB. Long texts are limited to "
                    f"{LONG_TEXT_MAX:,} characters: go back, shorten the text and send it again.",
                )
            if any(CONTROLS.search(key) or _has_control(form.getlist(key)) for key in form):
                request.POST = _stripped(form)  # type: ignore[misc]
        return self.get_response(request)


def _stripped(form: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=form.encoding)
    for key in form:
        clean.setlist(CONTROLS.sub("", key), [CONTROLS.sub("", v) for v in form.getlist(key)])
    clean._mutable = False
    return clean
