"""Front sheet: council, meeting header, membership and the agenda listing.

Packs print these in many layouts (label/value lines, tables, markdown, one name per line or a
comma-separated membership line, numbered or table-row agenda items).  The rules here work on
the cleaned ``Line`` stream and rely on general cues only: labels, numbering sequences, page
ranges, report cover sheets ("Agenda Item N" stamps, committee + date + title).  A pack may
have no front sheet at all (it starts with a report); then the meeting comes from the covers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from minutebook.importer.pack import AgendaItem, Meeting, Member
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.coopted import category_members
from minutebook.importer.parse.summons import (
    DECISION_REF,
    clean_committee,
    closes_range,
    council_from_domain,
    first_column,
    letter_date,
    notice_heading,
    notice_text,
    open_range,
    sent_date,
    to_members,
    unjustify,
    wrapped_title,
)
from minutebook.importer.parse.text import (
    Line,
    cell_heading,
    find_date,
    is_exempt_paragraph,
    norm_space,
    parse_date,
    parse_time,
    strip_honorific,
)

__all__ = [
    "find_council",
    "is_body_name",
    "parse_frontsheet",
    "parse_members",
    "title_case",
]

# --- shared patterns -------------------------------------------------------------------------

STAMP_RE = re.compile(r"^agenda\s+item\s*(?:no\.?|number)?\s*:?\s*(\d{1,3}\s*[a-z]?)\b\.?$", re.I)
STAMP_PREFIX_RE = re.compile(
    r"^(?i:agenda\s+item)\s*(?i:no\.?|number)?\s*:?\s*(\d{1,3}[a-z]?)\s+([A-Z].*)$"
)
_BLANK_PAGE = re.compile(r"\bintentionally\s+(?:been\s+)?(?:left\s+)?blank\b", re.I)
_RESTRICTED = re.compile(r"^document\s+is\s+(?:restricted|confidential|exempt)\b", re.I)
_MINUTES_HEAD = re.compile(r"^minutes\s+of\s+(?:a|the)\b", re.I)
_BY_VIRTUE = re.compile(
    r"\bby\s+virtue\s+of\s+paragraphs?(?:\(s\))?\s+(\d{1,2}(?:\s*(?:,|and|&|or)\s*\d{1,2})*)", re.I
)
_BODY_WORDS = re.compile(
    r"\b(?:committee|cabinet|council|board|panel|group|forum|commission|executive|assembly|"
    r"partnership|sub-committee|scrutiny|authority|meeting|conference|trust|working party)\b",
    re.I,
)
_PAGE_RANGE = r"(\d{1,4})\s*[-\u2013\u2014]\s*(\d{1,4})"
_RANGE_ONLY = re.compile(
    r"^\(?\s*(?:(?:pages?|pp?\.?)\s*)?"
    + _PAGE_RANGE
    + r"\s*\)?$|^\(?\s*(?:pages?|pp?\.?)\s*(\d{1,4})\s*\)?$",
    re.I,
)
_TRAILING_RANGE = re.compile(
    r"\s*(?:\(\s*(?:pages?|pp?\.?)\s*"
    + _PAGE_RANGE
    + r"\s*\)|\(\s*(?:pages?|pp?\.?)\s*(\d{1,4})\s*\)"
    r"|(?:pages?|pp?\.?)\s*" + _PAGE_RANGE + r"|(?<=\s)(\d{1,4})\s+[-\u2013\u2014]\s+(\d{1,4})"
    r"|(?<=\s)(\d{1,3})[-\u2013](\d{1,4}))\s*$",
    re.I,
)
_TO_FOLLOW = re.compile(r"\(?\s*(?:report\s+|papers?\s+|item\s+)?to\s+follow\s*\)?", re.I)
_EXEMPT_MARK = re.compile(
    r"\b(?:exempt\s*(?:-|\u2013|\u2014|:)?\s*)?(?:para(?:graph)?s?\.?(?:\(s\))?)\s*"
    r"(\d{1,2}(?:\s*(?:,|and|&|or)\s*\d{1,2})*)\b",
    re.I,
)
_EXEMPT_CONTEXT = re.compile(
    r"\b(?:12\s*a|exempt|confidential|restricted|not\s+for\s+publication|private)\b", re.I
)
_STANDING_EXEMPT = re.compile(
    r"\b(?:exempt\s+business|exclusion\s+of\s+(?:the\s+)?(?:press|public)|"
    r"exclude\s+the\s+(?:press|public)|urgent\s+items?|private\s+business)\b",
    re.I,
)
_TRAILING_EXEMPT = re.compile(
    r"\s*(?:[-\u2013\u2014:]\s*)?\(?\s*(?:(?:(?:part(?:ly|ially)?|fully)\s+)?exempt\s*(?:-|\u2013|\u2014|:)?\s*)?(?:not\s+for\s+publication\s*(?:-|\u2013|\u2014|:)?\s*)?"
    r"para(?:graph)?s?\.?(?:\(s\))?\s*\d{1,2}(?:\s*(?:,|and|&|or)\s*\d{1,2})*"
    r"(?:\s+of\s+(?:part\s+[14]\s+of\s+)?schedule\s+12\s*a[^)]*)?\s*\)?\s*$",
    re.I,
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_LOWER = re.compile(r"[a-z\u00df-\u00ff]")


def _caps(s: str) -> bool:
    """True when the letters of ``s`` are (almost) all upper case."""
    upper = len(_UPPER.findall(s))
    if upper < 3:
        return False
    return upper >= 9 * len(_LOWER.findall(s))


def _key(s: str) -> str:
    """Comparison key: case-folded, punctuation variants unified, spaces collapsed."""
    s = (
        s.casefold()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )
    s = s.replace("&", " and ")
    s = re.sub(r"[^\w'£$%-]+", " ", s)
    return " ".join(s.split())


_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "upon",
        "via",
        "with",
    ]
)


_CONNECTIVES = _SMALL | frozenset(
    ["onto", "about", "between", "within", "under", "regarding", "including", "against", "across"]
)


def title_case(s: str) -> str:
    """Title case for an ALL-CAPS title when the pack gives no other casing."""
    words = s.lower().split(" ")
    out = []
    for i, w in enumerate(words):
        if 0 < i < len(words) - 1 and w in _SMALL:
            out.append(w)
        else:
            out.append(re.sub(r"^([^a-z]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), w))
    return " ".join(out)


# --- council ---------------------------------------------------------------------------------

_COUNCIL_RE = re.compile(
    r"(?<![\w-])((?:(?:[A-Z][a-z'\u2019-]+|[A-Z]{2,}|and|of|upon|on|the|le|in)\s+){0,5}?"
    r"(?:[A-Z][a-z'\u2019-]+)\s+(?:(?:County|District|Borough|City|Metropolitan Borough|Town|"
    r"Parish|Unitary|Combined)\s+)?(?:Council|Authority))\b"
    r"|\b((?:London|Royal)\s+Borough\s+of\s+[A-Z][a-z'\u2019-]+(?:(?:\s+and\s+|\s+upon\s+|\s+)"
    r"[A-Z][a-z'\u2019-]+){0,3})"
)
_COUNCIL_STOP = frozenset(
    [
        "the",
        "this",
        "that",
        "full",
        "each",
        "our",
        "your",
        "a",
        "an",
        "any",
        "every",
        "other",
        "county",
        "district",
        "borough",
        "city",
        "parish",
        "town",
        "local",
        "updated",
        "new",
        "all",
        "which",
        "whose",
        "its",
        "their",
        "between",
        "and",
        "of",
        "in",
        "on",
        "upon",
        "to",
        "with",
        "by",
        "for",
        "from",
        "combined",
        "unitary",
        "special",
        "annual",
        "extraordinary",
        # "Members of the X Council", "Leader of X Council": the role is not the name.
        "members",
        "member",
        "leader",
        "leaders",
        "chairman",
        "chair",
        "meeting",
        "meetings",
        "councillors",
        "councillor",
        "mayor",
    ]
)


def _council_candidates(text: str) -> Iterable[str]:
    for m in _COUNCIL_RE.finditer(text):
        name = m.group(1) or m.group(2)
        words = name.split()
        while words and words[0].lower() in _COUNCIL_STOP:
            words = words[1:]
        if len(words) < 2 or words[0] in ("Council", "Authority"):
            continue
        if words[0].isupper() and len(words[0]) > 1 and not all(w.isupper() for w in words[:-1]):
            words = words[1:]
            if len(words) < 2:
                continue
        yield " ".join(words)


_AREA_NAME = re.compile(
    r"^(?:The\s+)?(?:Council\s+of\s+the\s+)?(?:Royal\s+|London\s+|Metropolitan\s+|County\s+)?"
    r"(?:Borough|City|County|District)"
    r"\s+of\s+[A-Z][\w'\u2019-]+(?:\s+(?:(?:and|upon|on|in|le)\s+)?[A-Z][\w'\u2019-]+){0,3}$"
)


def find_council(lines: Sequence[Line], header_end: int) -> str | None:
    """The authority's name: a standalone name line on the front sheet, else the most
    frequently named council in the pack."""
    for ln in lines[: max(header_end, 0) + 1][:60]:
        text = ln.text.strip(" .:")
        if len(text) > 80 or "\t" in text:
            continue
        if _caps(text):
            text = _title_name(text)  # "BRACKENFIELD DISTRICT COUNCIL"
        if _AREA_NAME.match(text):
            return text  # "Borough of Eastvale", "City of Westford"
        for cand in _council_candidates(text):
            if cand == text or _key(cand) == _key(text):
                return cand
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for ln in lines:
        if "ouncil" not in ln.text and "uthority" not in ln.text and "orough" not in ln.text:
            continue
        for cand in _council_candidates(ln.text):
            counts[cand] += 1
            first.setdefault(cand, ln.no)
    if not counts:
        return council_from_domain(lines)
    return max(counts, key=lambda c: (counts[c], -first[c]))


def _title_name(s: str) -> str:
    """An ALL-CAPS name in title case, with lower-case joining words ("of", "and", "upon")."""
    words = s.lower().split()
    return " ".join(
        w if i > 0 and w in _SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


# --- body names, dates -----------------------------------------------------------------------


def is_body_name(text: str) -> bool:
    """A line naming a decision-making body ("Cabinet", "People and Health Overview Committee")."""
    t = text.strip()
    if not t or len(t) > 90 or ":" in t or "\t" in t or t.endswith((".", ",", ";")):
        return False
    if t[0].isdigit() or t.count(" ") > 9:  # (cleaned text: single spaces between words)
        return False
    words = t.split()
    if len(words) > 10:
        return False
    # Mostly capitalised words, as names of bodies are (tested before the costlier searches).
    lower = 0
    for w in words:
        if not (w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL):
            lower += 1
            if lower > 1:
                return False
    return _BODY_WORDS.search(t) is not None and find_date(t) is None


_DATE_ONLY_JUNK = re.compile(
    r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bon\b|\bthe\b|[,.]|\bat\b|\bheld\b"
)


_DIGIT = re.compile(r"\d")
_DATE_ONLY_MAX = 45  # longest line that can be just a date ("Wednesday, 27th September, 2023")


def date_only(text: str) -> date | None:
    """The date when ``text`` is essentially just a date (a cover sheet's meeting date line)."""
    if len(text) > _DATE_ONLY_MAX or ":" in text.replace(".", ""):
        return None
    found = find_date(text)
    if not found:
        return None
    d, a, b = found
    rest = text[:a] + " " + text[b:]
    rest = _DATE_ONLY_JUNK.sub(" ", rest)
    return d if not rest.strip(" -\u2013\u2014()") else None


# --- header labels ---------------------------------------------------------------------------

_LABELS: dict[str, str] = {}
for _field, _names in {
    "committee": "meeting|committee|meeting of|name of meeting|body|decision maker|meeting name",
    "date": "date|date of meeting|meeting date|day and date|day/date|date of the meeting",
    "time": "time|start time|meeting time|time of meeting|starting at|start",
    "datetime": "date and time|date & time|date/time|when|date and time of meeting",
    "venue": "venue|place|location|where|meeting venue|meeting place|meeting location",
    "published": "date of publication|publication date|published|date published|published on|"
    "despatched|date of despatch|despatch date|dispatch date|date of dispatch|issue date|"
    "date of issue|issued|agenda published|published date|dated|date of notice|"
    "agenda despatched|agenda dispatched|despatched on|dispatched on|issued on|dispatched|"
    "date despatched|date dispatched|despatch|dispatch|circulated|date circulated",
    "quorum": "quorum",
    "members": "membership|members|councillors|committee members|membership of the committee|"
    "voting members|committee membership|cabinet members|members of the committee",
    "coopted": "co-opted members|co-optees|co-opted|non-voting co-opted members|"
    "independent members|independent member|independent persons|independent person|"
    "co-opted member|co-optee|parent governor representatives|"
    "co-opted members (non-voting)|co-opted members (voting)|"
    "voting co-opted members|church and parent governor representatives",
    "stop_members": "substitutes|substitute members|named substitutes|reserve members|reserves|"
    "observers|standing invitees|also invited|in attendance|officers|officers attending|"
    "contact|contact officer|enquiries|enquiries to|clerk|clerk to the committee",
    "chair": "chair|chairman|chairperson|chairwoman|chair of the committee|committee chair",
    "vicechair": "vice-chair|vice chair|vice-chairman|vice chairman|vice-chairperson|"
    "vice chairperson|deputy chair|deputy chairman|vice-chairwoman",
}.items():
    for _n in _names.split("|"):
        _LABELS[_n] = _field

_LABEL_RE = re.compile(r"^([A-Za-z][A-Za-z &/()'\u2019-]{1,45}?)\s*(?::|\t|\s[-\u2013]\s)\s*(.*)$")


def _label(line: Line) -> tuple[str, str] | None:
    """(field, value) when the line is a known "Label: value" (or label cell) line."""
    text = line.text
    m = _LABEL_RE.match(text)
    if m:
        f = _LABELS.get(norm_space(m.group(1)).lower().rstrip(" ."))
        if f:
            return f, m.group(2).strip()
        if text[:2].lower() == "to":
            names = to_members(text)  # a summons addressed to its members by name
            if names is not None:
                return "members", names
    low = text.lower().rstrip(" :.")
    f = _LABELS.get(low)
    if f:
        # A bare label ("Date"), its value on the next line: a table split by the extraction.
        return f, ""
    # "Membership (Quorum 3)" style: label followed by a parenthesis.
    m = re.match(r"^([A-Za-z][A-Za-z -]{2,30}?)\s*:?\s*(\(.*)$", text)
    if m:
        f = _LABELS.get(m.group(1).lower().strip())
        if f in _MEMBER_FIELDS:
            return f, m.group(2)
    return None


_MEMBER_FIELDS = frozenset({"members", "coopted", "chair", "vicechair"})
_FIELD_ROLE = {"chair": "Chairman", "vicechair": "Vice-Chairman", "coopted": "Co-opted"}


_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_QUORUM_RE = re.compile(r"\bquorum\b([^.;]{0,40})", re.I)
_QUORUM_NUMBER = re.compile(
    r"\b(\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")\b(?!\s*(?:%|per\s*cent|minutes|mins))", re.I
)


