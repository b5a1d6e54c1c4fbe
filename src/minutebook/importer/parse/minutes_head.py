"""The meeting a standalone set of minutes records, read from its heading.

A council publishes each meeting's minutes as a file of their own ("MINUTES of a meeting of
the X held in VENUE on DATE", "X" over "Minutes" over the date, "Record of decisions ...").
Read as a front sheet, such a file yields an invented agenda (its numbered minutes) and an
invented membership (its attendance list).  The document classifier calls
``minutes_meeting`` instead: committee, date, time and venue as the heading states them, no
members and no agenda (the minutes list who attended, not who sits on the body).
"""

from __future__ import annotations

import re

from minutebook.importer.pack import Meeting
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import Line, find_date, norm_space, parse_date, parse_time

__all__ = ["heading_venue_time", "minutes_meeting"]

_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
# "held in/at VENUE on <date>": the venue ends at the last " on " before the date.
_HELD_AT = re.compile(
    r"\b(?:held|which\s+took\s+place|convened)\s+(?:(?:virtually|remotely|in\s+person)\s+)?"
    r"(?:in|at)\s+(?P<venue>.+?),?\s+on\s+" + _DAY + r"?$",
    re.I,
)
# "... <date> at 10.00 am in/at VENUE" or "<date> in/at VENUE": the venue after the date.
_AFTER_DATE = re.compile(
    r"^[\s,]*(?:(?:at|from|commencing\s+at)\s+[\d.:]+\s*(?:[ap]\.?m\.?)?\s*,?\s*)?"
    r"(?:in|at)\s+(?P<venue>[A-Za-z].+)$",
    re.I,
)
_LABEL = re.compile(r"^(?P<label>venue|place|location|time|date)\s*[:\-\u2013]\s*(?P<v>.+)$", re.I)
_STARTED = re.compile(
    r"^(?:the\s+)?(?:meeting\s+)?(?:started|commenced|began|opened|start\s+time)\b"
    r"(?:\s+at)?\s*:?\s*(?P<v>.{1,40})$",
    re.I,
)
_LEAD_TIME = re.compile(
    r"^(?:(?:at|from|commencing\s+at)\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?)?\s*[,\-\u2013]?",
    re.I,
)
_PLACE = re.compile(
    r"\b(?:room|hall|chamber|centre|center|house|offices?|building|library|suite|council)\b", re.I
)
_VIRTUAL = re.compile(r"^(?:virtual(?:ly)?|remote(?:ly)?|online)\b", re.I)


def _clean_venue(v: str) -> str | None:
    v = norm_space(v).strip(" ,.;:")
    v = re.sub(r"^the\s+", "", v, flags=re.I)
    if len(v) < 4 or len(v) > 200 or _VIRTUAL.match(v) or find_date(v) is not None:
        return None
    return v


def heading_venue_time(text: str) -> tuple[str | None, str | None]:
    """Venue and time stated in a minutes heading joined onto one line."""
    found = find_date(text)
    if found is None:
        return None, None
    _d, start, end = found
    before, after = text[:start], text[end:]
    venue: str | None = None
    m = _HELD_AT.search(before)
    if m:
        venue = _clean_venue(m.group("venue"))
    tail = after.strip(" ,.")
    time = parse_time(tail[:40]) if re.match(r"^(?:at|from|commencing|,|\d)", tail, re.I) else None
    if venue is None:
        m2 = _AFTER_DATE.match(after)
        if m2:
            venue = _clean_venue(re.split(r"\.\s|\s[-\u2013]\s", m2.group("venue"))[0])
    if venue is None:
        # "<date>, 10.00 am, Committee Room 2, Shire Hall": the place after the time.
        rest = _LEAD_TIME.sub("", tail).strip(" ,")
        if _PLACE.search(rest) and not re.search(r"\b(?:present|apologies)\b", rest, re.I):
            venue = _clean_venue(rest)
    return venue, time


def _heading(lines: list[Line], ctx: Context) -> tuple[int, int, str | None, str | None] | None:
    """(first line, first body line, committee, date) of the first minutes heading."""
    from minutebook.importer.parse import minutes as m

    n = len(lines)
    for i in range(min(n, 200)):
        h = m._find_heading(lines, i)
        if h is None or h.extract:
            continue
        if m._confirmed(lines, h, n):
            return h.index, h.body_start, h.committee, h.date
    return None


def minutes_meeting(lines: list[Line], ctx: Context) -> Meeting | None:
    """The meeting a standalone set of minutes records (committee, date, time, venue), or
    None when the lines carry no minutes heading.  Members and agenda are always empty."""
    got = _heading(lines, ctx)
    if got is None:
        return None
    first, body, committee, date = got
    text = norm_space(" ".join(lines[j].text for j in range(first, min(body, first + 4))))
    venue, time = heading_venue_time(text)
    # Labelled fields and "The meeting started at ..." in the lines around the heading.
    for j in range(max(0, first - 3), min(len(lines), body + 8)):
        t = lines[j].text
        lab = _LABEL.match(t)
        if lab:
            key, value = lab.group("label").lower(), lab.group("v")
            if key in ("venue", "place", "location") and venue is None:
                venue = _clean_venue(value)
            elif key == "time" and time is None:
                time = parse_time(value)
            elif key == "date" and date is None:
                d = parse_date(value)
                date = d.isoformat() if d else None
            continue
        st = _STARTED.match(t)
        if st and time is None:
            time = parse_time(st.group("v"))
    if ctx.committee is None:
        ctx.committee = committee
    if ctx.meeting_date is None and date:
        ctx.meeting_date = parse_date(date)
    return Meeting(committee=committee, date=date, time=time, venue=venue)
