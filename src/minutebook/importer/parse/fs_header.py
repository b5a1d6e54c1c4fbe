"""Front sheet, shared part: patterns, the council's name, body names and dates, and the
meeting header read from labels, notices and unlabelled blocks (split from ``frontsheet``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from minutebook.importer.parse.summons import (
    council_from_domain,
    first_column,
    letter_date,
    notice_heading,
    notice_text,
    to_members,
)
from minutebook.importer.parse.text import (
    Line,
    find_date,
    norm_space,
    parse_date,
    parse_time,
)

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


def find_council(lines: Sequence[Line], header_end: int, prefer_domain: bool = False) -> str | None:
    """The authority's name: a standalone name line on the front sheet, else the most
    frequently named council in the pack (``prefer_domain``: for a one-document file, which
    often names the councils it writes about, the officers' e-mail domain comes first)."""
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
    if prefer_domain:
        hinted = council_from_domain(lines)
        if hinted is not None:
            return hinted
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
    return (
        _BODY_WORDS.search(t) is not None
        and find_date(t) is None
        and not (_OFFICER.match(t) and not _BODY_KIND_END.search(t))
    )


#: An officer's title, as a summons is signed ("Clerk to the Council", "Proper Officer"): a
#: signature block, never the body meeting.
_OFFICER = re.compile(
    r"^(?:(?:town|parish|deputy|assistant|acting)\s+)?(?:clerk|proper\s+officer|"
    r"(?:deputy\s+)?chief\s+executive|monitoring\s+officer|(?:corporate\s+|executive\s+|"
    r"strategic\s+)?director|head\s+of|secretary\s+to)\b",
    re.I,
)
_BODY_KIND_END = re.compile(
    r"\b(?:committee|sub-committee|panel|board|forum|group|commission|cabinet)$", re.I
)


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


_MEETING_OF = re.compile(r"\bmeeting\s+of\s+(?:the\s+)?[A-Z]", re.I)


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


_OUTWARD = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?$")
_INWARD = re.compile(r"^\d[A-Z]{2}\b")


def _venue(lines: Sequence[Line], i: int, end: int, value: str) -> str:
    """The venue, joined with the lines it wraps onto (a trailing comma, a postcode line)."""
    venue = value
    j = i + 1
    while j < end and j - i <= 3 and len(venue) < 200:
        nxt = lines[j]
        t = first_column(nxt.text)
        if nxt.blank_before or not t or _label(nxt) is not None or find_date(t):
            break
        if _OUTWARD.search(venue) and _INWARD.match(t):
            venue = f"{venue} {t}"  # a postcode broken after its outward code ("RW2" / "8AB")
        elif venue.endswith(",") or (_POSTCODE.search(t) and len(t) <= 40):
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
                    if m is None and _MEETING_OF.search(text):
                        # "... the Annual Meeting of the X / to be held at ..." wrapped early.
                        m = _NOTICE_RE.search(notice_text(lines, i, end))
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


def _wraps(text: str) -> bool:
    """Does ``text`` end mid-phrase (a dash, an ampersand, a connective word)?"""
    if text.endswith(("-", "\u2013", "\u2014", "&", ",", "/", "(")):
        return True
    return text.rsplit(" ", 1)[-1].lower() in _CONNECTIVES
