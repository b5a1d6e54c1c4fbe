"""Report covers: the cover labels and how a label's value is read, and the ``Cover`` record
(split from ``reports``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.importer.pack import Report
from minutebook.importer.parse.text import (
    Line,
    clean_inline,
    norm_space,
)

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


def _clean_title(s: str) -> str:
    s = norm_space(s).strip(" :;,-\u2013")
    return s


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
