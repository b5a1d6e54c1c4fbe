"""Is a document of the pack public, exempt (under which Schedule 12A paragraphs), or not
decidable from what it prints?  Pure Python, no Django.

A pack marks an exempt report or appendix where a reader looks first: a heading ("EXEMPT -
NOT FOR PUBLICATION by virtue of paragraph 3", "CONFIDENTIAL", "Part 2", "Private and
confidential"), a cover field ("Classification: Restricted", "Exempt: Yes (paragraph 1)",
"Report status: Exempt"), or a Modern.Gov placeholder page ("By virtue of paragraph(s) 4 of
Part 1 of Schedule 12A ... Document is Restricted").  So only a document's first lines are
read (``HEAD_LINES``), and only lines shaped like headings or labelled fields count: a public
report that says "the exempt appendix is on Part 2 of the agenda", or discusses
confidentiality in prose, stays public.

``detect`` returns an :class:`Exemption`:

- ``public``: no marker, or only public ones ("Classification: Unrestricted", "Part exempt",
  "Exempt information: Appendix 2" - a cover that names another document as exempt);
- ``exempt`` with the paragraphs stated (England 1-7, Wales 12-18);
- ``undecided``: marked confidential, restricted, private or Part 2 with no paragraph, or
  citing a paragraph that Schedule 12A does not have.  The importer fails closed on it.

An exempt marker beats a public one in the same head (fail closed).  ``apply_exemptions`` is
the pipeline stage: it marks the pack's documents, carries an exempt report document's status
to its ``Report``, and warns about every undecided document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from minutebook.importer.parse.text import is_exempt_paragraph, norm_space

if TYPE_CHECKING:
    from minutebook.importer.pack import Pack, PackDocument

__all__ = [
    "EXEMPT",
    "HEAD_LINES",
    "PUBLIC",
    "UNDECIDED",
    "Exemption",
    "apply_exemptions",
    "detect",
    "is_marker",
    "paragraphs_in",
]

PUBLIC = "public"
EXEMPT = "exempt"
UNDECIDED = "undecided"
_ABOUT_OTHERS = "others"  # a field about other documents ("Exempt appendices: B"): no signal

#: Lines read from the top of a document (headings, placeholder pages and cover fields).
HEAD_LINES = 14
#: A heading or field line is short; a longer line is prose.
HEADING_MAX = 160
#: Lines after a marker that may continue it ("of Part 1 of Schedule 12A ...").
CONTINUATION = 2
#: Kinds of document whose own head is read (the front sheet lists exempt items, it is not one).
READ_KINDS = frozenset({"report", "appendix", "exempt", "item", "other", "minutes"})

_DASH = r"[-\u2010-\u2015:;|(\[]"
_LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:agenda\s+)?item\s+\d{1,3}[a-z]?\s*[-\u2013\u2014:.]?\s*)?"
    r"(?:appendix|annex|annexe|enclosure|schedule|attachment)\s+[A-Z0-9]{1,4}(?:\.\d{1,2})?\b"
    r"\s*(?:[-\u2010-\u2015:.)]\s*)?",
    re.I,
)
# A paragraph citation: "paragraph 3", "paragraphs 1, 2 & 3", "para. 3", "paragraph(s) 4",
# "paras 1 and 2".
_PARAS_RE = re.compile(
    r"\bpara(?:graph)?s?\b\.?\s*(?:\(s\))?\s*(?:no\.?\s*)?"
    r"(?P<nums>\d{1,3}(?:\s*(?:,|&|and|or|/|-|\u2013)\s*\d{1,3})*)(?!\d|\.\d)",
    re.I,
)
_NUM_RE = re.compile(r"\d{1,3}")
# Words that make an exempt-looking heading public: the document is only partly exempt, or
# says it is not exempt.
_PUBLIC_VALUE_RE = re.compile(
    r"^(?:public|open|unrestricted|non[-\s]?confidential|not\s+(?:exempt|confidential|restricted)"
    r"|not\s+protectively\s+marked|official\b(?![-\s]*sensitive)|no\b|none\b|n/?a\b"
    r"|not\s+applicable|part\s+(?:1|i|a)\b(?!i)|part(?:ly|ially)?\s+exempt"
    r"|public\s+with\s+(?:an?\s+)?exempt)",
    re.I,
)
# "This report is not exempt": the subject before a value.
_SUBJECT_RE = re.compile(
    r"^(?:this|the)\s+(?:report|item|paper|document|appendix)(?:\s+is)?\s+", re.I
)
# A value naming another document ("Appendix 2 is exempt") leaves this one public.
_OTHER_DOC_RE = re.compile(r"^(?:the\s+)?(?:appendix|appendices|annex|annexes|part\s+of)\b", re.I)
_EXEMPT_VALUE_RE = re.compile(
    r"^(?:yes\b|exempt|restricted|confidential|private|closed|not\s+for\s+(?:publication|"
    r"public)|part\s+(?:2|ii|b)\b|official[-\s]*sensitive|(?:strictly|commercially)\s+"
    r"confidential)",
    re.I,
)
# Cover-field labels that state this document's own status.
_FIELD_RE = re.compile(
    r"^(?P<label>(?:exempt|confidential|restricted|private)\s+(?:appendix|appendices|annex"
    r"|annexes|annexe|attachments?|documents?|background\s+papers?)"
    r"|(?:report\s+|document\s+|security\s+|information\s+)?"
    r"(?:classification|status|access|protective\s+marking|marking)"
    r"|exempt(?:\s+information|\s+report|\s+item)?|confidential(?:\s+information|\s+report)?"
    r"|(?:is\s+(?:the|this)\s+(?:report|item|paper|document)\s+)?(?:exempt|confidential)"
    r"(?:\s+or\s+(?:public|not))?\s*\?"
    r"|(?:open|public)\s*(?:/|or)\s*(?:exempt|private|confidential|closed)(?:\s+\w+)?"
    r"|(?:exempt|private|confidential)\s*(?:/|or)\s*(?:public|open)(?:\s+\w+)?"
    r"|part\s+(?:1|i)\s*(?:/|or)\s*(?:part\s+)?(?:2|ii)"
    r"|not\s+for\s+publication)"
    r"[ ]*(?P<sep>:|\?|\t|\s[-\u2013\u2014]\s|(?<=\?)\s)\s*(?P<value>.*)$",
    re.I,
)
_OTHERS_LABEL_RE = re.compile(r"appendi|annex|attachment|document|papers?$", re.I)
# "Classification Unrestricted": a classification label without a colon (Kent's covers).
_BARE_CLASS_RE = re.compile(
    r"^(?:security\s+)?classification\s+(?P<value>unrestricted|restricted|public|open"
    r"|confidential|exempt|official(?:[-\s]sensitive)?|not\s+protectively\s+marked)\b",
    re.I,
)
# Headings.  Each is a marker at the start of a heading-shaped line (after an "Appendix X -"
# label), followed by the end of the line, a separator, or a few words that keep it a
# heading ("report", "appendix", "by virtue of", a paragraph citation).
_TAIL = (
    r"(?:\s+(?:report|appendix|annex|annexe|document|information|item|paper|papers|minutes))?"
    r"(?=\s*$|\s*" + _DASH + r"|\s+(?:by\s+virtue|under\s+para|para(?:graph)?s?\b|not\s+for"
    r"\s+publication|schedule\s+12\s*a|\d{1,3}\b))"
)
_HEADING_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    # (pattern, strong): a strong marker may be a whole sentence ending in a full stop.
    (re.compile(r"^not\s+for\s+(?:publication|public\s+(?:inspection|release))\b", re.I), True),
    (re.compile(r"^(?:this\s+)?document\s+is\s+(?:restricted|confidential|exempt)\b", re.I), True),
    (
        re.compile(
            r"^(?:exempt|restricted|confidential)\s+(?:information\s+)?(?:by\s+virtue\s+of|under)"
            r"\s+para",
            re.I,
        ),
        True,
    ),
    (
        re.compile(
            r"^(?:by\s+virtue\s+of|under)\s+(?:the\s+)?para(?:graph)?s?\b[^.]{0,60}"
            r"(?:schedule\s+12\s*a|local\s+government\s+act)",
            re.I,
        ),
        True,
    ),
    (re.compile(r"^(?:fully\s+)?exempt" + _TAIL, re.I), False),
    (re.compile(r"^restricted" + _TAIL, re.I), False),
    (
        re.compile(
            r"^(?:(?:private\s+and|strictly|commercially|highly)\s+)?confidential" + _TAIL, re.I
        ),
        False,
    ),
    (
        re.compile(
            r"^private(?:\s+(?:report|appendix|item|paper|and\s+confidential))?" + _TAIL, re.I
        ),
        False,
    ),
    (
        re.compile(r"^part\s+(?:2|ii|b)(?:\s+(?:report|appendix|item|paper|papers))?\s*$", re.I),
        False,
    ),
    (
        re.compile(
            r"^part\s+(?:2|ii|b)\s*" + _DASH + r"?\s*(?:\(\s*)?(?:exempt|confidential|private"
            r"|restricted|not\s+for\s+publication)\b",
            re.I,
        ),
        False,
    ),
    (re.compile(r"^official[-\s]+sensitive\b", re.I), False),
)
# "Appendix C - Financial appraisal (exempt)", "Appendix 2 [Confidential]".
_TRAILING_RE = re.compile(
    r"[(\[]\s*(?:fully\s+)?(?:exempt|confidential|restricted|private|not\s+for\s+publication"
    r"|part\s+(?:2|ii))\b[^)\]]{0,80}[)\]]\s*$",
    re.I,
)
# A line that continues a marker's citation ("of Part 1 of Schedule 12A", "(paragraph 3)").
_CONTINUES_RE = re.compile(
    r"^(?:(?:of|by\s+virtue|under|within|in|and|para\w*|schedule|the\s+local|local)\b|\()"
    r"|schedule\s+12",
    re.I,
)
_EMPHASIS_RE = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
_SPACES_RE = re.compile(r"[ \u00a0]+")
# Cheap first test: every marker line holds one of these words.
_CUE_RE = re.compile(
    r"exempt|restricted|confidential|publication|private|part\s+(?:2|ii|b)\b|para|sensitive"
    r"|classification|status|marking|access",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Exemption:
    """What a document's head says about its status; ``cue`` is the line that decided it."""

    status: str = PUBLIC
    paragraphs: tuple[int, ...] = ()
    cue: str = ""
    invalid: tuple[int, ...] = field(default=())

    @property
    def public(self) -> bool:
        return self.status == PUBLIC


