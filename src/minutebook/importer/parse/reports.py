"""Report cover sheets: find them in the line stream and read their fields.

A cover sheet is recognised by what it is made of, not by where it sits: a short stretch of the
pack in which several *different* cover labels occur ("Portfolio Holder", "Report Author",
"Subject of Report", "Recommendation", "Report Status", ...).  Councils print these as
``Label: value`` lines, as two-column tables (tab-separated cells, often with HTML inside), or as
tables linearised column by column (all labels first, then all values), so every label is read
with the same three value rules: inline after the label, on the following lines, or positionally
from a run of value lines that follows a run of empty labels.

The report's title is the "Subject"/"Title of report" label when there is one, otherwise the
heading printed above the labels (after the committee and date lines).  Its agenda item comes
from an "Agenda Item N" stamp next to the cover, else from matching the title against the front
sheet's agenda.  Everything is a single forward pass plus bounded look-backs, so it is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from minutebook.importer.pack import AgendaItem, Author, Report
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import (
    Line,
    clean_inline,
    find_date,
    is_exempt_paragraph,
    norm_space,
    strip_honorific,
)

__all__ = [
    "Cover",
    "agenda_stamp",
    "find_covers",
    "is_blank_page",
    "match_agenda",
    "page_marks",
    "parse_contact",
    "parse_reports",
    "renumbered",
    "title_similarity",
]

# --- labels ----------------------------------------------------------------------------------

# (kind, pattern, bare): ``bare`` labels may stand alone on a line with their value below;
# the others read as ordinary words there ("Corporate Director" under a signature, a "Summary"
# heading) and count only with a colon, a table cell boundary or a dash after them.
# Order matters only where one label is a prefix of another: longer first.
_LABEL_DEFS: tuple[tuple[str, str, bool], ...] = (
    (
        "reasons",
        r"reasons?\s*(?:\(s\)\s*)?for\s+(?:the\s+)?(?:recommendations?|decisions?|proposals?)"
        r"|reasons?\s+for\s+(?:the\s+)?recommendation\(s\)",
        True,
    ),
    (
        "recommendation",
        r"recommendations?\s+(?:of|from|to)\s+(?:the\s+)?(?:councillor|cllr|cabinet|portfolio|leader"
        r"|executive|chief|director|head|lead|committee)\b[^:\t]{0,60}?(?=\s*(?::|\t|$))",
        True,
    ),
    (
        "recommendation",
        r"recommendations?|recommendation\(s\)|recommended\s+decisions?"
        r"|what\s+(?:are|is)\s+the\s+recommendations?\s*\??",
        True,
    ),
    (
        "recommendation",
        r"(?:decisions?|action)\s+(?:required|sought|requested)|proposed\s+decisions?"
        r"|decisions?\s+to\s+be\s+(?:taken|made)",
        False,
    ),
    (
        "status",
        r"report\s+status|status\s+of\s+(?:the\s+)?report|report\s+classification"
        r"|(?:exempt|confidential)\s*/\s*(?:exempt|confidential|public)(?:\s+(?:report|information))?"
        r"|public\s*/\s*(?:exempt|private|confidential)(?:\s+(?:report|information))?",
        True,
    ),
    (
        "exempt_q",
        r"(?:is\s+(?:the|this)\s+(?:report|item)\s+)?(?:exempt|confidential)(?:\s+(?:report|item))?\s*\??",
        False,
    ),
    ("status_weak", r"status|classification|exempt\s+information|confidentiality", False),
    (
        "summary",
        r"(?:brief|executive|report)\s+summary|summary(?:\s+of\s+(?:the\s+)?report)?",
        False,
    ),
    (
        "purpose",
        r"purpose\s+of\s+(?:the\s+|this\s+)?report|what\s+is\s+the\s+report\s+about\s*\??",
        True,
    ),
    ("purpose", r"purpose", False),
    (
        "subject",
        r"subject\s+of\s+(?:the\s+)?report|title\s+of\s+(?:the\s+)?report|report\s+title"
        r"|name\s+of\s+(?:the\s+)?report|report\s+name",
        True,
    ),
    ("subject", r"subject", False),
    ("title", r"job\s+title|designation|post\s+title", True),
    ("title", r"title", False),
    (
        "author",
        r"report\s+authors?(?:\s*/\s*contact\s+officers?)?|report\s+author\(s\)|lead\s+authors?"
        r"|(?:report\s+)?contact\s+officers?(?:\s+details)?|contact\s+officer\(s\)"
        r"|officer\s+contacts?(?:\s+details)?|officer\s*/\s*author"
        r"|report\s+(?:contact(?:\s+officer)?|writer|originator)|name\s+of\s+(?:report\s+)?author"
        r"|originating\s+officer|case\s+officer|planning\s+officer",
        True,
    ),
    (
        "author",
        r"authors?|contact(?:\s+(?:details|name|for\s+(?:further\s+)?information))?",
        False,
    ),
    (
        "portfolio",
        r"(?:cabinet\s+)?portfolio\s+holders?(?:\s*/\s*s)?|portfolio\s+holder\(s\)"
        r"|relevant\s+portfolio\s+holder|lead\s+members?\s*/\s*officers?",
        True,
    ),
    (
        "portfolio",
        r"(?:lead\s+|responsible\s+|relevant\s+)?cabinet\s+members?(?:\(s\))?"
        r"|lead\s+(?:cabinet\s+)?members?(?:\(s\))?|executive\s+(?:lead\s+)?members?(?:\(s\))?"
        r"|cabinet\s+lead|portfolio(?:\s+area)?|lead\s+councillors?|executive\s+councillors?",
        False,
    ),
    (
        "local",
        r"local\s+(?:councillors?|members?|wards?)(?:\(s\))?|ward\s+councillors?(?:\(s\))?"
        r"|wards?(?:\(s\))?\s+affected|(?:electoral\s+)?divisions?(?:\(s\))?\s+affected",
        True,
    ),
    ("local", r"wards?(?:\(s\))?|(?:electoral\s+)?divisions?(?:\(s\))?", False),
    (
        "director",
        r"(?:executive|corporate|strategic|service|lead|responsible)\s+directors?(?:\(s\))?"
        r"|directors?|lead\s+officers?(?:\(s\))?|responsible\s+officers?|accountable\s+officers?"
        r"|chief\s+officers?|report\s+(?:of|by|from)|officer|senior\s+leadership\s+team\s+lead",
        False,
    ),
    ("director", r"report\s+(?:authorised|authorized|approved|cleared|signed\s+off)\s+by", True),
    (
        "meeting_date",
        r"date\s+of\s+(?:the\s+)?(?:meeting|committee|decision|report)|meeting\s+date",
        True,
    ),
    ("meeting_date", r"date", False),
    ("meeting", r"report\s+to|meeting|committee|decision\s+maker|decision\s+taker", False),
    (
        "key_decision",
        r"key\s+decision(?:\s+(?:no\.?|number|ref(?:erence)?))?|forward\s+plan\s+ref\w*"
        r"|is\s+(?:this|it)\s+a\s+key\s+decision\s*\??",
        True,
    ),
    (
        "phone",
        r"tel(?:ephone)?(?:\s+(?:no\.?|number))?|phone(?:\s+number)?|direct\s+(?:line|dial)|mobile",
        True,
    ),
    ("email", r"e-?mail(?:\s+address)?", True),
    (
        "stop",
        r"appendices|appendix|background\s+papers?|(?:equalities\s+)?impact\s+assessments?|budget"
        r"|risk\s+assessment|use\s+of\s+evidence|other\s+implications|implications"
        r"|financial\s+implications|legal\s+implications|footnote|consultation|list\s+of\s+appendices"
        r"|officer\s+recommendations?\s+to\s+follow|implementation(?:\s+timetable)?"
        r"|application\s+(?:number|no\.?|ref(?:erence)?)|site\s+address|proposal|applicant"
        r"|agent|parish|target\s+date|expiry\s+date",
        True,
    ),
)

# Kinds that make up a cover sheet (``title``, ``phone``, ``email`` belong to the author block).
_PERSON = frozenset({"author", "portfolio", "director"})
_CONTENT = frozenset(
    {
        "recommendation",
        "reasons",
        "status",
        "status_weak",
        "exempt_q",
        "summary",
        "purpose",
        "subject",
    }
)
# Content that only report covers carry (forms and letters have dates, officers, a purpose or
# a status, but not a report title, recommendations or a report status).
_REPORT_CONTENT = frozenset({"recommendation", "reasons", "status", "exempt_q", "subject"})
_CORE = _PERSON | _CONTENT | frozenset({"local", "meeting_date", "key_decision"})
# A second occurrence of one of these means a new cover sheet (or a table of them).
_UNIQUE = frozenset(
    {
        "subject",
        "status",
        "status_weak",
        "exempt_q",
        "portfolio",
        "meeting_date",
        "summary",
        "local",
    }
)

_LABEL_ALT = "|".join(f"(?P<k{i}>{p})" for i, (_, p, _b) in enumerate(_LABEL_DEFS))
# Label, optional "(s)" / parenthetical / short qualifier, then ":" / tab / end of line.
_LABEL_RE = re.compile(
    rf"^\s*(?:{_LABEL_ALT})(?!\w)\s*(?:\(s\))?\s*(?:\([^)\t]{{0,80}}\))?\s*"
    r"(?:(?<=\S)\s+(?:for|to|of)\s+[^:\t]{1,60}?(?=\s*[:\t])\s*)?"
    r"(?P<sep>:|\t|$|-\s+(?=\S)|\u2013\s+(?=\S)|(?<=\?))",
    re.I,
)
# Every label starts with one of these words: a cheap test before the full label pattern.
_FIRST_WORD_RE = re.compile(r"\s*([A-Za-z]+)")
_FIRST_WORDS = frozenset(
    [
        "reason",
        "reasons",
        "recommendation",
        "recommendations",
        "recommended",
        "decision",
        "decisions",
        "action",
        "proposed",
        "report",
        "status",
        "exempt",
        "confidential",
        "public",
        "is",
        "classification",
        "brief",
        "executive",
        "summary",
        "purpose",
        "subject",
        "title",
        "name",
        "job",
        "designation",
        "post",
        "lead",
        "contact",
        "officer",
        "officers",
        "author",
        "authors",
        "originating",
        "cabinet",
        "portfolio",
        "relevant",
        "responsible",
        "local",
        "ward",
        "wards",
        "electoral",
        "division",
        "divisions",
        "corporate",
        "strategic",
        "service",
        "director",
        "directors",
        "accountable",
        "chief",
        "senior",
        "date",
        "meeting",
        "committee",
        "key",
        "forward",
        "tel",
        "telephone",
        "phone",
        "direct",
        "mobile",
        "e",
        "email",
        "appendices",
        "appendix",
        "background",
        "equalities",
        "impact",
        "budget",
        "risk",
        "use",
        "other",
        "implications",
        "financial",
        "legal",
        "footnote",
        "consultation",
        "list",
        "implementation",
        "exempt",
        "case",
        "planning",
        "application",
        "site",
        "proposal",
        "applicant",
        "agent",
        "parish",
        "target",
        "expiry",
        "what",
    ]
)
_LABEL_BARE_RE = re.compile(rf"^\s*(?:{_LABEL_ALT})(?!\w)(?:\s*\(s\))?\s*[:?]?\s*$", re.I)
_LABEL_HEAD_RE = re.compile(rf"^\s*(?:{_LABEL_ALT})(?!\w)(?:\s*\(s\))?", re.I)
# A raw line whose first cell is followed by a gap of two or more spaces (PDF table text).
_RAW_GAP_RE = re.compile(r"^\s*(\S(?:[^\t]*?\S)?)(?: {2,}|\u00a0{2,}| ?\t)\s*\S")
_KINDS = [k for k, _, _b in _LABEL_DEFS]
# The label alternatives are the first capturing groups of every label pattern (the label
# patterns themselves capture nothing), so the matched one is the first group that is set.
_N_KINDS = len(_KINDS)


def _kind_index(m: re.Match[str]) -> int:
    """Index in ``_LABEL_DEFS`` of the label alternative that matched."""
    groups = m.groups()
    for i in range(_N_KINDS):
        if groups[i] is not None:
            return i
    raise ValueError("no label alternative matched")


_BARE = [b for _k, _, b in _LABEL_DEFS]

_STAMP_RE = re.compile(
    r"^\s*(?:page\s+\d{1,4}\s+)?(?:agenda\s+)?item(?:\s+(?:no\.?|number))?\s*[:.]?\s*"
    r"(?P<n>\d{1,3}(?:\s*\(?[a-z]\)?|\.\d{1,2})?)\s*(?:page\s+\d{1,4}\s*)?$",
    re.I,
)
_STAMP_BARE_RE = re.compile(r"^\s*agenda\s+item(?:\s+(?:no\.?|number))?\s*[:.]?\s*$", re.I)
_BLANK_PAGE_RE = re.compile(
    r"this\s+page\s+(?:is\s+)?(?:has\s+been\s+)?(?:intentionally|deliberately)\s+(?:left\s+)?blank",
    re.I,
)
_DECISION_TYPE_RE = re.compile(
    r"^(?:for\s+(?:review|decision|recommendation|information|noting|consultation|approval|comment|"
    r"discussion|debate|scrutiny|endorsement|note)\b[^\t]{0,60}|decision|information|noting)$",
    re.I,
)
# Header lines that are not the report's title: who it is from/to, its classification.
_NON_TITLE_RE = re.compile(
    r"^(?:(?:joint\s+)?report\s+(?:of|by|from|to)\b|a\s+report\s+(?:of|by|from)\b"
    r"|(?:public|open|official(?:[-\s]sensitive)?|exempt|restricted|confidential|private"
    r"|not\s+for\s+publication|part\s+(?:[ab12]|i{1,2})|unrestricted|not\s+protectively\s+marked"
    r"|public\s+document\s+pack|(?:open|exempt|confidential|public|private|restricted)"
    r"\s+(?:report|item|session|business))$"
    r"|(?:key|non[-\s]key)\s+decision\b|is\s+this\s+a\s+key\s+decision|agenda\s+item\b"
    r"|item\s+no\b|insert\b|no\.?$|item$|report\s+(?:no\.?|number|ref(?:erence)?)\b"
    r"|ref(?:erence)?\s*(?:no\.?)?\s*:)",
    re.I,
)
# Agenda items that never have a report cover of their own.
_PROCEDURAL_RE = re.compile(
    r"\b(?:apologies|declarations?|interests|minutes|public\s+(?:participation|questions|speaking)"
    r"|questions|urgent|exempt|exclusion|forward\s+plan|work\s*programme|next\s+meeting"
    r"|announcements|communications|petitions|any\s+other\s+business)\b",
    re.I,
)
# A date inside a title: "... to 30 September 2023", "... as at 31 March".
_DATE_IN_TITLE_RE = re.compile(
    r"\w\s+(?:to|at|for|until|ending|from|of|since|before|after)\s*$", re.I
)
# A line naming a meeting body ("Cabinet", "Planning Committee") in a cover's heading.
_BODY_NAME_RE = re.compile(
    r"^[\w&,'\u2019() -]{0,80}\b(?:cabinet|committee|council|board|panel|executive|forum"
    r"|commission|group|assembly|authority|partnership)$",
    re.I,
)
_SECTION_NUM_RE = re.compile(r"^(\d{1,2})(?:\.\d{1,2})*\.?(?:\s|$)")
_SECTION_NO_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?\s+(?=[A-Za-z])")
_STATUS_LINE_RE = re.compile(
    r"^this\s+(?:report|item|paper)\s+is\s+(public|exempt|confidential|private|open"
    r"|not\s+for\s+publication|restricted)\b",
    re.I,
)
_REPORT_OF_RE = re.compile(
    r"^(?:joint\s+)?report\s+(?:of|by|from)\s+(?:the\s+)?(\S.{2,110})$", re.I
)
# A top-level section heading ("2." / "2 Background"), not a numbered paragraph ("2.1 ...").
_TOP_HEADING_RE = re.compile(r"^\d{1,2}\.?(?:\s+[A-Z][^.]{0,80})?$")
_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?(?:\s+[A-Z][^.]{0,80})?$")
_SECTION_HEADING_RE = re.compile(
    r"^(?:executive\s+summary|introduction|background|summary|purpose\s+of\s+(?:the\s+)?report)$",
    re.I,
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9][\w.+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(
    r"(?:\+44\s?(?:\(0\)\s?)?|\(0\d{2,4}\)\s?|\b0)\d{2,4}[\s-]?\d{3,4}(?:[\s-]?\d{3,4})?\b"
    r"(?:\s*(?:ext\.?|extension)\s*\d{2,6})?",
    re.I,
)
_SUBLABEL_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<l>name|tel(?:ephone)?(?:\s+no\.?)?|phone|direct\s+(?:line|dial)|mobile|"
    r"e-?mail(?:\s+address)?|job\s+title|title|position|role|designation)\s*(?::|\.(?=\s*\S+@))\s*",
    re.I,
)
# Sub-labels marked up inside one table cell: <u>Lead Member</u>, <b>..</b>, **..**.
_MARKED_RE = re.compile(
    r"<(u|b|strong|em)\b[^>]*>\s*([^<]{2,60}?)\s*</\1>|\*\*([^*]{2,60}?)\*\*", re.I
)
_EMPTY_PARENS_RE = re.compile(
    r"\(\s*(?:(?:tel(?:ephone)?|phone|t|e|e-?mail)\s*[:.]?\s*)?[,;]?\s*\)", re.I
)
_MARKED_START_RE = re.compile(r"^\s*(?:<p\b[^>]*>\s*)*(?:<(?:u|b|strong|em)\b|\*\*)", re.I)
_PAREN_PARAS_RE = re.compile(
    r"paragraphs?\s*(?:\(s\))?\s*((?:\d{1,2}\s*(?:,|and|&|or|-|to)?\s*)+)", re.I
)
_NAME_TOKEN_RE = re.compile(
    r"^(?:[A-Z][\w'\u2019-]*\.?|[A-Z]\.?|(?:de|van|von|der|la|le|da|di|du)|O[\u2019'][A-Z]\w*)$"
)
# Words that begin a job title ("Jane Smith Head of Finance").
_JOB_WORDS = frozenset(
    [
        "head", "director", "manager", "officer", "chief", "senior", "assistant", "principal",
        "team", "lead", "service", "corporate", "executive", "strategic", "interim", "deputy",
        "consultant", "advisor", "adviser", "business", "policy", "project", "programme",
        "democratic", "finance", "financial", "planning", "legal", "solicitor", "accountant",
        "coordinator", "co-ordinator", "specialist", "analyst", "engineer", "partner", "portfolio",
        "cabinet", "leader", "member", "councillor", "group", "general", "operations",
    ]
)  # fmt: skip
_MULTI_HOLDER_RE = re.compile(r"(?<=[a-z)]) (?=[A-Z][a-z]+ [A-Z][\w'\u2019-]+ [-\u2013] )")

# Free-text values that a numbered section heading ends (a recommendation may be a numbered list).
_HEADING_STOPS = frozenset({"reasons", "summary", "purpose", "status", "subject"})

MAX_GAP = 40  # lines between two labels of one cover sheet
MAX_GAP_AFTER_RECOMMENDATION = 120  # recommendations can run long before "Reasons"
MAX_VALUE_LINES = 40
LISTING_GAP = 3  # lines between two label blocks of one listing
LISTING_RUN = 3  # this many back-to-back label blocks make a listing
MAX_HEADER_LOOKBACK = 12
STAMP_LOOKAHEAD = 80  # lines of a cover's page searched for its stamp
MATCH_THRESHOLD = 0.6
MAX_TITLE = 300


@dataclass(frozen=True, slots=True)
class Label:
    """A label found at the start of a line (or of its first cell)."""

    line: int
    kind: str
    value: str  # the rest of the line after the label (may be empty)
    first: int = -1  # first line of a label wrapped over two lines (else -1)

    @property
    def top(self) -> int:
        """The first line the label occupies."""
        return self.first if self.first >= 0 else self.line


def _may_be_label(text: str) -> bool:
    fw = _FIRST_WORD_RE.match(text)
    return fw is not None and fw.group(1).lower() in _FIRST_WORDS


def match_label(line: Line) -> Label | None:
    """The cover label this line starts with, if any.

    A label ends with a colon, a table cell boundary, a dash, a question mark or the end of the
    line.  PDF text loses table cells, so two more forms count: a gap of two or more spaces in
    the raw line ("Report Author    Jane Smith"), and a label of two or more words followed by
    a capitalised value ("Subject of Report Library Strategy").
    """
    text = line.text
    if len(text) > 2000:
        text = text[:2000]
    if text[:1].isdigit():
        return _match_numbered_label(line, text)
    maybe = _may_be_label(text)
    m = _LABEL_RE.match(text) if maybe else None
    if m is None:
        if text[:4].lower() in ("this", "repo", "join") and len(text) <= 120:
            special = _special_label(line, text)
            if special is not None:
                return special
        raw = line.raw
        if ("<" in raw or "**" in raw) and _MARKED_START_RE.match(raw):
            subs = _sublabels(raw)
            if subs and subs[0][2] == 0:
                return Label(line.no, subs[0][0], norm_space(text))
        return _match_spaced_label(line, text) if maybe else None
    idx = _kind_index(m)
    kind = _KINDS[idx]
    sep = m.group("sep")
    value = text[m.end() :].strip()
    if sep.startswith(("-", "\u2013")) and kind not in _CORE:
        return None
    if not sep and not _BARE[idx] and not (value and text[: m.end()].endswith("?")):
        return None
    return Label(line.no, kind, norm_space(value.replace("\t", " ")))


def _match_numbered_label(line: Line, text: str) -> Label | None:
    """A numbered section heading that is a cover label: "1. Purpose of Report",
    "2 RECOMMENDATIONS" (the value is the section's text below it)."""
    m = _SECTION_NO_RE.match(text)
    if m is None or len(text) > 90:
        return None
    kind = _bare_kind(text[m.end() :])
    if kind in ("purpose", "recommendation", "reasons", "summary", "status", "subject"):
        return Label(line.no, kind or "", "")
    return None


def _special_label(line: Line, text: str) -> Label | None:
    """Sentence-form labels: "This report is public", "Report of the Head of Planning"."""
    m = _STATUS_LINE_RE.match(text)
    if m is not None:
        return Label(line.no, "status", m.group(1))
    m = _REPORT_OF_RE.match(text)
    if m is not None and not text.endswith((".", ",", ";")):
        return Label(line.no, "director", norm_space(m.group(1)))
    return None


def _match_spaced_label(line: Line, text: str) -> Label | None:
    m = _LABEL_HEAD_RE.match(text)
    if m is None or m.end() >= len(text) or text[m.end()] != " ":
        return None
    idx = _kind_index(m)
    gap = _RAW_GAP_RE.match(line.raw)
    if (
        gap is not None
        and norm_space(clean_inline(gap.group(1))).lower() == text[: m.end()].lower()
    ):
        return Label(line.no, _KINDS[idx], norm_space(text[m.end() :]))
    rest = text[m.end() + 1 :]
    head = text[: m.end()].strip()
    if (" " in head and rest[:1].isupper()) or (
        rest[:1].isdigit() and _KINDS[idx] == "meeting_date"
    ):
        if _KINDS[idx] in ("stop", "title", "meeting", "phone", "email"):
            return None
        return Label(line.no, _KINDS[idx], norm_space(rest))
    return None


def agenda_stamp(text: str) -> str | None:
    """The item number of an "Agenda Item 6" / "Item 6a" stamp line, normalised ("6(a)" -> "6a")."""
    if len(text) > 50 or not text[:1].isalpha() or "tem" not in text[:24].lower():
        return None
    m = _STAMP_RE.match(text)
    if m is None:
        return None
    n = re.sub(r"[\s()]", "", m.group("n")).lower()
    return re.sub(r"^0+(?=\d)", "", n)


def is_blank_page(text: str) -> bool:
    """Whether the line is a "This page is intentionally left blank" marker (end of a document)."""
    return (
        len(text) < 80
        and ("lank" in text or "LANK" in text)
        and _BLANK_PAGE_RE.search(text) is not None
    )


# --- similarity ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "of", "and", "a", "an", "to", "for", "in", "on", "&", "report"})


@lru_cache(maxsize=4096)
def _norm_title(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(_WORD_RE.findall(s))


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def title_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Similarity of two titles: the better of character ratio and word containment.

    Below ``floor`` the exact value does not matter, which lets cheap bounds skip the ratio.
    """
    x, y = _norm_title(a)[:MAX_TITLE], _norm_title(b)[:MAX_TITLE]
    if not x or not y:
        return 0.0
    contain = 0.0
    wx = {_stem(w) for w in x.split() if w not in _STOP}
    wy = {_stem(w) for w in y.split() if w not in _STOP}
    if wx and wy:
        small, big = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
        if len(small) >= 2:
            contain = len(small & big) / len(small) * 0.95
    bound = max(contain, floor)
    if 2.0 * min(len(x), len(y)) / (len(x) + len(y)) <= bound:
        return contain  # the length bound (``real_quick_ratio``) without building a matcher
    sm = SequenceMatcher(None, x, y, autojunk=False)
    if sm.quick_ratio() <= bound:
        return contain
    return max(contain, sm.ratio())


def match_agenda(title: str, agenda: list[AgendaItem], used: set[str] | None = None) -> str | None:
    """The number of the agenda item whose title best matches ``title`` (None if none is close)."""
    best: tuple[float, int, str] | None = None
    for idx, item in enumerate(agenda):
        if not item.title:
            continue
        s = title_similarity(title, item.title, MATCH_THRESHOLD)
        if used and item.number in used:
            s -= 0.05
        if s >= MATCH_THRESHOLD and (best is None or s > best[0]):
            best = (s, -idx, item.number)
    return best[2] if best else None


# --- contacts --------------------------------------------------------------------------------


def _looks_like_name(s: str) -> bool:
    toks = strip_honorific(s).replace(",", " ").split()
    if not 1 <= len(toks) <= 5:
        return False
    return all(_NAME_TOKEN_RE.match(t) for t in toks) and any(len(t.rstrip(".")) > 1 for t in toks)


def _split_name_job(s: str) -> tuple[str, str | None]:
    """Split "Roger Allen, Senior Procurement Officer" into name and job title; without a
    separator the name is the leading run of name-like words before a job word."""
    s = norm_space(s).strip(" ,;:-\u2013")
    for sep in (",", " \u2013 ", " - ", " (", ";"):
        if sep in s:
            head, tail = s.split(sep, 1)
            tail = tail.strip(" ,;:-\u2013)")
            if _looks_like_name(head):
                return head.strip(), tail or None
    toks = s.split()
    if len(toks) > 2:
        k = 0
        while (
            k < len(toks)
            and k < 5
            and toks[k].lower().strip(".") not in _JOB_WORDS
            and _NAME_TOKEN_RE.match(toks[k])
        ):
            k += 1
        lead = " ".join(toks[:k])
        if 0 < k < len(toks) and _looks_like_name(lead) and len(strip_honorific(lead).split()) >= 2:
            return lead, " ".join(toks[k:])
    return s, None


def parse_contact(text: str) -> list[Author]:
    """Authors from one contact block: "Name: A, Job Tel: 0123 Email: a@x" (repeatable), or
    "A, Job, 0123 456789, a@x", or just a name."""
    text = norm_space(text)
    if not text:
        return []
    parts: list[tuple[str, str]] = []  # (sublabel, value)
    pos = 0
    cur = ""
    for m in _SUBLABEL_RE.finditer(text):
        parts.append((cur, text[pos : m.start()]))
        cur = m.group("l").lower()
        pos = m.end()
    parts.append((cur, text[pos:]))
    authors: list[Author] = []
    a: Author | None = None
    for lab, raw_val in parts:
        val = raw_val.strip(" ,;")
        if not val and lab != "name":
            continue
        if lab in ("", "name"):
            email = _EMAIL_RE.search(val)
            email_s = email.group(0) if email else None
            if email:
                val = (val[: email.start()] + " " + val[email.end() :]).strip(" ,;")
            phone = _PHONE_RE.search(val)
            phone_s = phone.group(0).strip() if phone else None
            if phone:
                val = (val[: phone.start()] + " " + val[phone.end() :]).strip(" ,;")
            val = _EMPTY_PARENS_RE.sub("", val)
            val = re.sub(r"\b(?:tel|telephone|phone|e-?mail|t|e)\s*[:.]?\s*$", "", val, flags=re.I)
            val = norm_space(val).strip(" ,;:")
            if not val and a is not None and lab == "":
                a.phone = a.phone or phone_s
                a.email = a.email or email_s
                continue
            if not val and not (phone_s or email_s):
                continue
            name, job = _split_name_job(val) if val else ("", None)
            a = Author(name=strip_honorific(name), job_title=job, phone=phone_s, email=email_s)
            authors.append(a)
            continue
        if a is None:
            a = Author(name="")
            authors.append(a)
        if lab.startswith(("tel", "phone", "direct", "mobile")):
            ph = _PHONE_RE.search(val)
            a.phone = a.phone or (ph.group(0).strip() if ph else val)
        elif lab.startswith(("e-mail", "email")):
            em = _EMAIL_RE.search(val)
            a.email = a.email or (em.group(0) if em else val)
        else:
            a.job_title = a.job_title or val
    return [x for x in authors if x.name or x.email]


# --- cover detection -------------------------------------------------------------------------


@dataclass(slots=True)
class Cover:
    """One cover sheet: its labels, extent in lines, and what was read from it."""

    labels: list[Label]
    start: int  # first line of the cover (its header: stamp / committee / title), inclusive
    end: int  # one past its last label's value
    stamp: str | None = None
    stamp_line: int | None = None
    title: str | None = None
    agenda_item: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    report: Report | None = None
    title_parts: list[str] = field(default_factory=list)  # heading lines the title came from
    late_labels: list[Label] = field(default_factory=list)  # an author block after the cover
    late_end: int = 0


def _is_table_continuation(line: Line) -> bool:
    """A table row whose first cell is empty continues the previous row's value cell."""
    raw = line.raw
    if "\t" not in raw:
        return False
    return not clean_inline(raw.split("\t", 1)[0])


def _value_lines(lines: list[Line], lab: Label, stop: int, last: bool = False) -> list[str]:
    """The lines of a label's value: inline text plus following lines up to ``stop``.

    A value in a table row ends with the row unless the next rows continue it (empty first
    cell).  The cover's last label has no following label to stop it, so there a numbered
    section heading ("1." / "1. Introduction") ends the value.
    """
    out = [lab.value] if lab.value else []
    head = lines[lab.line].text
    in_row = "\t" in head
    # A numbered section label ("2. Recommendations") ends where section 3 begins.
    section = _SECTION_NUM_RE.match(head)
    limit = min(stop, lab.line + 1 + MAX_VALUE_LINES)
    for j in range(lab.line + 1, limit):
        line = lines[j]
        t = line.text
        if is_blank_page(t) or agenda_stamp(t) or _STAMP_BARE_RE.match(t):
            break
        if in_row and lab.value and not _is_table_continuation(line):
            break
        if section is not None:
            other = _SECTION_NUM_RE.match(t)
            if other is not None and other.group(1) != section.group(1):
                break
        if _SECTION_HEADING_RE.match(t) or (
            _TOP_HEADING_RE.match(t) and (last or lab.kind in _HEADING_STOPS)
        ):
            break
        out.append(t.replace("\t", " "))
    return out


def _bare_kind(text: str) -> str | None:
    """The kind of a line that is nothing but a label (strong or weak), else None."""
    if len(text) > 80 or not _may_be_label(text):
        return None
    m = _LABEL_BARE_RE.match(text)
    if m is None:
        return None
    return _KINDS[_kind_index(m)]


def _classify(lines: list[Line]) -> list[Label]:
    """Every label line of the pack, in order.

    Weak labels standing alone ("Subject", "Date") count when they sit in a table printed
    as text: alternating with their values (label, value, label, ...) or in a column of labels.
    """
    first_word = _FIRST_WORD_RE.match
    maybe = [
        (fw := first_word(line.text)) is not None and fw.group(1).lower() in _FIRST_WORDS
        for line in lines
    ]  # ``_may_be_label`` of each line, inlined
    bare = [_bare_kind(line.text) if maybe[line.no] else None for line in lines]
    n = len(lines)
    labels: list[Label] = []
    prev_kind = ""
    prev_value = ""
    prev_line = -10
    joined_at = -1
    for line in lines:
        i = line.no
        if i == joined_at:
            continue  # the second half of a label split over two lines, read with the first
        if not maybe[i]:
            t = line.text
            c = t[:1]
            if not (c.isdigit() or c in "TtJj" or "<" in line.raw or "**" in line.raw):
                continue  # cheap part of ``_other_label_start``
            if not _other_label_start(line):
                continue
        lab = match_label(line)
        if lab is None and i + 1 < n:
            lab = _joined_label(lines, i)
            if lab is not None:
                joined_at = i + 1
        if (
            lab is None
            and bare[i] is not None
            and any(0 <= j < n and bare[j] is not None for j in (i - 2, i + 2, i - 1, i + 1))
        ):
            lab = Label(i, bare[i] or "", "")
        if lab is None:
            continue
        row = _split_row(line, lab) if "\t" in line.text else [lab]
        for lab in row:
            kind = lab.kind
            # "Title:" right after an author label is the author's job title, else the
            # report's title.
            after_author = prev_kind in ("author", "title", "phone", "email") and i - prev_line <= 6
            if prev_kind == "author" and "," in prev_value and not lab.value[:1].islower():
                # "Report author: Name, Job title" then "Title: ...": the report's title.
                after_author = False
            alone = i + 1 < n and bare[i + 1] is None and bare[i - 1 if i else 0] is None
            if kind == "title" and not after_author and (lab.value or alone):
                kind = "subject"
            if kind != lab.kind:
                lab = Label(lab.line, kind, lab.value, lab.first)
            labels.append(lab)
            prev_kind, prev_line, prev_value = kind, line.no, lab.value
    return labels


def _other_label_start(line: Line) -> bool:
    """Lines that may be labels without starting with a label word: numbered headings,
    marked-up cells and sentence-form labels ("This report is public")."""
    t = line.text
    return (
        t[:1].isdigit() or "<" in line.raw or "**" in line.raw or t[:4].lower() in ("this", "join")
    )


def _joined_label(lines: list[Line], i: int) -> Label | None:
    """A label wrapped over two lines ("Reason for" / "Recommendation: ..."), placed on the
    second line so that its value starts after it."""
    t = lines[i].text
    if len(t) > 30 or ":" in t or "\t" in t or not _may_be_label(t) or i + 1 >= len(lines):
        return None
    nxt = lines[i + 1].text
    joined = f"{t} {nxt}"
    m = _LABEL_RE.match(joined)
    if m is None or m.start("sep") <= len(t) or not m.group("sep"):
        return None
    idx = _kind_index(m)
    return Label(i + 1, _KINDS[idx], norm_space(joined[m.end() :].replace("\t", " ")), first=i)


def _split_row(line: Line, lab: Label) -> list[Label]:
    """A table row holding several label/value pairs ("Telephone\t0123\tEmail\ta@b")."""
    cells = line.text.split("\t")
    out: list[Label] = []
    kind = lab.kind
    values: list[str] = []
    for cell in cells[1:]:
        k = _bare_kind(cell) if len(cell) < 40 else None
        if k is not None and k not in ("stop", "meeting") and values:
            out.append(Label(line.no, kind, norm_space(" ".join(values))))
            kind, values = k, []
        elif cell:
            values.append(cell)
    if not out:
        return [lab]
    out.append(Label(line.no, kind, norm_space(" ".join(values))))
    return out


def page_marks(lines: list[Line], ctx: Context) -> list[tuple[int, str | None]]:
    """``_page_marks`` of the pipeline's line list, found once per parse."""
    if ctx.marks is None or ctx.marks_of is not lines:
        ctx.marks, ctx.marks_of = _page_marks(lines), lines
    return ctx.marks


def _page_marks(lines: list[Line]) -> list[tuple[int, str | None]]:
    """Document boundaries in line order: (line, stamp number) for "Agenda Item" stamps and
    (line, None) for blank-page markers."""
    out: list[tuple[int, str | None]] = []
    for line in lines:
        t = line.text
        if len(t) > 80:
            continue
        if is_blank_page(t):
            out.append((line.no, None))
        else:
            n = agenda_stamp(t)
            if n is not None:
                out.append((line.no, n))
    return out


def _clusters(
    lines: list[Line], labels: list[Label], marks: list[tuple[int, str | None]]
) -> list[list[Label]]:
    """Group labels into candidate cover sheets.

    A group ends at a blank-page marker, an "Agenda Item" stamp, a long gap, a second
    occurrence of a label a cover has once, or a numbered heading after "Reasons" (the report
    body has begun).  Converters sometimes print the stamp in the middle of a cover, so two
    groups split only by a stamp are joined again when neither is a cover on its own but
    together they are.
    """
    # headings[i]: number of body-start headings among lines[:i] (numbered or "Introduction").
    headings = [0] * (len(lines) + 1)
    hard = [(no, n is not None) for no, n in marks]  # (line, is_stamp)
    for line in lines:
        t = line.text
        is_heading = len(t) < 90 and (
            (t[:1].isdigit() and _NUMBERED_HEADING_RE.match(t) is not None)
            or (len(t) < 40 and _SECTION_HEADING_RE.match(t) is not None)
        )
        headings[line.no + 1] = headings[line.no] + is_heading
    groups: list[tuple[list[Label], bool]] = []  # (labels, ended by a stamp only)
    cur: list[Label] = []
    seen: set[str] = set()
    last_core = -(10**9)
    last_kind = ""
    hi = 0
    for lab in labels:
        crossed: bool | None = None  # None: no boundary; True: only stamps; False: blank page
        while hi < len(hard) and hard[hi][0] < lab.line:
            if cur and hard[hi][0] > cur[-1].line:
                crossed = hard[hi][1] if crossed is None else (crossed and hard[hi][1])
            hi += 1
        gap = lab.line - last_core
        limit = (
            MAX_GAP_AFTER_RECOMMENDATION
            if (last_kind == "recommendation" and lab.kind == "reasons")
            else MAX_GAP
        )
        body = "reasons" in seen and headings[lab.line] > headings[cur[-1].line + 1]
        repeat = lab.kind in _UNIQUE and lab.kind in seen
        if cur and (crossed is not None or body or gap > limit or repeat):
            groups.append((cur, crossed is True and not (body or gap > limit or repeat)))
            cur, seen = [], set()
        cur.append(lab)
        seen.add(lab.kind)
        if lab.kind in _CORE or lab.kind in ("title", "phone", "email"):
            last_core = lab.line
            last_kind = lab.kind
    if cur:
        groups.append((cur, False))
    out: list[list[Label]] = []
    k = 0
    while k < len(groups):
        labs, by_stamp = groups[k]
        if by_stamp and k + 1 < len(groups):
            nxt = groups[k + 1][0]
            merged = labs + nxt
            kinds_a = {x.kind for x in labs} & _UNIQUE
            kinds_b = {x.kind for x in nxt} & _UNIQUE
            if (
                not _accept(labs)
                and not _accept(nxt)
                and not (kinds_a & kinds_b)
                and _accept(merged)
            ):
                out.append(merged)
                k += 2
                continue
        out.append(labs)
        k += 1
    return out


def _accept(cluster: list[Label]) -> bool:
    """Whether a label group is a report cover sheet.

    Three different cover labels, one of them naming a person (author, portfolio holder,
    director) and one carrying report content; or, for covers that name their officers only
    at the end of the report, four labels including the recommendations.
    """
    if cluster[0].line == cluster[-1].line:
        return False  # one table row of column headings (a plan), not a cover sheet
    kinds = {lab.kind for lab in cluster}
    core = kinds & _CORE
    if len(core) < 3 or not (kinds & _REPORT_CONTENT):
        return False
    if not (kinds & _PERSON) and not (len(core) >= 4 and "recommendation" in kinds):
        return False
    # Table headers (forward plans) are bare labels; a cover sheet gives values somewhere.
    return any(lab.value for lab in cluster) or len(core) >= 5


def _committee_like(text: str, ctx: Context) -> bool:
    t = _norm_title(text)
    return any(name and t == _norm_title(name) for name in (ctx.committee, ctx.council))


def _strip_committee_prefix(text: str, ctx: Context) -> str:
    for name in (ctx.committee, ctx.council):
        if name and text.lower().startswith(name.lower()):
            return text[len(name) :].strip(" ,;:-\u2013")
    return text


def _header(
    lines: list[Line], first: int, floor: int, ctx: Context, need_title: bool = True
) -> tuple[list[str], str | None, int | None, int]:
    """Read the heading above a cover's first label: (title lines, stamp, stamp line, start).

    Without ``need_title`` (the cover names its subject in a label) only the masthead above
    the labels (committee, council, date, stamp) belongs to the cover.
    """
    title_parts: list[str] = []
    stamp: str | None = None
    stamp_line: int | None = None
    start = first
    i = first - 1
    done_title = False
    seen_date = False
    lo = max(floor, first - MAX_HEADER_LOOKBACK)
    while i >= lo:
        t = lines[i].text
        if is_blank_page(t):
            break
        s = agenda_stamp(t)
        if s is not None:
            stamp, stamp_line, start = s, i, i
            break
        if _STAMP_BARE_RE.match(t):
            start = i
            break
        if "\t" in t and (lab := match_label(lines[i])) is not None:
            if lab.kind == "stop" and title_parts and all(p[:1].islower() for p in title_parts):
                title_parts.clear()  # the row's value wrapped onto the lines below it
                done_title = False
            if lab.kind != "stop" or title_parts:
                break
            # A header row the cover does not read (application number, site, applicant):
            # part of the cover's table, so its stamp may be above it.
            start = i
            i -= 1
            continue
        if not done_title:
            if (
                _DECISION_TYPE_RE.match(t)
                or _NON_TITLE_RE.match(t)
                or match_label(lines[i])
                or _is_bare_label(t)
                or _is_sentence(t)
                or _joined_label(lines, i) is not None
            ):
                done_title = bool(title_parts)
                start = i
                i -= 1
                continue
            found = find_date(t)
            if found is not None and not title_parts and _DATE_IN_TITLE_RE.search(t[: found[1]]):
                found = None  # "Budget Monitoring to 30 September 2023" is a title
                title_parts.append(t)
                start = i
                i -= 1
                continue
            if found is not None:
                rest = _strip_committee_prefix(t[found[2] :].strip(" ,;:-\u2013"), ctx)
                if not title_parts and len(rest) > 3:
                    title_parts.append(rest)
                # The title is below the date; some covers print it above, so look on.
                done_title = bool(title_parts)
                seen_date = True
                start = i
            elif _committee_like(t, ctx) or (
                (title_parts or seen_date) and _BODY_NAME_RE.match(t) and len(t.split()) <= 8
            ):
                done_title = bool(title_parts)
                start = i
            elif len(t) > 200 or (t.endswith((".", ":")) and len(t) > 60) or not need_title:
                break
            else:
                title_parts.insert(0, _strip_committee_prefix(t, ctx) or t)
                start = i
                if len(title_parts) >= 3:
                    done_title = True
        else:
            if _committee_like(t, ctx) or find_date(t) is not None or len(t) < 80:
                start = i
            else:
                break
        i -= 1
    return [norm_space(p) for p in title_parts], stamp, stamp_line, start


def _is_bare_label(t: str) -> bool:
    """A line that is nothing but a label ("Purpose of report", "Summary:")."""
    m = _LABEL_HEAD_RE.match(t)
    return m is not None and not t[m.end() :].strip(" :")


def _is_sentence(t: str) -> bool:
    """Running text rather than a heading: ends with a full stop after a lower-case word."""
    return len(t) > 25 and t.endswith(".") and t[-2:-1].islower() and " " in t


def _clean_title(s: str) -> str:
    s = norm_space(s).strip(" :;,-\u2013")
    return s


def renumbered(lines: list[Line]) -> list[Line]:
    """``lines`` with ``Line.no`` equal to the list index (the parsers index by it); a slice of
    the normalised list is renumbered, the full list is returned as it is."""
    if not lines or (lines[0].no == 0 and lines[-1].no == len(lines) - 1):
        return lines
    return [replace(ln, no=i) for i, ln in enumerate(lines)]


def find_covers(lines: list[Line], ctx: Context) -> list[Cover]:
    """All report cover sheets in the pack, in order, with title and agenda item resolved."""
    lines = renumbered(lines)
    if ctx.covers is not None and ctx.covers_of is lines:
        return ctx.covers
    covers = _find_covers(lines, ctx)
    ctx.covers, ctx.covers_of = covers, lines
    return covers


def _find_covers(lines: list[Line], ctx: Context) -> list[Cover]:
    labels = _classify(lines)
    covers: list[Cover] = []
    floor = 0
    marks = page_marks(lines, ctx)
    for cluster in _clusters(lines, labels, marks):
        if cluster[-1].line < ctx.frontsheet_end or not _accept(cluster):
            continue  # the front sheet's agenda may summarise reports with the same labels
        cluster = [
            lab
            for lab in cluster
            if lab.kind in _CORE or lab.kind in ("title", "phone", "email", "stop")
        ]
        first = cluster[0].top
        last = cluster[-1]
        stop_next = len(lines)
        n_vals = len(_value_lines(lines, last, stop_next, last=True)) - (1 if last.value else 0)
        end = min(stop_next, last.line + 1 + n_vals)
        has_subject = any(lab.kind == "subject" and lab.value for lab in cluster)
        parts, stamp, stamp_line, start = _header(
            lines, first, max(floor, ctx.frontsheet_end), ctx, need_title=not has_subject
        )
        cov = Cover(
            labels=cluster,
            start=start,
            end=max(end, last.line + 1),
            title=" ".join(parts) or None,
            title_parts=parts,
        )
        cov.stamp, cov.stamp_line = stamp, stamp_line
        covers.append(cov)
        floor = cov.end
    _stamps_below(lines, covers)
    covers = _drop_listings(covers)
    _attach_late_authors(lines, labels, covers, marks)
    for cov in covers:
        _read_cover(lines, cov, ctx)
    covers = _resolve_items(covers, ctx)
    _report_pages(lines, covers, ctx, marks)
    return covers


def _report_pages(
    lines: list[Line], covers: list[Cover], ctx: Context, marks: list[tuple[int, str | None]]
) -> None:
    """A report runs from its cover to the next cover or the next item's stamp (appendices
    included).  Its pages are the agenda's page range for its item when the front sheet prints
    one, else those of that stretch of lines, when the pack's pages are known."""
    stamps = [(no, n) for no, n in marks if n is not None]
    si = 0
    for k, cov in enumerate(covers):
        end = covers[k + 1].start if k + 1 < len(covers) else len(lines)
        while si < len(stamps) and stamps[si][0] < cov.end:
            si += 1
        j = si
        while j < len(stamps) and stamps[j][0] < end:
            if stamps[j][1] != cov.agenda_item:
                end = stamps[j][0]
                break
            j += 1
        if cov.report is not None:
            ai = ctx.item(cov.agenda_item) if cov.agenda_item else None
            cov.report.pages = ai.pages if ai and ai.pages else _span_pages(lines, cov.start, end)


def _stamps_below(lines: list[Line], covers: list[Cover]) -> None:
    """Converters move page furniture: a cover's "Agenda Item" stamp may come out among or
    after its labels.  Look for it on the cover's own page (when pages are known) or just
    past its labels, never beyond the next cover."""
    for k, cov in enumerate(covers):
        if cov.stamp is not None:
            continue
        first = cov.labels[0].line
        page = lines[first].page
        limit = covers[k + 1].start if k + 1 < len(covers) else len(lines)
        limit = min(limit, first + STAMP_LOOKAHEAD if page is not None else cov.end + 1)
        for j in range(first, min(limit, len(lines))):
            t = lines[j].text
            if is_blank_page(t) or (page is not None and lines[j].page != page):
                break
            n = agenda_stamp(t)
            if n is not None:
                cov.stamp, cov.stamp_line = n, j
                break


def _drop_listings(covers: list[Cover]) -> list[Cover]:
    """Label blocks that follow each other with no text between them are the entries of a
    listing (a forward plan or work programme printed as label: value records), not covers:
    every real cover is followed by its report."""
    out: list[Cover] = []
    i = 0
    while i < len(covers):
        j = i
        while (
            j + 1 < len(covers)
            and covers[j + 1].start - covers[j].end <= LISTING_GAP
            and covers[j + 1].stamp is None  # a stamped cover starts a document of its own
        ):
            j += 1
        if j - i + 1 < LISTING_RUN:
            out.extend(covers[i : j + 1])
        i = j + 1
    return out


def _attach_late_authors(
    lines: list[Line],
    labels: list[Label],
    covers: list[Cover],
    marks: list[tuple[int, str | None]],
) -> None:
    """Many reports name their author at the end ("Contact Officer: ...") rather than on the
    cover: take the first author block after a cover that has none, up to the end of that
    document (next cover, stamp or blank-page marker)."""
    bounds = [no for no, _n in marks]
    bi = 0
    li = 0
    for idx, cov in enumerate(covers):
        if any(lab.kind == "author" for lab in cov.labels):
            continue
        limit = covers[idx + 1].start if idx + 1 < len(covers) else len(lines)
        while bi < len(bounds) and bounds[bi] < cov.end:
            bi += 1
        if bi < len(bounds):
            limit = min(limit, bounds[bi])
        while li < len(labels) and labels[li].line < cov.end:
            li += 1
        k = li
        while k < len(labels) and labels[k].line < limit and labels[k].kind != "author":
            k += 1
        if k >= len(labels) or labels[k].line >= limit:
            continue
        block = [labels[k]]
        k += 1
        while (
            k < len(labels)
            and labels[k].line < limit
            and labels[k].kind in ("title", "phone", "email")
            and labels[k].line - block[-1].line <= 3
        ):
            block.append(labels[k])
            k += 1
        cov.late_labels = block
        cov.late_end = min(limit, block[-1].line + 4)


def _label_values(lines: list[Line], cov: Cover) -> list[tuple[str, str, int]]:
    """(kind, value, line) for each label, filling empty labels from the lines that follow."""
    labs = cov.labels
    out: list[tuple[str, str, int]] = []
    i = 0
    n = len(labs)
    while i < n:
        lab = labs[i]
        if lab.value:
            stop = labs[i + 1].top if i + 1 < n else cov.end
            vals = _value_lines(lines, lab, stop, last=i + 1 == n)
            out.append((lab.kind, " ".join(vals), lab.line))
            i += 1
            continue
        # A run of consecutive empty labels, then the value lines after the run.
        j = i
        while j + 1 < n and not labs[j + 1].value and labs[j + 1].line == labs[j].line + 1:
            j += 1
        run = labs[i : j + 1]
        stop = labs[j + 1].top if j + 1 < n else cov.end
        vals = _value_lines(lines, Label(labs[j].line, labs[j].kind, ""), stop, last=j + 1 == n)
        if len(run) == 1:
            out.append((lab.kind, " ".join(_reorder_fragment(vals)), lab.line))
        else:
            out.extend(_assign_positional(run, vals))
        i = j + 1
    return out


def _reorder_fragment(vals: list[str]) -> list[str]:
    """PDF text sometimes puts the wrapped end of a cell ("Help") before its start
    ("Cllr A Parry, ... and Early"): move a short leading fragment after a line that begins
    with an honorific and ends mid-phrase."""
    if len(vals) >= 2 and len(vals[0].split()) <= 2 and not vals[0].endswith((".", ":")):
        nxt = vals[1]
        if strip_honorific(nxt) != nxt and not nxt.endswith((".", ",", ";", ")")):
            return [vals[1], vals[0], *vals[2:]]
    return vals


def _assign_positional(run: list[Label], vals: list[str]) -> list[tuple[str, str, int]]:
    """Labels printed as one column and their values as the next: pair them up by type/order."""
    assigned: dict[int, str] = {}
    rest: list[str] = []
    for v in vals:
        if _EMAIL_RE.fullmatch(v.strip()) or (_EMAIL_RE.search(v) and len(v) < 80):
            k = next(
                (i for i, lab in enumerate(run) if lab.kind == "email" and i not in assigned), None
            )
            if k is not None:
                assigned[k] = v
                continue
        if _PHONE_RE.fullmatch(v.strip()):
            k = next(
                (i for i, lab in enumerate(run) if lab.kind == "phone" and i not in assigned), None
            )
            if k is not None:
                assigned[k] = v
                continue
        rest.append(v)
    free = [
        i for i, lab in enumerate(run) if i not in assigned and lab.kind not in ("email", "phone")
    ]
    for i, v in zip(free, rest, strict=False):
        assigned[i] = v
    if len(rest) > len(free) and free:
        assigned[free[-1]] = " ".join([assigned[free[-1]], *rest[len(free) :]])
    return [(lab.kind, assigned.get(i, ""), lab.line) for i, lab in enumerate(run)]


def _sublabels(raw: str) -> list[tuple[str, str, int]]:
    """Marked-up sub-labels inside a raw cell: [(kind, value, index of the mark)]
    (e.g. "<u>Lead Member</u> Cllr X <u>Director</u> Y")."""
    marks = list(_MARKED_RE.finditer(raw))
    out: list[tuple[str, str, int]] = []
    for k, m in enumerate(marks):
        label = clean_inline(m.group(2) or m.group(3) or "")
        lm = _LABEL_RE.match(label)
        if lm is None:
            continue
        kind = _KINDS[_kind_index(lm)]
        end = marks[k + 1].start() if k + 1 < len(marks) else len(raw)
        value = clean_inline(raw[m.end() : end].replace("\t", " "))
        out.append((kind, value.strip(" :"), k))
    return out


def _split_holders(s: str) -> str:
    """Several "Name - Role" holders run together in one cell: separate them with "; "."""
    if s.count(" - ") + s.count(" \u2013 ") < 2:
        return s
    return _MULTI_HOLDER_RE.sub("; ", s).replace(" ; ", "; ")


def _status(value: str) -> tuple[str | None, list[int]]:
    v = value.lower()
    paras: list[int] = []
    m = _PAREN_PARAS_RE.search(value)
    if m:
        paras = sorted(
            {int(x) for x in re.findall(r"\d{1,2}", m.group(1)) if is_exempt_paragraph(int(x))}
        )
    if not v.strip():
        return None, paras
    if re.match(r"(?:no|not)\b|un(?:restricted|classified)\b|non[-\s]?(?:exempt|confidential)", v):
        return "Public", paras  # "Exempt information: No", "Classification: Unrestricted"
    if re.match(r"yes\b", v):
        return "Exempt", paras
    if v.startswith("part") and not re.match(r"part\s+(?:i|1|a)\b(?!i)", v):
        return "Part exempt", paras
        return "Part exempt", paras
    if v.startswith(("public", "open")) and "exempt" not in v[:20]:
        return "Public", paras
    if (
        "exempt" in v
        or "confidential" in v
        or "private" in v
        or "not for publication" in v
        or "restricted" in v
        or "closed" in v
        or re.search(r"\bpart\s+(?:ii|2|b)\b", v) is not None
        or paras
    ):
        return "Exempt", paras
    if "public" in v or "open" in v:
        return "Public", paras
    return norm_space(value)[:60], paras


_OFFICER_LABEL_RE = re.compile(r"^(?:lead|responsible|accountable)\s+officer", re.I)


def _read_cover(lines: list[Line], cov: Cover, ctx: Context) -> None:
    values: dict[str, str] = {}
    authors: list[Author] = []
    holders: list[str] = []
    director: str | None = None
    officers: list[str] = []  # values of "Lead Officer"-type labels (the report's contact)
    found = _label_values(lines, cov)
    if cov.late_labels:
        late = Cover(labels=cov.late_labels, start=cov.late_labels[0].line, end=cov.late_end)
        found += _label_values(lines, late)
    for kind, value, lno in found:
        value = norm_space(value)
        raw = lines[lno].raw
        subs = _sublabels(raw) if ("<" in raw or "**" in raw) else []
        if subs and kind in ("director", "portfolio", "local", "meeting"):
            for sk, sv, _ in subs:
                if sk == "portfolio" and sv:
                    holders.append(_split_holders(sv))
                elif sk == "director" and sv and director is None:
                    director = _split_holders(sv)
            continue
        if kind == "author":
            authors.extend(parse_contact(value))
        elif kind in ("title", "phone", "email"):
            if not authors:
                authors.append(Author(name=""))
            a = authors[-1]
            if kind == "title":
                a.job_title = a.job_title or (value or None)
            elif kind == "phone":
                ph = _PHONE_RE.search(value)
                a.phone = a.phone or ((ph.group(0).strip() if ph else value) or None)
            else:
                em = _EMAIL_RE.search(value)
                a.email = a.email or ((em.group(0) if em else value) or None)
        elif kind == "portfolio":
            if value:
                holders.append(_split_holders(value))
        elif kind == "director":
            if value and director is None:
                director = _split_holders(value)
            if value and _OFFICER_LABEL_RE.match(lines[lno].text):
                officers.append(value)
        elif value and kind not in values:
            values[kind] = value
        elif kind not in values:
            values[kind] = ""
    # "Name, job title" in the author label with a separate "Title:" label is already split;
    # an author label holding only a job title cannot be told apart, so keep it as the name.
    authors = [a for a in authors if a.name or a.email]
    contact = officers[0] if officers else director
    if not authors and contact:
        # No author or contact named anywhere: the lead officer (else the director who
        # signs the report off), when a person is named.
        name, job = _split_name_job(_split_holders(contact))
        if " " in name and _looks_like_name(name):
            authors = [Author(name=strip_honorific(name), job_title=job)]
    title = values.get("subject") or cov.title
    if title:
        title = _clean_title(title)[:MAX_TITLE]
    cov.title = title or None
    cov.values = values
    status, paras = _status(values.get("status") or values.get("status_weak", ""))
    if status is None and values.get("exempt_q"):
        answer = values["exempt_q"].lower()
        if answer.startswith("no"):
            status = "Public"
        elif answer.startswith("yes"):
            status, paras = "Exempt", _status(answer)[1]
    cov.report = Report(
        agenda_item=None,
        title=cov.title or "",
        portfolio_holder="; ".join(holders) or None,
        authors=authors,
        status=status,
        recommendations=values.get("recommendation") or None,
        reasons=values.get("reasons") or None,
        purpose=values.get("purpose") or None,
        executive_director=director,
        brief_summary=values.get("summary") or None,
        exempt_paragraphs=paras,
        pages=_span_pages(lines, cov.start, cov.end),
    )


def _span_pages(lines: list[Line], start: int, end: int) -> tuple[int, int] | None:
    first = last = None
    for j in range(start, min(end, len(lines))):
        p = lines[j].page
        if p is not None:
            first = p if first is None else first
            last = p
    return (first, last) if first is not None and last is not None else None


def _item_of(cov: Cover, ctx: Context, numbers: set[str], used: set[str]) -> str | None:
    """The agenda item of a cover from its stamp, else from its title."""
    agenda = ctx.agenda
    by_title = match_agenda(cov.title, agenda, used) if (cov.title and agenda) else None
    if cov.stamp is None:
        return by_title
    item = cov.stamp
    if numbers and item not in numbers and by_title is not None:
        return by_title
    if by_title is not None and by_title != item and cov.title:
        # A stamp that belongs to a neighbouring document: trust a clear title match.
        stamped_item = ctx.item(item)
        ai = ctx.item(by_title)
        if (
            stamped_item is not None
            and stamped_item.title
            and title_similarity(cov.title, stamped_item.title) < 0.3
            and ai is not None
            and ai.title
            and title_similarity(cov.title, ai.title) >= 0.8
        ):
            return by_title
    return item


def _by_position(covers: list[Cover], items: list[str | None], ctx: Context) -> None:
    """Reports follow the agenda's order: an unplaced cover between the covers of items k and
    m belongs to the one substantive item between them, if there is exactly one."""
    agenda = ctx.agenda
    if not agenda:
        return
    order = {it.number: i for i, it in enumerate(agenda)}
    used = {i for i in items if i is not None}
    n = len(covers)
    before = [-1] * n  # agenda index of the nearest placed cover before k
    after = [len(agenda)] * n
    cur = -1
    for k in range(n):
        before[k] = cur
        if items[k] in order:
            cur = order[items[k] or ""]
    cur = len(agenda)
    for k in range(n - 1, -1, -1):
        after[k] = cur
        if items[k] in order:
            cur = order[items[k] or ""]
    for k, cov in enumerate(covers):
        if items[k] is not None or cov.stamp is not None:
            continue
        cands = [
            it.number
            for it in agenda[before[k] + 1 : after[k]]
            if it.title and it.number not in used and not _PROCEDURAL_RE.search(it.title)
        ]
        if len(cands) == 1:
            items[k] = cands[0]
            used.add(cands[0])


def _trim_title(cov: Cover, item: AgendaItem | None) -> None:
    """A heading of several lines may carry a stray line (a running header, a report
    number): keep the contiguous lines that best match the agenda's title for the item."""
    if item is None or not item.title:
        return
    parts = cov.title_parts
    want = _norm_title(item.title)

    def ratio(s: str) -> float:
        return SequenceMatcher(None, _norm_title(s), want, autojunk=False).ratio()

    best = (ratio(cov.title or ""), 0, len(parts))
    for a in range(len(parts)):
        for b in range(a + 1, len(parts) + 1):
            if (a, b) != (0, len(parts)):
                sim = ratio(" ".join(parts[a:b]))
                if sim > best[0] + 0.15:
                    best = (sim, a, b)
    cov.title = " ".join(parts[best[1] : best[2]])
    if cov.report is not None:
        cov.report.title = cov.title


def _resolve_items(covers: list[Cover], ctx: Context) -> list[Cover]:
    """Give each cover its agenda item and drop covers that are appendices of another report."""
    agenda = ctx.agenda
    numbers = {it.number.lower() for it in agenda}
    stamped = any(cov.stamp is not None for cov in covers)
    items: list[str | None] = []
    found: set[str] = set()
    for cov in covers:
        item = _item_of(cov, ctx, numbers, found)
        items.append(item)
        if item is not None:
            found.add(item)
    _by_position(covers, items, ctx)
    out: list[Cover] = []
    used: set[str] = set()
    for cov, item in zip(covers, items, strict=True):
        if item is not None and len(cov.title_parts) > 1 and not cov.values.get("subject"):
            _trim_title(cov, ctx.item(item))
        if cov.title is None and item is not None:
            ai = ctx.item(item)
            cov.title = ai.title if ai else None
        if not cov.title:
            continue
        kinds = {lab.kind for lab in cov.labels}
        decisive = len(kinds & {"recommendation", "reasons", "status", "exempt_q"}) >= 2
        if (agenda or stamped) and item is None and cov.stamp is None and not decisive:
            # Not on the agenda and unstamped in a stamped pack: a cover-like table inside an
            # appendix (scoping form, business case), unless it carries a decision.
            continue
        if item is not None and item in used and cov.stamp is None and not decisive:
            continue  # a second cover-like sheet within one item is an appendix
        if item is not None:
            used.add(item)
        cov.agenda_item = item
        if cov.report is not None:
            cov.report.agenda_item = item
            cov.report.title = cov.title
        out.append(cov)
    return out


def status_of(value: str) -> str | None:
    """A cover's status ("Public", "Exempt", "Part exempt") from its printed value."""
    return _status(value)[0]


def parse_reports(lines: list[Line], ctx: Context) -> list[Report]:
    """One ``Report`` per report cover sheet in the pack, in pack order (memo-style covers
    and end-of-report author blocks: ``parse.covers``)."""
    from minutebook.importer.parse.covers import complete_reports

    found = [cov.report for cov in find_covers(lines, ctx) if cov.report is not None]
    return complete_reports(renumbered(lines), ctx, found)