def _quorum(text: str) -> int | None:
    """The quorum from "(Quorum 3)", "Quorum: three", "The quorum for this meeting is 4"."""
    m = _QUORUM_RE.search(text)
    if not m:
        return None
    window = m.group(1)
    if re.search(
        r"\b(?:not|no|within|fails?|inquorate|thirds?|quarters?|half|fifths?|per\s*cent)\b|%",
        window,
        re.I,
    ):
        return None  # no number, or a share of the membership ("one third")
    n = _QUORUM_NUMBER.search(window)
    if not n:
        return None
    v = n.group(1).lower()
    return int(v) if v.isdigit() else _WORD_NUMBERS.get(v)


@dataclass(slots=True)
class _Header:
    committee: str | None = None
    day: date | None = None
    time: str | None = None
    venue: str | None = None
    quorum: int | None = None
    published: date | None = None
    members_at: int | None = None  # index of the members label line


_VENUE_WORDS = re.compile(
    r"\b(?:room|hall|chamber|centre|center|house|offices?|building|civic|online|virtual|"
    r"teams|zoom|remote|library|street|road|suite|guildhall|town hall|council house)\b",
    re.I,
)
_PUBLISHED_SENTENCE = re.compile(
    r"\b(?:published|despatched|dispatched|issued|circulated)\s+(?:on\s+)?(?:\w+day,?\s+)?"
    r"(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})",
    re.I,
)
_NOTICE_VENUE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?([A-Z][^;]*?)"
    r"(?=,?\s+(?:on|at)\s+(?:\d|mon|tue|wed|thu|fri|sat|sun)|,?\s+commencing\b|\.?\s*$|\.\s)",
    re.I,
)
_NEXT_MEETING = re.compile(r"\b(?:next|future|following|previous|last)\s+meeting\b", re.I)
_NOTICE_RE = re.compile(
    r"\bmeeting\s+of\s+(?:the\s+)?(.+?)\s+(?:will|is\s+to|to)\s+be\s+held\b(.*)$", re.I
)


_WHOLE_COUNCIL = re.compile(
    r"^(?:(full|the)\s+)?council\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:(?:royal\s+|london\s+)?borough|district|county|city|town|parish)\b",
    re.I,
)


def _notice_body(name: str, council: str | None) -> str:
    """The body a summons names: "the Council of the Borough of X" (or the authority's own
    name) is the full council, filed as "Council"."""
    m = _WHOLE_COUNCIL.match(name)
    if m or (council and _key(name) == _key(council)):
        return "Full Council" if m and (m.group(1) or "").lower() == "full" else "Council"
    return name


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")


def _venue(lines: Sequence[Line], i: int, end: int, value: str) -> str:
    """The venue, joined with the lines it wraps onto (a trailing comma, a postcode line)."""
    venue = value
    j = i + 1
    while j < end and j - i <= 3 and len(venue) < 200:
        nxt = lines[j]
        t = first_column(nxt.text)
        if nxt.blank_before or not t or _label(nxt) is not None or find_date(t):
            break
        if venue.endswith(",") or (_POSTCODE.search(t) and len(t) <= 40):
            venue = f"{venue.rstrip(',')}, {t}"
        elif _wraps(venue) or t[:1].islower():
            venue = f"{venue} {t}"
        else:
            break
        j += 1
    return venue


_INLINE_LABEL = re.compile(
    r"(?<=\S)\s+(?=(?:date|time|venue|place|location|quorum|published)\s*:)", re.I
)


def _segments(line: Line) -> list[Line]:
    """A header line holding several "Label: value" pairs, split into one line per pair."""
    text = line.text
    if text.count(":") < 2:
        return [line]
    parts = [p for p in _INLINE_LABEL.split(text) if p]
    if len(parts) < 2:
        return [line]
    return [Line(line.no, p, line.raw, line.page, line.blank_before) for p in parts]


