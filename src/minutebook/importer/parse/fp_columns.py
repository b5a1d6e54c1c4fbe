"""Forward plans as column-by-column text: each field an ordered stream per page, zipped entry by
entry, or cells mapped by position.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.fp_fields import (
    _ACCESS_AFTER_KD,
    _ACCESS_LABELLED,
    _ACCESS_LINE,
    _ACCESS_REST,
    _ACCESS_VALUES,
    _HALF_ACCESS,
    _KD,
    _KD_LINE,
    _MONTH_LINE,
    _NAME_HEAD,
    _PH_START,
    _STOP,
    _UNDETERMINED,
    ACCESS,
    DATE,
    KEY,
    MAKER,
    OFFICER,
    OTHER,
    PH,
    TITLE,
    _access,
    _entry,
    _Fields,
    _label_key,
    _strict_field,
    _strict_prefix,
)
from minutebook.importer.parse.fp_table import (
    _header,
    _row_cells,
)
from minutebook.importer.parse.text import (
    Line,
    find_date,
    norm_space,
)

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
