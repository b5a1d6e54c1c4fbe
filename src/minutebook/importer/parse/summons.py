"""Summonses and notices of meeting as councils print them (Modern.Gov and others).

A summons states its meeting in one sentence that the PDF wraps over several lines: "A
meeting of the County Council will be held in the Council Chamber, County Hall, / Maidstone,
ME14 1XQ on Thursday, 13th February, 2025 at 9.30 am to deal with the following business."
Read line by line, the body is found but the date, time and the end of the venue are lost,
and the letter's own date above it (when it was sent, i.e. ``published``) is then taken for
the meeting's.  These helpers join the sentence and tell the two dates apart; they also
repair agenda lines that a justified PDF line turned into one word per table cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from minutebook.importer.parse.text import Line, find_date, norm_space

__all__ = [
    "DECISION_REF",
    "clean_committee",
    "closes_range",
    "council_from_domain",
    "covering_letter",
    "first_column",
    "letter_date",
    "notice_heading",
    "notice_text",
    "open_range",
    "sent_date",
    "to_members",
    "unjustify",
    "wrapped_title",
]

NOTICE_LINES = 4  # lines a notice sentence may wrap over
LETTER_LOOKBACK = 8  # lines above the notice that may hold the letter's date
MAX_WRAPPED_TITLE = 220

_SENTENCE_END = re.compile(r"(?:business|agenda|follows?|below)\s*[.:]\s*$|\.\s*$", re.I)
_LISTING = re.compile(r"^(?:a\s?g\s?e\s?n\s?d\s?a|agenda|business)\W*$", re.I)
_DATE_ONLY = re.compile(r"^[\w ,.]{0,40}$")


def notice_text(lines: Sequence[Line], i: int, end: int) -> str:
    """The notice sentence that starts on line ``i``, joined over the lines it wraps onto."""
    parts = [lines[i].text.replace("\t", " ")]
    j = i + 1
    while j < min(end, len(lines)) and j - i < NOTICE_LINES:
        if _SENTENCE_END.search(parts[-1]):
            break
        nxt = lines[j]
        t = nxt.text
        if nxt.blank_before or _LISTING.match(t) or re.match(r"^\d{1,2}[.)]\s", t):
            break
        parts.append(t.replace("\t", " "))
        j += 1
    return norm_space(" ".join(parts))


def letter_date(lines: Sequence[Line], notice: int, day: date | None) -> date | None:
    """The summons letter's own date: a line that is only a date, just above the notice,
    earlier than the meeting (a summons is sent before the meeting it calls)."""
    for k in range(notice - 1, max(-1, notice - LETTER_LOOKBACK), -1):
        t = lines[k].text.strip()
        if len(t) > 40 or not _DATE_ONLY.match(t):
            continue
        found = find_date(t)
        if found is None:
            continue
        sent = found[0]
        if day is None or sent < day:
            return sent
    return None


def unjustify(text: str) -> str:
    """ "Declarations\\tof\\tDisclosable\\tInterests": a justified line whose word gaps came
    out as table cells (every cell one word) is one line of words again.  A page range cell
    at its end stays a cell."""
    if "\t" not in text:
        return text
    cells = text.split("\t")
    tail: list[str] = []
    if len(cells) > 1 and re.match(r"^\(?(?:pages?\s*)?\d", cells[-1], re.I):
        tail = [cells.pop()]
    if len(cells) >= 3 and all(c.strip() and " " not in c.strip() for c in cells):
        return "\t".join([" ".join(c.strip() for c in cells), *tail])
    return text


_DESCRIPTION = re.compile(
    r"^(?:to|the|this|that|a|an|report|members|councillors|officers?|note|please|purpose|"
    r"recommendation|lead|contact|presented|portfolio|cabinet\s+member|ward|key\s+decision)\b",
    re.I,
)
_RANGE = re.compile(r"^\(?\s*pages?\s+\d{1,4}(?:\s*[-\u2013]\s*\d{1,4})?\s*\)?$", re.I)
_BARE_RANGE = re.compile(r"^\(?\d{1,4}\s*[-\u2013]\s*\d{1,4}\)?$")
_MONTH_END = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.I
)


def wrapped_title(title: str, nxt: Line, after: Line | None, is_item: bool) -> bool:
    """Whether ``nxt`` is the rest of a title the PDF wrapped (no blank line, no label):
    a year after a month ("... 9 January" / "2025 and, ..."), a parenthesis, or a capitalised
    line standing alone between the title and a page range or the next item, which is not a
    description ("To receive ...") or a sentence."""
    t = nxt.text.strip()
    if not t or nxt.blank_before or len(title) + len(t) > MAX_WRAPPED_TITLE:
        return False
    if _RANGE.match(t):
        return False
    closes = (
        after is None
        or after.blank_before
        or is_item
        or bool(_RANGE.match(after.text.strip()) or _BARE_RANGE.match(after.text.strip()))
        or open_range(after.text)
        or bool(_BARE_RANGE.match(after.cells[-1].strip()))  # the row's last cell: its pages
    )
    if re.match(r"^\d{4}\b", t):
        # "... 9 January" / "2025 and ...", or a year standing alone before the next item.
        return bool(_MONTH_END.search(title)) or (closes and len(t) <= 12)
    if t.startswith("(") and not re.match(r"^\(\s*pages?\b", t, re.I):
        return True
    if title.endswith((".", ":", ";", "?", "!")) or t.endswith("."):
        return False
    if _DESCRIPTION.match(t) or "\t" in t or len(t) > 90:
        return False
    if not t[:1].isupper():
        return False
    return closes


_DOMAIN = re.compile(r"@(?:[\w-]+\.)*?([a-z][a-z-]{2,40})\.gov\.(?:uk|wales|scot)\b", re.I)
_OWN_BODY = re.compile(
    r"(?:\bthe\s+|^)(county|borough|district|city|town|parish)\s+council\b", re.I
)
DOMAIN_LINES = 400


def council_from_domain(lines: Sequence[Line]) -> str | None:
    """A weak hint when no council is named: the officers' e-mail domain ("@kent.gov.uk")
    with the kind of council the text calls itself ("the County Council")."""
    place = kind = None
    for ln in lines[:DOMAIN_LINES]:
        if place is None and "@" in ln.text:
            m = _DOMAIN.search(ln.text)
            if m:
                place = " ".join(w.capitalize() for w in m.group(1).split("-"))
        if kind is None:
            k = _OWN_BODY.search(ln.text)
            if k:
                kind = k.group(1).capitalize()
        if place and kind:
            return f"{place} {kind} Council"
    return None


_DEAR = re.compile(r"^dear\s+\w", re.I)
_LETTER_DATE = re.compile(
    r"^(?:date|dated|date\s+of\s+(?:issue|despatch|publication))\s*(?::|\t)\s*(.+)$", re.I
)
_SUBJECT_SEP = re.compile(r"\s+[-\u2013\u2014]\s+|,\s+(?=\w+day\b)")
LETTER_LINES = 20  # lines of a covering letter's head


def covering_letter(
    lines: Sequence[Line],
) -> tuple[str | None, date | None, date | None]:
    """A covering letter for supplementary papers: (body, meeting date, letter date).

    "Date: 7 January 2025 / Dear Member / CABINET - THURSDAY, 9 JANUARY 2025 / Please find
    enclosed ...": the subject line under the greeting names the meeting; the letter's own
    date is when the papers were published (before the meeting, or after it for papers
    recorded at it)."""
    from minutebook.importer.parse.frontsheet import is_body_name, title_case

    sent: date | None = None
    head = list(lines[:LETTER_LINES])
    for k, ln in enumerate(head):
        t = ln.text.strip()
        m = _LETTER_DATE.match(t)
        if m and sent is None:
            found = find_date(m.group(1))
            sent = found[0] if found else None
        if not _DEAR.match(t):
            continue
        for sub in head[k + 1 : k + 3]:
            text = sub.text.strip().replace("\t", " ")
            found = find_date(text)
            if found is None:
                continue
            body = _SUBJECT_SEP.split(text[: found[1]].strip(" ,"), maxsplit=1)[0].strip(" ,")
            body = re.sub(r"\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day$", "", body, flags=re.I)
            if body.isupper():
                body = title_case(body)
            name = body if body and is_body_name(body) else None
            return name, found[0], sent
        break
    return None, None, sent


#: A decision or application reference that may open an agenda title ("24/00108 - Revenue
#: ...", "22/01234/FUL - Land at ...").
DECISION_REF = re.compile(r"^\d{2,4}/\d{3,6}(?:/[A-Z]{2,6})?\b")
_SIDE_LABEL = re.compile(
    r"\s+(?=(?:ask\s+for|telephone|tel\.?|phone|e-?mail|contact|direct\s+(?:line|dial)|"
    r"our\s+ref|your\s+ref|enquiries\s+to|date)\s*[:.])",
    re.I,
)


def first_column(text: str) -> str:
    """The left column of a two-column header line ("County Hall,  Ask for: A Clerk")."""
    text = text.split("\t", 1)[0]
    return _SIDE_LABEL.split(text, maxsplit=1)[0].strip()


_NOTICE_PREFIX = re.compile(
    r"^(?:(?:notice|summons)\s+(?:of|to)|agenda\s+(?:for|of))\s+(?:(?:an?|the)\s+)?"
    r"(?:(?:extraordinary|special|annual|ordinary|additional|reconvened|budget)\s+)?"
    r"(?:meeting\s+(?:of\s+)?(?:the\s+)?)?",
    re.I,
)


def clean_committee(name: str | None) -> str | None:
    """The body's name without the heading it was printed in ("Notice of Meeting of the
    Audit Committee" -> "Audit Committee")."""
    if not name:
        return name
    cleaned = _NOTICE_PREFIX.sub("", name.strip(), count=1).strip(" :-\u2013")
    return cleaned if len(cleaned) >= 3 else name


