"""Forward plans: the fields of an entry (header labels, cell values, key decision, access) and the
entry made from them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.text import (
    find_date,
    is_exempt_paragraph,
    norm_space,
)

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