def _parse_header(
    lines: Sequence[Line],
    end: int,
    council: str | None,
    start: int = 0,
    fallbacks: bool = True,
) -> _Header:
    """Header fields from "Label: value" lines in ``lines[start:end]``; with ``fallbacks``,
    also from an unlabelled body-name / date / venue block or a notice sentence."""
    h = _Header()
    noticed = False  # the notice sentence ("A meeting of X will be held ...") has been read
    pending: str | None = None  # label waiting for its value on the next line
    for i in range(start, min(end, len(lines))):
        for ln in _segments(lines[i]):
            text = ln.text
            if h.quorum is None and "uorum" in text:
                h.quorum = _quorum(text)
            lab = _label(ln)
            if lab is None and pending is not None:
                lab = (pending, text)
            pending = None
            if lab is None:
                if h.published is None:
                    pm = _PUBLISHED_SENTENCE.search(text)
                    if pm:
                        h.published = parse_date(pm.group(1))
                if not noticed:
                    m = _NOTICE_RE.search(text)
                    if m and not _NEXT_MEETING.search(text):
                        noticed = True
                        # The sentence wraps: its date, time and venue end are on later lines.
                        m = _NOTICE_RE.search(notice_text(lines, i, end)) or m
                        h.committee = h.committee or _notice_body(m.group(1).strip(), council)
                        held = parse_date(m.group(2))
                        if held is not None and h.day is not None and held > h.day:
                            # "Date: 18 June" heads the letter; the meeting is on the 27th.
                            h.published = h.published or h.day
                            h.day = held
                        h.day = h.day or held
                        if h.published is None and h.day is not None:
                            h.published = letter_date(lines, i, h.day)
                        h.time = h.time or parse_time(m.group(2))
                        if h.venue is None:
                            vm = _NOTICE_VENUE.search(m.group(2))
                            h.venue = vm.group(1).strip(" ,") if vm else None
                continue
            f, value = lab
            if f in _MEMBER_FIELDS or f == "stop_members":
                if f in _MEMBER_FIELDS and h.members_at is None:
                    h.members_at = i
                continue
            if not value:
                pending = f
                continue
            if f == "committee" and h.committee is None:
                h.committee = value
            elif f in ("date", "datetime") and h.day is None:
                found = find_date(value)
                h.day = found[0] if found else None
                if h.time is None:
                    h.time = parse_time(value[found[2] :] if found else value)
            elif f == "time" and h.time is None:
                h.time = parse_time(value)
            elif f == "venue" and h.venue is None:
                h.venue = _venue(lines, i, end, value)
            elif f == "published" and h.published is None:
                h.published = parse_date(value)
            elif f == "quorum" and h.quorum is None:
                h.quorum = _quorum("quorum " + value)
    if not fallbacks:
        return h
    # Unlabelled header: a body name, then a date line (with the time), then a venue line.
    if h.day is None:
        _unlabelled_date(lines, end, h)
    if h.committee is None:
        h.committee = notice_heading(lines, end) or _unlabelled_committee(lines, end, council)
    return h


_LEAD_TIME = re.compile(
    r"^(?:(?:at|from)\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?\s*m\.?)?(?:\s*,)?"
    r"(?:\s+(?:in|at)\s+(?:the\s+)?)?\s*",
    re.I,
)
_PART_SEP = re.compile(r"\s+[-\u2013\u2014|]\s+|\t")


def _venue_after(rest: str) -> str | None:
    """The venue printed on the date line after the date and time ("..., 7.00 pm - Committee
    Room 5, Civic Centre")."""
    for seg in _PART_SEP.split(rest):
        seg = _LEAD_TIME.sub("", seg.strip(" ,;")).strip(" ,;")
        if len(seg) > 8 and _VENUE_WORDS.search(seg):
            return seg
    return None


def _unlabelled_date(lines: Sequence[Line], end: int, h: _Header) -> None:
    limit = min(end, len(lines), 40)
    for i in range(limit):
        text = lines[i].text
        if len(text) > 120:
            continue
        found = find_date(text)
        if not found or _label(lines[i]) is not None:
            continue
        h.day = found[0]
        if h.time is None:
            h.time = parse_time(text[found[2] :]) or (
                parse_time(lines[i + 1].text)
                if i + 1 < limit and len(lines[i + 1].text) < 40
                else None
            )
        if h.venue is None:
            h.venue = _venue_after(text[found[2] :])
        if h.venue is None:
            for j in range(i + 1, min(limit, i + 3)):
                t = first_column(lines[j].text)
                if _VENUE_WORDS.search(t) and len(t) < 200 and not find_date(t):
                    h.venue = _venue(lines, j, limit, t)
                    break
        return


_REPORT_TO = re.compile(r"^(?:report\s+to|meeting\s+of|to)\s*:?\s+(?:the\s+)?", re.I)


def _unlabelled_committee(lines: Sequence[Line], end: int, council: str | None) -> str | None:
    """The body-name line of the header: the nearest one above the first date, else the first."""
    limit = min(end, len(lines), 40)
    council_key = _key(council) if council else None
    date_at = next(
        (i for i in range(limit) if len(lines[i].text) <= 200 and find_date(lines[i].text)), limit
    )
    found = [
        i
        for i in range(limit)
        if is_body_name(lines[i].text)
        and _label(lines[i]) is None
        and _key(lines[i].text) != council_key
    ]
    if not found:
        return None
    above = [i for i in found if i < date_at]
    return _REPORT_TO.sub("", lines[above[-1] if above else found[0]].text)


# --- members ---------------------------------------------------------------------------------

_ROLE_PAREN = re.compile(r"\(([^()]*)\)")
# Words that never occur in a member's name, and (soft) words that rarely do: the soft ones
# only reject a line when looking for an unlabelled membership block.
_NAME_STOP = re.compile(
    r"\b(?:council|committee|contact|democratic|email|e-mail|tel|telephone|phone|venue|"
    r"meeting|members?|membership|notes?|agenda|guidance|please|information|apologies|"
    r"minutes|report|item|website|enquiries|substitutes?|quorum|published|publication|dear|"
    r"madam|yours|faithfully|sincerely|webcast|recording|filming|portfolio|holder|chairman|"
    r"chair|vice|the|of|for|to|and|on|at|by|is|are|will|with|from|this|that|in|or)\b"
    r"|\bpages?\s+(?:no|nos|numbers?)\b",
    re.I,
)
_NAME_SOFT_STOP = re.compile(
    r"\b(?:executive|officer|director|manager|services?|hall|room|road|street|lane|house|"
    r"centre|chief|head|clerk|page|date|time|public|press|copies|governance|secretary|"
    r"solicitor|monitoring|county|district|borough|welcome|access|cabinet|leader|sir)\b",
    re.I,
)
_PARTICLES = frozenset(
    ["de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "del", "al", "bin", "ap"]
)
_NAME_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019.-])*$")


def _name_token(t: str) -> bool:
    """A word of a personal name: capitalised (or an initial, or a particle such as "de")."""
    if t.lower() in _PARTICLES or t.lower().startswith(("o'", "o\u2019")):
        return True
    return t[:1].isupper() and _NAME_CHARS.match(t) is not None


_PARTY_HEADING = re.compile(
    r"^(?:conservatives?|labour(?:\s+(?:and|&)\s+co-?operative)?|liberal\s+democrats?|"
    r"lib\s+dems?|greens?(?:\s+party)?|independents?|plaid\s+cymru|snp|reform(?:\s+uk)?|"
    r"ukip|non-?aligned|unaligned)(?:\s+(?:group|party|members?|councillors?))?"
    r"\s*(?:\(\d{1,2}\))?\s*:?$",
    re.I,
)
_HONORIFIC_START = re.compile(
    r"^(?:(?:county|district|borough|parish|town)\s+)?(?:cllrs?\.?|councillors?|mr|mrs|ms|miss|"
    r"mx|dr|prof|sir|dame|lord|lady|rev(?:erend|d)?)\.?\s",
    re.I,
)
_ROLE_LABEL = re.compile(
    r"^(vice[\s-]*chair(?:man|person|woman)?|deputy\s+chair(?:man|person)?|chair(?:man|person|woman)?)"
    r"\s*(?::|\t|-|\u2013)\s*(.+)$",
    re.I,
)


def _role_of(paren: str) -> str | None:
    p = paren.strip().lower()
    if re.search(r"\bvice[\s-]*chair|\bdeputy\s+chair", p):
        return "Vice-Chairman"
    if re.search(r"\bchair(?:man|person|woman)?\b", p):
        return "Chairman"
    if re.search(
        r"co-?opted|non-?voting|representative|independent\s+(?:person|member)|"
        r"parent\s+governor|diocese|diocesan|church|observer",
        p,
    ):
        return "Co-opted"
    return None


def _member(piece: str, default_role: str, strict: bool = True) -> Member | None:
    """One membership entry ("Cllr Rebecca Knox (Chairman)"), or None if it is not a name."""
    s = norm_space(piece).strip(" ,;.*")
    if not s:
        return None
    role: str | None = None
    m = _ROLE_LABEL.match(s)
    if m:
        role = _role_of(m.group(1))
        s = m.group(2).strip()
    had_honorific = bool(_HONORIFIC_START.match(s))
    for pm in _ROLE_PAREN.finditer(s):
        r = _role_of(pm.group(1))
        if r and role is None:
            role = r
    s = _ROLE_PAREN.sub(" ", s)
    s = re.sub(r"\s*[-\u2013\u2014,]\s*(vice[\s-]*chair\w*|chair\w*)\s*$", "", s, flags=re.I)
    name = strip_honorific(s).strip(" ,;.-\u2013")
    if not name or len(name) > 50 or any(c.isdigit() for c in name) or "@" in name:
        return None
    tokens = name.split()
    if len(tokens) > 5 or (len(tokens) < 2 and not had_honorific):
        return None
    if _NAME_STOP.search(name) or (strict and _NAME_SOFT_STOP.search(name)):
        return None
    if not all(_name_token(t) for t in tokens):
        return None
    return Member(name=name, role=role or default_role)


_SPLIT_NAMES = re.compile(r"\s*[,;]\s*|\s+and\s+|\s+&\s+")


_PAREN = re.compile(r"\([^()]*\)")
_INNER_SPLIT = re.compile(r"\s+(?=(?:Cllr|Councillor)s?\.?\s)|(?<=\))\s+(?=[A-Z])")


def _split_entries(text: str) -> list[str]:
    """Entries of a membership line: table cells, then comma/"and" separated names (keeping
    parenthesised roles with their names), then names run together from merged columns."""
    out: list[str] = []
    for cell in text.split("\t"):
        plural = _PLURAL_HONORIFIC.match(cell) is not None
        protected = _PAREN.sub(
            lambda m: (
                m.group(0)
                .replace(",", "\x00")
                .replace(";", "\x01")
                .replace("&", "\x02")
                .replace(" and ", " \x03 ")
            ),
            cell,
        )
        for part in _SPLIT_NAMES.split(protected):
            part = (
                part.replace("\x00", ",")
                .replace("\x01", ";")
                .replace("\x02", "&")
                .replace(" \x03 ", " and ")
            )
            for p in _INNER_SPLIT.split(part):
                if not p.strip():
                    continue
                if plural and out and not _HONORIFIC_START.match(p.strip()):
                    # "Councillors Patel, Okafor and Bell": the title covers every name.
                    p = "Cllr " + p.strip()
                out.append(p)
    return out


