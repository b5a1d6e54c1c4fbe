"""Minutes headings that do not say "minutes of ... held": two common shapes.

* the body's name over the date, with the attendance list right under them ("CHILDREN AND
  YOUNG PEOPLE SCRUTINY COMMITTEE" / "Tuesday, 3 September 2024" / "PRESENT: ...");
* a bare "Minutes" title ("Committee Minutes") over labelled fields ("Meeting: X", "Date: D").

Each returns (first body line, body name as printed, ISO date) or None; ``minutes`` turns them
into headings.  Both need the attendance list right under them, so a front sheet's own header
(body name, date, and no "Present") is never taken for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.importer.parse.text import Line, find_date

__all__ = ["body_date_present", "labelled_minutes", "minute_of_meeting"]

ATTEND = re.compile(
    r"^(?:(?:members|councillors|those)\s+)?(?:present|attendance)(?:\s+were)?\s*(?:[:\-\u2013\u2014]|$)",
    re.I,
)
_BODY_WORD = re.compile(
    r"\b(?:committee|council|cabinet|board|panel|forum|group|executive|authority|commission|"
    r"partnership|assembly|sub-committee|working\s+party)\b",
    re.I,
)
_HELD = re.compile(r"\b(?:held|meeting\s+of|minutes)\b", re.I)
_LABELLED_TITLE = re.compile(
    r"^(?:(?:committee|meeting|council|board|cabinet|panel|draft|confirmed|the)\s+)*minutes"
    r"(?:\s+of\s+(?:the\s+)?meeting)?\s*[:.]?$",
    re.I,
)
_FIELD = re.compile(
    r"^(?P<label>meeting|committee|body|board|date(?:\s+of\s+meeting)?)\s*[:\-\u2013]\s*(?P<v>.+)$",
    re.I,
)


def _date_only(text: str) -> str | None:
    """The ISO date of a short line that is (almost) only a date."""
    if len(text) > 60:
        return None
    found = find_date(text)
    if found is None:
        return None
    left = (text[: found[1]] + text[found[2] :]).strip(" ,.")
    return found[0].isoformat() if len(left.split()) <= 4 else None


def body_date_present(lines: Sequence[Line], i: int) -> tuple[int, str, str] | None:
    """The body's name on line ``i``, the date alone on the next, "Present" right after."""
    n = len(lines)
    if i + 2 >= n or not (ATTEND.match(lines[i + 2].text) or ATTEND.match(lines[i + 1].text)):
        return None
    name = lines[i].text
    words = name.split()
    if not (1 <= len(words) <= 12) or name[-1:] in ".,;:" or not _BODY_WORD.search(name):
        return None
    if (
        find_date(name) is not None
        or "\t" in name
        or "," in name
        or ":" in name
        or _HELD.search(name)
    ):
        return None  # ("X held at Y on" over the date is the "held" heading, read elsewhere)
    date = _date_only(lines[i + 1].text)
    if date is None or not ATTEND.match(lines[i + 2].text):
        return None
    return i + 2, name, date


def labelled_minutes(lines: Sequence[Line], i: int) -> tuple[int, str, str] | None:
    """ "Committee Minutes" over "Meeting: X" and "Date: D" (then "Present: ...")."""
    if not _LABELLED_TITLE.match(lines[i].text):
        return None
    body: str | None = None
    date: str | None = None
    j = i + 1
    while j < min(len(lines), i + 6):
        m = _FIELD.match(lines[j].text)
        if m is None:
            break
        if m.group("label").lower().startswith("date"):
            found = find_date(m.group("v"))
            date = found[0].isoformat() if found else date
        else:
            body = m.group("v").strip()
        j += 1
    if body is None or date is None or j >= len(lines) or not ATTEND.match(lines[j].text):
        return None
    return j, body, date


_MINUTE_OF_MEETING = re.compile(
    r"^(?:[A-Z][\w' -]{1,40},\s+)?(?P<date>[^.]{6,40}?)\.\s+minute\s+of\s+(?:the\s+)?"
    r"(?:(?:special|ordinary|statutory|extraordinary)\s+)?meeting\s+of\s+(?:the\s+)?"
    r"(?P<body>[^.]{3,120}?)\.\s+present\b",
    re.I,
)


def minute_of_meeting(lines: Sequence[Line], i: int) -> tuple[int, str, str] | None:
    """The Scottish form: "PLACE, <date>. Minute of Meeting of the X. Present:- ..." (the
    attendance runs on in the same paragraph)."""
    t = lines[i].text
    if "inute" not in t and "INUTE" not in t:
        return None
    joined = t
    for j in range(i, min(len(lines), i + 3)):
        if j > i:
            joined = f"{joined} {lines[j].text}"
        m = _MINUTE_OF_MEETING.match(joined)
        if m:
            found = find_date(m.group("date"))
            if found is None:
                return None
            return j, m.group("body"), found[0].isoformat()
    return None
