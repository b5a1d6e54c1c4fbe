"""Forward plans and key-decision notices: wide tables recovered from linearised text.

PDF extraction renders the same table in several ways; each is reduced to "cells per field":

* Row tables (tab-separated, pipe tables, HTML cells): the header row's labels are classified
  into fields (title, decision maker, date, key decision, access, portfolio holder, officer,
  other) and every row's cells are mapped to them by position.  The header repeats at page
  breaks; a row that cannot stand alone (no decision maker, date or key-decision marker) is the
  rest of the previous row cut by the page break and is merged into it.  Cells may hold HTML
  paragraphs (``<p>``, ``<br>``) that separate the title from its markers and description.
* Column-by-column text: each page of the table comes out one column after the other.  Cells
  announce themselves ("Key Decision - Yes", "Decision Maker" / "Cabinet", "Decision Date" /
  "5 Apr 2022", "Portfolio Holder for ...", an officer with an e-mail address), so every field
  becomes an ordered stream per page; titles are the text just before each key-decision marker,
  separated from the previous entry's description by paragraph, sentence and line-wrap cues,
  and skipping other columns' unlabelled cells.  The streams are then zipped entry by entry.
  When no cell names its column, cells are mapped by position: the header labels give the
  column order and the subject cells (those with a key-decision marker) give the row count.
  "Label: value" records (a key-decision notice as a list) go through the same streams.

Committee work programmes and decision trackers share the look but name no decision maker
and no key decision: they are not forward plans.  A lone "Key decision: Yes" (a report's
cover sheet) is not a plan either.  All passes are linear in the pack's length.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field, replace

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import (
    Line,
    clean_inline,
    find_date,
    is_exempt_paragraph,
    norm_space,
)

__all__ = ["parse_forward_plan"]

TITLE, MAKER, DATE, KEY, ACCESS, PH, OFFICER, OTHER = (
    "title",
    "maker",
    "date",
    "key",
    "access",
    "portfolio",
    "officer",
    "other",
)

_D = "\\-\u2013\u2014:"  # separators between a label and its value

# --- header labels -----------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_NUMBERING = re.compile(r"\s*\(\s*\d{1,2}\s*\)\s*|\s*\*+\s*")


def _label_key(s: str) -> str:
    s = _NUMBERING.sub(" ", s.lower())
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return _WS.sub(" ", s).strip(" :")


_LOOSE: list[tuple[str, re.Pattern[str]]] = [
    (KEY, re.compile(r"key\s+decision")),
    (
        OTHER,
        re.compile(
            r"consult|document|background|reason|means|comment|requested|\bnotes?\b|ward|"
            r"agreement|purpose|other\s+meeting|previous|outcome"
        ),
    ),
    (
        MAKER,
        re.compile(r"decision[\s-]*(?:maker|taker|making)|who\s+will\s+(?:make|take)|by\s+whom"),
    ),
    (DATE, re.compile(r"\bdate\b|\bwhen\b|\bdue\b|\btiming\b")),
    (PH, re.compile(r"portfolio|cabinet\s+member|lead\s+member|executive\s+member|councillor")),
    (OFFICER, re.compile(r"officer|contact|author")),
    (ACCESS, re.compile(r"exempt|private|confidential|access|\bopen\b")),
    (TITLE, re.compile(r"subject|matter|title|item|issue|decision|topic|description|summary")),
]

_ACCESS_VALUES = (
    r"open|public|part(?:ly|ially)?[\s-]+(?:exempt|private|closed|confidential)|"
    r"fully[\s-]+(?:exempt|private|closed|confidential)|exempt|private|closed|confidential|"
    r"restricted"
)

_STRICT: list[tuple[str, re.Pattern[str]]] = [
    (
        KEY,
        re.compile(
            r"(?:is\s+(?:this|it)\s+(?:item\s+)?a\s+)?key\s+decisions?\??"
            r"(?:\s*\(?(?:yes\s*/\s*no|y\s*/\s*n)\)?)?"
        ),
    ),
    (
        MAKER,
        re.compile(
            r"(?:the\s+)?decision[\s-]*(?:makers?|takers?|making\s+body)|"
            r"who\s+will\s+(?:make|take)\s+the\s+decision\??|decided\s+by"
        ),
    ),
    (
        DATE,
        re.compile(
            r"(?:(?:expected|anticipated|provisional|proposed|planned|earliest)\s+)?"
            r"(?:decision\s+)?date(?:\s+of\s+(?:the\s+)?(?:decision|meeting)"
            r"(?:\s+of\s+(?:the\s+)?\w+)?)?|"
            r"date\s+(?:the\s+)?decision\s+(?:is\s+)?(?:due|expected)(?:\s+to\s+be\s+(?:made|taken))?|"
            r"(?:decision\s+)?due\s+date|when\s+(?:will\s+)?(?:the\s+)?decision\s+(?:will\s+)?be"
            r"\s+(?:made|taken)\??"
        ),
    ),
    (
        TITLE,
        re.compile(
            r"(?:subject|title|matter|item|issue|topic|decision)"
            r"(?:\s*(?:/|and|or)\s*(?:decision|consideration|description))?"
            r"(?:\s+(?:for|of)\s+(?:the\s+)?(?:decision|consideration|report)"
            r"(?:\s*/\s*consideration)?)?|"
            r"(?:description|details|summary|nature)\s+of\s+(?:the\s+)?(?:decision|matter|item)|"
            r"(?:proposed|planned)\s+decision|decision\s+to\s+be\s+(?:taken|made)"
        ),
    ),
    (
        PH,
        re.compile(
            r"(?:relevant\s+|responsible\s+|lead\s+)?(?:portfolio\s+holders?(?:\s*/\s*s)?|"
            r"(?:cabinet|executive|lead)\s+members?(?:\s+responsible)?|portfolio)(?:\s*\(s\))?"
        ),
    ),
    (
        OFFICER,
        re.compile(
            r"(?:(?:lead|contact|responsible|report)\s+)?(?:officers?|authors?)"
            r"(?:\s+(?:contact|details|name))?|contact(?:\s+(?:officer|details))?"
        ),
    ),
    (
        ACCESS,
        re.compile(
            r"public\s+access|(?:open|public)\s*(?:/|or)\s*(?:exempt|private|closed|confidential)"
            r"|(?:exempt|private|confidential)\s*(?:/|or)\s*(?:open|public)"
            r"|(?:is\s+(?:the\s+|this\s+)?(?:decision|item|report)\s+)?(?:exempt|private|confidential)"
            r"\s*\??"
            r"(?:\s+(?:information|item|report))?|(?:exempt|private|confidential)\s+"
            r"(?:information|item|report)|(?:reasons?\s+for\s+)?(?:exemption|confidentiality)"
        ),
    ),
    (
        OTHER,
        re.compile(
            r"(?:other\s+)?(?:committees?|bodies)(?:\s*\(s\))?\s+consulted"
            r"(?:\s+and\s+dates?\s+of\s+meetings?(?:\s*\(s\))?)?|consultees?|"
            r"(?:means|methods?)\s+of\s+consultation|consultation(?:\s+(?:details|process))?|"
            r"documents?(?:\s+(?:relied\s+upon|to\s+be\s+considered))?|background\s+papers?|"
            r"wards?\s+affected|comments?|requested\s+by"
        ),
    ),
]


def _loose_field(cell: str) -> str | None:
    t = _label_key(cell)
    if not t or len(t) > 90 or len(t.split()) > 12 or re.search(r"\d", t):
        return None
    # a trailing qualifier ("Open or exempt (reason)") does not name the column
    bare = _QUALIFIER.sub("", t) or t
    for name, rx in _LOOSE:
        if rx.search(bare):
            return name
    return None


_QUALIFIER = re.compile(r"\s*\([^()]*\)$")


_LABEL_FIRST_WORDS = (
    "subject title matter item issue topic decision description details summary nature "
    "proposed planned key is the who decided expected anticipated provisional earliest date "
    "due when relevant responsible lead portfolio cabinet executive contact report officer "
    "officers author authors public open exempt private confidential reasons reason "
    "exemption confidentiality other committee committees committee(s) bodies consultees "
    "consultee means methods method consultation documents document background wards ward "
    "comments comment requested"
)
_LABEL_FIRST = frozenset(_LABEL_FIRST_WORDS.split())


def _strict_prefix(text: str) -> bool:
    """Can ``text`` begin a header label (cheap test on its first word)?"""
    return text.split(" ", 1)[0].lower().strip(":") in _LABEL_FIRST


@functools.lru_cache(maxsize=4096)
def _strict_field(text: str) -> str | None:
    """The field a header label names, when ``text`` is exactly such a label."""
    first = text.split(" ", 1)[0].lower().strip(":")
    if first not in _LABEL_FIRST:
        return None
    t = _label_key(text)
    if not t or len(t) > 80:
        return None
    for name, rx in _STRICT:
        if rx.fullmatch(t):
            return name
    return None


# --- cell values -------------------------------------------------------------------------------

_KD = re.compile(r"\bkey\s+decision\s*[" + _D + r"]?\s*(?:\?\s*)?\b(yes|no)\b\.?", re.I)
_ACCESS_AFTER_KD = re.compile(
    r"^\s*(?:(?:public\s+)?access\s*[" + _D + r"]\s*|[" + _D + r"]\s*)?(" + _ACCESS_VALUES + r")\b",
    re.I,
)
_ACCESS_LABELLED = re.compile(
    r"\b(?:public\s+)?access\s*[" + _D + r"]\s*(" + _ACCESS_VALUES + r")\b", re.I
)
_KD_LINE = re.compile(
    r"^key\s+decision\s*[" + _D + r"]?\s*(?:\?\s*)?(yes|no)\b\.?"
    r"(?:\s*(?:(?:public\s+)?access\s*[" + _D + r"]\s*)?(" + _ACCESS_VALUES + r"))?\s*$",
    re.I,
)
_ACCESS_LINE = re.compile(
    r"^(?:public\s+)?access\s*[" + _D + r"]\s*(" + _ACCESS_VALUES + r")\s*$", re.I
)
_HALF_ACCESS = re.compile(r"\baccess\s*[" + _D + r"]\s*(?:fully|part(?:ly|ially)?)$", re.I)
_ACCESS_REST = re.compile(r"^(?:exempt|private|closed|confidential)$", re.I)
_PARAS = re.compile(r"\bparagraphs?\s*((?:\d{1,2}[a-z]?(?:\s*(?:,|and|&|/)\s*)?)+)", re.I)
_MONTH_LINE = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\s+\d{4})?$",
    re.I,
)
_UNDETERMINED = re.compile(
    r"\b(?:tbc|tba|to\s+be\s+(?:confirmed|determined|agreed|decided))\b", re.I
)
_PH_START = re.compile(
    r"\b(?:(?:deputy\s+)?leader\s+of\s+the\s+council|(?:deputy\s+)?leader\b|"
    r"portfolio\s+holders?\b|(?:lead\s+)?cabinet\s+member\b|lead\s+member\b|"
    r"executive\s+member\b|cabinet\s+lead\b)",
    re.I,
)
_MAKER_LABEL = re.compile(r"^(?:decision[\s-]*(?:maker|taker)s?)\s*[" + _D + r"]?\s*", re.I)
_DATE_LABEL = re.compile(r"^(?:(?:decision\s+)?date|due)\s*[" + _D + r"]?\s*", re.I)
_PAGE_CELL = re.compile(r"^\s*page\s+\d{1,4}\s*$", re.I)
_PAGE_IN_CELL = re.compile(r"^page\s+\d{1,4}\s+|\s+page\s+\d{1,4}$", re.I)
_NONE_VALUES = {"", "-", "none", "n/a", "na", "nil", "tbc", "\u2013", "\u2014"}
_STOP_WORDS = (
    "a an and as at by for from in into of on or "
    "the to with via per vs its their this that be is are"
)
_STOP = frozenset(_STOP_WORDS.split())
_NAME_HEAD = re.compile(r"^([A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3})\s*,")
_NAME_PAREN = re.compile(r"\(([A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+){1,3})\)")
_EMAIL = re.compile(r"\S+@\S+")
_NAME_WORD = re.compile(r"^[A-Z][a-z'\u2019-]+,?$|^[A-Z][a-z]*[A-Z][a-z'\u2019-]+,?$")
_ROLE_WORD = re.compile(
    r"\b(?:director|manager|executive|head|officer|chief|service|services|team|council|"
    r"corporate|lead|leader|assistant|senior|principal|group|board|committee|portfolio)\b",
    re.I,
)


def _access(value: str | None) -> str | None:
    if not value:
        return None
    v = value.lower()
    if v in {"open", "public"}:
        return "open"
    if v.startswith("part"):
        return "part exempt"
    return "fully exempt"


def _paragraph_numbers(text: str) -> list[int]:
    out: list[int] = []
    for m in _PARAS.finditer(text):
        for num in re.findall(r"\d{1,2}", m.group(1)):
            n = int(num)
            if is_exempt_paragraph(n) and n not in out:
                out.append(n)
    return out


def _is_capitalised(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit() or w[:1] in "(\"'\u2018\u201c&"


# First words that open a description rather than continue a title.
_OPENER_WORDS = (
    "To This These The A An It Various Following Approval Approve Agree Seeking Seek "
    "Report Update Consideration Consider Decision Proposal Proposals Members Cabinet "
    "Council Request Requesting Details Summary Options Purpose Recommendation"
)
_OPENERS = frozenset(_OPENER_WORDS.split())


def _split_title_description(text: str) -> str:
    """The title at the head of a cell that runs on into a sentence-case description.

    "Corporate Performance Monitoring Report To consider and comment on performance ..." has
    a title-case head and a sentence tail opening with a typical first word; titles that are
    themselves sentences are kept whole.
    """
    words = text.split()
    n = len(words)
    for k in range(2, n - 3):
        w, nxt = words[k], words[k + 1]
        if w not in _OPENERS or not nxt[:1].islower():
            continue
        head = words[:k]
        if head[-1].lower() in _STOP or head[-1][-1:] in "-\u2013\u2014&:,;/":
            continue
        if not all(_is_capitalised(h) or h.lower() in _STOP or not h[:1].isalpha() for h in head):
            continue
        tail = words[k + 1 :]
        caps = sum(1 for t in tail if t[:1].isupper())
        if caps * 5 <= len(tail):
            return " ".join(head)
    return text


def _subject(parts: list[str]) -> tuple[str | None, bool | None, str | None, list[int]]:
    """Title, key decision, access and exempt paragraphs from a subject cell's paragraphs."""
    kd: bool | None = None
    access: str | None = None
    title: str | None = None
    joined = " ".join(parts)
    for idx, part in enumerate(parts):
        m = _KD.search(part)
        am = _ACCESS_LABELLED.search(part) if m is None else None
        if m is None and am is None:
            continue
        if m is not None:
            kd = m.group(1).lower() == "yes"
            before, after = part[: m.start()], part[m.end() :]
            a2 = _ACCESS_AFTER_KD.match(after)
            if a2:
                access = _access(a2.group(1))
                after = after[a2.end() :]
            else:
                a3 = _ACCESS_LABELLED.search(after)
                if a3:
                    access = _access(a3.group(1))
                    after = after[: a3.start()] + after[a3.end() :]
        else:
            assert am is not None
            access = _access(am.group(1))
            before, after = part[: am.start()], part[am.end() :]
        before = norm_space(" ".join([*parts[:idx], before]))
        after = norm_space(after).strip(" .-")
        rest = parts[idx + 1 :]
        if not after and rest:
            # The access status in a paragraph of its own ("<p>Key Decision - Yes</p><p>Open</p>").
            a4 = _ACCESS_AFTER_KD.fullmatch(rest[0].strip(" ."))
            if a4:
                access = access or _access(a4.group(1))
                rest = rest[1:]
        if before:
            title = before
        elif after:
            title = _split_title_description(after)
        elif rest:
            title = rest[0]
        break
    else:
        title = parts[0] if parts else None
    if access is None:
        am = _ACCESS_LABELLED.search(joined)
        if am:
            access = _access(am.group(1))
    if title is not None:
        title = norm_space(title).strip(" -\u2013\u2014:;,")
        if title.endswith(".") and not title.endswith(".."):
            title = title[:-1].rstrip()
    return title or None, kd, access, _paragraph_numbers(joined)