def paragraphs_in(text: str) -> tuple[list[int], list[int]]:
    """(Schedule 12A paragraphs, other numbers) cited as paragraphs in ``text``."""
    good: set[int] = set()
    bad: set[int] = set()
    for m in _PARAS_RE.finditer(text):
        nums = m.group("nums")
        # "paragraphs 1-3": a range.
        rng = re.fullmatch(r"(\d{1,2})\s*[-\u2013]\s*(\d{1,2})", nums)
        values = (
            list(range(int(rng.group(1)), int(rng.group(2)) + 1))
            if rng and int(rng.group(1)) < int(rng.group(2)) <= 18
            else [int(x) for x in _NUM_RE.findall(nums)]
        )
        for n in values:
            (good if is_exempt_paragraph(n) else bad).add(n)
    return sorted(good), sorted(bad)


def _strip(text: str, tabs: bool = False) -> str:
    """The line without markdown emphasis, bullets and runs of spaces (tabs kept if asked)."""
    t = _EMPHASIS_RE.sub("", text)
    t = _SPACES_RE.sub(" ", t) if tabs else norm_space(t.replace("\t", " "))
    return t.strip(" \t*_#>\u2022-\u2013\u2014")


def _heading(text: str) -> tuple[bool, bool]:
    """(is an exempt heading, may be continued by the next lines) for one line."""
    t = _strip(text)
    if not t or len(t) > HEADING_MAX or not _CUE_RE.search(t):
        return False, False
    body = _LABEL_PREFIX_RE.sub("", t, count=1) if _LABEL_PREFIX_RE.match(t) else t
    for rx, strong in _HEADING_RES:
        if rx.match(body):
            if not strong and t.endswith(".") and len(t) > 60:
                return False, False  # a sentence that starts with the word
            return True, True
    if body is not t and _TRAILING_RE.search(body):
        return True, False
    return False, False