_PLURAL_HONORIFIC = re.compile(r"^\s*(?:councillors|cllrs)\.?\s*:?\s", re.I)


_MAX_MEMBERS = 150  # more "names" than any committee has: not a membership list
_ROLE_ONLY = re.compile(
    r"^\(?(?:vice[\s-]*chair(?:man|person|woman)?|deputy\s+chair(?:man|person)?|"
    r"chair(?:man|person|woman)?|co-?opted(?:\s+member)?|member|independent\s+person|"
    r"non-?voting(?:\s+co-?opted)?(?:\s+member)?)\)?(?:\s*\([\w\s-]{1,30}\))?$",
    re.I,
)


_FULL_WORD = re.compile(r"^[A-Z][a-z\u00e0-\u00ff'\u2019-]+$")


def _merged_columns(entry: str) -> list[str]:
    """Two names run together from side-by-side columns ("Steve Butler Jill Haynes"): four
    capitalised full words without honorific or role split into two names of two words."""
    words = entry.split()
    if len(words) == 4 and all(_FULL_WORD.match(w) for w in words):
        return [" ".join(words[:2]), " ".join(words[2:])]
    return [entry]


def _line_members(text: str, default_role: str, strict: bool = True) -> list[Member] | None:
    """All entries of the line as members, or None when any entry is not a name.

    A table cell holding only a role ("Chair") applies to the name beside it: the next name
    when it is the row's first cell, else the previous one.
    """
    out: list[Member] = []
    pending: str | None = None
    cells = text.split("\t")
    for ci, cell in enumerate(cells):
        if _ROLE_ONLY.match(cell.strip()):
            role = _role_of(cell) or "Member"
            if ci == 0:
                pending = role
            elif out:
                if out[-1].role == default_role:
                    out[-1].role = role
                # A role column after the name: the cells after it are other columns
                # (party, ward, constituent authority), not more names.
                break
            else:
                return None
            continue
        entries = _split_entries(cell)
        if not entries:
            continue
        if len(entries) > _MAX_MEMBERS:
            return None
        for e in [x for entry in entries for x in _merged_columns(entry)]:
            m = _member(e, default_role, strict)
            if m is None:
                return None
            if pending is not None and m.role == default_role:
                m.role = pending
            pending = None
            out.append(m)
    return out or None


_LEAD_HONORIFIC = re.compile(r"^(?:cllr|councillor|county\s+councillor)\.?\s+", re.I)


def _leading_name(text: str, role: str) -> Member | None:
    """ "Cllr Jane Smith Leader of the Council and ...": the name before its description."""
    m = _LEAD_HONORIFIC.match(text)
    if m is None:
        return None
    rest = strip_honorific(text[m.end() :])
    tokens: list[str] = []
    for tok in rest.split():
        word = tok.strip(",;:-\u2013")
        if (
            len(tokens) >= 4
            or not _name_token(word)
            or _NAME_STOP.search(word)
            or _NAME_SOFT_STOP.search(word)
        ):
            break
        tokens.append(word)
        if tok != word:
            break
    if not tokens:
        return None
    member = _member(" ".join(tokens), role, strict=False)
    if member is not None and member.role == role:
        member.role = _role_of(text[m.end() :]) or role
    return member


_HONORIFIC_LINE = re.compile(r"^(?:councillors?|cllrs?\.?|county\s+councillor)\s", re.I)
ROLE_LINES = 2  # lines of a member's portfolio printed under the name


def _role_line(lines: Sequence[Line], i: int, end: int) -> bool:
    """A line of a member's portfolio or job inside a membership list, printed between one
    "Councillor X" line and the next: it does not end the list."""
    t = lines[i].text
    if len(t) > 120 or _HONORIFIC_LINE.match(t) or _label(lines[i]) is not None:
        return False
    return any(
        _HONORIFIC_LINE.match(lines[k].text)
        for k in range(i + 1, min(end, len(lines), i + 1 + ROLE_LINES))
    )


_AND_LINE = re.compile(r"^(?:and|&)\s+\S")


def _names_at(
    lines: Sequence[Line],
    i: int,
    end: int,
    role: str,
    first: str | None = None,
    strict: bool = True,
) -> tuple[list[Member] | None, int]:
    """Members on line ``i`` (or on ``first``, the value of its label), joining the following
    lines when a comma-separated list wraps mid-name; also the index of the next line.

    Not ``strict`` (inside a labelled membership), a table row whose first cell is a name
    keeps its name cells and ignores the others (party, ward).
    """
    text = lines[i].text if first is None else first
    got = _line_members(text, role, strict)
    j = i + 1
    # A list wrapped before its last name: "..., Elaine Roe" / "and Victor Lomax."
    while got is not None and j < end and j - i <= 3 and _AND_LINE.match(lines[j].text):
        more = _line_members(f"{text} {lines[j].text}", role, strict)
        if more is None or len(more) <= len(got):
            break
        text, got, j = f"{text} {lines[j].text}", more, j + 1
    while got is None and j < end and j - i <= 3 and "," in text:
        nxt = lines[j]
        if nxt.blank_before or _label(nxt) is not None:
            break
        text = f"{text} {nxt.text}"
        j += 1
        got = _line_members(text, role, strict)
    if got is None and not strict and "\t" not in text:
        lead = _leading_name(text, role)
        if lead is not None:
            return [lead], i + 1
    if got is None and not strict and "\t" in text:
        cells = text.split("\t")
        head = _line_members(cells[0], role, strict)
        if head is not None and len(head) == 1:
            for cell in cells[1:]:
                r = _role_of(cell) if _ROLE_ONLY.match(cell.strip()) else None
                if r is not None:
                    head[0].role = r
            return head, i + 1
    return (got, j) if got is not None else (None, i + 1)


def parse_members(lines: Sequence[Line], start: int, end: int, labelled: bool) -> list[Member]:
    """The membership block beginning at ``start`` (its first label line when ``labelled``).

    Label lines inside the block set the role of what follows them ("Chairman:", "Co-opted
    members:"); any other label, or a line that is not names, ends the block.
    """
    members: list[Member] = []
    role = "Member"
    pending_role: str | None = None
    strict = not labelled
    i = start
    while i < end:
        ln = lines[i]
        if _PARTY_HEADING.match(ln.text):
            i += 1
            continue
        lab = _label(ln)
        seats = None if lab and lab[0] in _MEMBER_FIELDS else category_members(ln.text, _member)
        if seats is not None:
            members.extend(seats)  # "Parent Governor: Emma Black": the person, co-opted
            i += 1
            continue
        if lab is not None:
            f, value = lab
            if f not in _MEMBER_FIELDS:
                break
            line_role = _FIELD_ROLE.get(f, "Member")
            if f in ("members", "coopted"):
                role = line_role
            value = re.sub(r"^\(?\s*quorum[^)]*\)?\s*", "", value, flags=re.I).strip(" :")
            if value and _PLURAL_HONORIFIC.match(ln.text) and not _PLURAL_HONORIFIC.match(value):
                value = f"Councillors {value}"  # "Councillors: Patel (Chair), Okafor, ..."
            pending_role = None
            seats = category_members(value, _member) if value and f == "coopted" else None
            if seats is not None:
                members.extend(seats)
                i += 1
            elif value:
                got, i = _names_at(lines, i, end, line_role, value, strict)
                members.extend(got or [])
            else:
                pending_role = line_role if f in ("chair", "vicechair") else None
                i += 1
            continue
        got, nxt = _names_at(lines, i, end, pending_role or role, strict=strict)
        pending_role = None
        if got is None:
            if not members and labelled and i - start <= 2:
                i += 1  # e.g. a "(Quorum 3)" or table-header line between label and names
                continue
            if labelled and members and _role_line(lines, i, end):
                i += 1  # "Deputy Leader and Cabinet Member for / Housing" under a name
                continue
            break
        members.extend(got)
        i = nxt
    seen: set[str] = set()
    out = []
    for m in members:
        k = m.name.casefold()
        if k not in seen:
            seen.add(k)
            out.append(m)
    _non_councillors(out, [ln.text for ln in lines[start:i]])
    return out


_COUNCILLOR_WORD = re.compile(r"\b(?:councillors?|cllrs?)\b\.?", re.I)
_OTHER_TITLE = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof(?:essor)?|sir|dame|rev(?:erend|d)?)\.?\s", re.I
)


def _non_councillors(members: list[Member], texts: list[str]) -> None:
    """In a membership that names its councillors as such ("Councillor X"), a member printed
    without that title but with another one or with an organisation in brackets ("Jane Moss
    (Director of Public Health)", "Dr Paul Reid") is a non-councillor representative:
    co-opted, unless they chair."""
    if len(members) < 2 or not any(_COUNCILLOR_WORD.search(t) for t in texts):
        return
    for m in members:
        if m.role != "Member":
            continue
        for t in texts:
            at = t.find(m.name)
            if at < 0:
                continue
            entry = _entry_around(t, at, m.name)
            if _COUNCILLOR_WORD.search(entry) or _COUNCILLOR_WORD.match(t):
                break  # named as a councillor (or in a "Councillors: ..." list)
            paren = _ROLE_PAREN.search(entry)
            if _OTHER_TITLE.match(entry) or (paren and _role_of(paren.group(1)) is None):
                m.role = "Co-opted"
            break


def _entry_around(text: str, at: int, name: str) -> str:
    """The list entry of ``text`` holding the name found at ``at`` (between separators)."""
    lo = max(text.rfind(",", 0, at), text.rfind(";", 0, at), text.rfind("\t", 0, at)) + 1
    stop = at + len(name)
    hi = min(
        (k for k in (text.find(",", stop), text.find(";", stop), text.find("\t", stop)) if k >= 0),
        default=len(text),
    )
    return text[lo:hi].strip()