def _maker_and_holder(text: str) -> tuple[str | None, str | None]:
    """Split "Cabinet Cabinet Member for X (Name)" into the body and the portfolio holder."""
    text = _MAKER_LABEL.sub("", norm_space(text))
    if text.lower() in _NONE_VALUES:
        return None, None
    m = _PH_START.search(text)
    if m and m.start() > 0:
        return text[: m.start()].strip(" ,;/-") or None, text[m.start() :].strip()
    return text or None, None


def _date_value(text: str) -> str | None:
    text = _DATE_LABEL.sub("", norm_space(_PAGE_IN_CELL.sub(" ", text)))
    found = find_date(text)
    if found is None or _UNDETERMINED.search(text[: found[1]]):
        return None
    return found[0].isoformat()


def _officer(text: str) -> str | None:
    """The contact's personal name: "Name, Job title", "Job title (Name)" or a leading name."""
    text = norm_space(_EMAIL.sub(" ", text))
    if not text or text.lower() in _NONE_VALUES:
        return None
    m = _NAME_HEAD.match(text)
    if m and not _ROLE_WORD.search(m.group(1)):
        return m.group(1)
    for name in _NAME_PAREN.findall(text):
        if not _ROLE_WORD.search(name):
            return str(name)
    words = text.split()
    for k in range(min(4, len(words)), 1, -1):
        cand = words[:k]
        if all(_NAME_WORD.match(w) for w in cand) and not _ROLE_WORD.search(" ".join(cand)):
            return " ".join(cand).rstrip(",")
    head = re.split(r"[,(\u2013\u2014]| - ", text, maxsplit=1)[0].strip()
    return head or None


