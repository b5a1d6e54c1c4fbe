"""Files that are one document, not a pack: standalone minutes, reports, appendices.

A council archive is mostly one file per document per meeting.  Such a file has no front
sheet, so reading it as one invents a meeting (a set of minutes' numbered paragraphs become
agenda items, its "Present" list the membership).  Here each kind gives only what it states:

- minutes: the meeting their heading names (body, date, venue); no agenda, no members;
- a report: the committee and date its cover is addressed to ("To: Cabinet - 5 March 2025");
- an appendix or other document: what its head states, else no meeting (with a warning).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from minutebook.importer.pack import Meeting, Minutes
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import Line, find_date, norm_space

__all__ = ["DOCUMENT_KIND", "standalone_meeting"]

#: The ``PackDocument.kind`` a standalone file of each kind is stored as.
DOCUMENT_KIND = {
    "minutes": "minutes",
    "report": "report",
    "appendix": "appendix",
    "other": "other",
    "forward_plan": "plan",
}

_TO_LABEL = re.compile(
    r"^(?:to|report\s+to|meeting|committee|decision\s+maker)\s*(?::|\t)\s*(.+)$", re.I
)
# An appendix or letter "To:" someone names no meeting; only a meeting label does.
_MEETING_LABEL = re.compile(r"^(?:meeting|committee|report\s+to)\s*(?::|\t)\s*(.+)$", re.I)
_DATE_LABEL = re.compile(
    r"^(?:date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date)\s*(?::|\t)\s*(.+)$", re.I
)
_DASH = re.compile(r"\s+[-\u2013\u2014,]\s*$|\s*[-\u2013\u2014,]\s+$")
COVER_LINES = 40  # lines of a standalone report's head that hold its cover


def _minutes_meeting_fn() -> Callable[[list[Line], Context], Meeting | None] | None:
    """``parse.minutes.minutes_meeting`` when it exists (it is added alongside this module)."""
    try:
        mod = importlib.import_module("minutebook.importer.parse.minutes")
    except ModuleNotFoundError:  # pragma: no cover - the module is part of the package
        return None
    fn = getattr(mod, "minutes_meeting", None)
    return fn if callable(fn) else None


def _from_minutes(minutes: list[Minutes]) -> Meeting:
    first = minutes[0] if minutes else None
    return Meeting(committee=first.committee, date=first.date) if first else Meeting()


def minutes_meeting(lines: list[Line], ctx: Context, minutes: list[Minutes]) -> Meeting:
    """The meeting a standalone set of minutes records (its heading), never an agenda."""
    fn = _minutes_meeting_fn()
    got: Meeting | None = None
    if fn is not None:
        try:
            got = fn(lines, ctx)
        except Exception as exc:  # a heading the minutes parser cannot read: fall back
            ctx.warnings.append(f"minutes: meeting header not read ({type(exc).__name__})")
    if got is None:
        got = _from_minutes(minutes)
    else:
        fallback = _from_minutes(minutes)
        got.committee = got.committee or fallback.committee
        got.date = got.date or fallback.date
    got.agenda = []
    got.members = []
    return got


def _split_to(value: str) -> tuple[str | None, str | None]:
    """ "County Council - 9th January 2025" -> ("County Council", "2025-01-09")."""
    value = norm_space(value)
    found = find_date(value)
    if found is None:
        return (value.strip(" ,.;:-\u2013\u2014") or None), None
    day, start, _end = found
    body = value[:start]
    # Drop a weekday written before the date ("Cabinet - Thursday, 5 March 2025").
    body = re.sub(r"(?:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?\s*)$", "", body, flags=re.I)
    body = _DASH.sub("", body.rstrip()).strip(" ,.;:-\u2013\u2014")
    return (body or None), day.isoformat()


def report_meeting(lines: list[Line], to_label: re.Pattern[str] = _TO_LABEL) -> Meeting:
    """The committee and date a standalone report's cover is addressed to."""
    meeting = Meeting()
    for ln in lines[:COVER_LINES]:
        t = ln.text.strip()
        m = to_label.match(t)
        if m and meeting.committee is None:
            body, day = _split_to(m.group(1).replace("\t", " "))
            if body and len(body) <= 90 and not re.match(r"^(?:all\s+)?members\b", body, re.I):
                meeting.committee = body
            if day and meeting.date is None:
                meeting.date = day
            continue
        m = _DATE_LABEL.match(t)
        if m and meeting.date is None:
            found = find_date(m.group(1))
            if found is not None:
                meeting.date = found[0].isoformat()
    return meeting


_ASKED = re.compile(
    r"^(?:the\s+)?(?P<body>[A-Z][\w&' -]{2,60}?)\s+(?:is|are)\s+(?:asked|recommended|requested|"
    r"invited)\s+to\b",
)


def _asked_body(lines: list[Line]) -> str | None:
    """The body a report without a cover addresses: "County Council is asked to agree ..."."""
    from minutebook.importer.parse.frontsheet import is_body_name

    for ln in lines[:COVER_LINES]:
        m = _ASKED.match(ln.text.strip())
        if m and is_body_name(m.group("body")):
            return m.group("body")
    return None


def _cover_header(lines: list[Line], meeting: Meeting) -> None:
    """The committee and date printed above a report's title ("Agenda Item 6 / People and
    Health Overview Committee / 24 March 2022 / <title>")."""
    from minutebook.importer.parse.fs_covers import _covers

    first = next((c for c in _covers(lines, 0)[:1] if c.committee or c.date), None)
    if first is None:
        return
    meeting.committee = meeting.committee or first.committee
    if meeting.date is None and first.date is not None:
        meeting.date = first.date.isoformat()


def document_meeting(lines: list[Line]) -> Meeting:
    """What an appendix or other document states about its meeting (usually nothing)."""
    return report_meeting(lines[:12], _MEETING_LABEL)


def standalone_meeting(
    kind: str, lines: list[Line], ctx: Context, minutes: list[Minutes]
) -> Meeting:
    """The meeting a one-document file of ``kind`` states."""
    if kind == "minutes":
        return minutes_meeting(lines, ctx, minutes)
    if kind == "report":
        got = report_meeting(lines)
        if got.committee is None or got.date is None:
            _cover_header(lines, got)
        got.committee = got.committee or _asked_body(lines)
        return got
    return document_meeting(lines)
