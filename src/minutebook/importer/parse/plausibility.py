"""Warnings for output that is probably wrong, so a bad parse is never silent.

A parser that reads the wrong kind of document (a set of minutes as a front sheet, a report as
an agenda) still produces a well-formed pack; what gives it away is its shape: dozens of agenda
items with no pages, "titles" that are sentences, members called "Vacancy", a meeting a year
from its publication date.  ``check`` returns one plain sentence per problem, for an officer,
each starting with ``PREFIX`` so that ``minutebook import --strict`` can refuse exactly these.
Pure Python, no Django.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import PurePath

from minutebook.importer.pack import AgendaItem, Pack
from minutebook.importer.parse.text import Line, find_date

__all__ = ["PREFIX", "check", "is_implausibility"]

#: Every warning of this module starts so.
PREFIX = "Check: "
#: Days between the meeting and its publication (or the date in the file name) that are normal.
MAX_DAYS = 60
#: An agenda with more items than this is a set of numbered paragraphs, not an agenda.
MAX_ITEMS = 45
#: One-document kinds (``parse.classify``) that need not name their meeting.
ONE_DOCUMENT = frozenset({"report", "appendix", "other"})
#: A title longer than this (characters) is a paragraph, not an agenda item's title.
LONG_TITLE = 160

_CATEGORY = re.compile(
    r"^(?:vacan(?:cy|t)|vacancies|tbc|tba|to be (?:confirmed|appointed|advised)|"
    r"(?:parent|church|diocesan|roman catholic|church of england)\s+(?:governor|"
    r"representative)s?|co-?opted\s+(?:member|representative)s?|independent\s+"
    r"(?:person|member)s?|(?:substitute|reserve|named substitute)\s+members?|members?|"
    r"councillors?|chair(?:man|woman)?|vice[- ]chair(?:man|woman)?|officers?|"
    r"(?:labour|conservative|liberal democrats?|green|reform uk|independent)\s+group)$",
    re.I,
)
_SENTENCE_START = re.compile(
    r"^(?:resolved|agreed|noted|that\b|the (?:committee|cabinet|council|panel|board|chair"
    r"(?:man)?)\b|members? (?:noted|asked|agreed|raised)|it was\b|there (?:was|were)\b|"
    r"in (?:response|answer) to\b)",
    re.I,
)
_VERB = re.compile(
    r"\b(?:was|were|is|are|has|had|have|would|will|said|asked|noted|agreed|resolved|explained|"
    r"confirmed|reported|advised|stated)\b",
    re.I,
)
_NUMBER = re.compile(r"^(\d+)")
_PRESENT = re.compile(
    r"^(?:present|members present|in attendance|officers present|"
    r"the meeting (?:started|commenced|began|opened|closed|ended|finished))\b",
    re.I,
)
_RESOLVED = re.compile(
    r"^(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:resolved|it was resolved|agreed|decisions? made|decision:)",
    re.I,
)
_STAMP = re.compile(r"^agenda\s+item\s+(\d{1,3}[a-z]?(?:\.\d{1,2})?)\s*$", re.I)


def is_implausibility(warning: str) -> bool:
    """A warning from ``check`` (which ``--strict`` refuses)."""
    return warning.startswith(PREFIX)


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _looks_like_sentence(title: str) -> bool:
    """Minute text or a paragraph rather than a heading."""
    t = title.strip()
    if len(t) > LONG_TITLE:
        return True
    if _SENTENCE_START.match(t):
        return True
    words = t.split()
    return len(words) >= 12 and t.endswith(".") and bool(_VERB.search(t))


#: Short agenda items a page can list (a small body's one-page agenda lists 15 or more).
ITEMS_PER_PAGE = 24
#: Mean words a title of a listed item has at most; longer ones are paragraphs.
LISTED_TITLE_WORDS = 14


def _crowded(agenda: list[AgendaItem], pages: int) -> bool:
    """More items than the pages could list, or items whose titles are paragraphs: the
    numbered lines are not an agenda's listing."""
    if len(agenda) > ITEMS_PER_PAGE * pages:
        return True
    words = sum(len((a.title or "").split()) for a in agenda)
    return words > LISTED_TITLE_WORDS * len(agenda)


def _file_date(name: str) -> date | None:
    """A date printed in the file's name ("Agenda 09th-Jan-2025", "2025-01-09 minutes")."""
    stem = PurePath(name).stem
    text = re.sub(r"[_]+", " ", stem)
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text, flags=re.I)
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)|(?<=\d)-(?=[A-Za-z])", " ", text)
    found = find_date(text)
    return found[0] if found else None


