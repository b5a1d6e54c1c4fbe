"""Where each extracted value came from: field path -> ``{"page": int | None, "line": int}``.

Run after parsing, on the normalised lines, so that no section parser has to carry positions
(they change often).  Each value is searched for in the lines, starting where its section starts
(the front sheet for the meeting, the previous record for the next record of a list, since
records are printed in order) and going on to the end, then, failing that, before.  A value
that cannot be found confidently gets no entry: an officer is better served by "not located"
than by a wrong line.  Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date

from minutebook.importer.pack import Pack
from minutebook.importer.parse.text import Line, find_date, parse_time, strip_honorific

__all__ = ["Locator", "locate"]

Where = dict[str, int | None]

#: A value shorter than this (normalised) is too common to be located by its text alone.
MIN_CHARS = 4
#: How many following lines a wrapped value may run on to.
WRAP = 2
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_TIME_TOKEN = re.compile(r"\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?\s*m\b\.?)?|noon|midday", re.I)


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower().replace("\t", " ")
    s = _PUNCT.sub(" ", s)
    return _SPACE.sub(" ", s).strip()


def _norm_all(texts: list[str]) -> list[str]:
    """``_norm`` of each text: the ASCII ones (most) in one pass over all of them (a table
    translation, then one pass for runs of spaces), the others one by one."""
    if any("\n" in t for t in texts):
        return [_norm(t) for t in texts]
    plain = [i for i, t in enumerate(texts) if t.isascii()]
    whole = "\n".join([texts[i] for i in plain]).lower().translate(_ASCII_NOT_WORD)
    out: list[str | None] = [None] * len(texts)
    for i, t in zip(plain, _SPACE_RUN.sub(" ", whole).split("\n"), strict=True):
        out[i] = t.strip(" ")
    return [t if t is not None else _norm(texts[i]) for i, t in enumerate(out)]


# ASCII punctuation and spaces (what ``_PUNCT`` and ``_SPACE`` take), but the newline
_ASCII_NOT_WORD = {
    c: " " for c in range(128) if chr(c) != "\n" and not (chr(c).isalnum() or chr(c) == "_")
}
_SPACE_RUN = re.compile(" {2,}")


LineIndex = tuple[list[str], str, list[int]]


def line_index(lines: list[Line]) -> LineIndex:
    """The lines normalised (``_norm``), joined by one space, and where each starts in the
    joined text: a value is found with one ``str.find`` over the pack instead of a test per
    line.  Depends on the lines alone (``parse.ahead`` builds it while the front sheet is
    read)."""
    norm = _norm_all([ln.text for ln in lines])
    offsets: list[int] = []
    at = 0
    for s in norm:
        offsets.append(at)
        at += len(s) + 1
    return norm, " ".join(norm), offsets


class Locator:
    """The pack's lines, normalised once, with searches by text, date and time."""

    def __init__(self, lines: list[Line], index: LineIndex | None = None) -> None:
        self.lines = lines
        self.norm, self.joined, self.offsets = index or line_index(lines)
        self._first_on_page: dict[int | None, int] | None = None

    def first_on_page(self, page: int) -> int | None:
        """The index of the first line on ``page`` (mapped once)."""
        if self._first_on_page is None:
            self._first_on_page = {}
            for i, ln in enumerate(self.lines):
                self._first_on_page.setdefault(ln.page, i)
        return self._first_on_page.get(page)

    def where(self, i: int) -> Where:
        ln = self.lines[i]
        return {"page": ln.page, "line": ln.no}

    def _order(self, start: int, end: int | None = None) -> Iterator[int]:
        """Line indices from ``start`` to ``end`` (the whole pack by default), then before."""
        n = len(self.lines)
        start = min(max(start, 0), n)
        stop = n if end is None else min(max(end, start), n)
        yield from range(start, stop)
        if end is None:
            yield from range(0, start)

    def text(self, value: str | None, start: int = 0, end: int | None = None) -> int | None:
        """The first line (from ``start``) holding ``value``, possibly wrapped onto the next
        lines; the value must begin on the line returned."""
        if not value:
            return None
        needle = _norm(value)
        if len(needle) < MIN_CHARS:
            return None
        n = len(self.lines)
        start = min(max(start, 0), n)
        stop = n if end is None else min(max(end, start), n)
        found = self._find(needle, start, stop)
        if found is None and end is None:
            found = self._find(needle, 0, start)
        return found

    def _find(self, needle: str, start: int, stop: int) -> int | None:
        """The first line in ``start:stop`` holding ``needle``, or where it begins and runs on
        to at most ``WRAP`` following lines (the line shorter than the value and holding its
        first word): each occurrence in the joined text is checked, in order."""
        if start >= stop:
            return None
        joined, offsets, norm = self.joined, self.offsets, self.norm
        head = needle.split(" ", 1)[0]
        limit = offsets[stop] if stop < len(offsets) else len(joined)
        at = joined.find(needle, offsets[start])
        while 0 <= at < limit:
            i = bisect_right(offsets, at) - 1
            here = norm[i]
            rel = at - offsets[i]
            if rel + len(needle) <= len(here):
                return i
            tail = i + 1 + WRAP
            window_end = offsets[tail] - 1 if tail < len(offsets) else len(joined)
            if len(here) < len(needle) and head in here and at + len(needle) <= window_end:
                return i
            if i + 1 >= len(offsets):
                return None
            at = joined.find(needle, offsets[i + 1])
        return None

    def name(self, value: str | None, start: int = 0, end: int | None = None) -> int | None:
        """A personal name, printed with or without its honorific."""
        if not value:
            return None
        return self.text(strip_honorific(value), start, end)

    def date(self, iso: str | None, start: int = 0, end: int | None = None) -> int | None:
        """The first line that prints the date ``iso`` (YYYY-MM-DD) in any form."""
        try:
            want = date.fromisoformat(iso) if iso else None
        except ValueError:
            return None
        if want is None:
            return None
        # Every printed form of a date holds its year's last two digits (as do those of
        # its line normalised): lines without them are not read.
        year = f"{want.year % 100:02d}"
        norm = self.norm
        for i in self._order(start, end):
            if year not in norm[i]:
                continue
            s = self.lines[i].text
            while s:
                found = find_date(s)
                if found is None:
                    break
                if found[0] == want:
                    return i
                s = s[found[2] :]
        return None

    def time(self, hhmm: str | None, start: int = 0, end: int | None = None) -> int | None:
        """The first line that prints the time ``hhmm`` (24-hour) in any form."""
        if not hhmm:
            return None
        for i in self._order(start, end):
            s = self.lines[i].text
            if not any(ch.isdigit() for ch in s) and "noon" not in s.lower():
                continue
            for m in _TIME_TOKEN.finditer(s):
                token = m.group(0)
                if token.isdigit():  # a bare number is not a time
                    continue
                if parse_time(token) == hhmm:
                    return i
        return None


