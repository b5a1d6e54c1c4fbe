"""What a file (or a part of a pack) is, decided before any parser reads it.

Councils publish a meeting either as one agenda pack or as separate files: the front sheet
(summons, agenda), each report, its appendices, supplements, the minutes.  Each must go to
the parser made for it: read as a front sheet, a standalone set of minutes turns its numbered
paragraphs into agenda items and its "Present" list into the membership.

The decision uses what the text itself prints near its head, never the file name alone:

- ``minutes``: a "Minutes of a meeting ..." heading at the top, a "Present:" list under it;
- ``frontsheet``: "Summons", "Agenda" / "A G E N D A" headings, "will be held", "Notice of
  meeting", meeting labels (Date/Time/Venue/Membership), a numbered agenda list from 1;
- ``report``: cover labels (From/To/Subject/Decision No/Classification, Report author,
  Contact officer, Portfolio holder, Report status, Key decision, Wards affected ...);
- ``appendix``: an "Appendix B" / "Annex 2" heading on the first lines;
- ``supplement``: a covering letter for papers "to follow" or "not available when the agenda
  was published", a "Supplementary agenda" heading;
- ``forward_plan`` / ``work_programme``: their headings with the table's column headers;
- ``pack``: a front sheet (or a report) followed by further documents (covers, stamps,
  minutes, appendices);
- ``other``: none of these.  Only then may the file name decide, as a weak hint.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from minutebook.importer.parse.text import Line

__all__ = ["KINDS", "Classification", "classify", "classify_lines", "kind_from_name"]

KINDS = (
    "pack",
    "frontsheet",
    "minutes",
    "report",
    "appendix",
    "supplement",
    "forward_plan",
    "work_programme",
    "other",
)

HEAD_LINES = 80  # lines of the first pages that say what the document is
TOP_LINES = 14  # lines that a minutes heading or a covering letter's subject sits in
COVER_WINDOW = 40  # lines one report cover's labels are spread over
LIST_GAP = 6  # appendix headings this close together are a list of appendices

_APPENDIX_HEAD = re.compile(
    r"^(?:appendix|annex|annexe|enclosure|schedule)\s*(?:[A-Z]{1,2}|\d{1,2}(?:\.\d{1,2})?|[ivx]{1,5})"
    r"(?:\b|(?=[-:.\u2013\u2014]))",
    re.I,
)
_MINUTES_HEAD = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed|printed|signed)\s+)?minutes\b(?!\s+(?:to\s+follow|of\s+"
    r"(?:the\s+)?(?:previous|last)\b))"
    r"|^(?:record|notes?)\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?meeting\b",
    re.I,
)
_PRESENT = re.compile(
    r"^(?:(?:members|councillors)\s+)?present\b\s*(?::|\t|[-\u2013]\s|$)"
    r"|^(?:in\s+attendance|attendance)\s*:",
    re.I,
)
_HELD = re.compile(r"\bheld\b|\bmeeting\b", re.I)
_SHORT_MINUTES = re.compile(r"^(?:[A-Z][\w-]*\s+)?minutes$", re.I)
_SUMMONS = re.compile(r"\bsummons\b|\byou\s+are\s+(?:hereby\s+)?summoned\b", re.I)
_AGENDA_HEAD = re.compile(
    r"^(?:a\s?g\s?e\s?n\s?d\s?a|agenda(?:\s+(?:and|&)\s+reports?)?)\W*$", re.I
)
_NOTICE = re.compile(
    r"\bnotice\s+of\s+(?:an?\s+|the\s+)?(?:\w+\s+)?meeting\b|\bwill\s+be\s+held\b"
    r"|^to\s*:\s*(?:all\s+)?(?:the\s+)?(?:members|councillors)\b"
    r"|\bto\s+deal\s+with\s+the\s+following\s+business\b",
    re.I,
)
_MEETING_LABEL = re.compile(
    r"^(?:date|time|venue|place|location|membership|members|quorum|meeting)\s*(?::|\t)", re.I
)
_AGENDA_LINE = re.compile(
    r"^(?:item\s+)?(\d{1,2})\s*[.):]?\s+(?:\d{2}/\d{3,6}\s*[-\u2013]\s*)?[A-Z]"
)
_SUPPLEMENT = re.compile(
    r"^supplement(?:ary)?\b|\bsupplementary\s+(?:agenda|papers?|information|pack)\b"
    r"|\bnot\s+(?:been\s+)?(?:available|ready)\s+(?:when|at\s+the\s+time)\b"
    r"|\b(?:please\s+find\s+)?enclosed\s+(?:are|is|please\s+find|herewith)?\b.{0,60}\b(?:documents?|"
    r"reports?|papers?|items?|amendments?)\b",
    re.I,
)
_LETTER = re.compile(r"^dear\s+(?:member|councillor|colleague|sir|all)s?\b", re.I)
_PLAN_HEAD = re.compile(
    r"\bforward\s+plan\b|\bnotice\s+of\s+(?:key\s+)?decisions\b|\bkey\s+decisions?\s+(?:notice|plan)\b"
    r"|\bplan\s+of\s+key\s+decisions\b|\bschedule\s+of\s+key\s+decisions\b",
    re.I,
)
_PLAN_COLUMNS = re.compile(
    r"\bdecision[\s-]+(?:maker|taker)\b|\bdate\s+of\s+decision\b|\bkey\s+decision\b"
    r"|\bdecision\s+due\b|\bdate\s+decision\b",
    re.I,
)
_PROGRAMME_HEAD = re.compile(r"\bwork\s*programme\b|\bworkplan\b|\bwork\s+plan\b", re.I)
_PROGRAMME_COLUMNS = re.compile(
    r"\bmeeting\s+date\b|\blead\s+officer\b|\bpurpose\b|\bitem\b|\bdate\s+of\s+meeting\b"
    r"|\breport\s+author\b|\bexpected\s+outcome\b",
    re.I,
)
# Report cover labels: with a colon or a tab (or alone on a line) for short words, and any
# separator for the longer labels that cannot open a sentence.
_COVER_SHORT = re.compile(
    r"^(from|to|subject|title|classification|summary|purpose|recommendations?|report\s+of|report\s+to|"
    r"report\s+by|meeting|date\s+of\s+meeting|status)\s*(?::|\t|$)",
    re.I,
)
_COVER_LONG = re.compile(
    r"^(decision\s+(?:no|number|ref(?:erence)?)\b\.?|report\s+authors?|contact\s+officers?|"
    r"contact\s+details|portfolio\s+holders?|cabinet\s+members?\s+responsible|report\s+status|"
    r"key\s+decision|wards?\s+affected|electoral\s+divisions?|relevant\s+directors?|"
    r"executive\s+director|lead\s+officer|responsible\s+officer|purpose\s+of\s+(?:the\s+)?report|"
    r"exempt\s+information|is\s+this\s+a\s+key\s+decision|circulated\s+to|future\s+pathway)"
    r"(?:\s*\(s\))?\s*(?::|\t|\s|$)",
    re.I,
)
_STRONG_COVER = frozenset(
    {"from", "to", "subject", "classification", "decision", "report authors", "report author"}
)
_STAMP = re.compile(r"\bagenda\s+item\s*(?:no\.?)?\s*:?\s*(\d{1,3}[a-z]?)\b\.?\s*$", re.I)
_NAME_HINTS = (
    ("minutes", re.compile(r"\bminutes\b", re.I)),
    ("supplement", re.compile(r"\bsupplement(?:ary)?\b", re.I)),
    ("frontsheet", re.compile(r"\bagenda\b|\bfront\s*sheet\b|\bsummons\b", re.I)),
    ("forward_plan", re.compile(r"\bforward\s+plan\b|\bkey\s+decisions\b", re.I)),
    ("work_programme", re.compile(r"\bwork\s*programme\b", re.I)),
    ("report", re.compile(r"\breport\b|\bstatement\b", re.I)),
    ("appendix", re.compile(r"\b(?:appendix|annex|annexe)\b", re.I)),
)


@dataclass(slots=True)
class Classification:
    """A document's kind, its report cover style (``from_to``, ``labelled``) and why."""

    kind: str
    cover: str | None = None
    reasons: list[str] = field(default_factory=list)