def _agenda(pack: Pack, lines: list[Line]) -> list[str]:
    out: list[str] = []
    agenda = pack.meeting.agenda
    n = len(agenda)
    if not n:
        return out
    if n > MAX_ITEMS:
        out.append(
            f"The agenda has {n} items, more than an agenda usually has: numbered paragraphs "
            "(of minutes or a report) may have been read as agenda items."
        )
    tops = [int(m.group(1)) for a in agenda if (m := _NUMBER.match(a.number or ""))]
    restarts = sum(1 for a, b in pairwise(tops) if b < a)
    if n >= 6 and restarts >= 2:
        out.append(
            f"The agenda's numbering starts again {restarts} times: the items may come from "
            "several documents' numbered paragraphs rather than one agenda."
        )
    # Paged: a PDF, or a text whose "Page N" stamps number most of its lines.
    stamped = sum(1 for ln in lines if ln.page is not None)
    paged = bool(pack.source.pages) or stamped >= 0.5 * max(len(lines), 1)
    no_pages = sum(1 for a in agenda if a.pages is None)
    if paged and pack.reports and n >= 6 and no_pages >= 0.8 * n:
        out.append(
            f"{no_pages} of the {n} agenda items have no page numbers although the document "
            "is paged: the agenda listing may not have been read."
        )
    pages = pack.source.pages
    if pages and n > max(3 * pages, 12) and not pack.reports and _crowded(agenda, pages):
        out.append(
            f"The agenda has {n} items for a {pages}-page document with no reports: check "
            "that this is an agenda."
        )
    sentences = [a for a in agenda if a.title and _looks_like_sentence(a.title)]
    if sentences and (len(sentences) >= 3 or len(sentences) >= 0.25 * n):
        first = sentences[0]
        out.append(
            f"{len(sentences)} agenda item titles read like sentences or minute text (item "
            f'{first.number}: "{(first.title or "")[:60]}..."): the document may be minutes '
            "or a report rather than an agenda."
        )
    wordless = [a for a in agenda if a.title and not any(ch.isalpha() for ch in a.title)]
    if wordless and len(wordless) >= max(2, 0.25 * n):
        out.append(
            f"{len(wordless)} agenda item titles are only numbers (item {wordless[0].number}: "
            f'"{wordless[0].title}"): a table may have been read as the agenda.'
        )
    if not pack.minutes and _minutes_shaped(lines):
        out.append(
            "The document reads like minutes (attendance and resolutions) but no minutes were "
            f"found: its {n} numbered headings were read as agenda items."
        )
    untitled = sum(1 for a in agenda if not (a.title or "").strip())
    if untitled and untitled >= 0.25 * n:
        out.append(f"{untitled} of the {n} agenda items have no title.")
    return out


def _minutes_shaped(lines: list[Line]) -> bool:
    """Attendance and at least two resolutions: the shape of minutes, not of an agenda."""
    present = resolved = 0
    for ln in lines:
        head = ln.text[:40]
        if _PRESENT.match(head):
            present += 1
        elif _RESOLVED.match(head):
            resolved += 1
    return present >= 1 and resolved >= 2


def _item_stamps(lines: list[Line]) -> list[tuple[int, str]]:
    """(index, number) of each "Agenda Item N" stamp line."""
    out = []
    for i, ln in enumerate(lines):
        m = _STAMP.match(ln.text)
        if m:
            out.append((i, m.group(1).lower()))
    return out


def _report_items(pack: Pack, lines: list[Line]) -> list[str]:
    """A one-report file whose agenda item is not the one stamped at its head."""
    if len(pack.reports) != 1 or not lines:
        return []
    rep = pack.reports[0]
    stamps = _item_stamps(lines)
    if not stamps or not rep.agenda_item:
        return []
    n = len(lines)
    head = [num for i, num in stamps if i < max(min(0.25 * n, 15), 3)]
    item = rep.agenda_item.lower()
    if head and item != head[0]:
        return [
            f'The report "{rep.title[:60]}" is given agenda item {rep.agenda_item}, but its '
            f"head is stamped Agenda Item {head[0]}: check which item it is for."
        ]
    # A document's item stamp is printed above its cover; one well below the title (or in
    # the last quarter) belongs to the next document.
    title_at = pack.provenance.get("reports.0.title", {}).get("line")
    below = title_at + 3 if isinstance(title_at, int) else 0.75 * n
    if not head and all(i > below for i, num in stamps if num == item):
        return [
            f'The report "{rep.title[:60]}" takes agenda item {rep.agenda_item} from a stamp '
            "below its cover, which usually belongs to the next document: check its item."
        ]
    return []