def _find_member_block(lines: Sequence[Line], end: int) -> list[Member]:
    """An unlabelled membership: the first run of two or more lines made only of names."""
    i = 0
    while i < end:
        got, _ = _names_at(lines, i, end, "Member")
        if got and _label(lines[i]) is None:
            j = i
            total = 0
            roles = False
            while j < end and _label(lines[j]) is None:
                g, nxt = _names_at(lines, j, end, "Member")
                if g is None:
                    break
                total += len(g)
                roles = roles or any(m.role != "Member" for m in g)
                j = nxt
            if total >= 3 or (total >= 2 and roles):
                return parse_members(lines, i, j, labelled=False)
            i = j + 1
            continue
        i += 1
    return []


# --- agenda ----------------------------------------------------------------------------------

# Sub-item letters: attached to the number in either case ("6a", "6A"), in brackets ("6(a)"),
# or a lower-case letter after a space ("6 a)").
_ITEM_RE = re.compile(
    r"^(?:(?i:agenda\s+)?(?i:item)\s*(?:(?i:no)\.?\s*)?)?(\d{1,3})"
    r"(?:([a-zA-Z])(?=[\s.):])|\s*\(([a-zA-Z])\)|\s*([a-z])\)?(?=[\s.):]))?"
    r"\s*[.):]?\s*(?:[-\u2013\u2014:]\s+)?(?=\S)(.*)$"
)
_ITEM_CELL = re.compile(r"^(?:(?i:item)\s*)?(\d{1,3})\s*\(?([a-zA-Z])?\)?\s*[.):]?$")
_PAREN_NUMBER = re.compile(r"^\((\d{1,3})\)\s*")
_DOTTED_RE = re.compile(r"^(\d{1,3})\.(\d{1,2})\.?\s+(\S.*)$")
_SUB_RE = re.compile(r"^\(?([a-z])[.)]\s+(\S.*)$")
_SUB_CELL = re.compile(r"^\(?([a-z])[.)]$")
_NUMBER_ONLY = re.compile(
    r"^(?:(?i:agenda\s+)?(?i:item)\s*(?i:no\.?)?\s*)?(\d{1,3})\s*\(?([a-zA-Z])?\)?\s*[.):]?$"
)
_NOT_TITLE = re.compile(
    r"^(?:am|pm|a\.m|p\.m|noon|midday|minutes?|hours?|days?|weeks?|years?|months?|per\s+cent|"
    r"percent|%|and|or|of|to|the|in|on|at|by|for|with|from)\b"
)


@dataclass(slots=True)
class _Cand:
    idx: int
    number: int | None  # None for a letter-only sub-item ("a) ...")
    letter: str | None
    rest: str  # title (may hold tab-separated cells with pages)
    strong: bool
    span: int = 1  # lines taken by number and title (2 when the number stands alone)
    dotted: int | None = None  # "6.1": the sub-number of a dotted sub-item


def _candidate(ln: Line) -> _Cand | None:
    text = ln.text
    cells = ln.cells
    if len(cells) >= 2:
        m = _ITEM_CELL.match(cells[0]) or _SUB_CELL.match(cells[0])
        if m:
            if "<" in ln.raw or "**" in ln.raw:
                # A cell may hold a bold title followed by its description.
                cells = [cells[0], *(cell_heading(ln, k) or cells[k] for k in range(1, len(cells)))]
            rest = "\t".join(cells[1:])
            if m.re is _SUB_CELL:
                return _Cand(ln.no, None, m.group(1), rest, True)
            return _Cand(ln.no, int(m.group(1)), _lower(m.group(2)), rest, True)
    if text[:1] == "(" and text[1:2].isdigit():
        text = _PAREN_NUMBER.sub(r"\1 ", text, count=1)  # "(3) Title" numbers like "3 Title"
    if not text[:1].isdigit() and text[:4].lower() not in ("item", "agen"):
        m = _SUB_RE.match(text)
        if m and (text[:1].islower() or text[:1] == "("):
            return _Cand(ln.no, None, m.group(1), m.group(2), "**" in ln.raw)
        return None
    d = _DOTTED_RE.match(text)
    if d:
        rest = d.group(3).strip()
        if rest[:1].isalpha() and not _NOT_TITLE.match(rest):
            return _Cand(ln.no, int(d.group(1)), None, rest, "**" in ln.raw, dotted=int(d.group(2)))
        return None
    m = _ITEM_RE.match(text)
    if not m:
        return None
    rest = m.group(5).strip()
    if not rest or not (
        rest[0].isalpha() or rest[0] in "\"'\u2018\u201c(" or DECISION_REF.match(rest)
    ):
        return None
    if _NOT_TITLE.match(rest):
        return None
    found = find_date(text)
    if found is not None and found[1] == 0:
        return None
    strong = "**" in ln.raw or ln.raw.lstrip().startswith("#") or _caps(rest)
    strong = strong or bool(_TRAILING_RANGE.search(rest))
    letter = _lower(m.group(2) or m.group(3) or m.group(4))
    return _Cand(ln.no, int(m.group(1)), letter, rest, strong)


def _lower(letter: str | None) -> str | None:
    return letter.lower() if letter else None


def _may_stand_alone(text: str) -> bool:
    """Cheap test: could this line be an item number standing alone ("3.", "(a)", "Item 3")?"""
    return len(text) <= 20 and (
        text[:1] in "0123456789(abcdefghij" or text[:4].lower() in ("item", "agen")
    )


def _split_candidate(ln: Line, nxt: Line) -> _Cand | None:
    """An item whose number stands alone on its line with the title on the next line."""
    m = _NUMBER_ONLY.match(ln.text) or _SUB_CELL.match(ln.text)
    if m is None or "\t" in nxt.text:
        return None
    t = nxt.text
    if not (t[:1].isalpha() or t[:1] in "\"'\u2018\u201c") or _label(nxt) or _NOT_TITLE.match(t):
        return None
    if _candidate(nxt) is not None or len(t) > 150 or t.endswith((".", ":", ";")):
        return None
    if m.re is _SUB_CELL:
        return _Cand(ln.no, None, m.group(1), t, False, 2)
    return _Cand(ln.no, int(m.group(1)), _lower(m.group(2)), t, "**" in nxt.raw or _caps(t), 2)


def _report_cover_first(lines: Sequence[Line]) -> bool:
    """Does the pack open with a report cover (committee, date, title, then report labels such
    as "Portfolio Holder" or "For Decision") rather than a front sheet?"""
    cover = _cover_at(lines, 0, None)
    if cover is None or not cover.title:
        return False
    return any(_COVER_STOP.match(ln.text) for ln in lines[1:12])


def _stamp_starts_document(lines: Sequence[Line], i: int) -> bool:
    """Is the "Agenda Item N" line at ``i`` a stamp on a document (not a listing entry)?

    A stamp carries a cover (or a flattened one) or a restricted notice; a listing has its
    next "Agenda Item" entry a few lines below.
    """
    t = lines[i].text
    pm = STAMP_PREFIX_RE.match(t)
    if pm is not None:
        return is_body_name(pm.group(2)) or _flat_cover(pm.group(2)) is not None
    if STAMP_RE.match(t) is None:
        return False
    if i + 1 < len(lines) and _cover_at(lines, i + 1, None) is not None:
        return True
    for k in range(i + 1, min(len(lines), i + 8)):
        if _BY_VIRTUE.search(lines[k].text) or _RESTRICTED.match(lines[k].text):
            return True
        if STAMP_RE.match(lines[k].text) or STAMP_PREFIX_RE.match(lines[k].text):
            return False
    return True


def _boundary(ln: Line, lines: Sequence[Line], near_item: bool = False) -> bool:
    """Does a new document (report, minutes, blank page) begin at this line?

    ``near_item``: the line closely follows an agenda item, where "Minutes of the meeting
    held on ..." describes the item rather than starting the minutes themselves.
    """
    t = ln.text
    if _BLANK_PAGE.search(t) or _RESTRICTED.match(t):
        return True
    if t[:6].lower() == "agenda" and _stamp_starts_document(lines, ln.no):
        return True
    if _MINUTES_HEAD.match(t) and (
        not near_item or (ln.no > 0 and is_body_name(lines[ln.no - 1].text))
    ):
        return True
    following = range(ln.no + 1, min(ln.no + 3, len(lines)))
    if any(
        len(lines[k].text) <= _DATE_ONLY_MAX and _DIGIT.search(lines[k].text) is not None
        for k in following
    ) and is_body_name(t):
        for k in following:
            if date_only(lines[k].text):
                return True
    return False


def _chain(cands: list[_Cand], single: bool = False) -> list[_Cand]:
    """The best run of consecutively numbered main items, in reading order.

    Runs are scored by length, with a bonus for starting at 1 (front sheets do; minutes and
    numbered paragraphs elsewhere often do not) and for strong item markup.  One missing
    number (a withdrawn item) may be skipped.
    """
    best: dict[int, int] = {}  # number -> index of the best run ending with that number
    prev: list[int | None] = [None] * len(cands)
    length = [0] * len(cands)
    strong = [0] * len(cands)
    start = [0] * len(cands)
    for i, c in enumerate(cands):
        if c.number is None or c.letter is not None or c.dotted is not None:
            continue
        k = best.get(c.number - 1)
        if k is None and c.number - 1 not in best:
            k = best.get(c.number - 2)
        if k is not None:
            length[i] = length[k] + 1
            strong[i] = strong[k] + c.strong
            start[i] = start[k]
            prev[i] = k
        else:
            length[i] = 1
            strong[i] = int(c.strong)
            start[i] = c.number
        cur = best.get(c.number)
        if cur is None or (length[i], strong[i]) >= (length[cur], strong[cur]):
            best[c.number] = i

    def score(i: int) -> tuple[int, int, int]:
        return (length[i] + (2 if start[i] == 1 else 0), strong[i], -i)

    if not best:
        return []
    # Front sheets number their items from 1: prefer such a run when it is substantial (three
    # items or more) or as long as any other; a supplementary agenda may start later.
    end = max(best.values(), key=score)
    from_one = [i for i in best.values() if start[i] == 1 and length[i] >= 2]
    if from_one:
        one = max(from_one, key=score)
        if length[one] >= 3 or length[one] >= length[end]:
            end = one
    if length[end] < 2 and not strong[end] and not single:
        return []  # (a supplement may list one item: ``single``)
    out: list[_Cand] = []
    j: int | None = end
    while j is not None:
        out.append(cands[j])
        j = prev[j]
    out.reverse()
    return out