def _head(lines: Sequence[Line]) -> list[Line]:
    """The lines of the first two pages (or the first lines, when pages are unknown)."""
    if not lines:
        return []
    first = lines[0].page
    if first is None:
        return list(lines[:HEAD_LINES])
    return [ln for ln in lines[: HEAD_LINES * 2] if ln.page is not None and ln.page <= first + 1][
        :HEAD_LINES
    ]


def _cover_labels(lines: Sequence[Line]) -> set[str]:
    """The distinct report cover labels printed on these lines."""
    found: set[str] = set()
    for ln in lines:
        t = ln.text.strip()
        if len(t) > 200:
            continue
        m = _COVER_SHORT.match(t) or _COVER_LONG.match(t)
        if m:
            found.add(_label_name(m))
    return found


def _label_name(m: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", m.group(1).lower()).rstrip(". ")


def _cover_style(labels: set[str]) -> str | None:
    if {"from", "to", "subject"} <= labels:
        return "from_to"
    firm = sum(
        1
        for lab in labels
        if lab in _STRONG_COVER or lab.startswith("decision") or _COVER_LONG.match(lab + ":")
    )
    if firm >= 3 or (len(labels) >= 4 and firm >= 2):
        return "labelled"
    return None


def _agenda_run(lines: Sequence[Line]) -> int:
    """The longest run of agenda-numbered lines 1, 2, 3 ... (numbers may be skipped by one)."""
    best = run = 0
    last = 0
    for ln in lines:
        m = _AGENDA_LINE.match(ln.text.strip())
        if not m:
            continue
        n = int(m.group(1))
        if n == 1:
            run, last = 1, 1
        elif last and last < n <= last + 2:
            run, last = run + 1, n
        best = max(best, run)
    return best


def _frontsheet_score(head: Sequence[Line]) -> tuple[int, list[str]]:
    score, why = 0, list[str]()
    texts = [ln.text.strip() for ln in head]
    if any(_SUMMONS.search(t) for t in texts[: TOP_LINES * 2]):
        score, why = score + 3, [*why, "summons"]
    if any(len(t) <= 40 and _AGENDA_HEAD.match(t) for t in texts):
        score, why = score + 2, [*why, "agenda heading"]
    if any(_NOTICE.search(t) for t in texts):
        score, why = score + 2, [*why, "notice of meeting"]
    labels = {
        t.split(":")[0].split("\t")[0].strip().lower() for t in texts if _MEETING_LABEL.match(t)
    }
    if labels:
        score, why = score + min(len(labels), 3), [*why, "meeting labels"]
    if _agenda_run(head) >= 3:
        score, why = score + 2, [*why, "numbered agenda"]
    return score, why


def _minutes_head(head: Sequence[Line]) -> bool:
    """A minutes heading on the first lines with a "Present" list soon under it."""
    top = head[:TOP_LINES]
    for i, ln in enumerate(top):
        t = ln.text.strip()
        if len(t) <= 300 and _MINUTES_HEAD.match(t):
            below = head[i : i + 25]
            if any(_PRESENT.match(x.text.strip()) for x in below) or bool(_HELD.search(t)):
                return True
            break
    # Minutes headings of other shapes (the body over the date over "Present", "Minute of
    # Meeting of the X. Present:-", "Committee Minutes" over labels): parse.minutes knows them.
    from minutebook.importer.parse.minutes import minutes_heading_at

    return minutes_heading_at(head, TOP_LINES)


def _supplement(head: Sequence[Line]) -> bool:
    texts = [ln.text.strip() for ln in head[: TOP_LINES * 2]]
    if any(len(t) <= 60 and re.match(r"^supplement(?:ary)?\b", t, re.I) for t in texts):
        return True
    letter = any(_LETTER.match(t) for t in texts)
    return letter and any(_SUPPLEMENT.search(t) for t in texts)


_APPENDICES_LIST = re.compile(
    r"^(?:\d{1,2}\.?\s*)?(?:appendices|list\s+of\s+appendices|attachments|annexes)\b", re.I
)
_PROSE_VERB = re.compile(
    r"\b(?:is|are|was|were|can|will|would|should|sets|shows|gives|has|have|provides|includes)\b",
    re.I,
)


def _appendix_heading(t: str) -> bool:
    """ "Appendix B: Devolution framework", not "Appendix G can only be produced ..."."""
    m = _APPENDIX_HEAD.match(t)
    return m is not None and len(t) <= 150 and not _PROSE_VERB.search(t[m.end() :])


def _appendix(head: Sequence[Line]) -> bool:
    return any(_appendix_heading(ln.text.strip()) for ln in head[:3])


def _plan_kind(head: Sequence[Line]) -> str | None:
    texts = [ln.text.strip() for ln in head]
    top = [t for t in texts[:TOP_LINES] if len(t) <= 150]
    if any(_PLAN_HEAD.search(t) for t in top) and any(_PLAN_COLUMNS.search(t) for t in texts):
        return "forward_plan"
    columns = {m.group(0).lower() for t in texts for m in _PROGRAMME_COLUMNS.finditer(t)}
    if any(_PROGRAMME_HEAD.search(t) for t in top) and len(columns) >= 2:
        return "work_programme"
    return None


# Every pattern ``_later_documents`` matches at the start of a line, as one: a line none of
# them can start (most lines) is passed over with one test.  (All are case-insensitive.)
_ANY_START = re.compile(
    "|".join(
        f"(?:{rx.pattern})"
        for rx in (
            _MINUTES_HEAD,
            _SHORT_MINUTES,
            _APPENDICES_LIST,
            _APPENDIX_HEAD,
            _COVER_SHORT,
            _COVER_LONG,
        )
    ),
    re.I,
)


def _later_documents(lines: Sequence[Line], start: int, appendices: bool = True) -> int:
    """How many documents start after line ``start``: report covers, distinct "Agenda Item"
    stamps, minutes headings, appendix headings after a page break."""
    stamps: set[str] = set()
    covers = 0
    others = 0
    window: deque[str | None] = deque(maxlen=COVER_WINDOW)  # ``_cover_labels`` of each line
    last_cover = -COVER_WINDOW
    last_appendix = -LIST_GAP - 1
    prev_page = lines[start - 1].page if 0 < start <= len(lines) else None
    for i in range(start, len(lines)):
        ln = lines[i]
        t = ln.text.strip()
        if len(t) <= 60:
            m = _STAMP.search(t)
            if m:
                stamps.add(m.group(1).lower())
        new_page = ln.page is not None and ln.page != prev_page
        prev_page = ln.page
        if _ANY_START.match(t) is None:
            window.append(None)  # (none of the patterns below can match: the common case)
            continue
        minutes = (len(t) <= 200 and _MINUTES_HEAD.match(t) and _HELD.search(t)) or (
            len(t) <= 40
            and _SHORT_MINUTES.match(t)
            and any(_PRESENT.match(x.text.strip()) for x in lines[i + 1 : i + 8])
        )
        # An appendix opens a page (or, in text without pages, a paragraph); a list of the
        # appendices ("Appendices: / Appendix 1: ... / Appendix 2: ...") is not one.
        top = new_page if ln.page is not None else ln.blank_before
        if _APPENDICES_LIST.match(t):
            last_appendix = i
        heading = _appendix_heading(t)
        appendix = appendices and top and heading and i - last_appendix > LIST_GAP
        if heading:
            last_appendix = i
        if minutes or appendix:
            others += 1
        label = _COVER_SHORT.match(t) or _COVER_LONG.match(t)
        window.append(_label_name(label) if label is not None and len(t) <= 200 else None)
        if (
            i - last_cover >= COVER_WINDOW
            and label is not None
            and _cover_style({lab for lab in window if lab is not None}) is not None
        ):
            covers += 1
            last_cover = i
            window.clear()
    # In a stamped pack every document carries its stamp; label clusters would count one
    # long cover twice.
    return (len(stamps) if stamps else covers) + others


def _listing_end(lines: Sequence[Line], head: Sequence[Line]) -> int:
    """The line after the front sheet's agenda listing (the last line of its run numbered
    from 1), where the documents that make a front sheet a pack would start."""
    end = 0
    last = 0
    for k, ln in enumerate(head):
        m = _AGENDA_LINE.match(ln.text.strip())
        if not m:
            continue
        n = int(m.group(1))
        if n == 1 and not last:
            last, end = 1, k
        elif last and last < n <= last + 2:
            last, end = n, k
        elif last:
            break  # numbering of another document (minutes, a report's paragraphs)
    return min(end + 1, len(lines))


def kind_from_name(name: str | None) -> str | None:
    """A weak hint from a file name: the descriptor printed last wins ("Annex 2 - ... -
    Appendix D" is an appendix, "Annex 1 - ... covering report" a report)."""
    if not name:
        return None
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.rsplit("/", 1)[-1])
    best: tuple[int, str] | None = None
    for kind, rx in _NAME_HINTS:
        for m in rx.finditer(stem):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    return best[1] if best else None