def _holder(text: str) -> str | None:
    text = norm_space(text).strip(" ,;")
    return None if text.lower() in _NONE_VALUES else text


@dataclass(slots=True)
class _Fields:
    """The text of one entry, field by field (each a list of paragraphs)."""

    cells: dict[str, list[str]] = field(default_factory=dict)
    access_label: str = ""  # the access column's header, to read yes/no answers

    def add(self, name: str, parts: list[str]) -> None:
        if parts:
            self.cells.setdefault(name, []).extend(parts)

    def text(self, name: str) -> str:
        return norm_space(" ".join(self.cells.get(name, [])))


def _entry(f: _Fields) -> PlanEntry | None:
    title, kd, access, paras = _subject(f.cells.get(TITLE, []))
    if not title or title.lower() in _NONE_VALUES:
        return None
    key_text = f.text(KEY).lower()
    if key_text:
        if re.match(r"^(?:no|n|non[\s-]*key|not)\b", key_text):
            kd = False
        elif re.match(r"^(?:yes|y|key)\b", key_text):
            kd = True
    access_text = f.text(ACCESS)
    if access_text:
        m = re.search(_ACCESS_VALUES, access_text, re.I)
        yn = re.match(r"^(yes|no|y|n)\b", access_text.lower())
        if yn and not re.match(r"^(?:yes|y)\W+(?:part|fully)", access_text.lower()):
            # A yes/no answer to "Exempt?" (or, rarely, to "Open?").
            asks_open = re.search(r"open|public", f.access_label) and not re.search(
                r"exempt|private|confidential|closed", f.access_label
            )
            exempt = (yn.group(1)[0] == "y") != bool(asks_open)
            access = "fully exempt" if exempt else "open"
            if exempt and re.search(r"\bpart", access_text, re.I):
                access = "part exempt"
        elif m:
            access = _access(m.group(0))
        paras = paras or _paragraph_numbers(access_text)
    maker, holder = _maker_and_holder(f.text(MAKER))
    if PH in f.cells:
        holder = _holder(f.text(PH)) or holder
    if access is None and paras:
        access = "part exempt"
    return PlanEntry(
        title=title,
        key_decision=kd,
        access=access,
        exempt_paragraphs=paras,
        decision_maker=maker,
        decision_date=_date_value(f.text(DATE)),
        portfolio_holder=holder,
        officer=_officer(f.text(OFFICER)),
    )