def _split_pages(rest: str) -> tuple[str, tuple[int, int] | None, list[str]]:
    """Title, page range and any other cells of an item line."""
    cells = [c for c in rest.split("\t") if c]
    pages: tuple[int, int] | None = None
    title = ""
    extra: list[str] = []
    for c in cells:
        p = _range_of(c)
        if p and pages is None and title:
            pages = p
        elif not title:
            title = c
        else:
            extra.append(c)
    if pages is None and title:
        m = _TRAILING_RANGE.search(title)
        if m:
            p = _range_match(m)
            if p:
                pages = p
                title = title[: m.start()].rstrip(" -\u2013\u2014,")
    return title, pages, extra


def _range_match(m: re.Match[str]) -> tuple[int, int] | None:
    g = [x for x in m.groups() if x is not None]
    if len(g) == 1:
        a = b = int(g[0])
    elif len(g) == 2:
        a, b = int(g[0]), int(g[1])
    else:
        return None
    if a <= 0 or b < a or b - a > 2000:
        return None
    whole = m.group(0).lower()
    if "pag" not in whole:
        if 1900 <= a <= 2100 and 1900 <= b <= 2100:
            return None  # a span of years, not pages
        if re.search(r"\d[-\u2013]\d", whole) and b <= a:
            return None  # "3-3" or "12-1": an identifier rather than pages
    return (a, b)


def _range_of(text: str) -> tuple[int, int] | None:
    m = _RANGE_ONLY.match(text.strip())
    return _range_match(m) if m else None


def _exempt_numbers(s: str) -> list[int]:
    return sorted({int(x) for x in re.findall(r"\d{1,2}", s) if is_exempt_paragraph(int(x))})


@dataclass(slots=True)
class _Item:
    idx: int  # line index of the item's number
    number: str
    title: str
    pages: tuple[int, int] | None
    body: list[Line]  # lines after the title up to the next item
    caps: bool
    single: int | None = None  # a bare page number printed with the item, not yet trusted
    single_from: str = ""  # where it was printed: "title", "cell" or "body"
    pages_from: str = ""  # where the page range was printed: "title", "cell" or "body"


def _continues(title: str, raw_first: str, nxt: Line, caps: bool, bold_open: bool) -> bool:
    """Whether ``nxt`` carries on a title broken over lines."""
    t = nxt.text
    if bold_open:
        return True
    if nxt.blank_before or _range_of(t) or _candidate(nxt) is not None or _label(nxt):
        return False
    if raw_first.startswith("\t") and nxt.raw.startswith("\t"):
        return True
    if caps and _caps(t) and len(t) < 120:
        return True
    if t[:1].islower() or (len(t) < 150 and _TRAILING_RANGE.search(t) is not None):
        return True
    last = title.rsplit(" ", 1)[-1].lower() if title else ""
    return last in _CONNECTIVES or title.endswith(("-", "\u2013", "&", ",", "/", "("))


def _furniture(lines: Sequence[Line]) -> frozenset[str]:
    """Short lines repeated three or more times: running headers and footers."""
    counts = Counter(ln.text for ln in lines if len(ln.text) <= 100)
    return frozenset(t for t, c in counts.items() if c >= 3)


def _describes(line: Line, body: list[Line]) -> bool:
    """A line of the short description printed under an item title ("To confirm as a correct
    record the minutes of ..."), after which the item's page range may still follow."""
    k = body.index(line)
    return k < 3 and not line.text.endswith(":") and _candidate(line) is None


def _build_items(
    lines: Sequence[Line],
    chain: list[_Cand],
    cands: list[_Cand],
    end: int,
    furniture: frozenset[str] = frozenset(),
) -> list[_Item]:
    """Agenda items of the chain plus their lettered sub-items, with titles, pages and bodies.

    ``furniture``: running headers/footers repeated through the pack, skipped when a title
    or its page range continues across a page break.
    """
    items: list[_Item] = []
    by_idx = {c.idx: c for c in cands}
    # Sub-items: letter candidates between chain items, lettered a, b, c... in order.
    picked: list[tuple[_Cand, str]] = []
    for k, c in enumerate(chain):
        stop = chain[k + 1].idx if k + 1 < len(chain) else end
        picked.append((c, str(c.number)))
        expected = 0
        dotted = 1
        for idx in range(c.idx + 1, stop):
            s = by_idx.get(idx)
            if s is None:
                continue
            if s.dotted is not None:
                # "6.1", "6.2": dotted sub-items, printed numbers kept.
                if s.number == c.number and s.dotted == dotted and not expected:
                    picked.append((s, f"{c.number}.{s.dotted}"))
                    dotted += 1
                continue
            if s.letter is None or (s.number is not None and s.number != c.number):
                continue
            if dotted == 1 and expected < len(_LETTERS) and s.letter == _LETTERS[expected]:
                picked.append((s, f"{c.number}{s.letter}"))
                expected += 1
    starts = [p[0].idx for p in picked]
    for k, (c, number) in enumerate(picked):
        stop = starts[k + 1] if k + 1 < len(starts) else end
        rest = unjustify(c.rest)
        j = c.idx + c.span
        if open_range(rest) and j < stop and closes_range(lines[j].text):
            rest, j = f"{rest}{lines[j].text.strip()}", j + 1  # "(Pages 21 -" / "24)"
        title, pages, extra = _split_pages(rest)
        pages_from = ("cell" if "\t" in c.rest else "title") if pages else ""
        raw_first = lines[c.idx + c.span - 1].raw
        bold_open = raw_first.count("**") % 2 == 1
        caps = _caps(title)
        while j < stop and j - c.idx <= 6 + c.span and pages is None:
            nxt = lines[j]
            if nxt.text in furniture:
                j += 1
                continue
            after = lines[j + 1] if j + 1 < stop else None
            if not _continues(title, raw_first, nxt, caps, bold_open) and not wrapped_title(
                title, nxt, after, after is None or _candidate(after) is not None
            ):
                break
            piece, p2, _ = _split_pages(unjustify(nxt.text))
            if bold_open and "**" in nxt.raw:
                bold_open = False
            title = f"{title} {piece}".strip()
            if pages is None and p2 is not None:
                pages, pages_from = p2, "title"
            j += 1
        body = list(lines[j:stop])
        if pages is None:
            for b in [b for b in body[:5] if b.text not in furniture][:3]:
                p = _range_of(b.text)
                k = body.index(b)
                if (
                    p is None
                    and open_range(b.text)
                    and k + 1 < len(body)
                    and closes_range(body[k + 1].text)
                ):
                    p = _range_of(f"{b.text}{body[k + 1].text.strip()}")
                    if p:
                        body.remove(body[k + 1])
                if p:
                    pages, pages_from = p, "body"
                    body.remove(b)
                    break
                if _label(b) is not None or (len(b.text) > 60 and not _describes(b, body)):
                    break
        item = _Item(c.idx, number, norm_space(title), pages, body, caps, pages_from=pages_from)
        if pages is None:
            _single_candidate(item, extra, furniture)
        items.append(item)
    _single_pages(items)
    return items


_BARE_NUMBER = re.compile(r"^\(?(?:pages?\s*)?(\d{1,4})\)?$", re.I)
_TRAILING_NUMBER = re.compile(r"(?<=\S)\s+(\d{1,4})$")


def _single_candidate(item: _Item, extra: list[str], furniture: frozenset[str]) -> None:
    """Note a bare number printed with the item (a last cell, the title's end, the next line)
    that may be a one-page report's page."""
    if extra:
        m = _BARE_NUMBER.match(extra[-1])
        if m:
            item.single, item.single_from = int(m.group(1)), "cell"
            return
    m = _TRAILING_NUMBER.search(item.title)
    if m:
        item.single, item.single_from = int(m.group(1)), "title"
        return
    body = [b for b in item.body[:3] if b.text not in furniture]
    if body:
        m = _BARE_NUMBER.match(body[0].text)
        if m:
            item.single, item.single_from = int(m.group(1)), "body"


def _single_pages(items: list[_Item]) -> None:
    """Accept bare page numbers printed where the agenda prints its page ranges (same line,
    table cell or next line) and fitting the page order those ranges set."""
    layouts = {it.pages_from for it in items if it.pages}
    if not layouts or not any(it.single for it in items):
        return
    last_before: list[int] = []
    high = 0
    for it in items:
        last_before.append(high)
        if it.pages:
            high = max(high, it.pages[1])
    first_after: list[int] = [0] * len(items)
    low = 1 << 30
    for k in range(len(items) - 1, -1, -1):
        first_after[k] = low
        span = items[k].pages
        if span:
            low = min(low, span[0])
    for k, it in enumerate(items):
        n = it.single
        if it.pages or n is None or not last_before[k] < n < first_after[k]:
            continue
        if it.single_from not in layouts:
            continue  # printed unlike the agenda's page ranges: not a page number
        it.pages = (n, n)
        if it.single_from == "title":
            it.title = _TRAILING_NUMBER.sub("", it.title)
        elif it.single_from == "body":
            it.body = it.body[1:]


_BODY_TO_FOLLOW = re.compile(
    r"\b(?:report|papers?|item|appendix|appendices|document)\s+(?:\w+\s+){0,2}to\s+follow\b"
    r"|^\(?\s*to\s+follow\s*\)?$",
    re.I,
)
_PARA_LINE = re.compile(
    r"^\(?\s*(?:exempt\s*[-:\u2013]?\s*|reason\s*:?\s*)?para(?:graph)?s?\b", re.I
)
_ITEM_REFS = re.compile(
    r"\bitems?\s+((?:no\.?\s*)?\d{1,3}[a-z]?(?:\s*(?:,|and|&|or)\s*\d{1,3}[a-z]?)*)", re.I
)