def classify_lines(lines: Sequence[Line], name: str | None = None) -> Classification:
    """Classify a whole file's (or a pack part's) normalised lines; ``name`` is a weak hint."""
    head = _head(lines)
    if not head:
        return Classification("other", reasons=["empty"])
    labels = _cover_labels(head[: COVER_WINDOW + 20])
    style = _cover_style(labels)
    fs_score, fs_why = _frontsheet_score(head)

    if _appendix(head):
        return Classification("appendix", style, ["appendix heading"])
    if _supplement(head):
        return Classification("supplement", style, ["covering letter for later papers"])
    if _minutes_head(head) and fs_score < 3:
        return Classification("minutes", None, ["minutes heading"])
    plan = _plan_kind(head)
    if plan and fs_score < 3:
        return Classification(plan, None, ["plan heading and columns"])
    if fs_score >= 3 and (style is None or fs_score >= 5):
        later = _later_documents(lines, _listing_end(lines, head))
        if later >= 1:
            return Classification("pack", style, [*fs_why, f"{later} documents follow"])
        return Classification("frontsheet", None, fs_why)
    if style is not None:
        later = _later_documents(lines, 0, appendices=False)  # a report's own appendices
        if later >= 2:
            return Classification("pack", style, ["report covers", f"{later} documents"])
        return Classification("report", style, [f"cover labels: {', '.join(sorted(labels))}"])
    hint = kind_from_name(name)
    if hint is not None:
        return Classification(hint, None, ["file name"])
    return Classification("other", None, [])


def classify(lines: Sequence[Line], name: str | None = None) -> str:
    """The kind of a file or pack part (one of ``KINDS``)."""
    return classify_lines(lines, name).kind