def _put(out: dict[str, Where], loc: Locator, path: str, i: int | None) -> int | None:
    if i is not None:
        out[path] = loc.where(i)
    return i


def _page_start(loc: Locator, pages: tuple[int, int] | None, default: int) -> int:
    """The first line on the first page of ``pages`` (the record's own page span), if any."""
    if pages:
        first = loc.first_on_page(pages[0])
        if first is not None:
            return first
    return default


def locate(
    pack: Pack, lines: list[Line], frontsheet_end: int = 0, index: LineIndex | None = None
) -> dict[str, Where]:
    """The provenance map of ``pack``, parsed from ``lines`` (``index``: their
    ``line_index``, when already built)."""
    loc = Locator(lines, index)
    out: dict[str, Where] = {}
    m = pack.meeting
    head_end = frontsheet_end if frontsheet_end > 0 else None
    _put(out, loc, "council", loc.text(pack.council, 0, head_end))
    _put(out, loc, "meeting.committee", loc.text(m.committee, 0, head_end))
    date_at = _put(out, loc, "meeting.date", loc.date(m.date, 0, head_end))
    # The time is printed near the date: search from just above it.
    _put(out, loc, "meeting.time", loc.time(m.time, max((date_at or 0) - 3, 0), head_end))
    venue = loc.text(m.venue, 0, head_end)
    if venue is None and m.venue and "," in m.venue:
        # Joined from several printed lines: its first part is on the first of them.
        venue = loc.text(m.venue.split(",")[0], date_at or 0, head_end)
    _put(out, loc, "meeting.venue", venue)
    if m.published:
        pub = loc.date(m.published, 0, head_end)
        if pub is not None and pub == date_at:
            # The same date printed twice: the publication line is the other one, if any.
            pub = loc.date(m.published, pub + 1, head_end) or pub
        _put(out, loc, "meeting.published", pub)
    cur = 0
    for k, mem in enumerate(m.members):
        found = loc.name(mem.name, cur, head_end)
        if _put(out, loc, f"meeting.members.{k}.name", found) is not None:
            cur = found or cur
    cur = 0
    for k, item in enumerate(m.agenda):
        found = loc.text(item.title, cur, head_end)
        if _put(out, loc, f"meeting.agenda.{k}.title", found) is not None:
            cur = (found or cur) + 1
    cur = frontsheet_end
    for k, rep in enumerate(pack.reports):
        start = max(cur, _page_start(loc, rep.pages, cur))
        found = loc.text(rep.title, start)
        if _put(out, loc, f"reports.{k}.title", found) is not None:
            cur = (found or cur) + 1
        base = found if found is not None else start
        for a, author in enumerate(rep.authors):
            _put(out, loc, f"reports.{k}.authors.{a}.name", loc.name(author.name, base))
    cur = frontsheet_end
    for k, mins in enumerate(pack.minutes):
        head = loc.date(mins.date, cur)
        _put(out, loc, f"minutes.{k}.date", head)
        _put(
            out, loc, f"minutes.{k}.committee", loc.text(mins.committee, max(cur, (head or 1) - 3))
        )
        item_cur = head if head is not None else cur
        for j, it in enumerate(mins.items):
            found = loc.text(it.title, item_cur)
            if _put(out, loc, f"minutes.{k}.items.{j}.title", found) is not None:
                item_cur = (found or item_cur) + 1
        cur = max(cur, item_cur)
    cur = frontsheet_end
    for k, entry in enumerate(pack.forward_plan):
        found = loc.text(entry.title, cur)
        if _put(out, loc, f"forward_plan.{k}.title", found) is not None:
            cur = found or cur
    return out
