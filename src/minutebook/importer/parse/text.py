"""Normalisation of a pack's text into clean lines, plus small shared value parsers.

Packs reach us rendered in many ways (PDF text, markdown, HTML fragments in table cells, pipe
tables, tab-separated tables).  Every section parser works on the same cleaned ``Line`` stream so
that each rendering is handled once, here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

__all__ = [
    "Line",
    "cell_heading",
    "clean_inline",
    "find_date",
    "is_exempt_paragraph",
    "is_page_stamp",
    "norm_space",
    "normalise",
    "parse_date",
    "parse_time",
    "strip_honorific",
]


if TYPE_CHECKING:

    @dataclass(frozen=True, slots=True)
    class Line:
        """One non-blank line of the pack after cleaning."""

        no: int
        text: str
        raw: str
        page: int | None
        blank_before: bool = False

        @property
        def cells(self) -> list[str]:
            """The table cells of the line (a single cell for ordinary text)."""
            return self.text.split("\t")

else:
    # A frozen dataclass sets each field through ``object.__setattr__``, which makes building
    # the tens of thousands of lines of a large pack several times slower.  At run time Line
    # is therefore a plain, hashable slots dataclass; the type checker sees it frozen, so no
    # parser can assign to a line's fields.

    @dataclass(slots=True, unsafe_hash=True)
    class Line:
        """One non-blank line of the pack after cleaning."""

        no: int  # 0-based index in the normalised list
        text: str  # cleaned; table cells separated by a single tab
        raw: str  # the original line
        page: int | None  # pack page number, when known
        blank_before: bool = False  # one or more blank lines preceded it (paragraph boundary)

        @property
        def cells(self) -> list[str]:
            """The table cells of the line (a single cell for ordinary text)."""
            return self.text.split("\t")


# --- inline cleaning -------------------------------------------------------------------------

_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|[^>\s@]+@[^>\s@]+)>", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|tr|h[1-6]|table|tbody|thead)\b[^>]*>", re.I)
_CELL_TAG = re.compile(r"<t[dh]\b[^>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BOLD = re.compile(r"\*\*([^*]{1,400}?)\*\*|(?<!\w)__([^_]{1,400}?)__(?!\w)")
_EMPH = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*(?:[-*+•◦▪●○■□➢✓√·]|&bull;)\s+")
_QUOTE = re.compile(r"^\s*(?:>\s*)+")
_BULLET_CHARS = frozenset("-*+•◦▪●○■□➢✓√·&")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b-\u200d\ufeff\ufffd-\uffff]")


def norm_space(s: str) -> str:
    """Collapse runs of whitespace (incl. non-breaking spaces) to one space and strip."""
    return _SPACES.sub(" ", s.replace("\t", " ").replace("\n", " ")).strip()


def clean_inline(s: str) -> str:
    """Remove HTML/markdown markup from one cell of text, keeping its words."""
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", s)
        s = _BLOCK_TAG.sub(" ", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    if "[" in s:
        s = _MD_LINK.sub(r"\1", s)
    if "*" in s or "__" in s:
        s = _BOLD.sub(lambda m: m.group(1) or m.group(2) or "", s)
        s = _EMPH.sub(r"\1", s)
        s = s.replace("**", "")
    s = " ".join(s.split())
    first = s[:1]
    if first == "#":
        s = _HEADING.sub("", s)
        first = s[:1]
    if first == ">":
        s = _QUOTE.sub("", s)
        first = s[:1]
    if first in _BULLET_CHARS and first:
        s = _BULLET.sub("", s)
    return s


_COLUMN_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


def _raw_cells(raw: str) -> list[str]:
    """The uncleaned table cells of a raw line (one cell for ordinary text)."""
    s = _CTRL.sub("", raw)
    st = s.strip()
    if not st:
        return []
    if st.startswith("|") and st.count("|") >= 2:
        if _PIPE_SEP.match(st):
            return []
        inner = st[1:-1] if st.endswith("|") and len(st) > 1 else st[1:]
        return inner.split("|")
    if "<" in s and _CELL_TAG.search(s):
        s = _CELL_TAG.sub("\t", s)
    if "   " in s:
        # Layout-preserving extraction separates table columns by runs of spaces.
        s = _COLUMN_GAP.sub("\t", s.strip(" "))
    return s.split("\t")


def _clean_cells(raw: str) -> tuple[list[str], list[str]]:
    """Cleaned and raw cells of a line, without the empty cells at either end."""
    cells = _raw_cells(raw)
    if len(cells) <= 1:
        clean = clean_inline(cells[0]) if cells else ""
        return ([clean], cells) if clean else ([], [])
    out = [clean_inline(c) for c in cells]
    j = len(out)
    while j and not out[j - 1]:
        j -= 1
    i = 0
    while i < j and not out[i]:
        i += 1
    return out[i:j], cells[i:j]


# Anything that needs more than whitespace collapsing: markup, cells, control characters,
# column gaps, leading bullets.  Tested as a character class plus substring tests: one
# alternation-free class search is several times cheaper than a search with alternatives.
_MARKUP_CHAR = re.compile(
    "[\t<&\\[*_|#>\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b-\u200d\ufeff\ufffd-\uffff]"
)
# The same, plus every whitespace character other than the plain space: a line without any
# of these and without a double space is already clean once its ends are stripped.
_SPECIAL_CHAR = re.compile(
    "[\t<&\\[*_|#>\x00-\x1f\x7f\x85\xa0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f"
    "\u205f\u3000\ufeff\ufffd-\uffff]"
)
_BULLET_START = frozenset("-+\u2022\u25e6\u25aa\u25cf\u25cb\u25a0\u25a1\u27a2\u2713\u221a\u00b7")


def _bulleted(raw: str) -> bool:
    first = raw[:1]
    if first not in _BULLET_START and not first.isspace():
        return False  # (the common case, without stripping)
    s = raw.lstrip()
    return s[:1] in _BULLET_START and s[1:2].isspace()


def _clean(raw: str) -> str:
    """Clean a raw line; table cells (tabs, pipes, HTML cells, column gaps of three or more
    spaces) are joined with one tab."""
    if _SPECIAL_CHAR.search(raw) is None:
        # Only plain spaces: the common case, with cheap paths.
        if "  " not in raw:
            if not _bulleted(raw):
                return raw.strip(" ")
        elif "   " not in raw and not _bulleted(raw):
            return " ".join(raw.split())
    elif "   " not in raw and _MARKUP_CHAR.search(raw) is None and not _bulleted(raw):
        return " ".join(raw.split())  # odd whitespace (non-breaking spaces, line ends) only
    elif "   " not in raw and _SPECIAL_CHAR.search(raw.replace("\t", "")) is None:
        # Cells of plain text (a PDF's table rows): ``_clean_cells`` without the markup.
        cells = [" ".join(c.split()) for c in raw.split("\t")]
        if not any(c[:1] in _BULLET_CHARS for c in cells):
            j = len(cells)
            while j and not cells[j - 1]:
                j -= 1
            i = 0
            while i < j and not cells[i]:
                i += 1
            return "\t".join(cells[i:j])
    return "\t".join(_clean_cells(raw)[0])


_BLOCK_SPLIT = re.compile(r"<(?:br|/p|/li|/div|/h[1-6])\b[^>]*>|\s<p\b[^>]*>", re.I)
_LEAD_BOLD = re.compile(
    r"^\s*(?:<(?:strong|b)\b[^>]*>([^<]{0,400})</(?:strong|b)>|\*\*([^*]{1,400})\*\*)", re.I
)


def cell_heading(line: Line, index: int) -> str | None:
    """The heading part of a table cell holding more than one block of text: its leading
    bold run, else its first paragraph or line break segment.  None when the cell is plain."""
    raw_cells = _clean_cells(line.raw)[1]
    if index >= len(raw_cells):
        return None
    cell = raw_cells[index]
    if "<" not in cell and "**" not in cell:
        return None
    m = _LEAD_BOLD.match(cell)
    if m:
        head = clean_inline(m.group(1) or m.group(2) or "")
        return head or None
    parts = [clean_inline(p) for p in _BLOCK_SPLIT.split(cell)]
    parts = [p for p in parts if p]
    return parts[0] if len(parts) > 1 else None


# --- page stamps -----------------------------------------------------------------------------

_PAGE_STAMP = re.compile(r"^(?:-\s*)?page\s+(\d{1,4})(?:\s*-)?(?:\s+of\s+\d{1,4})?$", re.I)
_PAGE_CELL = re.compile(r"^page\s+(\d{1,4})\t", re.I)


def is_page_stamp(text: str) -> int | None:
    """The page number if ``text`` is a bare "Page N" stamp."""
    m = _PAGE_STAMP.match(text)
    return int(m.group(1)) if m else None


def _split_stamp(text: str) -> tuple[int | None, str]:
    """Separate a page stamp from a line (whole line, or a table row's first cell)."""
    if text[:1] not in "Pp-":
        return None, text
    n = is_page_stamp(text)
    if n is not None:
        return n, ""
    if text[:1] in "Pp":
        m = _PAGE_CELL.match(text)
        if m:
            return int(m.group(1)), text[m.end() :]
    return None, text


def normalise(text: str, page_texts: list[str] | None = None) -> list[Line]:
    """Split a pack into cleaned, non-blank lines with page numbers.

    With ``page_texts`` (one string per physical page, e.g. from a PDF) a page's number is the
    "Page N" stamp found on it, else its index + 1.  Without it, form feeds delimit pages when
    present; otherwise "Page N" stamps (printed at the foot of each page) number the lines
    between consecutive stamps, and lines whose page cannot be determined get ``None``.
    """
    if page_texts is None and "\f" in text:
        page_texts = text.split("\f")
    if page_texts is not None:
        return _normalise_pages(page_texts)
    rows: list[tuple[str, str, bool, int | None]] = []  # raw, clean, blank_before, stamp
    blank = False
    for raw in text.splitlines():
        clean = _clean(raw)
        if not clean:
            blank = True
            continue
        stamp, clean = _split_stamp(clean)
        if stamp is not None:
            rows.append((raw, clean, blank, stamp))
            blank = blank if not clean else False
            continue
        rows.append((raw, clean, blank, None))
        blank = False
    # Page of each line: lines after stamp A and up to stamp A+1 are on page A+1.
    n = len(rows)
    nxt: list[int | None] = [None] * n
    upcoming: int | None = None
    for i in range(n - 1, -1, -1):
        nxt[i] = upcoming
        if rows[i][3] is not None:
            upcoming = rows[i][3]
    out: list[Line] = []
    prev: int | None = None
    for i, (raw, clean, blank_before, stamp) in enumerate(rows):
        if stamp is not None:
            if clean:
                # A stamp sharing a line with content: the content is on the stamped page.
                out.append(Line(len(out), clean, raw, stamp, blank_before))
            prev = stamp
            continue
        following = nxt[i]
        page: int | None
        if prev is None:
            page = 1 if following == 1 else None
        elif following is None or following == prev + 1:
            page = prev + 1
        else:
            page = None
        out.append(Line(len(out), clean, raw, page, blank_before))
    return out


def _normalise_pages(page_texts: list[str]) -> list[Line]:
    out: list[Line] = []
    clean_line = _clean
    for idx, ptext in enumerate(page_texts):
        cleaned: list[tuple[str, str, bool]] = []
        keep = cleaned.append
        stamp: int | None = None
        blank = idx > 0
        for raw in ptext.splitlines():
            clean = clean_line(raw)
            if not clean:
                blank = True
                continue
            if clean[0] in "Pp-":  # (``_split_stamp`` returns other lines as they are)
                s, clean = _split_stamp(clean)
                if s is not None and stamp is None:
                    stamp = s
                if not clean:
                    continue
            keep((raw, clean, blank))
            blank = False
        page = stamp if stamp is not None else idx + 1
        n = len(out)
        out += [Line(n + k, clean, raw, page, b) for k, (raw, clean, b) in enumerate(cleaned)]
    return out


# --- values ----------------------------------------------------------------------------------


def is_exempt_paragraph(n: int) -> bool:
    """A paragraph of Schedule 12A to the Local Government Act 1972: 1-7 (Part 1, England)
    or 12-18 (Part 4, Wales)."""
    return 1 <= n <= 7 or 12 <= n <= 18


# --- dates, times, names ---------------------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DMY = re.compile(
    r"(?<![\d/])(\d{1,2})\s*(?:st|nd|rd|th)?\s*(?:of\s+)?" + _MONTH_RE + r",?\s+(\d{4})(?!\d)",
    re.I,
)
_MDY = re.compile(
    r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)",
    re.I,
)
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_date(s: str) -> tuple[date, int, int] | None:
    """The first full date in ``s`` with its span; UK day-first conventions."""
    best: tuple[date, int, int] | None = None
    if any(ch.isalpha() for ch in s):
        for rx, order in ((_DMY, "dmy"), (_MDY, "mdy")):
            m = rx.search(s)
            if not m:
                continue
            if order == "dmy":
                dd, mon, yy = m.group(1), m.group(2), m.group(3)
            else:
                mon, dd, yy = m.group(1), m.group(2), m.group(3)
            d = _mk(int(yy), _MONTHS[mon[:3].lower()], int(dd))
            if d and (best is None or m.start() < best[1]):
                best = (d, m.start(), m.end())
    if "/" in s or "." in s:
        m = _NUMERIC.search(s)
        if m and (best is None or m.start() < best[1]):
            yy = int(m.group(3))
            yy = yy + 2000 if yy < 100 else yy
            d = _mk(yy, int(m.group(2)), int(m.group(1)))
            if d:
                best = (d, m.start(), m.end())
    if "-" in s:
        m = _ISO.search(s)
        if m and (best is None or m.start() < best[1]):
            d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                best = (d, m.start(), m.end())
    return best