def _members(pack: Pack) -> list[str]:
    members = pack.meeting.members
    if not members:
        return []
    blank = [m for m in members if not any(ch.isalpha() for ch in m.name or "")]
    category = [m for m in members if _CATEGORY.match((m.name or "").strip(" .:*"))]
    long = [m for m in members if len((m.name or "").split()) > 6]
    out: list[str] = []
    if blank:
        out.append(f"{len(blank)} members have no name.")
    if category:
        names = ", ".join(sorted({m.name for m in category})[:3])
        out.append(
            f"{len(category)} members are named by a category or place, not a person "
            f"({names}): the member's name may be on another line, or the seat is vacant."
        )
    if long and len(long) >= max(2, 0.25 * len(members)):
        out.append(
            f'{len(long)} member names are longer than a name ("{long[0].name[:50]}"): a '
            "list of attendees or a paragraph may have been read as the membership."
        )
    return out


def _dates(pack: Pack) -> list[str]:
    m = pack.meeting
    out: list[str] = []
    # A report or appendix on its own often names no meeting: its folder (or the officer)
    # supplies it, and the parser has already said so.
    document = pack.kind in ONE_DOCUMENT
    if not m.committee and not document:
        out.append("No committee or body was found for the meeting.")
    when = _iso(m.date)
    if when is None:
        if not document:
            out.append("No meeting date was found.")
        return out
    published = _iso(m.published)
    if published and abs((when - published).days) > MAX_DAYS:
        out.append(
            f"The meeting date ({when:%d %B %Y}) is {abs((when - published).days)} days from "
            f"the publication date ({published:%d %B %Y}): one of them may be another date "
            "printed on the page."
        )
    named = _file_date(pack.source.file)
    if named and named != when:
        # Councils name a meeting's files by its date: another date was probably read (a
        # letter's, the previous meeting's).
        how = "far from" if abs((when - named).days) > MAX_DAYS else "not"
        out.append(
            f"The meeting date ({when:%d %B %Y}) is {how} the date in the file name "
            f"({named:%d %B %Y}): check which meeting this document belongs to."
        )
    return out


def _sections(pack: Pack, lines: list[Line]) -> list[str]:
    out: list[str] = []
    for mins in pack.minutes:
        if not mins.items:
            out.append(
                f"A set of minutes ({mins.committee or 'unknown body'}, {mins.date or 'no date'}) "
                "has no minute items."
            )
    if pack.reports:
        no_author = [r for r in pack.reports if not r.authors]
        if no_author and len(no_author) >= max(2, 0.5 * len(pack.reports)):
            out.append(
                f"{len(no_author)} of the {len(pack.reports)} reports have no author "
                f'("{no_author[0].title[:60]}"): the cover sheet may not have been read.'
            )
        elif len(pack.reports) == 1 and no_author:
            out.append(f'The report "{no_author[0].title[:60]}" has no author.')
        placed = {a.number.lower() for a in pack.meeting.agenda}
        loose = [
            r
            for r in pack.reports
            if not r.agenda_item or (placed and r.agenda_item.lower() not in placed)
        ]
        if loose:
            out.append(
                f"{len(loose)} of the {len(pack.reports)} reports name no agenda item of this "
                f'meeting ("{loose[0].title[:60]}"): say which item each is for.'
            )
    if pack.forward_plan:
        no_maker = [e for e in pack.forward_plan if not e.decision_maker]
        if no_maker and len(no_maker) >= max(2, 0.5 * len(pack.forward_plan)):
            out.append(
                f"{len(no_maker)} of the {len(pack.forward_plan)} forward-plan entries have no "
                "decision maker: the plan's columns may not have been read."
            )
    pages = pack.source.pages
    # (A report on its own is read from its cover: its length says nothing.)
    if pages and pages >= 8 and pack.kind not in ONE_DOCUMENT:
        used = {p["page"] for p in pack.provenance.values() if p.get("page") is not None}
        for a in pack.meeting.agenda:
            if a.pages:
                used.update(range(a.pages[0], a.pages[1] + 1))
        for r in pack.reports:
            if r.pages:
                used.update(range(r.pages[0], r.pages[1] + 1))
        top = max(used, default=0)
        records = (
            len(pack.meeting.agenda)
            + len(pack.reports)
            + sum(len(x.items) for x in pack.minutes)
            + len(pack.forward_plan)
        )
        if top < pages / 2 and records < pages / 4:
            out.append(
                f"The PDF has {pages} pages but what was extracted comes from the first "
                f"{top or 'few'}: most of the document was not understood."
            )
    return out


def check(pack: Pack, lines: list[Line]) -> list[str]:
    """One sentence (starting with ``PREFIX``) per implausible feature of ``pack``."""
    found = _dates(pack) + _members(pack) + _agenda(pack, lines) + _sections(pack, lines)
    found += _report_items(pack, lines)
    return [PREFIX + w for w in found]