# --- row tables ----------------------------------------------------------------------------------

_CELL_TAG = re.compile(r"</?t[dh]\b[^>]*>", re.I)
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?=</t[dh]\s*>|<t[dh]\b|</tr\b|$)", re.I)
_PART_BREAK = re.compile(r"</p\s*>|<br\s*/?>|</li\s*>|</div\s*>|</h[1-6]\s*>", re.I)
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _row_cells(raw: str) -> list[list[str]] | None:
    """A table row's cells, each a list of cleaned paragraphs; None for a non-row line."""
    st = raw.strip()
    if st.startswith("|") and st.count("|") >= 2:
        if _PIPE_SEP.match(st):
            return []
        inner = st[1:-1] if st.endswith("|") else st[1:]
        cells = inner.split("|")
    elif "\t" in raw:
        cells = raw.split("\t")
    elif "<t" in raw.lower() and _CELL_TAG.search(raw):
        cells = _HTML_CELL.findall(raw)
    else:
        return None
    if len(cells) > 2 and _PAGE_CELL.match(cells[0]):
        cells = cells[1:]  # a page stamp printed as a cell of its own
    if len(cells) < 2:
        return None
    out: list[list[str]] = []
    for c in cells:
        parts = [clean_inline(p) for p in _PART_BREAK.split(c)] if "<" in c else [clean_inline(c)]
        out.append([p for p in parts if p])
    if out and out[0]:
        out[0] = [q for q in (_PAGE_IN_CELL.sub(" ", p).strip() for p in out[0]) if q]
    return out


def _header(cells: list[list[str]]) -> list[str | None] | None:
    """Field per column when ``cells`` is a forward plan's header row."""
    texts = [" ".join(c) for c in cells]
    nonempty = [t for t in texts if t]
    if len(nonempty) < 3:
        return None
    low = " ".join(nonempty).lower()
    if "decision" not in low and "who will" not in low and "by whom" not in low:
        return None  # cheap test first: every plan header speaks of the decision
    fields = [_loose_field(t) if t else None for t in texts]
    got = [f for f in fields if f]
    if len(got) < 3 or len(got) * 2 < len(nonempty) or TITLE not in got:
        return None
    # Decision trackers and action logs have titles and dates too; a plan names who decides
    # or whether the decision is key (or, at least, public access to a dated decision).
    decisive = MAKER in got or KEY in got
    if not decisive and not (
        ACCESS in got and DATE in got and any("decision" in t.lower() for t in texts)
    ):
        return None
    seen_title = False
    for i, f in enumerate(fields):
        if f == TITLE:
            if seen_title:
                fields[i] = OTHER
            seen_title = True
    return fields


def _stands_alone(f: _Fields) -> bool:
    """Can this row be an entry of its own (rather than the rest of a row cut by a page)?"""
    if not f.text(TITLE):
        return False
    if f.text(MAKER) or f.text(DATE) or f.text(KEY):
        return True
    first = f.cells.get(TITLE, [""])[0]
    m = _KD.search(first)
    return m is not None and bool(first[: m.start()].strip())