def parse_date(s: str | None) -> date | None:
    """The first date in ``s``: "6 September 2017", "Thursday, 2 September 2021",
    "2nd Sept 2021", "02/09/2021", "2021-09-02"; ``None`` when there is none."""
    if not s:
        return None
    found = find_date(s)
    return found[0] if found else None


_TIME_AMPM = re.compile(
    r"(?<![\d.:])(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\b\.?",
    re.I,
)
_TIME_24 = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d.:/])(?!\s*(?:%|am|pm))")
_NOON = re.compile(r"\b(noon|midday)\b", re.I)


def parse_time(s: str | None) -> str | None:
    """The first time of day in ``s`` as 24-hour "HH:MM": "10.00 am", "2pm", "14:30", "noon"."""
    if not s:
        return None
    m = _TIME_AMPM.search(s)
    if m:
        h, mins = int(m.group(1)), int(m.group(2) or 0)
        if 1 <= h <= 12 and mins < 60:
            pm = m.group(3).lower() == "p"
            h = (h % 12) + (12 if pm else 0)
            return f"{h:02d}:{mins:02d}"
    m = _TIME_24.search(s)
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    if _NOON.search(s):
        return "12:00"
    return None


_HONORIFIC = re.compile(
    r"^(?:(?:county|district|borough|parish|town)\s+)?"
    r"(?:cllrs?\.?|councillors?|mr|mrs|ms|miss|mx|dr|prof(?:essor)?|sir|dame|lord|lady|"
    r"the\s+rt\.?\s+hon\.?|rt\.?\s+hon\.?|the\s+hon\.?|rev(?:erend|d)?)\.?\s+",
    re.I,
)


def strip_honorific(name: str) -> str:
    """Drop leading honorifics ("Cllr", "Councillor", "Mrs", ...) from a personal name."""
    s = norm_space(name)
    while True:
        t = _HONORIFIC.sub("", s, count=1)
        if t == s:
            return s
        s = t
