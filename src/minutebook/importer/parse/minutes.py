"""Minutes of earlier meetings reproduced in a pack (this body's or another's).

A set of minutes is found from its heading ("Minutes of a meeting of the X held at ... on
<date>", "X" over "Minutes of the meeting held on ...", "X held at ... on <date>", or a bare
"Minutes" between the body's name and the date), confirmed by the attendance list after it, or
from an extract ("Recommendation from the X meeting held on <date>" over a numbered minute).  Its
numbered minutes come in two layouts, decided per set by majority so that one odd line cannot
flip the reading:

* title line, then a body paragraph opening with the number ("85 No apologies were received");
* number and title on one line ("1. APOLOGIES") or a number line followed by a title line.

Numbers must increase (with small gaps) so resolution lists ("1. That ...") inside a minute do
not start new items.  Everything is a single forward pass over the lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.importer.pack import Meeting, MinuteItem, Minutes
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.minutes_attendance import (
    APOLOGIES_LABEL,
    ATTEND_LABEL,
    OTHER_ATTEND,
    attendance,
)
from minutebook.importer.parse.minutes_forms import (
    ATTEND,
    body_date_present,
    labelled_minutes,
    minute_of_meeting,
)
from minutebook.importer.parse.minutes_scheme import ref_after, select_scheme, title_to_ref
from minutebook.importer.parse.text import (
    Line,
    cell_heading,
    clean_inline,
    find_date,
    norm_space,
)

__all__ = ["minutes_heading_at", "minutes_meeting", "parse_minutes"]

# --- headings ----------------------------------------------------------------------------------

_MINUTES_OF = re.compile(
    r"^(?:(?P<pre>.{2,80}?)\s*[/|\u2013\u2014-]\s*)?(?:the\s+)?(?:draft\s+|confirmed\s+|unconfirmed\s+)?"
    r"(?:minutes|(?:record|schedule|summary)\s+of\s+(?:the\s+)?decisions?(?:\s+(?:taken|made))?)"
    r"\s+(?:of|at|by)\s+(?:a\s+|the\s+)?(?:(?:virtual|remote|special|extraordinary|ordinary|"
    r"annual|hybrid|formal)\s+)*(?:meeting\s+)?(?:of\s+(?:the\s+)?)?(?P<body>.*?)\s*"
    r"(?:meeting\s+)?(?:held|which\s+took\s+place|convened)\b",
    re.I,
)
_BARE_MINUTES = re.compile(
    r"^(?:(?:the|draft|unconfirmed|confirmed|approved)\s+)?"
    r"(?:minutes|(?:record|schedule|summary)\s+of\s+(?:the\s+)?decisions?)\s*[:.]?$",
    re.I,
)
# "Minutes of the X" with the date on the same line or the next, and no "held".
_MINUTES_OF_BODY = re.compile(
    r"^(?i:(?:(?:the|draft|unconfirmed|confirmed|approved)\s+)?minutes\s+of\s+(?:the\s+|a\s+)?"
    r"(?:meeting\s+of\s+(?:the\s+)?)?)(?P<body>[A-Z][^.:;]{2,100})$"
)
_HELD = re.compile(
    r"^(?P<body>[A-Z][^.:;]{2,120}?)\s+(?:meeting\s+)?held\s+(?:at|on|in|virtually|remotely|via)\b",
)
_EXTRACT = re.compile(
    r"^(?:an?\s+)?(?:extract|excerpt|recommendations?|minute)\s+(?:\d+\s+)?from\s+(?:the\s+)?"
    r"(?:(?:draft\s+)?minutes\s+of\s+(?:the\s+|a\s+)?)?(?:meeting\s+of\s+(?:the\s+)?)?"
    r"(?P<body>.+?)\s+(?:meeting\s+)?(?:held\s+)?on\b",
    re.I,
)
_END = re.compile(
    r"^(?:this\s+page\s+(?:is\s+)?(?:has\s+been\s+)?(?:intentionally\s+)?left\s+blank|"
    r"meeting\s+duration|duration\s+of\s+(?:the\s+)?meeting|"
    r"(?:the\s+)?meeting\s+(?:ended|closed|finished|concluded|rose|terminated)\b|"
    r"agenda\s+item\s*\d|"
    r"(?:chair(?:man|person)?|signed)?\s*[.\u2026_]{5,}\s*(?:chair(?:man|person)?)?$)",
    re.I,
)

# --- numbered minutes ---------------------------------------------------------------------------

# An optional series prefix joined to the number by "." or "/" ("C.12", "PL/101", "CAB/7"),
# and an optional year after a slash ("34/23").
_NUM = re.compile(
    r"^(?:(?i:minute)\s+(?:(?i:no)\.?\s*)?)?(?P<open>\()?"
    r"(?P<pre>[A-Z]{2,4}\s(?=\d{1,4}/\d{2}(?:\d{2})?\b)|[A-Z]{1,4}\s?[./]\s?|"
    r"[A-Z]{1,4}(?=\d{1,4}[a-zA-Z]?\s+[-\u2013\u2014:]\s))?(?P<n>\d{1,4})"
    r"(?P<year>/\d{2}(?:\d{2})?)?(?:\((?P<pl>[a-z])\)|(?P<letter>[a-zA-Z]?))(?P<punct>[.):]?)"
    r"(?:\s+(?P<rest>.*))?$"
)
# The year first and the number after it ("24/081", "2024/115"): three or four digits.
_YEAR_FIRST = re.compile(
    r"^(?P<lead>\d{2}|\d{4})/(?P<n>\d{3,4})(?:\((?P<pl>[a-z])\)|(?P<letter>[a-z]?))"
    r"(?P<punct>[.):]?)(?:\s+(?P<rest>.*))?$"
)
_LABEL = re.compile(
    r"^(?:resolved|resolution|decision(?:s)?(?:\s+made)?|decided|agreed|noted|recommended|"
    r"recommendations?|reasons?\s+for\s+(?:the\s+)?(?:decisions?|recommendations?)|"
    r"reason\s+for\s+decision|action|actions)\b\s*[:\-\u2013\u2014]?\s*$",
    re.I,
)
_RESOLVED = re.compile(
    r"^(?:it\s+was\s+)?(?:resolved|decision(?:\s+made)?|decided|agreed|recommended|"
    r"resolution)\b\s*(?:that\b|[:\-\u2013\u2014]|$)",
    re.I,
)
_REASONS = re.compile(r"^reasons?\s+for\b", re.I)
_BOLD_TAIL = re.compile(r"\*\*([^*]+)\*\*\s*$")
_SMALL_WORDS = "a an and as at by for from in into of on or the to with via per vs"
_SMALL = frozenset(_SMALL_WORDS.split())


@dataclass(slots=True)
class _Heading:
    index: int  # first line of the heading
    body_start: int  # first line after the heading
    committee: str | None
    date: str | None
    extract: bool  # an extract/recommendation: no attendance list expected
    strong: bool = False  # a shape that is minutes wherever it stands (``minutes_forms``)


def _title_case(s: str) -> str:
    """An ALL-CAPS title in title case (small words lower), as the pack's other copies print it."""
    letters = [c for c in s if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return s
    words = s.lower().split(" ")
    out = []
    for i, w in enumerate(words):
        if i and w in _SMALL:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def _date_near(lines: list[Line], i: int, span: int = 3) -> tuple[str | None, int]:
    """The first date in lines i..i+span (a heading may wrap) and the line it ends on."""
    text = ""
    for j in range(i, min(len(lines), i + span)):
        text = f"{text} {lines[j].text}" if text else lines[j].text
        found = find_date(text)
        if found:
            return found[0].isoformat(), j
    return None, i


#: A label printed before a body's name ("Meeting:", "Committee:", "Body:").
BODY_LABEL = re.compile(
    r"^(?:name\s+of\s+(?:the\s+)?)?(?:meeting|committee|body|decision[- ]maker)\s*:\s*",
    re.I,
)


def _clean_committee(s: str | None) -> str | None:
    if not s:
        return None
    s = norm_space(s).strip(" ,.-\u2013\u2014:")
    s = BODY_LABEL.sub("", s)  # "Meeting: Licensing Board": the label is not the name
    s = re.sub(r"^(?:the\s+)", "", s, flags=re.I)
    s = re.sub(r"\s+meeting$", "", s, flags=re.I)
    if not s or s.lower() in {"meeting", "a meeting", "the meeting"} or len(s) > 120:
        return None
    return _title_case(s)


def _is_title_line(line: Line) -> bool:
    """Short, heading-like text: no trailing sentence punctuation, not a label or a table row."""
    t = line.text
    if "\t" in t or len(t) > 220 or not t[:1].isalnum():
        return False
    if t[-1] in ".:;," or _LABEL.match(t) or _END.match(t):
        return False
    return len(t.split()) <= 30


def _date_before(lines: list[Line], i: int, span: int = 3) -> str | None:
    """A date printed on the few lines above a heading ("Cabinet" / "5 April 2022")."""
    for j in range(i - 1, max(-1, i - 1 - span), -1):
        if len(lines[j].text) <= 80:
            found = find_date(lines[j].text)
            if found:
                return found[0].isoformat()
    return None


def _bare_heading(lines: list[Line], i: int) -> _Heading | None:
    """ "Minutes" on its own, with the body's name and the date on the lines around it, and
    the attendance right after (so a minute titled "Minutes" is not taken for a heading)."""
    committee: str | None = None
    for j in range(i - 1, max(-1, i - 4), -1):
        prev = lines[j].text
        if (
            _is_title_line(lines[j])
            and prev[:1].isupper()
            and len(prev.split()) <= 8
            and find_date(prev) is None
            and not re.search(r"document\s+pack|agenda", prev, re.I)
        ):
            committee = _clean_committee(prev)
            break
    date, last = _date_near(lines, i + 1, 2)
    body_start = last + 1 if date else i + 1
    date = date or _date_before(lines, i)
    if committee is None or date is None:
        return None
    if not any(
        ATTEND_LABEL.match(lines[j].text)
        for j in range(body_start, min(len(lines), body_start + 10))
    ):
        return None
    return _Heading(i, body_start, committee, date, extract=False)


def _body_date_heading(lines: list[Line], i: int, body: str) -> _Heading | None:
    """ "Minutes of the Cabinet" over (or followed on its line by) the meeting's date."""
    found = find_date(body)
    if found is not None:
        date: str | None = found[0].isoformat()
        body = body[: found[1]]
        last = i
    else:
        date, last = _date_near(lines, i + 1, 1)
        if date is None or len(lines[last].text) > 120:
            return None
    body = re.sub(
        r"(?:\s+(?:meeting|on|dated?)|\s*[,\u2013\u2014-])+\s*$", "", body.strip(), flags=re.I
    )
    words = body.split()
    if not words or len(words) > 10 or any(w[:1].islower() and w not in _SMALL for w in words):
        return None
    return _Heading(i, last + 1, _clean_committee(body), date, extract=False)


def _find_heading(lines: list[Line], i: int) -> _Heading | None:
    """A minutes heading starting at line ``i``, if there is one."""
    line = lines[i]
    t = line.text
    if len(t) > 300 or "\t" in t:
        return None
    head = t[:1]
    if not (head.isalpha() and head.isupper()):
        return None
    form = labelled_minutes(lines, i) if "inute" in t or "INUTE" in t else None
    form = form or body_date_present(lines, i) or minute_of_meeting(lines, i)
    if form is not None:
        return _Heading(i, form[0], _clean_committee(form[1]), form[2], extract=False, strong=True)
    # Every heading form has one of these words: a cheap test before the patterns.
    low = t.lower()
    if not (
        "minute" in low
        or "held" in low
        or "extract" in low
        or "excerpt" in low
        or "recomm" in low
        or "decision" in low
    ):
        return None
    m = _MINUTES_OF.match(t)
    if m is None and i + 1 < len(lines) and "inutes of" in t[:30] and "held" not in t:
        # "Minutes of the X" over "Held on <date> at ...": the heading wrapped.
        m = _MINUTES_OF.match(f"{t} {lines[i + 1].text}")
    if m:
        date, last = _date_near(lines, i)
        body = m.group("body") or ""
        committee = _clean_committee(m.group("pre")) or _clean_committee(body)
        if committee is None and i > 0 and _is_title_line(lines[i - 1]):
            prev = lines[i - 1].text
            if len(prev.split()) <= 10 and prev[:1].isupper() and find_date(prev) is None:
                committee = _clean_committee(prev)
        if date is None:
            date = _date_before(lines, i)
        return _Heading(i, last + 1, committee, date, extract=False)
    if _BARE_MINUTES.match(t):
        return _bare_heading(lines, i)
    m = _MINUTES_OF_BODY.match(t)
    if m:
        return _body_date_heading(lines, i, m.group("body"))
    m = _EXTRACT.match(t)
    if m:
        date, last = _date_near(lines, i)
        if date is None:
            return None
        return _Heading(i, last + 1, _clean_committee(m.group("body")), date, extract=True)
    m = _HELD.match(t)
    if m:
        body = m.group("body")
        if len(body.split()) > 12 or any(w[:1].islower() and w not in _SMALL for w in body.split()):
            return None
        date, last = _date_near(lines, i)
        if date is None:
            return None
        return _Heading(i, last + 1, _clean_committee(body), date, extract=False)
    return None


def _confirmed(lines: list[Line], h: _Heading, limit: int) -> bool:
    """Minutes proper have an attendance list soon after the heading; extracts a numbered minute."""
    if h.strong:
        return True  # its shape needs the attendance (or says "Minute of Meeting")
    stop = min(limit, h.body_start + (12 if h.extract else 40))
    for j in range(h.body_start, stop):
        t = lines[j].text
        if h.extract:
            m = _NUM.match(t)
            if m and m.group("rest") and len(m.group("rest").split()) >= 3:
                return True
            if m and not m.group("rest") and j + 1 < stop and _is_sentence(lines[j + 1].text):
                return True  # the number on a line of its own, the minute's text below
        elif ATTEND_LABEL.match(t) or APOLOGIES_LABEL.match(t) or OTHER_ATTEND.match(t):
            return True
    return False


# --- items --------------------------------------------------------------------------------------


_DASH_SEP = re.compile(r"^[-\u2013\u2014]\s+(?=[A-Za-z\"'\u2018\u201c]|\d{2,4}/\d{3,6}\s)")
# A planning application reference opening a minute's title ("22/00981/FUL - The Old Forge").
_APP_REF = re.compile(r"^\d{1,4}/\d{2,6}/[A-Z]{2,6}\b")
# A decision reference opening a minute's title ("24/00108 - Revenue Budget").
_DECISION_REF = re.compile(r"^\d{2,4}/\d{3,6}\s+[-\u2013\u2014:]\s")


@dataclass(slots=True)
class _Cand:
    index: int
    number: str
    key: tuple[int, str]
    rest: str  # text after the number ("" for a bare number line)
    dotted: bool
    style: str = "."  # numbering scheme: "()" for "(1)", ")" for "1)", "." for the others
    body_next: bool = False  # a bare number whose body paragraph follows (title above)


def _item_candidate(line: Line) -> _Cand | None:
    m = _NUM.match(line.text) or _YEAR_FIRST.match(line.text)
    if not m:
        return None
    g = m.groupdict()
    prefix = g.get("pre") or ""
    # "CAB 12/24" keeps its space as printed; "C. 12" and "PL / 101" are joined up.
    prefix = prefix if re.fullmatch(r"[A-Z]{2,4} ", prefix) else prefix.replace(" ", "")
    num, punct = g["n"], g["punct"] or ""
    suffix = (g["letter"] or g["pl"] or "").lower()  # "13a", "13(a)"
    rest = g["rest"] or ""
    year = g.get("year") or ""
    lead = g.get("lead")
    dash = _DASH_SEP.match(rest)
    if dash is not None:
        rest, punct = rest[dash.end() :], punct or "-"  # "45 - Apologies", "LC10 - Apologies"
    if rest and "\t" in line.text and ("**" in line.raw or "<" in line.raw):
        # A table row whose cell holds a bold title and then the minute's text.
        head = cell_heading(line, 1)
        if head:
            rest = head
    if g.get("open") and punct != ")":
        return None  # "(12" without its closing bracket is no number
    if (rest[:1].isdigit() and not _APP_REF.match(rest) and not _DECISION_REF.match(rest)) or (
        rest and rest[0] in "%/:-\u2013£$"
    ):
        return None
    if punct and re.match(r"^that\b", rest, re.I):
        return None  # a numbered resolution ("1. That the report be noted")
    n = int(num)
    number = f"{lead}/{num}{suffix}" if lead else f"{prefix}{n}{year}{suffix}"
    style = "()" if g.get("open") else ")" if punct == ")" else "."
    dotted = bool(punct or prefix or year or lead)
    return _Cand(line.no, number, (n, suffix), rest.strip(), dotted, style=style)


def _follows(prev: tuple[int, str] | None, key: tuple[int, str]) -> bool:
    """Is ``key`` a plausible next minute number after ``prev``?"""
    if prev is None:
        return True
    if key <= prev:
        return False
    if key[0] == prev[0]:
        return bool(key[1]) and (not prev[1] or ord(key[1]) - ord(prev[1]) <= 2)
    return key[0] - prev[0] <= 4 and (not key[1] or key[1] == "a")


def _is_sentence(rest: str) -> bool:
    words = rest.split()
    return len(words) >= 7 or (len(words) >= 3 and rest.endswith("."))


# A minute confirming earlier minutes ("Minutes of the meeting held on 22nd July 2024").
_MINUTES_TITLE = re.compile(r"^(?:the\s+)?minutes\s+of\b", re.I)


def _titled(rest: str) -> bool:
    """Title-cased words ("Minutes of the Meeting held on 4 February 2025"): a long title, not
    a sentence, even at seven words or more."""
    if rest.endswith((".", ",", ";", ":")) or ", " in rest:
        return False
    long = [w for w in rest.split() if len(w) > 3 and w[:1].isalnum()]
    caps = sum(1 for w in long if w[:1].isupper() or w[:1].isdigit())
    return len(long) >= 2 and caps >= 0.7 * len(long)


def _heading_text(line: Line) -> str:
    """The line's text; a bold run closing a line glued to a label ("Noted**Title**")."""
    m = _BOLD_TAIL.search(line.raw)
    if m and m.start() > 0 and line.raw[: m.start()].strip():
        return clean_inline(m.group(1))
    return line.text


_ITEM_TAIL = re.compile(
    r"\s*[(\[]\s*(?:agenda\s+)?item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[)\]]$", re.I
)
_WRAPS = re.compile(r"(?:\s[-\u2013\u2014]|/)$")


def _title_above(lines: list[Line], idx: int, lo: int, noise: set[str]) -> str | None:
    """The heading line(s) directly above a numbered body paragraph."""
    j = idx - 1
    while j >= lo and lines[j].text in noise:
        j -= 1
    if j < lo:
        return None
    line = lines[j]
    text = _heading_text(line)
    if text is line.text and not _is_title_line(line):
        return None
    parts = [text]
    # A long title may wrap onto a second line within one paragraph (known from the blank
    # line above it, or from a line that cannot end a title: "... UPDATE -", "... - CFS/").
    while (
        not line.blank_before
        and j - 1 >= lo
        and len(parts) < 3
        and _is_title_line(lines[j - 1])
        and (lines[j - 1].blank_before or _WRAPS.search(lines[j - 1].text))
        and lines[j - 1].text not in noise
    ):
        j -= 1
        line = lines[j]
        parts.insert(0, line.text)
    return norm_space(" ".join(parts))


def _resolution(lines: list[Line], start: int, stop: int, first: str | None) -> str | None:
    """The text after "Resolved"/"Decision" up to the reasons or the next minute.

    ``first`` replaces the text of line ``start`` (the minute's own line without its number).
    """
    out: list[str] = []
    taking = False
    for j in range(start, stop):
        t = first if j == start and first is not None else lines[j].text
        if _REASONS.match(t):
            if taking:
                break
            continue
        m = _RESOLVED.match(t)
        if m:
            if taking and out:
                out.append("")
            taking = True
            rest = t[m.end() :].strip(" :-\u2013\u2014")
            if t[m.end() - 4 : m.end()].lower() == "that":
                rest = "That " + rest
            if rest:
                out.append(rest[:1].upper() + rest[1:])
            continue
        if taking:
            out.append(t)
    text = "\n".join(s for s in out).strip()
    return text or None


def _chain(
    lines: list[Line],
    found: list[_Cand],
    stop: int,
    noise: set[str],
    *,
    headings_only: bool,
    refs: frozenset[int] | set[int] = frozenset(),
) -> list[_Cand]:
    """The increasing run of minute numbers (resolution lists and stray numbers skipped)."""
    out: list[_Cand] = []
    prev: tuple[int, str] | None = None
    for c in found:
        if not _follows(prev, c.key):
            continue
        if not c.rest:
            # A bare number heads the title on the next line; a page number heads nothing.
            nxt = c.index + 1
            if nxt >= stop or lines[nxt].text in noise:
                continue
            nxt_text = lines[nxt].text
            if (_is_sentence(nxt_text) or _LABEL.match(nxt_text)) and not headings_only:
                # The number in a margin column, its body paragraph next: a minute only
                # under a title line (a page number sits in running text).
                above = c.index - 1
                if above < 0 or lines[above].text in noise or not _is_title_line(lines[above]):
                    continue
                c.body_next = True
            elif not _is_title_line(lines[nxt]) or (
                find_date(lines[nxt].text) is not None and not c.key[1]
            ):
                continue  # (a sub-minute's title may cite a meeting's date)
        if (
            headings_only
            and c.rest
            and c.index not in refs  # an "(Item N)" line under it: a (long) title
            and _is_sentence(c.rest)
            and not c.rest.isupper()
            and not _titled(c.rest)
            and not _MINUTES_TITLE.match(c.rest)
            and not (c.index + 1 < stop and _RESOLVED.match(lines[c.index + 1].text))
        ):
            continue
        out.append(c)
        prev = c.key
    return out


def _prefix_lines(lines: list[Line], found: list[_Cand]) -> None:
    """ "CAB" over "16/24(a)": a series prefix the set prints with a space ("CAB 12/24"),
    wrapped onto the line above a number in a narrow column, belongs to that number."""
    prefixes = {c.number.split(" ")[0] for c in found if " " in c.number}
    if not prefixes:
        return
    for c in found:
        if c.index > 0 and c.number[:1].isdigit() and lines[c.index - 1].text in prefixes:
            c.number = f"{lines[c.index - 1].text} {c.number}"


def _parse_set(lines: list[Line], h: _Heading, stop: int) -> Minutes | None:
    first = next(
        (k for k in range(h.body_start, stop) if _item_candidate(lines[k]) is not None), stop
    )
    present, apologies = attendance(lines, h.body_start, stop, first)
    counts = Counter(lines[j].text for j in range(first, stop))
    noise = {
        t
        for t, c in counts.items()
        if c >= 2 and (find_date(t) is not None or re.search(r"\bpage\b|\bminutes\b", t, re.I))
    }
    found = [c for c in (_item_candidate(lines[j]) for j in range(first, stop)) if c is not None]
    _prefix_lines(lines, found)
    found, refs = select_scheme(lines, found, stop)
    cands = _chain(lines, found, stop, noise, headings_only=False, refs=refs)
    if not cands:
        return None
    # Layout vote: numbers opening body paragraphs (title above) or numbers heading titles.
    sentences = sum(
        1
        for c in cands
        if c.index not in refs
        and (c.body_next or (_is_sentence(c.rest) and not _titled(c.rest)) or _LABEL.match(c.rest))
    )
    title_above = sentences * 2 > len(cands)
    if not title_above:
        # Numbers head titles here, so a numbered sentence is a paragraph of some minute.
        cands = _chain(lines, found, stop, noise, headings_only=True, refs=refs)
    items: list[MinuteItem] = []
    for k, c in enumerate(cands):
        end = cands[k + 1].index if k + 1 < len(cands) else stop
        title: str | None
        body_from = c.index + 1
        if title_above:
            lo = cands[k - 1].index + 1 if k else h.body_start
            title = _title_above(lines, c.index, lo, noise)
            if title is None and c.rest and not _is_sentence(c.rest):
                title = c.rest
        elif c.rest and (ref := ref_after(lines, c.index, end)) is not None:
            # The title runs down to its "(Item N)" line.
            title = title_to_ref(lines, c.index, c.rest, ref)
            body_from = ref + 1
        elif c.rest:
            title = c.rest
            # A long title wraps onto the next line(s) of its paragraph.
            nxt = c.index + 1
            while (
                nxt < end
                and nxt - c.index <= 2
                and not lines[nxt].blank_before
                and nxt + 1 < len(lines)
                and lines[nxt + 1].blank_before
                and _is_title_line(lines[nxt])
                and not title.endswith(".")
                and _item_candidate(lines[nxt]) is None
            ):
                title = f"{title} {lines[nxt].text}"
                nxt += 1
                body_from = nxt
        else:
            nxt = c.index + 1
            title = lines[nxt].text if nxt < end else None
            body_from = nxt + 1
            # A title wrapped onto a short last line, the resolution or a new paragraph next.
            if (
                title is not None
                and nxt + 2 < end
                and not title.endswith(".")
                and not lines[nxt + 1].blank_before
                and _is_title_line(lines[nxt + 1])
                and len(lines[nxt + 1].text.split()) <= 6
                and (lines[nxt + 2].blank_before or _RESOLVED.match(lines[nxt + 2].text))
            ):
                title = f"{title} {lines[nxt + 1].text}"
                body_from = nxt + 2
        if title_above and k + 1 < len(cands):
            # The next minute's title line belongs to it, not to this minute's resolution.
            nxt_title = _title_above(lines, cands[k + 1].index, c.index + 1, noise)
            if nxt_title is not None:
                end = max(body_from, cands[k + 1].index - 1)
        if c.rest:
            resolution = _resolution(lines, c.index, end, c.rest)
        else:
            resolution = _resolution(lines, body_from, end, None)
        if title is not None:
            title = _ITEM_TAIL.sub("", norm_space(title))  # "Apologies (Agenda Item 1)"
            title = _title_case(title.strip(" -\u2013\u2014:"))
        items.append(MinuteItem(number=c.number, title=title or None, resolution=resolution))
    return Minutes(
        committee=h.committee,
        date=h.date,
        present=list(dict.fromkeys(present)),
        apologies=list(dict.fromkeys(apologies)),
        items=items,
    )


def _strong(lines: list[Line], h: _Heading) -> bool:
    """A heading that names itself minutes (or a record of decisions) with a "Present" list
    right under it: minutes even where the front sheet seemed to run on."""
    if h.strong:
        return h.committee is not None and h.date is not None
    t = lines[h.index].text
    joined = f"{t} {lines[h.index + 1].text}" if h.index + 1 < len(lines) else t
    named = _MINUTES_OF.match(t) or _MINUTES_OF_BODY.match(t) or _BARE_MINUTES.match(t)
    if not (named or _MINUTES_OF.match(joined)):
        return False
    if h.committee is None or h.date is None:
        return False
    stop = min(len(lines), h.body_start + 12)
    return any(ATTEND_LABEL.match(lines[j].text) for j in range(h.body_start, stop))


def _early_heading(lines: list[Line], start: int) -> int | None:
    """The first strong minutes heading inside what the front sheet took for its own (a
    front sheet whose end was guessed from its last item, not from a document boundary)."""
    for i in range(start):
        t = lines[i].text
        named = "inute" in t or "ecision" in t or "INUTE" in t or "ECISION" in t
        if not named and not (i + 2 < len(lines) and ATTEND.match(lines[i + 2].text)):
            continue
        h = _find_heading(lines, i)
        if h is not None and _strong(lines, h):
            return i
    return None


def _confirming_minute(lines: list[Line], prev: _Heading, h: _Heading) -> bool:
    """ "Minutes of the Meeting held on <earlier date>" inside a set, naming no body, with the
    set's numbering running on across it: the minute that confirms earlier minutes, not a new
    set."""
    if h.committee is not None or h.extract:
        return False
    if h.date is not None and prev.date is not None and h.date >= prev.date:
        return False
    before = next(
        (
            c
            for j in range(h.index - 1, prev.body_start - 1, -1)
            if (c := _item_candidate(lines[j]))
        ),
        None,
    )
    after = next(
        (
            c
            for j in range(h.index, min(len(lines), h.body_start + 6))
            if (c := _item_candidate(lines[j]))
        ),
        None,
    )
    return before is not None and after is not None and _follows(before.key, after.key)


def minutes_heading_at(lines: Sequence[Line], top: int = 14) -> bool:
    """Does a minutes heading (named as minutes, or of a shape only minutes have) open the
    document within its first ``top`` lines?  For the document classifier."""
    rows = list(lines)
    for i in range(min(top, len(rows))):
        h = _find_heading(rows, i)
        if h is not None and not h.extract and _strong(rows, h):
            return True
    return False


def parse_minutes(lines: list[Line], ctx: Context) -> list[Minutes]:
    """Every set of minutes reproduced in the pack, in order."""
    headings: list[_Heading] = []
    n = len(lines)
    start = min(max(ctx.frontsheet_end, 0), n)
    ends: list[int] = []
    early = _early_heading(lines, start)
    for i in range(start if early is None else early, n):
        if _END.match(lines[i].text):
            ends.append(i)
            continue
        h = _find_heading(lines, i)
        if h is not None and (i >= start or _strong(lines, h)):
            if headings and i < headings[-1].body_start:
                continue  # a line of the heading above ("Meeting: X" under "Minutes")
            headings.append(h)
    confirmed: list[tuple[_Heading, int]] = []  # heading, first end marker after it
    e = 0
    for h in headings:
        while e < len(ends) and ends[e] < h.body_start:
            e += 1
        end = ends[e] if e < len(ends) else n
        if _confirmed(lines, h, end):
            if confirmed and _confirming_minute(lines, confirmed[-1][0], h):
                continue
            confirmed.append((h, end))
    out: list[Minutes] = []
    for k, (h, end) in enumerate(confirmed):
        nxt = confirmed[k + 1][0].index if k + 1 < len(confirmed) else n
        got = _parse_set(lines, h, min(nxt, end))
        if got is not None:
            out.append(got)
    return out


def minutes_meeting(lines: list[Line], ctx: Context) -> Meeting | None:
    """The meeting a standalone set of minutes records (``minutes_head.minutes_meeting``)."""
    from minutebook.importer.parse.minutes_head import minutes_meeting as head

    return head(lines, ctx)