def _cut_title(prev: _Fields, f: _Fields) -> bool:
    """Is ``f`` the rest of ``prev`` whose subject cell (title, then marker) a page cut?"""
    if f.text(MAKER) or f.text(DATE) or f.text(KEY):
        return False
    prev_title = " ".join(prev.cells.get(TITLE, []))
    return (
        bool(prev_title)
        and _KD.search(prev_title) is None
        and _KD.search(f.text(TITLE)) is not None
    )


def _read_table(
    lines: list[Line], start: int, fields: list[str | None]
) -> tuple[list[PlanEntry], int]:
    header_sig = tuple(_label_key(" ".join(c)) for c in _row_cells(lines[start].raw) or [])
    access_label = next(
        (header_sig[k] for k, name in enumerate(fields) if name == ACCESS and k < len(header_sig)),
        "",
    )
    rows: list[_Fields] = []
    section_date: str | None = None
    after_header = False
    j = start + 1
    gap = 0
    n = len(lines)
    while j < n:
        cells = _row_cells(lines[j].raw)
        synthetic = cells is None
        if cells is None and len(lines[j].text.split()) <= 8:
            cells = [[lines[j].text]]  # a heading line within the table (period or date)
            only = lines[j].text
            if not (_MONTH_LINE.match(only) or _UNDETERMINED.fullmatch(only) or find_date(only)):
                cells = None
        if cells is None:
            gap += 1
            if gap > 2:
                break
            j += 1
            continue
        gap = 0
        j += 1
        if not cells:
            continue
        sig = tuple(_label_key(" ".join(c)) for c in cells)
        if sig == header_sig or _header(cells) is not None:
            after_header = True
            continue  # the header repeated at a page break
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        if len(nonempty) == 1 and len(nonempty[0]) == 1:
            only = nonempty[0][0]
            if _MONTH_LINE.match(only) or _UNDETERMINED.fullmatch(only.strip()):
                section_date = None
                continue  # a period heading row
            col = next(k for k, c in enumerate(cells) if c)
            in_date_col = not synthetic and col < len(fields) and fields[col] == DATE
            if not in_date_col and len(only.split()) <= 8 and find_date(only) is not None:
                section_date = only  # "Cabinet - 5 April 2022" heading the rows below
                continue
        f = _Fields(access_label=access_label)
        for idx, parts in enumerate(cells):
            name = fields[idx] if idx < len(fields) else None
            if name is not None:
                f.add(name, parts)
        first_after_break, after_header = after_header, False
        if rows and first_after_break and _cut_title(rows[-1], f):
            for name, parts in f.cells.items():
                rows[-1].add(name, parts)
        elif _stands_alone(f) or not rows:
            if section_date and not f.text(DATE):
                f.add(DATE, [section_date])
            rows.append(f)
        else:
            for name, parts in f.cells.items():
                rows[-1].add(name, parts)
    if gap:
        j -= gap
    out = [e for e in (_entry(r) for r in rows) if e is not None]
    return out, j


# --- column-by-column text -------------------------------------------------------------------


def _label_at(lines: list[Line], i: int, stop: int) -> tuple[str, int] | None:
    """A header label on its own (possibly wrapped over up to six lines) at line ``i``."""
    if _strict_prefix(lines[i].text) is False:
        return None
    best: tuple[str, int] | None = None
    text = ""
    for k in range(6):
        j = i + k
        if j >= stop or (k and (lines[j].blank_before or lines[j].raw[:1].isspace())):
            break
        t = lines[j].text
        if "\t" in t or len(t) > 60:
            break
        text = f"{text} {t}" if text else t
        name = _strict_field(text)
        if name is not None:
            best = (name, k + 1)
    return best


_INLINE = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z /()'?]{1,60}?)\s*(?::|\s[\-\u2013\u2014])\s*(?P<value>\S.*)$"
)
_INLINE_BARE = re.compile(r"^(decision\s+maker|decision\s+date)\s+(\S.*)$", re.I)


def _inline_label(text: str) -> tuple[str, str] | None:
    """A "Label: value" line ("Decision maker: Cabinet", "Decision Date 5 Apr 2022")."""
    m = _INLINE.match(text)
    if m:
        name = _strict_field(m.group("label"))
        if name is not None:
            return name, m.group("value").strip()
    m = _INLINE_BARE.match(text)
    if m:
        return (MAKER if "maker" in m.group(1).lower() else DATE), m.group(2).strip()
    return None


def _para_start(line: Line) -> bool:
    return line.blank_before or line.raw[:1].isspace()


def _wrapped(prev: str, nxt: str, width: int) -> bool:
    """Did ``prev`` end only because the next word did not fit (same paragraph)?"""
    last = prev.rsplit(" ", 1)[-1].lower()
    if last in _STOP or prev[-1:] in "-\u2013\u2014&,:;/(":
        return True
    if prev[-1:] in ".!?" and nxt[:1].isupper():
        return False
    first = nxt.split(" ", 1)[0]
    return len(prev) + 1 + len(first) > width * 0.9


@dataclass(slots=True)
class _Tok:
    """One step of a page's subject-column stream.

    ``kind``: "line" (subject text), "mark" (key decision / access), "break" (paragraph),
    "label" (a header label or a period heading such as a month), "chunk" (another column's
    cell was here and has been moved to its own stream).
    """

    kind: str
    line: Line | None = None
    # For a line: no paragraph break since the previous token.  For a break: a soft one (a
    # new text block, as a leading space marks it, without a blank line).
    glued: bool = False
    kd: bool | None = None
    access: str | None = None


@dataclass(slots=True)
class _Page:
    """One page of a column-linearised table: the subject stream and the other columns'."""

    toks: list[_Tok] = field(default_factory=list)
    streams: dict[str, list[list[str]]] = field(default_factory=dict)

    def chunk(self, name: str) -> list[str]:
        lst = self.streams.setdefault(name, [])
        lst.append([])
        return lst[-1]