def is_marker(text: str) -> bool:
    """A line that opens an exempt document: an exempt heading or placeholder notice."""
    return _heading(text)[0]


def _field(text: str) -> tuple[str, str] | None:
    """(label, value) of a cover field that states a status, else None."""
    t = _strip(text, tabs=True)
    if len(t) > HEADING_MAX or not _CUE_RE.search(t):
        return None
    m = _FIELD_RE.match(t) or _BARE_CLASS_RE.match(t)
    if m is None:
        return None
    label = m.groupdict().get("label") or "classification"
    if _OTHERS_LABEL_RE.search(label) and m.groupdict().get("sep") not in (":", "\t"):
        return None  # "EXEMPT APPENDIX - paragraph 5": a heading, not a field
    return label, norm_space(m.group("value").replace("\t", " "))


def _value_status(label: str, value: str) -> str | None:
    """The status a field's value gives this document (None: it does not say)."""
    v = _SUBJECT_RE.sub("", value.strip(" .:-\u2013\u2014"), count=1)
    low_label = label.lower()
    if _OTHERS_LABEL_RE.search(low_label):
        return _ABOUT_OTHERS
    if not v:
        return None
    if low_label.startswith("not for publication"):
        return PUBLIC if re.match(r"(?:no|none|n/?a|not\s+applicable)\b", v, re.I) else EXEMPT
    if _OTHER_DOC_RE.match(v) or _PUBLIC_VALUE_RE.match(v):
        return PUBLIC
    if _EXEMPT_VALUE_RE.match(v) or paragraphs_in(v)[0] or paragraphs_in(v)[1]:
        return EXEMPT
    return None


