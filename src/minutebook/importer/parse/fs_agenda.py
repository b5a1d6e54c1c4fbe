"""Front sheet: agenda items, their numbering chain, titles, page ranges, exempt marks and
to-follow flags (split from ``frontsheet``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.importer.pack import AgendaItem
from minutebook.importer.parse.fs_covers import (
    _COVER_STOP,
    _cover_at,
    _exempt_numbers,
    _flat_cover,
)
from minutebook.importer.parse.fs_header import (
    _BLANK_PAGE,
    _BY_VIRTUE,
    _CONNECTIVES,
    _DATE_ONLY_MAX,
    _DIGIT,
    _EXEMPT_CONTEXT,
    _EXEMPT_MARK,
    _LETTERS,
    _MINUTES_HEAD,
    _RANGE_ONLY,
    _RESTRICTED,
    _STANDING_EXEMPT,
    _TO_FOLLOW,
    _TRAILING_EXEMPT,
    _TRAILING_RANGE,
    STAMP_PREFIX_RE,
    STAMP_RE,
    _caps,
    _label,
    date_only,
    is_body_name,
)
from minutebook.importer.parse.summons import (
    DECISION_REF,
    closes_range,
    open_range,
    unjustify,
    wrapped_title,
)
from minutebook.importer.parse.text import (
    Line,
    cell_heading,
    find_date,
    norm_space,
)

# --- agenda ----------------------------------------------------------------------------------

# Sub-item letters: attached to the number in either case ("6a", "6A"), in brackets ("6(a)"),
# or a lower-case letter after a space ("6 a)").
_ITEM_RE = re.compile(
    r"^(?:(?i:agenda\s+)?(?i:item)\s*(?:(?i:no)\.?\s*)?)?(\d{1,3})"
    r"(?:([a-zA-Z])(?=[\s.):])|\s*\(([a-zA-Z])\)|\s*([a-z])\)?(?=[\s.):]))?"
    r"\s*[.):]?\s*(?:[-\u2013\u2014:]\s+)?(?=\S)(.*)$"
)
_ITEM_CELL = re.compile(r"^(?:(?i:item)\s*)?(\d{1,3})\s*\(?([a-zA-Z])?\)?\s*[.):]?$")
_PAREN_NUMBER = re.compile(r"^\((\d{1,3})\)\s*")
_DOTTED_RE = re.compile(r"^(\d{1,3})\.(\d{1,2})\.?\s+(\S.*)$")
_SUB_RE = re.compile(r"^\(?([a-z])[.)]\s+(\S.*)$")
_SUB_CELL = re.compile(r"^\(?([a-z])[.)]$")
_NUMBER_ONLY = re.compile(
    r"^(?:(?i:agenda\s+)?(?i:item)\s*(?i:no\.?)?\s*)?(\d{1,3})\s*\(?([a-zA-Z])?\)?\s*[.):]?$"
)
_NOT_TITLE = re.compile(
    r"^(?:am|pm|a\.m|p\.m|noon|midday|minutes?|hours?|days?|weeks?|years?|months?|per\s+cent|"
    r"percent|%|and|or|of|to|the|in|on|at|by|for|with|from)\b"
)


@dataclass(slots=True)
class _Cand:
    idx: int
    number: int | None  # None for a letter-only sub-item ("a) ...")
    letter: str | None
    rest: str  # title (may hold tab-separated cells with pages)
    strong: bool
    span: int = 1  # lines taken by number and title (2 when the number stands alone)
    dotted: int | None = None  # "6.1": the sub-number of a dotted sub-item


def _candidate(ln: Line) -> _Cand | None:
    text = ln.text
    cells = ln.cells
    if len(cells) >= 2:
        m = _ITEM_CELL.match(cells[0]) or _SUB_CELL.match(cells[0])
        if m:
            if "<" in ln.raw or "**" in ln.raw:
                # A cell may hold a bold title followed by its description.
                cells = [cells[0], *(cell_heading(ln, k) or cells[k] for k in range(1, len(cells)))]
            rest = "\t".join(cells[1:])
            if m.re is _SUB_CELL:
                return _Cand(ln.no, None, m.group(1), rest, True)
            return _Cand(ln.no, int(m.group(1)), _lower(m.group(2)), rest, True)
    if text[:1] == "(" and text[1:2].isdigit():
        text = _PAREN_NUMBER.sub(r"\1 ", text, count=1)  # "(3) Title" numbers like "3 Title"
    if not text[:1].isdigit() and text[:4].lower() not in ("item", "agen"):
        m = _SUB_RE.match(text)
        if m and (text[:1].islower() or text[:1] == "("):
            return _Cand(ln.no, None, m.group(1), m.group(2), "**" in ln.raw)
        return None
    d = _DOTTED_RE.match(text)
    if d:
        rest = d.group(3).strip()
        if rest[:1].isalpha() and not _NOT_TITLE.match(rest):
            return _Cand(ln.no, int(d.group(1)), None, rest, "**" in ln.raw, dotted=int(d.group(2)))
        return None
    m = _ITEM_RE.match(text)
    if not m:
        return None
    rest = m.group(5).strip()
    if not rest or not (
        rest[0].isalpha() or rest[0] in "\"'\u2018\u201c(" or DECISION_REF.match(rest)
    ):
        return None
    if _NOT_TITLE.match(rest):
        return None
    found = find_date(text)
    if found is not None and found[1] == 0:
        return None
    strong = "**" in ln.raw or ln.raw.lstrip().startswith("#") or _caps(rest)
    strong = strong or bool(_TRAILING_RANGE.search(rest))
    letter = _lower(m.group(2) or m.group(3) or m.group(4))
    return _Cand(ln.no, int(m.group(1)), letter, rest, strong)


def _lower(letter: str | None) -> str | None:
    return letter.lower() if letter else None


def _may_stand_alone(text: str) -> bool:
    """Cheap test: could this line be an item number standing alone ("3.", "(a)", "Item 3")?"""
    return len(text) <= 20 and (
        text[:1] in "0123456789(abcdefghij" or text[:4].lower() in ("item", "agen")
    )


def _split_candidate(ln: Line, nxt: Line) -> _Cand | None:
    """An item whose number stands alone on its line with the title on the next line."""
    m = _NUMBER_ONLY.match(ln.text) or _SUB_CELL.match(ln.text)
    if m is None or "\t" in nxt.text:
        return None
    t = nxt.text
    if not (t[:1].isalpha() or t[:1] in "\"'\u2018\u201c") or _label(nxt) or _NOT_TITLE.match(t):
        return None
    if _candidate(nxt) is not None or len(t) > 150 or t.endswith((".", ":", ";")):
        return None
    if m.re is _SUB_CELL:
        return _Cand(ln.no, None, m.group(1), t, False, 2)
    return _Cand(ln.no, int(m.group(1)), _lower(m.group(2)), t, "**" in nxt.raw or _caps(t), 2)


def _report_cover_first(lines: Sequence[Line]) -> bool:
    """Does the pack open with a report cover (committee, date, title, then report labels such
    as "Portfolio Holder" or "For Decision") rather than a front sheet?"""
    cover = _cover_at(lines, 0, None)
    if cover is None or not cover.title:
        return False
    return any(_COVER_STOP.match(ln.text) for ln in lines[1:12])


def _stamp_starts_document(lines: Sequence[Line], i: int) -> bool:
    """Is the "Agenda Item N" line at ``i`` a stamp on a document (not a listing entry)?

    A stamp carries a cover (or a flattened one) or a restricted notice; a listing has its
    next "Agenda Item" entry a few lines below.
    """
    t = lines[i].text
    pm = STAMP_PREFIX_RE.match(t)
    if pm is not None:
        return is_body_name(pm.group(2)) or _flat_cover(pm.group(2)) is not None
    if STAMP_RE.match(t) is None:
        return False
    if i + 1 < len(lines) and _cover_at(lines, i + 1, None) is not None:
        return True
    for k in range(i + 1, min(len(lines), i + 8)):
        if _BY_VIRTUE.search(lines[k].text) or _RESTRICTED.match(lines[k].text):
            return True
        if STAMP_RE.match(lines[k].text) or STAMP_PREFIX_RE.match(lines[k].text):
            return False
    return True


def _boundary(ln: Line, lines: Sequence[Line], near_item: bool = False) -> bool:
    """Does a new document (report, minutes, blank page) begin at this line?

    ``near_item``: the line closely follows an agenda item, where "Minutes of the meeting
    held on ..." describes the item rather than starting the minutes themselves.
    """
    t = ln.text
    if _BLANK_PAGE.search(t) or _RESTRICTED.match(t):
        return True
    if t[:6].lower() == "agenda" and _stamp_starts_document(lines, ln.no):
        return True
    if _MINUTES_HEAD.match(t) and (
        not near_item or (ln.no > 0 and is_body_name(lines[ln.no - 1].text))
    ):
        return True
    following = range(ln.no + 1, min(ln.no + 3, len(lines)))
    if any(
        len(lines[k].text) <= _DATE_ONLY_MAX and _DIGIT.search(lines[k].text) is not None
        for k in following
    ) and is_body_name(t):
        for k in following:
            if date_only(lines[k].text):
                return True
    return False


def _chain(cands: list[_Cand], single: bool = False) -> list[_Cand]:
    """The best run of consecutively numbered main items, in reading order.

    Runs are scored by length, with a bonus for starting at 1 (front sheets do; minutes and
    numbered paragraphs elsewhere often do not) and for strong item markup.  One missing
    number (a withdrawn item) may be skipped.
    """
    best: dict[int, int] = {}  # number -> index of the best run ending with that number
    prev: list[int | None] = [None] * len(cands)
    length = [0] * len(cands)
    strong = [0] * len(cands)
    start = [0] * len(cands)
    for i, c in enumerate(cands):
        if c.number is None or c.letter is not None or c.dotted is not None:
            continue
        k = best.get(c.number - 1)
        if k is None and c.number - 1 not in best:
            k = best.get(c.number - 2)
        if k is not None:
            length[i] = length[k] + 1
            strong[i] = strong[k] + c.strong
            start[i] = start[k]
            prev[i] = k
        else:
            length[i] = 1
            strong[i] = int(c.strong)
            start[i] = c.number
        cur = best.get(c.number)
        if cur is None or (length[i], strong[i]) >= (length[cur], strong[cur]):
            best[c.number] = i

    def score(i: int) -> tuple[int, int, int]:
        return (length[i] + (2 if start[i] == 1 else 0), strong[i], -i)

    if not best:
        return []
    # Front sheets number their items from 1: prefer such a run when it is substantial (three
    # items or more) or as long as any other; a supplementary agenda may start later.
    end = max(best.values(), key=score)
    from_one = [i for i in best.values() if start[i] == 1 and length[i] >= 2]
    if from_one:
        one = max(from_one, key=score)
        if length[one] >= 3 or length[one] >= length[end]:
            end = one
    if length[end] < 2 and not strong[end] and not single:
        return []  # (a supplement may list one item: ``single``)
    out: list[_Cand] = []
    j: int | None = end
    while j is not None:
        out.append(cands[j])
        j = prev[j]
    out.reverse()
    return out


def _split_pages(rest: str) -> tuple[str, tuple[int, int] | None, list[str]]:
    """Title, page range and any other cells of an item line."""
    cells = [c for c in rest.split("\t") if c]
    pages: tuple[int, int] | None = None
    title = ""
    extra: list[str] = []
    for c in cells:
        p = _range_of(c)
        if p and pages is None and title:
            pages = p
        elif not title:
            title = c
        else:
            extra.append(c)
    if pages is None and title:
        m = _TRAILING_RANGE.search(title)
        if m:
            p = _range_match(m)
            if p:
                pages = p
                title = title[: m.start()].rstrip(" -\u2013\u2014,")
    return title, pages, extra


def _range_match(m: re.Match[str]) -> tuple[int, int] | None:
    g = [x for x in m.groups() if x is not None]
    if len(g) == 1:
        a = b = int(g[0])
    elif len(g) == 2:
        a, b = int(g[0]), int(g[1])
    else:
        return None
    if a <= 0 or b < a or b - a > 2000:
        return None
    whole = m.group(0).lower()
    if "pag" not in whole:
        if 1900 <= a <= 2100 and 1900 <= b <= 2100:
            return None  # a span of years, not pages
        if re.search(r"\d[-\u2013]\d", whole) and b <= a:
            return None  # "3-3" or "12-1": an identifier rather than pages
    return (a, b)


def _range_of(text: str) -> tuple[int, int] | None:
    m = _RANGE_ONLY.match(text.strip())
    return _range_match(m) if m else None


@dataclass(slots=True)
class _Item:
    idx: int  # line index of the item's number
    number: str
    title: str
    pages: tuple[int, int] | None
    body: list[Line]  # lines after the title up to the next item
    caps: bool
    single: int | None = None  # a bare page number printed with the item, not yet trusted
    single_from: str = ""  # where it was printed: "title", "cell" or "body"
    pages_from: str = ""  # where the page range was printed: "title", "cell" or "body"


def _continues(title: str, raw_first: str, nxt: Line, caps: bool, bold_open: bool) -> bool:
    """Whether ``nxt`` carries on a title broken over lines."""
    t = nxt.text
    if bold_open:
        return True
    if nxt.blank_before or _range_of(t) or _candidate(nxt) is not None or _label(nxt):
        return False
    if raw_first.startswith("\t") and nxt.raw.startswith("\t"):
        return True
    if caps and _caps(t) and len(t) < 120:
        return True
    if t[:1].islower() or (len(t) < 150 and _TRAILING_RANGE.search(t) is not None):
        return True
    last = title.rsplit(" ", 1)[-1].lower() if title else ""
    return last in _CONNECTIVES or title.endswith(("-", "\u2013", "&", ",", "/", "("))


def _furniture(lines: Sequence[Line]) -> frozenset[str]:
    """Short lines repeated three or more times: running headers and footers."""
    counts = Counter(ln.text for ln in lines if len(ln.text) <= 100)
    return frozenset(t for t, c in counts.items() if c >= 3)


def _describes(line: Line, body: list[Line]) -> bool:
    """A line of the short description printed under an item title ("To confirm as a correct
    record the minutes of ..."), after which the item's page range may still follow."""
    k = body.index(line)
    return k < 3 and not line.text.endswith(":") and _candidate(line) is None


def _build_items(
    lines: Sequence[Line],
    chain: list[_Cand],
    cands: list[_Cand],
    end: int,
    furniture: frozenset[str] = frozenset(),
) -> list[_Item]:
    """Agenda items of the chain plus their lettered sub-items, with titles, pages and bodies.

    ``furniture``: running headers/footers repeated through the pack, skipped when a title
    or its page range continues across a page break.
    """
    items: list[_Item] = []
    by_idx = {c.idx: c for c in cands}
    # Sub-items: letter candidates between chain items, lettered a, b, c... in order.
    picked: list[tuple[_Cand, str]] = []
    for k, c in enumerate(chain):
        stop = chain[k + 1].idx if k + 1 < len(chain) else end
        picked.append((c, str(c.number)))
        expected = 0
        dotted = 1
        for idx in range(c.idx + 1, stop):
            s = by_idx.get(idx)
            if s is None:
                continue
            if s.dotted is not None:
                # "6.1", "6.2": dotted sub-items, printed numbers kept.
                if s.number == c.number and s.dotted == dotted and not expected:
                    picked.append((s, f"{c.number}.{s.dotted}"))
                    dotted += 1
                continue
            if s.letter is None or (s.number is not None and s.number != c.number):
                continue
            if dotted == 1 and expected < len(_LETTERS) and s.letter == _LETTERS[expected]:
                picked.append((s, f"{c.number}{s.letter}"))
                expected += 1
    starts = [p[0].idx for p in picked]
    for k, (c, number) in enumerate(picked):
        stop = starts[k + 1] if k + 1 < len(starts) else end
        rest = unjustify(c.rest)
        j = c.idx + c.span
        if open_range(rest) and j < stop and closes_range(lines[j].text):
            rest, j = f"{rest}{lines[j].text.strip()}", j + 1  # "(Pages 21 -" / "24)"
        title, pages, extra = _split_pages(rest)
        pages_from = ("cell" if "\t" in c.rest else "title") if pages else ""
        raw_first = lines[c.idx + c.span - 1].raw
        bold_open = raw_first.count("**") % 2 == 1
        caps = _caps(title)
        while j < stop and j - c.idx <= 6 + c.span and pages is None:
            nxt = lines[j]
            if nxt.text in furniture:
                j += 1
                continue
            after = lines[j + 1] if j + 1 < stop else None
            if not _continues(title, raw_first, nxt, caps, bold_open) and not wrapped_title(
                title, nxt, after, after is None or _candidate(after) is not None
            ):
                break
            piece, p2, _ = _split_pages(unjustify(nxt.text))
            if bold_open and "**" in nxt.raw:
                bold_open = False
            title = f"{title} {piece}".strip()
            if pages is None and p2 is not None:
                pages, pages_from = p2, "title"
            j += 1
        body = list(lines[j:stop])
        if pages is None:
            for b in [b for b in body[:5] if b.text not in furniture][:3]:
                p = _range_of(b.text)
                k = body.index(b)
                if (
                    p is None
                    and open_range(b.text)
                    and k + 1 < len(body)
                    and closes_range(body[k + 1].text)
                ):
                    p = _range_of(f"{b.text}{body[k + 1].text.strip()}")
                    if p:
                        body.remove(body[k + 1])
                if p:
                    pages, pages_from = p, "body"
                    body.remove(b)
                    break
                if _label(b) is not None or (len(b.text) > 60 and not _describes(b, body)):
                    break
        item = _Item(c.idx, number, norm_space(title), pages, body, caps, pages_from=pages_from)
        if pages is None:
            _single_candidate(item, extra, furniture)
        items.append(item)
    _single_pages(items)
    return items


_BARE_NUMBER = re.compile(r"^\(?(?:pages?\s*)?(\d{1,4})\)?$", re.I)
_TRAILING_NUMBER = re.compile(r"(?<=\S)\s+(\d{1,4})$")


def _single_candidate(item: _Item, extra: list[str], furniture: frozenset[str]) -> None:
    """Note a bare number printed with the item (a last cell, the title's end, the next line)
    that may be a one-page report's page."""
    if extra:
        m = _BARE_NUMBER.match(extra[-1])
        if m:
            item.single, item.single_from = int(m.group(1)), "cell"
            return
    m = _TRAILING_NUMBER.search(item.title)
    if m:
        item.single, item.single_from = int(m.group(1)), "title"
        return
    body = [b for b in item.body[:3] if b.text not in furniture]
    if body:
        m = _BARE_NUMBER.match(body[0].text)
        if m:
            item.single, item.single_from = int(m.group(1)), "body"


def _single_pages(items: list[_Item]) -> None:
    """Accept bare page numbers printed where the agenda prints its page ranges (same line,
    table cell or next line) and fitting the page order those ranges set."""
    layouts = {it.pages_from for it in items if it.pages}
    if not layouts or not any(it.single for it in items):
        return
    last_before: list[int] = []
    high = 0
    for it in items:
        last_before.append(high)
        if it.pages:
            high = max(high, it.pages[1])
    first_after: list[int] = [0] * len(items)
    low = 1 << 30
    for k in range(len(items) - 1, -1, -1):
        first_after[k] = low
        span = items[k].pages
        if span:
            low = min(low, span[0])
    for k, it in enumerate(items):
        n = it.single
        if it.pages or n is None or not last_before[k] < n < first_after[k]:
            continue
        if it.single_from not in layouts:
            continue  # printed unlike the agenda's page ranges: not a page number
        it.pages = (n, n)
        if it.single_from == "title":
            it.title = _TRAILING_NUMBER.sub("", it.title)
        elif it.single_from == "body":
            it.body = it.body[1:]


_BODY_TO_FOLLOW = re.compile(
    r"\b(?:report|papers?|item|appendix|appendices|document)\s+(?:\w+\s+){0,2}to\s+follow\b"
    r"|^\(?\s*to\s+follow\s*\)?$",
    re.I,
)
_PARA_LINE = re.compile(
    r"^\(?\s*(?:exempt\s*[-:\u2013]?\s*|reason\s*:?\s*)?para(?:graph)?s?\b", re.I
)
_ITEM_REFS = re.compile(
    r"\bitems?\s+((?:no\.?\s*)?\d{1,3}[a-z]?(?:\s*(?:,|and|&|or)\s*\d{1,3}[a-z]?)*)", re.I
)


_PRIVATE_PART = re.compile(
    r"^(?:agenda\s*[-\u2013:]?\s*)?part\s*(?:2|ii|b|two)\b"
    r"|^(?:exempt|private|confidential)\s+(?:items?|section|session|part)\b"
    r"|^items?\s+(?:not\s+for\s+publication|(?:to\s+be\s+)?considered\s+in\s+private)",
    re.I,
)


def _standing_references(items: list[_Item], agenda: list[AgendaItem]) -> None:
    """Exempt paragraphs that the exclusion-of-press-and-public item states for others.

    That item often names the items it covers ("item 12 ... paragraph 3"), or the agenda puts
    them under a "Part 2" heading after it: mark those items exempt when they carry no marker
    of their own.
    """
    by_number = {a.number: a for a in agenda}
    standing = {it.number for it in items if _is_standing(it)}
    for k, (it, a) in enumerate(zip(items, agenda, strict=True)):
        if not _is_standing(it):
            continue
        body = " ".join(b.text for b in it.body[:8])
        para = _EXEMPT_MARK.search(body)
        if not para:
            continue
        paras = _exempt_numbers(para.group(1))
        targets: list[AgendaItem] = []
        refs = _ITEM_REFS.search(body)
        if refs:
            for num in re.findall(r"\d{1,3}[a-z]?", refs.group(1)):
                target = by_number.get(num)
                if target is not None and target is not a:
                    targets.append(target)
        else:
            heading = next(
                (b.no for x in items[k:] for b in x.body if _PRIVATE_PART.match(b.text)), None
            )
            if heading is not None:
                targets = [
                    y for x, y in zip(items, agenda, strict=True) if x.idx > heading and y is not a
                ]
        for target in targets:
            if not target.exempt_paragraphs and target.number not in standing:
                target.exempt_paragraphs = list(paras)


_EXCLUSION_MOTION = re.compile(
    r"\b(?:exclu(?:de|ding|sion\s+of)|exclusion)\s+(?:of\s+)?(?:the\s+)?(?:press|public)\b", re.I
)


def _is_standing(it: _Item) -> bool:
    """The standing motion to exclude the press and public (not itself exempt): known by its
    title, or, lacking pages of its own, by a body that moves the exclusion."""
    return bool(_STANDING_EXEMPT.search(it.title)) or (
        it.pages is None and any(_EXCLUSION_MOTION.search(b.text) for b in it.body[:2])
    )


_NEXT_NOTICE = re.compile(r"^(?:part\s+(?:ii|2|b)\b|the\s+following\s+items?\b)", re.I)


def _finish_item(it: _Item) -> AgendaItem:
    """Title clean-up, to-follow and exempt markers of one item."""
    title = it.title
    to_follow = False
    m = _TO_FOLLOW.search(title)
    if m and m.group(0).strip("() ").lower().endswith("to follow"):
        to_follow = True
        title = (title[: m.start()] + title[m.end() :]).strip(" -\u2013\u2014,")
    exempt: list[int] = []
    standing = _is_standing(it)
    em = _TRAILING_EXEMPT.search(title)
    if em:
        if not standing:
            exempt = _exempt_numbers(em.group(0))
        title = title[: em.start()].rstrip(" -\u2013\u2014,:")
    elif not standing:
        mm = _EXEMPT_MARK.search(title)
        if mm and (_EXEMPT_CONTEXT.search(title) or re.search(r"\bpara", mm.group(0), re.I)):
            exempt = _exempt_numbers(mm.group(1))
    for b in it.body[:6]:
        t = b.text
        if _NEXT_NOTICE.match(t):
            break  # "Part II ... The following item ...": about the next item, not this one
        if not to_follow and _BODY_TO_FOLLOW.search(t):
            to_follow = True
        if not standing and not exempt:
            mm = _EXEMPT_MARK.search(t)
            if mm and (_EXEMPT_CONTEXT.search(t) or _PARA_LINE.match(t)):
                exempt = _exempt_numbers(mm.group(1))
    return AgendaItem(
        number=it.number,
        title=title or None,
        pages=it.pages,
        exempt_paragraphs=exempt,
        to_follow=to_follow,
    )