def _column_region(lines: list[Line], first_kd: int, lo: int) -> tuple[int, int, bool]:
    """Lines of the column-linearised table around its first key-decision marker, and whether
    its header row was found."""
    n = len(lines)
    # The header row, linearised: three or more labels in a row, the closest before the marker.
    start = first_kd
    run_start, run_len = -1, 0
    j = max(lo, first_kd - 300)
    while j < first_kd:
        lab = _label_at(lines, j, first_kd)
        if lab is None:
            run_len = 0
            j += 1
            continue
        if run_len == 0:
            run_start = j
        run_len += 1
        if run_len == 3:
            start = run_start
        j += lab[1]
    has_header = start < first_kd
    if not has_header:
        # No header row: the entry's cell (its title) starts with the marker's paragraph.
        while start > lo and not _para_start(lines[start]):
            start -= 1
    end = first_kd + 1
    last_anchor = first_kd
    j = first_kd + 1
    while j < n and j - last_anchor <= 40:
        t = lines[j].text
        raw = lines[j].raw
        if "\t" in raw or "|" in raw:
            cells = _row_cells(raw)
            if cells and _header(cells) is not None:
                break  # a row table starts: read on its own
        if (
            _KD_LINE.match(t)
            or ("ecision" in t and _KD.search(t))
            or _label_at(lines, j, n) is not None
            or "@" in t
            or _PH_START.match(t)
            or _inline_label(t) is not None
        ):
            last_anchor = j
        j += 1
    end = last_anchor + 1
    # The last anchor's own cell and any portfolio-holder/officer cells after it.
    while end < n and not _para_start(lines[end]):
        end += 1
    while end < n:
        k = end + 1
        while k < n and not _para_start(lines[k]):
            k += 1
        block = " ".join(lines[x].text for x in range(end, k))
        if _PH_START.match(block) or "@" in block:
            end = k
        else:
            break
    return start, end, has_header


def _paragraph_kind(lines: list[Line], i: int, stop: int) -> str | None:
    """Portfolio-holder or officer cell starting at line ``i`` (up to the paragraph's end)."""
    t = lines[i].text
    k = i
    has_at = False
    while k < stop and k < i + 10 and (k == i or not _para_start(lines[k])):
        if "@" in lines[k].text:
            has_at = True
        if k > i and (_KD.search(lines[k].text) or _label_at(lines, k, stop)):
            break
        k += 1
    if _PH_START.match(t):
        return PH
    if has_at:
        return OFFICER
    return None


def _unspaced(lines: list[Line]) -> list[Line]:
    """``lines`` without blank-line marks when (nearly) every line has one.

    Double-spaced text (a blank line after every line) says nothing about cell boundaries; it
    is then read like text without blank lines.
    """
    spaced = sum(1 for x in lines if x.blank_before)
    if spaced * 10 < len(lines) * 9:
        return lines
    return [replace(x, blank_before=False) for x in lines]


def _column_pages(lines: list[Line], start: int, end: int) -> list[_Page]:
    # Text without blank lines gives no cell boundaries: close one-value cells by content.
    dense = sum(1 for x in range(start, end) if lines[x].blank_before) * 50 < end - start
    pages: list[_Page] = [_Page()]
    page_label: str | None = None
    col: str | None = None
    cur: list[str] | None = None
    glued = False
    j = start
    while j < end:
        line = lines[j]
        page = pages[-1]
        if _para_start(line):
            col, cur = None, None
            glued = line.raw[:1].isspace() and not line.blank_before
            page.toks.append(_Tok("break", glued=glued))
        lab = _label_at(lines, j, end)
        if lab is not None:
            name, used = lab
            key = _label_key(" ".join(lines[j + x].text for x in range(used)))
            if page_label is None:
                page_label = key
            elif key == page_label and (page.toks or page.streams):
                pages.append(_Page())
                page = pages[-1]
            page.toks.append(_Tok("label"))
            col = name
            cur = page.chunk(name) if name in (MAKER, DATE, PH, OFFICER, OTHER) else None
            glued = False
            j += used
            continue
        t = line.text
        if (
            _HALF_ACCESS.search(t)
            and j + 1 < end
            and not lines[j + 1].blank_before
            and _ACCESS_REST.match(lines[j + 1].text)
        ):
            t = f"{t} {lines[j + 1].text}"  # "Public Access - Fully" / "exempt"
            j += 1
        m = _KD_LINE.match(t)
        am = _ACCESS_LINE.match(t) if m is None else None
        if m is not None or am is not None:
            col, cur = None, None
            tok = _Tok("mark")
            if m is not None:
                tok.kd = m.group(1).lower() == "yes"
                tok.access = _access(m.group(2))
            else:
                assert am is not None
                tok.access = _access(am.group(1))
            page.toks.append(tok)
            glued = True
            j += 1
            continue
        if _MONTH_LINE.match(t):
            col, cur = None, None
            page.toks.append(_Tok("label"))
            j += 1
            continue
        km = _KD.search(t) if "ecision" in t else None
        if km is not None and len(t) <= 300:
            # Title and marker on one line ("Budget Report Key Decision - Yes Public Access -
            # Open To approve ..."): the text before is the title's end, the text after the
            # description's start.
            col, cur = None, None
            pre, post = t[: km.start()].strip(), t[km.end() :]
            tok = _Tok("mark", kd=km.group(1).lower() == "yes")
            acc = _ACCESS_AFTER_KD.match(post) or _ACCESS_LABELLED.search(post)
            if acc is not None:
                tok.access = _access(acc.group(1))
                post = post[acc.end() :]
            if pre:
                page.toks.append(_Tok("line", Line(line.no, pre, line.raw, line.page), glued=glued))
            page.toks.append(tok)
            post = post.strip(" .-")
            if post:
                page.toks.append(_Tok("line", Line(line.no, post, line.raw, line.page), glued=True))
            glued = True
            j += 1
            continue
        inl = _inline_label(t)
        if inl is not None:
            name, value = inl
            page.toks.append(_Tok("break"))
            col, cur = None, None
            glued = False
            if name == TITLE:
                page.toks.append(_Tok("line", Line(line.no, value, line.raw, line.page, True)))
            elif name == KEY:
                kd = re.match(r"(?i)(yes|no|y|n)\b", value)
                page.toks.append(_Tok("mark", kd=(kd.group(1).lower()[0] == "y") if kd else None))
            elif name == ACCESS:
                am2 = re.search(_ACCESS_VALUES, value, re.I)
                page.toks.append(_Tok("mark", access=_access(am2.group(0)) if am2 else None))
            else:
                col = name
                cur = page.chunk(name)
                cur.append(value)
                page.toks.append(_Tok("chunk"))
            j += 1
            continue
        if (col is None and _para_start(line)) or (col is None and cur is None and not page.toks):
            kind = _paragraph_kind(lines, j, end)
            if kind is not None:
                col = kind
                cur = page.chunk(kind)
        elif dense and col in (None, OFFICER) and _PH_START.match(t):
            col = PH
            cur = page.chunk(PH)
        if col == PH and cur is not None and _officer_starts(lines, j, end, len(cur)):
            col = OFFICER
            cur = page.chunk(OFFICER)
        if col in (MAKER, DATE, PH, OFFICER, OTHER) and cur is not None:
            if not cur:
                page.toks.append(_Tok("chunk"))  # another column's cell sits here
            cur.append(t)
            if dense and (
                (col == DATE and (find_date(t) or _UNDETERMINED.search(t)))
                or (col == MAKER and t.rsplit(" ", 1)[-1].lower() not in _STOP)
            ):
                col, cur = None, None
                page.toks.append(_Tok("break"))
        else:
            page.toks.append(_Tok("line", line, glued=glued))
            glued = True
        j += 1
    return pages