_NOTICE_HEADING = re.compile(
    r"^(?:notice|summons)\s+(?:of|to)\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+){0,2}?meeting\s+of\s+"
    r"(?:the\s+)?(?P<body>[A-Z].{2,100}?)(?:\s+(?:to\s+be\s+held|on\s+\w+day)\b.*)?$",
    re.I,
)
HEADING_LINES = 30


def notice_heading(lines: Sequence[Line], end: int) -> str | None:
    """The body a "Notice of a public meeting of the Health Board" heading names."""
    for ln in lines[: min(end, HEADING_LINES)]:
        t = ln.text.strip()
        if len(t) > 150:
            continue
        m = _NOTICE_HEADING.match(t)
        if m:
            return m.group("body").strip(" .,:")
    return None


_TO_MEMBERS = re.compile(r"^to\s*(?::|\t)\s*((?:councillors?|cllrs?\.?)\s.+)$", re.I)


def to_members(text: str) -> str | None:
    """The names of a summons addressed to its members ("To: Councillors A (Chair), B and C")."""
    m = _TO_MEMBERS.match(text.strip())
    return m.group(1) if m else None


SENT_WINDOW = 45  # days before a meeting that a summons is sent


def sent_date(lines: Sequence[Line], end: int, day: date) -> date | None:
    """The date a summons was signed and sent: a line that is only a date, in the header
    (before the agenda), shortly before the meeting ("Director of Legal Services / 7 October
    2024")."""
    for ln in lines[: min(end, len(lines))]:
        t = ln.text.strip()
        if len(t) > 40 or not _DATE_ONLY.match(t):
            continue
        found = find_date(t)
        if found is None or len(t) - (found[2] - found[1]) > 12:
            continue
        if 0 < (day - found[0]).days <= SENT_WINDOW:
            return found[0]
    return None


_OPEN_RANGE = re.compile(
    r"\(?\s*pages?\s+\d{1,4}\s*[-\u2013]\s*$|(?:^|\t)\d{1,4}\s*[-\u2013]\s*$", re.I
)
_CLOSE_RANGE = re.compile(r"^\s*\d{1,4}\s*\)?\s*$")


def open_range(text: str) -> bool:
    """A page range the PDF broke after its dash ("(Pages 17 -" / "20)")."""
    return _OPEN_RANGE.search(text) is not None


def closes_range(text: str) -> bool:
    """The end of a broken page range ("20)")."""
    return _CLOSE_RANGE.match(text) is not None
