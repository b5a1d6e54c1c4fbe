"""Forward plans as row tables (tab-separated, pipe or HTML cells): header labels mapped to fields,
rows cut by page breaks merged.
"""

from __future__ import annotations

import re

from minutebook.importer.pack import PlanEntry
from minutebook.importer.parse.fp_fields import (
    _KD,
    _MONTH_LINE,
    _PAGE_CELL,
    _PAGE_IN_CELL,
    _UNDETERMINED,
    ACCESS,
    DATE,
    KEY,
    MAKER,
    OTHER,
    TITLE,
    _entry,
    _Fields,
    _label_key,
    _loose_field,
)
from minutebook.importer.parse.text import (
    Line,
    clean_inline,
    find_date,
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