def _officer_starts(lines: list[Line], j: int, end: int, held: int) -> bool:
    """Within a portfolio-holder cell, does the officer's cell begin at line ``j``?"""
    if not held:
        return False
    line = lines[j]
    if not _NAME_HEAD.match(line.text):
        return False
    k = j
    while k < end and k < j + 5 and (k == j or not lines[k].blank_before):
        if "@" in lines[k].text:
            return True
        k += 1
    return line.raw[:1].isspace()


@dataclass(slots=True)
class _Segment:
    lines: list[Line]
    glued: bool  # follows a key-decision marker directly (no paragraph break)
    after_cell: bool  # follows another column's cell: that column's unlabelled content


def _segments(toks: list[_Tok]) -> list[_Segment]:
    """Paragraph segments of subject-column lines between the other tokens."""
    out: list[_Segment] = []
    cur: _Segment | None = None
    after_mark = False
    last = ""  # kind of the last token that is not a plain break
    for tok in toks:
        if tok.kind == "line":
            assert tok.line is not None
            if cur is None:
                # Unlabelled cells of other columns follow their column's cells, one after
                # another, until a marker or a label moves back to the subject column.
                cur = _Segment([], after_mark and tok.glued, last in ("chunk", "cell"))
                out.append(cur)
            cur.lines.append(tok.line)
            after_mark = False
            last = "cell" if cur.after_cell else "line"
            continue
        cur = None
        if tok.kind != "break":
            last = tok.kind
        # A soft break (a new text block without a blank line) keeps the glue.
        after_mark = tok.kind == "mark" or (after_mark and tok.kind == "break" and tok.glued)
    return out


def _split_strong(seg: list[Line]) -> list[list[Line]]:
    """Split a paragraph where a sentence ends and a new capitalised line begins."""
    out: list[list[Line]] = [[seg[0]]]
    for prev, line in itertools.pairwise(seg):
        if prev.text[-1:] in ".!?" and line.text[:1].isupper():
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _title_from(seg: list[Line], glued: bool, width: int) -> str:
    """The next entry's title from the text between two markers."""
    parts = _split_strong(seg)
    if len(parts) > 1:
        return norm_space(" ".join(x.text for x in parts[-1]))
    if glued:
        for k in range(len(seg) - 1):
            if not _wrapped(seg[k].text, seg[k + 1].text, width):
                return norm_space(" ".join(x.text for x in seg[k + 1 :]))
    return norm_space(" ".join(x.text for x in seg))


def _bare_date(text: str) -> bool:
    found = find_date(text)
    return found is not None and found[1] == 0 and found[2] >= len(text.rstrip(". "))


def _column_entries(pages: list[_Page]) -> list[PlanEntry]:
    width = max((len(t.line.text) for p in pages for t in p.toks if t.line is not None), default=40)
    per_page: list[list[_Fields]] = []
    carry: _Segment | None = None  # a title left after a page's last marker
    for page in pages:
        entries: list[_Fields] = []
        # Text between markers: segments; the last segment before a marker is its title.
        buf: list[_Tok] = []
        current: _Fields | None = None
        toks = page.toks
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.kind != "mark":
                buf.append(tok)
                i += 1
                continue
            # Consecutive marker lines (key decision, then access) belong to one entry.
            kd, access = tok.kd, tok.access
            while i + 1 < len(toks) and toks[i + 1].kind == "mark":
                i += 1
                kd = toks[i].kd if toks[i].kd is not None else kd
                access = toks[i].access or access
            if tok.kd is None and current is not None and not _segments(buf):
                # An access line after the entry's other cells: part of the same entry.
                if access is not None and ACCESS not in current.cells:
                    current.add(ACCESS, [access])
                i += 1
                continue
            # Cells of other columns (meetings consulted, with their dates) are no titles.
            segs = [sg for sg in _segments(buf) if not any(_bare_date(x.text) for x in sg.lines)]
            pending = [sg for sg in segs if not sg.after_cell] or segs
            buf = [_Tok("mark")]
            if pending:
                seg = pending[-1]
                title = _title_from(seg.lines, seg.glued and len(pending) == 1, width)
            elif carry is not None and not entries:
                # The entry's title closed the previous page; its marker opens this one.
                title = norm_space(" ".join(x.text for x in carry.lines))
            else:
                title = ""
            current = _Fields()
            current.add(TITLE, [title])
            if kd is not None:
                current.add(KEY, ["yes" if kd else "no"])
            if access is not None:
                current.add(ACCESS, [access])
            entries.append(current)
            i += 1
        per_page.append(entries)
        tail = [sg for sg in _segments(buf) if not any(_bare_date(x.text) for x in sg.lines)]
        tail = [sg for sg in tail if not sg.after_cell]
        carry = tail[-1] if tail and not tail[-1].glued and (len(tail) > 1 or not entries) else None
    streams = [{k: [" ".join(c) for c in v if c] for k, v in p.streams.items()} for p in pages]
    counts_ok = all(
        len(streams[k].get(MAKER, [])) in (0, len(per_page[k])) for k in range(len(pages))
    )
    if not counts_ok:
        # The pages disagree: zip over the whole table instead.
        merged: dict[str, list[str]] = {}
        for s in streams:
            for k2, v in s.items():
                merged.setdefault(k2, []).extend(v)
        flat = [e for es in per_page for e in es]
        per_page, streams = [flat], [merged]
    out: list[PlanEntry] = []
    for entries, s in zip(per_page, streams, strict=True):
        for idx, f in enumerate(entries):
            for name in (MAKER, DATE, PH, OFFICER):
                vals = s.get(name, [])
                if idx < len(vals):
                    f.add(name, [vals[idx]])
            e = _entry(f)
            if e is not None:
                out.append(e)
    return out


