"""Who opened which exempt paper, and when: one audit event per successful read.

Councillors read exempt reports, appendices and members' packs in the members' area
(LGA 1972 s100F) and officers in the back office. A council investigating a leak has
to answer "who opened the exempt report on X, and when", so each view that hands over
exempt content calls :func:`record_exempt_read` after its permission check has passed
and the content is ready to send. Refused requests never reach it, and public
(non-exempt) papers are not recorded. The events go into the same append-only trail
as every change, under the action :data:`EXEMPT_READ`. Withheld personal data (a
sensitive interest, a questioner's contact details) is recorded the same way under
:data:`PERSONAL_READ`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from minutebook.audit.models import AuditEvent
from minutebook.audit.recorder import record

#: The audit action of a read of exempt content.
EXEMPT_READ = "exempt.read"

#: Where the paper was read.
ROUTES = {
    "members": "the members' area",
    "officer": "the officer back office",
    "admin": "the Django admin",
}


def is_exempt_content(obj: models.Model) -> bool:
    """Exempt itself, or a file of an exempt report (an appendix carries its report's
    exemption even when it names no paragraph of its own)."""
    if getattr(obj, "is_exempt", False):
        return True
    report_id = getattr(obj, "report_id", None)
    if report_id is None:
        return False
    from minutebook.reports.models import Report

    return Report.officer_objects.filter(pk=report_id, is_exempt=True).exists()


def record_exempt_read(
    request: HttpRequest,
    obj: models.Model,
    *,
    route: str,
    meeting: Any = None,
    fmt: str = "",
    supplement: Any = None,
) -> AuditEvent | None:
    """Record that ``request.user`` read the exempt ``obj`` (a report, an appendix, a pack).

    Returns the event, or ``None`` when nothing exempt was read: the object is not
    exempt content (:func:`is_exempt_content`), or the request is a HEAD (headers only,
    no content). ``meeting`` is the meeting the paper was read for; ``fmt`` and
    ``supplement`` say which pack file.
    """
    if route not in ROUTES:
        raise ValueError(f"Unknown route {route!r}; expected one of {sorted(ROUTES)}.")
    if request.method == "HEAD" or not is_exempt_content(obj):
        return None
    details: dict[str, Any] = {
        "route": route,
        "title": str(getattr(obj, "title", "") or obj),
        "meeting_id": meeting.pk if meeting is not None else None,
        "meeting": str(meeting) if meeting is not None else "",
        "path": request.path,
    }
    if getattr(obj, "report_id", None):
        details["report_id"] = obj.report_id  # type: ignore[attr-defined]
    if fmt:
        details["format"] = fmt
    if supplement is not None:
        details["supplement"] = supplement.number
    return record(
        EXEMPT_READ,
        obj,
        after=details,
        user=request.user,
        reason=f"Read in {ROUTES[route]}",
    )


def record_exempt_reads(
    request: HttpRequest, objs: Any, *, route: str, meeting: Any = None
) -> list[AuditEvent]:
    """:func:`record_exempt_read` for each exempt record a page shows (the rest are skipped)."""
    events = [record_exempt_read(request, obj, route=route, meeting=meeting) for obj in objs]
    return [event for event in events if event is not None]


#: The audit action of a read of personal data the public never sees: a sensitive
#: interest's withheld details and the monitoring officer's reasons (Localism Act 2011
#: s32), or a public question's contact details (UK GDPR: the council must be able to
#: say who opened them).
PERSONAL_READ = "personal.read"


def record_personal_read(
    request: HttpRequest, obj: models.Model, *, route: str, what: str
) -> AuditEvent | None:
    """Record that ``request.user`` was shown ``what`` (withheld personal data) of ``obj``.

    Called by the view after its permission check, when the page it renders shows the
    data; ``None`` for a HEAD (no content).
    """
    if route not in ROUTES:
        raise ValueError(f"Unknown route {route!r}; expected one of {sorted(ROUTES)}.")
    if request.method == "HEAD":
        return None
    details = {"route": route, "shown": what, "path": request.path}
    return record(
        PERSONAL_READ,
        obj,
        after=details,
        user=request.user,
        reason=f"{what[:1].upper()}{what[1:]} read in {ROUTES[route]}",
    )