def detect(lines: Sequence[str]) -> Exemption:
    """The status that the first lines of a document give it (see the module docstring)."""
    head = [ln for ln in lines[:HEAD_LINES] if ln and not ln.isspace()]
    exempt_cues: list[str] = []
    public_cue = ""
    good: set[int] = set()
    bad: set[int] = set()
    i = 0
    while i < len(head):
        text = head[i]
        found = _field(text)
        status: str | None = None
        span = text
        if found is not None:
            label, value = found
            if not value and i + 1 < len(head):
                value = _strip(head[i + 1])  # a two-cell row read one cell per line
                span = f"{text} {head[i + 1]}"
            status = _value_status(label, value)
        if status is None:
            marker, continues = _heading(text)
            if marker:
                status = EXEMPT
                if continues:
                    more = head[i + 1 : i + 1 + CONTINUATION]
                    span = " ".join([text, *(m for m in more if _CONTINUES_RE.match(_strip(m)))])
        if status == _ABOUT_OTHERS:
            pass
        elif status == PUBLIC and not public_cue:
            public_cue = _strip(text)
        elif status == EXEMPT:
            exempt_cues.append(_strip(text))
            g, b = paragraphs_in(span)
            good.update(g)
            bad.update(b)
        i += 1
    if not exempt_cues:
        return Exemption(PUBLIC, cue=public_cue)
    # "By virtue of paragraph(s) 4 ..." printed just above a "Document is Restricted" notice.
    if not good and not bad:
        for text in head:
            g, b = paragraphs_in(text) if re.search(r"schedule\s+12\s*a", text, re.I) else ([], [])
            good.update(g)
            bad.update(b)
    cue = exempt_cues[0][:HEADING_MAX]
    if bad or not good:
        return Exemption(UNDECIDED, tuple(sorted(good)), cue, tuple(sorted(bad)))
    return Exemption(EXEMPT, tuple(sorted(good)), cue)


def _head_of(doc: PackDocument) -> list[str]:
    return [ln for ln in doc.text.split("\n") if ln.strip()][:HEAD_LINES]


def apply_exemptions(pack: Pack) -> None:
    """Mark each document of ``pack`` with the status its head gives it; an exempt report
    document makes its ``Report`` exempt; every undecided document is warned about."""
    for doc in pack.documents:
        if doc.kind not in READ_KINDS:
            continue
        found = detect(_head_of(doc))
        doc.access = found.status
        doc.exempt_paragraphs = list(found.paragraphs) if found.status == EXEMPT else []
        if found.status == EXEMPT and doc.kind == "other":
            doc.kind = "exempt"
        if found.status == UNDECIDED:
            why = (
                f"cites paragraph {', '.join(map(str, found.invalid))}, which Schedule 12A "
                "does not have"
                if found.invalid
                else "names no Schedule 12A paragraph"
            )
            pack.warnings.append(
                f"exempt status undecided: {doc.kind} {doc.title!r} (item "
                f"{doc.agenda_item or '-'}) is marked {found.cue!r} but {why}; it is not "
                "published unless its agenda item or report states a paragraph"
            )
        if doc.kind == "report" and not found.public:
            _mark_report(pack, doc, found)


def _mark_report(pack: Pack, doc: PackDocument, found: Exemption) -> None:
    """The ``Report`` whose cover opens ``doc`` takes the exempt status of its head."""
    for rep in pack.reports:
        if rep.agenda_item == doc.agenda_item and (rep.title == doc.title or not doc.title):
            break
    else:
        return
    if found.status == EXEMPT:
        rep.exempt_paragraphs = sorted({*rep.exempt_paragraphs, *found.paragraphs})
        if not (rep.status or "").lower().startswith(("exempt", "confidential", "restricted")):
            rep.status = "Exempt"
    elif not rep.exempt_paragraphs:
        rep.status = "Restricted"  # the writer keeps only its title