def _cell_like(block: list[Line]) -> bool:
    """A paragraph that can be a table cell: a few short (column-width) lines."""
    return len(block) <= 12 and all(len(x.text) <= 60 and "\t" not in x.text for x in block)


def _positional_entries(lines: list[Line], start: int, end: int) -> tuple[list[PlanEntry], int]:
    """Column-by-column text whose cells do not name their column.

    Each page is its header labels (the column order) followed by every column's cells in
    that order.  The subject cells are the ones with a key-decision marker; with N of them,
    the N cells before belong to the column before, the N cells after to the column after
    (and whole columns are assigned when the counts work out exactly).
    """
    n = len(lines)
    while end < n:  # the cells of the columns after the subjects
        k = end + 1
        while k < n and not lines[k].blank_before:
            k += 1
        if not _cell_like(lines[end:k]):
            break
        end = k
    pages: list[tuple[list[str], list[str]]] = [([], [])]
    page_label: str | None = None
    j = start
    while j < end:
        lab = _label_at(lines, j, end)
        if lab is not None:
            key = _label_key(" ".join(lines[j + x].text for x in range(lab[1])))
            if page_label is None:
                page_label = key
            elif key == page_label and pages[-1][1]:
                pages.append(([], []))
            pages[-1][0].append(lab[0])
            j += lab[1]
            continue
        if _MONTH_LINE.match(lines[j].text):
            j += 1
            continue
        k = j + 1
        while k < end and not _para_start(lines[k]) and _label_at(lines, k, end) is None:
            k += 1
        pages[-1][1].append(norm_space(" ".join(lines[x].text for x in range(j, k))))
        j = k
    out: list[PlanEntry] = []
    order: list[str] = []
    for fields, cells in pages:
        order = fields or order  # a page without its own header keeps the previous order
        subj = [x for x, c in enumerate(cells) if _KD.search(c)]
        if not subj or TITLE not in order:
            continue
        count = len(subj)
        t = order.index(TITLE)
        before, after = cells[: subj[0]], cells[subj[-1] + 1 :]
        columns: dict[int, list[str]] = {}
        if t and len(before) == t * count:
            for c in range(t):
                columns[c] = before[c * count : (c + 1) * count]
        elif t and len(before) >= count:
            columns[t - 1] = before[-count:]
        rest = len(order) - t - 1
        if rest and len(after) == rest * count:
            for c in range(rest):
                columns[t + 1 + c] = after[c * count : (c + 1) * count]
        elif rest and len(after) >= count:
            columns[t + 1] = after[:count]
        for e, x in enumerate(subj):
            f = _Fields()
            f.add(TITLE, [cells[x]])
            for c, vals in columns.items():
                if order[c] in (MAKER, DATE, KEY, ACCESS, PH, OFFICER):
                    f.add(order[c], [vals[e]])
            got = _entry(f)
            if got is not None:
                out.append(got)
    return out, end


# --- entry point -------------------------------------------------------------------------------


def parse_forward_plan(lines: list[Line], ctx: Context) -> list[PlanEntry]:
    """Every entry of every forward plan / key-decision notice in the pack, in order."""
    lines = _unspaced(lines)
    out: list[PlanEntry] = []
    n = len(lines)
    i = 0
    done_to = 0  # lines before this index belong to a table already read
    while i < n:
        line = lines[i]
        raw = line.raw
        if "\t" in raw or "|" in raw or "<t" in raw:
            cells = _row_cells(raw)
            if cells:
                fields = _header(cells)
                if fields is not None:
                    entries, j = _read_table(lines, i, fields)
                    i = max(j, i + 1)  # a header with no rows under it must not loop
                    out.extend(entries)
                    done_to = i
                    continue
        elif _KD_LINE.match(line.text) or (
            "ecision" in line.text and len(line.text) <= 300 and _KD.search(line.text)
        ):
            start, end, has_header = _column_region(lines, i, done_to)
            pages = _column_pages(lines, start, end)
            marks = sum(1 for p in pages for t in p.toks if t.kind == "mark" and t.kd is not None)
            labelled = any(
                any(p.streams.get(MAKER, [])) or any(p.streams.get(DATE, [])) for p in pages
            )
            # A lone "Key decision: Yes" (a report's cover sheet) is no plan.
            if has_header and not labelled:
                # Cells that do not name their column: map them by position instead.
                got, end = _positional_entries(lines, start, end)
                out.extend(got)
            elif has_header or (marks >= 2 and labelled):
                out.extend(_column_entries(pages))
            # Either way the region has been read: its other markers need no second look.
            i = max(end, i + 1)
            done_to = i
            continue
        i += 1
    return out