_PRIVATE_PART = re.compile(
    r"^(?:agenda\s*[-\u2013:]?\s*)?part\s*(?:2|ii|b|two)\b"
    r"|^(?:exempt|private|confidential)\s+(?:items?|section|session|part)\b"
    r"|^items?\s+(?:not\s+for\s+publication|(?:to\s+be\s+)?considered\s+in\s+private)",
    re.I,
)


def _standing_references(items: list[_Item], agenda: list[AgendaItem]) -> None:
    """Exempt paragraphs that the exclusion-of-press-and-public item states for others.

    That item often names the items it covers ("item 12 ... paragraph 3"), or the agenda puts
    them under a "Part 2" heading after it: mark those items exempt when they carry no marker
    of their own.
    """
    by_number = {a.number: a for a in agenda}
    standing = {it.number for it in items if _is_standing(it)}
    for k, (it, a) in enumerate(zip(items, agenda, strict=True)):
        if not _is_standing(it):
            continue
        body = " ".join(b.text for b in it.body[:8])
        para = _EXEMPT_MARK.search(body)
        if not para:
            continue
        paras = _exempt_numbers(para.group(1))
        targets: list[AgendaItem] = []
        refs = _ITEM_REFS.search(body)
        if refs:
            for num in re.findall(r"\d{1,3}[a-z]?", refs.group(1)):
                target = by_number.get(num)
                if target is not None and target is not a:
                    targets.append(target)
        else:
            heading = next(
                (b.no for x in items[k:] for b in x.body if _PRIVATE_PART.match(b.text)), None
            )
            if heading is not None:
                targets = [
                    y for x, y in zip(items, agenda, strict=True) if x.idx > heading and y is not a
                ]
        for target in targets:
            if not target.exempt_paragraphs and target.number not in standing:
                target.exempt_paragraphs = list(paras)


_EXCLUSION_MOTION = re.compile(
    r"\b(?:exclu(?:de|ding|sion\s+of)|exclusion)\s+(?:of\s+)?(?:the\s+)?(?:press|public)\b", re.I
)


def _is_standing(it: _Item) -> bool:
    """The standing motion to exclude the press and public (not itself exempt): known by its
    title, or, lacking pages of its own, by a body that moves the exclusion."""
    return bool(_STANDING_EXEMPT.search(it.title)) or (
        it.pages is None and any(_EXCLUSION_MOTION.search(b.text) for b in it.body[:2])
    )


def _finish_item(it: _Item) -> AgendaItem:
    """Title clean-up, to-follow and exempt markers of one item."""
    title = it.title
    to_follow = False
    m = _TO_FOLLOW.search(title)
    if m and m.group(0).strip("() ").lower().endswith("to follow"):
        to_follow = True
        title = (title[: m.start()] + title[m.end() :]).strip(" -\u2013\u2014,")
    exempt: list[int] = []
    standing = _is_standing(it)
    em = _TRAILING_EXEMPT.search(title)
    if em:
        if not standing:
            exempt = _exempt_numbers(em.group(0))
        title = title[: em.start()].rstrip(" -\u2013\u2014,:")
    elif not standing:
        mm = _EXEMPT_MARK.search(title)
        if mm and (_EXEMPT_CONTEXT.search(title) or re.search(r"\bpara", mm.group(0), re.I)):
            exempt = _exempt_numbers(mm.group(1))
    for b in it.body[:6]:
        t = b.text
        if not to_follow and _BODY_TO_FOLLOW.search(t):
            to_follow = True
        if not standing and not exempt:
            mm = _EXEMPT_MARK.search(t)
            if mm and (_EXEMPT_CONTEXT.search(t) or _PARA_LINE.match(t)):
                exempt = _exempt_numbers(mm.group(1))
    return AgendaItem(
        number=it.number,
        title=title or None,
        pages=it.pages,
        exempt_paragraphs=exempt,
        to_follow=to_follow,
    )


# --- report covers ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cover:
    idx: int
    committee: str | None
    date: date | None
    title: str | None
    stamp: str | None  # agenda item number from an "Agenda Item N" stamp
    exempt: list[int] = field(default_factory=list)


_COVER_STOP = re.compile(
    r"^(?:for\s+(?:decision|information|review|recommendation|consultation|noting|approval|"
    r"consideration|discussion)|portfolio\s+holder|report\s+(?:of|by|author|to|status)|"
    r"executive\s+director|local\s+councillor|purpose|summary|recommendations?|key\s+decision|"
    r"ward|wards|decision|status|classification|officer)\b",
    re.I,
)
_TITLE_LABEL = re.compile(
    r"^(?:subject\s+of\s+report|report\s+title|subject|title\s+of\s+report|title)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_COVER_DATE_LABEL = re.compile(
    r"^(?:date\s+of\s+meeting|meeting\s+date|date)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_COVER_BODY_LABEL = re.compile(
    r"^(?:meeting|committee|report\s+to|to)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_DOC_KEYWORDS = re.compile(
    r"\b(?:forward\s+plan|work\s*programme|work\s*plan|minutes|action\s+log|action\s+plan|"
    r"decision\s+notice|terms\s+of\s+reference|report)\b",
    re.I,
)
_DOC_KINDS = re.compile(
    r"\b(?:forward\s+plan|work\s*programme|work\s*plan|minutes|action\s+log|action\s+plan|"
    r"decision\s+notice|terms\s+of\s+reference)\b",
    re.I,
)


def _displaced_title(lines: Sequence[Line], i: int, prev_stamp: int) -> str | None:
    """Title of a stamped document whose stamp the text extraction moved below its start
    (common with tables): the nearest heading above the stamp that names a document kind
    ("... Forward Plan", "Work Programme"), preferring one at a page start."""
    best: str | None = None
    for k in range(i - 1, prev_stamp, -1):
        ln = lines[k]
        t = ln.text
        if len(t) > 120 or "\t" in t or not t[:1].isupper():
            continue
        if not _DOC_KINDS.search(t) and k + 1 < i:
            # The heading may wrap inside its keyword ("... Forward" / "Plan").
            nxt = lines[k + 1]
            if not nxt.blank_before and len(nxt.text) < 40 and "\t" not in nxt.text:
                t = f"{t} {nxt.text}"
        if not t.endswith((".", ",", ";", ":")) and _DOC_KINDS.search(t):
            first = ln
            if k > 0 and not ln.blank_before and _wraps(lines[k - 1].text):
                first = lines[k - 1]  # a heading broken over two lines
                t = f"{first.text} {t}"
            if first.raw[:1].isspace():
                return t
            best = best or t
    return best


def _wraps(text: str) -> bool:
    """Does ``text`` end mid-phrase (a dash, an ampersand, a connective word)?"""
    if text.endswith(("-", "\u2013", "\u2014", "&", ",", "/", "(")):
        return True
    return text.rsplit(" ", 1)[-1].lower() in _CONNECTIVES


_FLAT_STOP = re.compile(
    r"\s+(?:for\s+(?:decision|information|review|recommendation|consultation|noting|approval|"
    r"consideration|discussion)\b|portfolio\s+holder\b|report\s+(?:of|by|author)\b).*$",
    re.I,
)


_YEAR = re.compile(r"\d{2}\b")


def _flat_cover(text: str) -> tuple[str, date, str] | None:
    """A cover flattened onto one line: "Committee  2 September 2021  Title [For Decision]"."""
    if len(text) > 300 or "\t" in text or not _YEAR.search(text) or not _BODY_WORDS.search(text):
        return None
    found = find_date(text)
    if found is None or found[1] == 0:
        return None
    d, a, b = found
    body = text[:a].strip(" ,-\u2013")
    if not is_body_name(body):
        return None
    title = _FLAT_STOP.sub("", text[b:]).strip(" ,-\u2013")
    # Further "Committee date" pairs (a report going to several meetings) come first.
    while True:
        more = find_date(title)
        if more is None or not is_body_name(title[: more[1]].strip(" ,-\u2013")):
            break
        title = title[more[2] :].strip(" ,-\u2013")
    if not title or not title[:1].isupper() or title.endswith(".") or len(title) > 200:
        return None
    return body, d, title


_PAIR_SEP = re.compile(r"\s+[-\u2013\u2014|]\s+|\t")


def _body_date_line(text: str) -> tuple[str, date] | None:
    """ "Cabinet - 11 October 2023": a body's name and a meeting date on one line."""
    if len(text) > 120 or not _YEAR.search(text):
        return None
    parts = _PAIR_SEP.split(text)
    if len(parts) != 2:
        return None
    body, when = parts[0].strip(), date_only(parts[1].strip())
    if when is None or not is_body_name(body):
        return None
    return body, when


def _cover_at(lines: Sequence[Line], i: int, stamp: str | None) -> _Cover | None:
    """A report cover starting at line ``i`` (after any stamp): body/date pairs then a title,
    a flattened one-line cover, or a label table ("Date of Meeting", "Subject of Report")."""
    n = len(lines)
    j = i
    committee: str | None = None
    when: date | None = None
    flat = _flat_cover(lines[i].text) if i < n else None
    if flat is not None:
        return _Cover(i, flat[0], flat[1], flat[2], stamp)
    # Style 1: committee line, date line (possibly several pairs), title lines; the pair may
    # share one line ("EXECUTIVE - 5 MARCH 2024").
    while j < n:
        pair = _body_date_line(lines[j].text)
        if pair is not None:
            if committee is None:
                committee, when = pair
            j += 1
            continue
        if j + 1 >= n or not is_body_name(lines[j].text):
            break
        d = date_only(lines[j + 1].text)
        if d is None:
            break
        if committee is None:
            committee, when = lines[j].text, d
        j += 2
    if committee is not None:
        parts: list[str] = []
        while j < n and len(parts) < 4:
            t = lines[j].text
            if (
                _COVER_STOP.match(t)
                or _label(lines[j])
                or t.endswith(":")
                or "\t" in t
                or (parts and lines[j].blank_before and not _caps(t))
            ):
                break
            parts.append(t)
            j += 1
        return _Cover(i, committee, when, norm_space(" ".join(parts)) or None, stamp)
    # Style 2: label table within the next few lines.
    title = None
    for k in range(i, min(n, i + 14)):
        t = lines[k].text
        if committee is None:
            m = _COVER_BODY_LABEL.match(t)
            if m and is_body_name(m.group(1)):
                committee = m.group(1).strip()
        if when is None:
            m = _COVER_DATE_LABEL.match(t)
            if m:
                when = parse_date(m.group(1))
        m = _TITLE_LABEL.match(t)
        if m:
            title = m.group(1).strip()
            break
    if title is not None and when is not None:
        if committee is None:
            for k in range(max(0, i - 1), min(n, i + 8)):
                if is_body_name(lines[k].text):
                    committee = _REPORT_TO.sub("", lines[k].text)  # "Report to Cabinet"
                    break
        return _Cover(i, committee, when, title, stamp)
    return None


