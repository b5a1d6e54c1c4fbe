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

from dataclasses import replace

from minutebook.importer.pack import Report
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.rep_labels import (
    _BODY_NAME_RE,
    _CORE,
    _DATE_IN_TITLE_RE,
    _DECISION_TYPE_RE,
    _FIRST_WORD_RE,
    _FIRST_WORDS,
    _KINDS,
    _LABEL_HEAD_RE,
    _LABEL_RE,
    _NON_TITLE_RE,
    _NUMBERED_HEADING_RE,
    _PERSON,
    _REPORT_CONTENT,
    _SECTION_HEADING_RE,
    _STAMP_BARE_RE,
    _UNIQUE,
    LISTING_GAP,
    LISTING_RUN,
    MAX_GAP,
    MAX_GAP_AFTER_RECOMMENDATION,
    MAX_HEADER_LOOKBACK,
    STAMP_LOOKAHEAD,
    Cover,
    Label,
    _bare_kind,
    _kind_index,
    _may_be_label,
    _value_lines,
    agenda_stamp,
    is_blank_page,
    match_label,
)
from minutebook.importer.parse.rep_read import (
    _norm_title,
    _read_cover,
    _resolve_items,
    _span_pages,
    _status,
    match_agenda,
    parse_contact,
    title_similarity,
)
from minutebook.importer.parse.text import (
    Line,
    find_date,
    norm_space,
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

# --- cover detection -------------------------------------------------------------------------


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
        marks = ctx.ahead.result("marks", lines) if ctx.ahead else _page_marks(lines)
        ctx.marks, ctx.marks_of = marks, lines
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
    labels = ctx.ahead.result("labels", lines) if ctx.ahead else _classify(lines)
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


def status_of(value: str) -> str | None:
    """A cover's status ("Public", "Exempt", "Part exempt") from its printed value."""
    return _status(value)[0]


def parse_reports(lines: list[Line], ctx: Context) -> list[Report]:
    """One ``Report`` per report cover sheet in the pack, in pack order (memo-style covers
    and end-of-report author blocks: ``parse.covers``)."""
    from minutebook.importer.parse.covers import complete_reports

    found = [cov.report for cov in find_covers(lines, ctx) if cov.report is not None]
    return complete_reports(renumbered(lines), ctx, found)