def _stamp_cover(lines: Sequence[Line], i: int, prev_stamp: int) -> _Cover:
    """The document that an "Agenda Item N" stamp at line ``i`` marks."""
    n = len(lines)
    m = STAMP_RE.match(lines[i].text)
    cover: _Cover | None = None
    if m is None:
        # The stamp shares its line with the start of the cover.
        pm = STAMP_PREFIX_RE.match(lines[i].text)
        number = pm.group(1).lower() if pm else ""
        if pm:
            ln = lines[i]
            head = Line(ln.no, pm.group(2), ln.raw, ln.page, ln.blank_before)
            window = [head, *lines[i + 1 : i + 20]]
            cover = _cover_at(window, 0, number)
            if cover is not None:
                cover.idx = i
    else:
        number = re.sub(r"\s+", "", m.group(1)).lower()
        cover = _cover_at(lines, i + 1, number) if i + 1 < n else None
    if cover is None:
        cover = _Cover(i, None, None, None, number)
        # A restricted document: "By virtue of paragraph(s) N of Part 1 of Schedule 12A".
        for k in range(i + 1, min(n, i + 6)):
            bv = _BY_VIRTUE.search(lines[k].text)
            if bv:
                cover.exempt = _exempt_numbers(bv.group(1))
                return cover
            if STAMP_RE.match(lines[k].text):
                break
        cover.title = _displaced_title(lines, i, prev_stamp)
        if cover.title is None:
            for k in range(i + 1, min(n, i + 4)):
                t = lines[k].text
                if _DOC_KEYWORDS.search(t) and len(t) <= 120 and "\t" not in t:
                    cover.title = t
                    break
    return cover


def _covers(lines: Sequence[Line], start: int) -> list[_Cover]:
    """Report covers from ``start`` on: stamped ones, and unstamped committee/date/title ones."""
    out: list[_Cover] = []
    prev_stamp = start - 1
    n = len(lines)
    i = start
    while i < n:
        ln = lines[i]
        t = ln.text
        if t[:6].lower() == "agenda" and (STAMP_RE.match(t) or STAMP_PREFIX_RE.match(t)):
            c = _stamp_cover(lines, i, prev_stamp)
            prev_stamp = i
            out.append(c)
        elif (
            i + 1 < n
            and len(lines[i + 1].text) <= _DATE_ONLY_MAX  # cheap tests first
            and _DIGIT.search(lines[i + 1].text) is not None
            and is_body_name(t)
            and date_only(lines[i + 1].text)
        ):
            if not out or out[-1].idx < i - 1:
                c2 = _cover_at(lines, i, None)
                if c2 is not None and c2.title:
                    out.append(c2)
        elif t[:4].lower() in ("date", "subj") and "\t" in t:
            c3 = _cover_at(lines, i, None)
            if c3 is not None and (not out or out[-1].idx < i - 10):
                out.append(c3)
        elif (
            (ln.blank_before or ln.raw[:1].isspace())
            and (not out or out[-1].idx < i)
            and (flat := _flat_cover(t)) is not None
        ):
            out.append(_Cover(i, flat[0], flat[1], flat[2], None))
        i += 1
    return out


# --- entry point -----------------------------------------------------------------------------


def _tail_slack(text: str, key: str) -> int:
    """Extra characters the original ``text`` holds in its tail compared with ``key``."""
    # Walk back over the original until its key equals ``key``.
    for extra in range(0, 40):
        start = len(text) - len(key) - extra
        if start < 0:
            break
        if _key(text[start:]) == key:
            return extra
    return 0


_LAST_WORD = re.compile(r"([\w'£$%-]+)[^\w'£$%-]*$")


def _fix_caps_titles(
    items: list[AgendaItem], lines: Sequence[Line], start: int, covers: list[_Cover]
) -> None:
    """Give ALL-CAPS agenda titles the casing their report cover (or any later heading) uses."""
    want = {_key(it.title): it for it in items if it.title and _caps(it.title)}
    if not want:
        return
    found: dict[str, str] = {}
    for c in covers:
        if c.title and not _caps(c.title):
            found.setdefault(_key(c.title), c.title)
    last_words = {wk.rsplit(" ", 1)[-1] for wk in want}
    for ln in lines[start:]:
        t = ln.text
        if len(t) > 300:
            continue
        lw = _LAST_WORD.search(t)
        if lw is None or lw.group(1).casefold() not in last_words:
            continue
        k = _key(t)
        if _caps(t):
            continue
        if k in want:
            found.setdefault(k, t)
            continue
        # A cover flattened onto one line: "Committee  2 September 2021  Title".
        for wk in want:
            if wk not in found and k.endswith(" " + wk):
                found[wk] = t[len(t) - len(wk) - _tail_slack(t, wk) :].strip()
    for k, it in want.items():
        it.title = found.get(k) or title_case(it.title or "")


_LAST_ITEM_LINES = 15
_HEADER_MAX_LINES = 600  # front-sheet headers are short; bounds the work on odd inputs


def parse_frontsheet(lines: Sequence[Line], supplement: bool = False) -> tuple[Meeting, Context]:
    """Meeting header, membership and agenda, with the context for the section parsers
    (``supplement``: a supplementary agenda, which may list a single item)."""
    n = len(lines)
    # Where does the front sheet stop?  At the first document boundary after the listing.
    boundary = n
    cands: list[_Cand] = []
    seen_item = False
    skip = -1
    last_cand = -10
    for ln in lines:
        t = ln.text
        stamped = t[:6].lower() == "agenda" and _stamp_starts_document(lines, ln.no)
        if (
            stamped
            or (seen_item and _boundary(ln, lines, ln.no - last_cand <= 3))
            or (ln.no == 0 and _report_cover_first(lines))
        ):
            # An "Agenda Item N" stamp always starts a document, even before any listing.
            boundary = ln.no
            break
        if ln.no <= skip:
            continue
        c = _candidate(ln)
        if c is None and ln.no + 1 < n and _may_stand_alone(ln.text):
            c = _split_candidate(ln, lines[ln.no + 1])
            if c is not None:
                skip = ln.no + 1
        if c is not None:
            last_cand = ln.no + c.span - 1
            cands.append(c)
            if c.number is not None:
                seen_item = True
    chain = _chain(cands, single=supplement)
    agenda_start = chain[0].idx if chain else min(boundary, n)
    header_end = min(agenda_start, _HEADER_MAX_LINES)
    council = find_council(lines, header_end)
    header = _parse_header(lines, header_end, council)
    covers = _covers(lines, boundary if chain else 0)
    meeting = Meeting()
    if boundary < n:
        front_stop = boundary
    elif chain:
        # No document boundary found: the front sheet ends shortly after its last item.
        front_stop = min(n, chain[-1].idx + chain[-1].span + _LAST_ITEM_LINES)
    else:
        front_stop = 0
    ctx = Context(frontsheet_end=front_stop)
    agenda: list[AgendaItem] = []
    if chain:
        items = _build_items(lines, chain, cands, boundary, _furniture(lines))
        agenda = [_finish_item(it) for it in items]
        standing_numbers = {it.number for it in items if _is_standing(it)}
        _standing_references(items, agenda)
        _fix_caps_titles(agenda, lines, boundary, covers)
        # Stamped documents that are restricted mark their item exempt.
        for cov in covers:
            if cov.stamp and cov.exempt:
                for a in agenda:
                    if (
                        a.number == cov.stamp
                        and not a.exempt_paragraphs
                        and a.number not in standing_numbers
                    ):
                        a.exempt_paragraphs = list(cov.exempt)
    else:
        # No front sheet: the agenda is what the stamped report covers show.
        by_number: dict[str, AgendaItem] = {}
        for cov in covers:
            if not cov.stamp:
                continue
            got = by_number.get(cov.stamp)
            if got is None:
                got = AgendaItem(
                    number=cov.stamp, title=cov.title, exempt_paragraphs=list(cov.exempt)
                )
                by_number[cov.stamp] = got
                agenda.append(got)
            else:
                got.title = got.title or cov.title
                got.exempt_paragraphs = got.exempt_paragraphs or list(cov.exempt)
        first = next((cov for cov in covers if cov.committee), None)
        if first is not None:
            header.committee = header.committee or first.committee
            header.day = header.day or first.date
    # Header fields missing above the listing may follow it (membership, publication date).
    front_end = ctx.frontsheet_end if chain else header_end
    if chain and front_end > header_end:
        tail = _parse_header(lines, front_end, council, start=chain[0].idx, fallbacks=False)
        for name in ("committee", "day", "time", "venue", "quorum", "published", "members_at"):
            if getattr(header, name) is None:
                setattr(header, name, getattr(tail, name))
    if header.published is None and header.day is not None:
        header.published = sent_date(lines, header_end, header.day)
    members: list[Member] = []
    if header.members_at is not None:
        members = parse_members(lines, header.members_at, max(header_end, front_end), labelled=True)
    if not members:
        members = _find_member_block(lines, header_end)
    meeting.committee = clean_committee(header.committee)
    meeting.date = header.day.isoformat() if header.day else None
    meeting.time = header.time
    meeting.venue = header.venue
    meeting.quorum = header.quorum
    meeting.published = header.published.isoformat() if header.published else None
    meeting.members = members
    meeting.agenda = agenda
    ctx.council = council
    ctx.committee = meeting.committee
    ctx.meeting_date = header.day
    ctx.agenda = agenda
    return meeting, ctx
