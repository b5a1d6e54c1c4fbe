"""Split a pack into its documents (front sheet, reports, appendices, minutes, plans).

The documents are for search and display, so every line of the pack lands in exactly one of
them.  Boundaries come from what packs reliably print at the top of a document: report cover
sheets (found by ``reports.find_covers``), "Agenda Item N" stamps, "Appendix X" headings,
minutes headings followed by a "Present" list, forward-plan headings, "Document is Restricted"
notices, and the "This page is intentionally left blank" pages that end documents.  Each
document is then tied to an agenda item: from its stamp or cover, by its title, or else it
belongs to the item whose document precedes it (an appendix follows its report).

Kinds: ``front_sheet``, ``report`` (a cover sheet and the report behind it), ``appendix``,
``minutes`` (also a committee's referred recommendation), ``plan`` (forward plan, work
programme), ``exempt`` (a restricted item's placeholder), ``item`` (a stamped item without a
cover), ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.importer.pack import PackDocument
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.exemption import is_marker
from minutebook.importer.parse.reports import (
    find_covers,
    match_agenda,
    page_marks,
    renumbered,
)
from minutebook.importer.parse.text import Line, find_date, norm_space

__all__ = ["split_documents"]

_APPENDIX_RE = re.compile(
    r"^(?:appendix|annex|annexe)\s+(?P<id>[A-Z]{1,2}|\d{1,2}(?:\.\d{1,2})?|[ivx]{1,5})\b"
    r"(?:\s*[-\u2013\u2014:.)]\s*|\s+|$)(?P<rest>.{0,160})$",
    re.I,
)
# Words one of which every exempt heading holds (a cheap test before ``is_marker``).
_MARKER_WORDS = (
    "exempt",
    "restrict",
    "confidential",
    "publication",
    "private",
    "part",
    "virtue",
    "sensitive",
)
# "Agenda Item 5 - Appendix A", "Appendix 2 to Item 7": an appendix stamped with its item.
_ITEM_APPENDIX_RE = re.compile(
    r"^(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<n1>\d{1,3}[a-z]?)\W+(?:appendix|annex)\s+\w{1,3}\b"
    r"|^(?:appendix|annex)\s+\w{1,3}\s+(?:to|of|for)\s+(?:agenda\s+)?item\s+(?:no\.?\s*)?"
    r"(?P<n2>\d{1,3}[a-z]?)\b",
    re.I,
)
# A committee's recommendation (minute extract) referred to this meeting.
_REFERRAL_RE = re.compile(
    r"^(?:recommendations?|extract|referral|reference)\s+from\s+(?:the\s+)?\S.{2,120}?"
    r"\b(?:committee|board|panel|cabinet|council|group|forum|executive)\b",
    re.I,
)
_PRESENT_RE = re.compile(r"^(?:members\s+|councillors\s+)?present\b\s*(?:[:\-\u2013]|$)", re.I)
_MINUTES_HEAD_RE = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?minutes\b|\bheld\s+(?:at|on|in|remotely|virtually|via)\b",
    re.I,
)
_MINUTES_OF_RE = re.compile(
    r"^(?:(?:draft|unconfirmed|confirmed)\s+)?minutes(?:\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting"
    r"(?:\s+of(?:\s+the)?)?)?\s*",
    re.I,
)
_PLAN_HEAD_RE = re.compile(
    r"\bforward\s+plan\b|\bwork\s*programme\b|\bnotice\s+of\s+(?:key\s+)?decisions\b"
    r"|\bkey\s+decisions?\s+notice\b|\bplan\s+of\s+key\s+decisions\b",
    re.I,
)
_PLAN_CONFIRM_RE = re.compile(
    r"explanatory\s+note|this\s+(?:forward\s+)?(?:plan|programme|notice)\s+(?:contains|sets\s+out|"
    r"includes|lists|gives)|for\s+the\s+period|published\s+\d+\s+(?:clear\s+)?days",
    re.I,
)

_PLAN_END_RE = re.compile(
    r"(?:forward\s+plan|work\s*programme|key\s+decisions)\s*(?:\d{4}(?:\s*[/-]\s*\d{2,4})?)?\W*$",
    re.I,
)

_APPENDICES_LIST_RE = re.compile(
    r"^(?:appendices|list\s+of\s+appendices|appendix|attachments?)\b\s*:?\s*$", re.I
)

APPENDIX_LIST_LOOKBACK = 6  # lines back to an "Appendices" heading over a list's entries
# First letters of the appendix ("Appendix", "Annex", "Item 5 - Appendix A", "Agenda Item")
# and referral ("Recommendation from", "Extract", "Referral", "Reference") starts.
_START_LETTERS = frozenset("AIREaire")
LOOKAHEAD = 8  # lines after a document start that may say what the document is
MINUTES_LOOKBACK = 8  # lines above "Present" that may hold the minutes heading
MERGE_WINDOW = 5  # a weak boundary this close before a strong one is the same start
MARKER_WINDOW = 2  # an exempt marker this close under an appendix heading is its marking


@dataclass(slots=True)
class _Start:
    line: int
    kind: str | None  # None: decide from the content
    title: str | None = None
    agenda_item: str | None = None
    strong: bool = True
    stamp: bool = False


def _short(t: str, n: int = 150) -> bool:
    return len(t) <= n and "\t" not in t


def _exempt_heading(t: str) -> bool:
    """An exempt heading or restricted notice ("EXEMPT - NOT FOR PUBLICATION by virtue of
    paragraph 3", "Document is Restricted"): it opens a document of its own, so an exempt
    appendix is never part of the public report before it."""
    if len(t) > 200:
        return False
    low = t.lower()
    return any(map(low.__contains__, _MARKER_WORDS)) and is_marker(t)


def _minutes_title(head: str, above: str | None) -> str:
    """ "Minutes of a meeting of the Cabinet held on ..." -> "Minutes: Cabinet"."""
    body = _MINUTES_OF_RE.sub("", head, count=1)
    body = re.split(r"(?:^|\s+)held\b|\s+on\s+\w+day\b", body, maxsplit=1, flags=re.I)[0]
    body = norm_space(body).strip(" ,.;:-")
    if not body and above:
        body = above
    return f"Minutes: {body}" if body else "Minutes"


def _find_minutes(lines: list[Line], hard: set[int]) -> list[_Start]:
    out: list[_Start] = []
    last = -1
    for line in lines:
        t = line.text
        # "Present", "Members present", "Councillors present": a cheap test first.
        if t[:1] not in "PpMmCc" or not _PRESENT_RE.match(t) or line.no <= last:
            continue
        head: int | None = None
        for j in range(line.no - 1, max(-1, line.no - 1 - MINUTES_LOOKBACK), -1):
            if j in hard:
                break
            t = lines[j].text
            if _short(t, 200) and _MINUTES_HEAD_RE.search(t):
                head = j
        if head is None:
            continue
        start = head
        above: str | None = None
        if head > 0 and head - 1 not in hard:
            prev = lines[head - 1].text
            if _short(prev, 80) and not prev.endswith((".", ",", ";")) and find_date(prev) is None:
                start, above = head - 1, prev
        text = lines[head].text
        if head + 1 < line.no and not text.rstrip().endswith("."):
            text = f"{text} {lines[head + 1].text}"
        out.append(_Start(start, "minutes", _minutes_title(text, above)))
        last = line.no
    return out


def _has_plan_word(t: str) -> bool:
    """Cheap test before ``_PLAN_HEAD_RE`` (substring tests are far cheaper than a search)."""
    low = t.lower()
    return "plan" in low or "programme" in low or "decision" in low


def _plan_start(lines: list[Line], i: int, at_start: bool) -> bool:
    t = lines[i].text
    if len(t) > 150 or not _has_plan_word(t):
        return False
    if (
        not _short(t)
        or not _PLAN_HEAD_RE.search(t)
        or t.endswith(".")
        or t.lower().startswith("to ")
    ):
        return False
    if at_start:
        return True
    if len(t) <= 100 and _PLAN_END_RE.search(t):
        # The heading of a plan printed as a table: a row of cells, or (in PDF text) the
        # column headings one per line.
        nxt = [lines[j].text for j in range(i + 1, min(len(lines), i + 4))]
        if nxt and "\t" in nxt[0]:
            return True
        if len(nxt) == 3 and all(len(x.split()) <= 4 and not x.endswith(".") for x in nxt):
            return True
    return _plan_confirmed(lines, i)


def _plan_confirmed(lines: list[Line], i: int) -> bool:
    """The plan's explanatory note follows: a new plan, not a heading inside one."""
    return any(
        _PLAN_CONFIRM_RE.search(lines[j].text) for j in range(i + 1, min(len(lines), i + 1 + 6))
    )


def _classify_start(lines: list[Line], st: _Start, end: int) -> None:
    """Decide the kind/title of a document from its first lines."""
    restricted = False
    for j in range(st.line, min(end, st.line + LOOKAHEAD)):
        t = lines[j].text
        m = _APPENDIX_RE.match(t)
        if m and _short(t, 200):
            st.kind = "appendix"
            st.title = st.title or norm_space(t)
            return
        if _exempt_heading(t):
            restricted = True
        elif not restricted and _plan_start(lines, j, at_start=True):
            st.kind = "plan"
            st.title = st.title or norm_space(t)
            return
    if st.kind is None:
        st.kind = "exempt" if restricted else "other"


def _appendix_heading(lines: list[Line], i: int, hard: set[int]) -> bool:
    """An "Appendix X ..." line that opens an appendix, not an entry of a list of appendices
    (a run of such lines, or lines under an "Appendices" heading)."""
    t = lines[i].text
    if not _short(t, 200) or _APPENDIX_RE.match(t) is None or t.endswith((",", ";")):
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and _APPENDIX_RE.match(lines[j].text):
            return False
    # Under an "Appendices" heading, entries and their wrapped continuations form the list.
    for j in range(i - 1, max(-1, i - 1 - APPENDIX_LIST_LOOKBACK), -1):
        u = lines[j].text
        if _APPENDICES_LIST_RE.match(u):
            return False
        if j in hard or len(u) > 100 or u.endswith((".", ":")):
            break
    return True


def _collect(lines: list[Line], ctx: Context) -> list[_Start]:
    marks = page_marks(lines, ctx)
    hard = {no for no, n in marks if n is None}
    stamp_at = {no: n for no, n in marks if n is not None}
    starts: list[_Start] = []
    covers = find_covers(lines, ctx)
    spans = [(c.start, c.end) for c in covers]
    for c in covers:
        starts.append(_Start(c.start, "report", c.title, c.agenda_item, stamp=c.stamp is not None))
    ci = 0
    prev_boundary = True  # the top of the pack starts a document
    last_stamp: str | None = None
    # The open plan: its inner headings ("... not included in the plan") start nothing.
    plan_start: _Start | None = None
    for line in lines:
        i = line.no
        while ci < len(spans) and spans[ci][1] <= i:
            ci += 1
        inside = ci < len(spans) and spans[ci][0] <= i < spans[ci][1]
        t = line.text
        if i in hard:
            if i + 1 < len(lines):
                starts.append(_Start(i + 1, None, strong=False))
            prev_boundary, plan_start = True, None
            continue
        if inside:
            prev_boundary, plan_start = False, None
            last_stamp = covers[ci].stamp
            continue
        n = stamp_at.get(i)
        if n is not None and n == last_stamp:
            continue  # the item's stamp repeated on each of its pages
        if n is not None:
            last_stamp = n
            ai = ctx.item(n)
            if plan_start is not None and ai and ai.title and _PLAN_HEAD_RE.search(ai.title):
                # The plan's own stamp, printed part-way down its first page.
                plan_start.agenda_item = plan_start.agenda_item or n
                plan_start.stamp = True
                continue
            starts.append(_Start(i, None, None, n, stamp=True))
            prev_boundary, plan_start = True, None
            continue
        # Appendix, referral and restricted starts all begin with one of a few letters.
        worded = t[:1] in _START_LETTERS
        low = t.lower() if len(t) <= 200 else ""  # (for ``_exempt_heading``, ``_has_plan_word``)
        m = _ITEM_APPENDIX_RE.match(t) if worded and _short(t, 120) else None
        if m is not None:
            n = (m.group("n1") or m.group("n2") or "").lower()
            starts.append(_Start(i, "appendix", norm_space(t), n or None))
        elif worded and _appendix_heading(lines, i, hard):
            starts.append(_Start(i, "appendix", norm_space(t)))
        elif worded and _short(t, 200) and _REFERRAL_RE.match(t):
            start = i
            if i > 0 and i - 1 not in hard and _short(lines[i - 1].text, 80):
                start = i - 1  # "Cabinet - 6 September 2017" above it
            starts.append(_Start(start, "minutes", norm_space(t)))
        elif (
            i >= ctx.frontsheet_end
            and low
            and any(map(low.__contains__, _MARKER_WORDS))
            and is_marker(t)
        ):  # ``_exempt_heading``, inlined
            starts.append(_Start(i, "exempt", None, strong=False))
        elif (
            len(t) <= 150
            and ("plan" in low or "programme" in low or "decision" in low)  # ``_has_plan_word``
            and (plan_start is None or _plan_confirmed(lines, i))
            and _plan_start(lines, i, at_start=prev_boundary)
        ):
            plan_start = _Start(i, "plan", norm_space(t))
            starts.append(plan_start)
        prev_boundary = False
    starts.extend(_find_minutes(lines, hard))
    if ctx.frontsheet_end > 0:
        starts.append(_Start(0, "front_sheet", _frontsheet_title(ctx)))
        end = ctx.frontsheet_end
        while end < len(lines) and end in hard:
            end += 1
        starts.append(_Start(end, None, strong=False))
    return starts


def _frontsheet_title(ctx: Context) -> str:
    parts = [
        p for p in (ctx.committee, ctx.meeting_date.isoformat() if ctx.meeting_date else None) if p
    ]
    return "Agenda: " + " ".join(parts) if parts else "Agenda"


_RANK = {"front_sheet": 0, "report": 1, "minutes": 2, "plan": 3, "exempt": 4, "appendix": 5}


def _merge(starts: list[_Start], n_lines: int) -> list[_Start]:
    """Order the starts and fold together those that describe one document start.

    A weak start (the line after a blank page) or a bare stamp is refined by a specific start
    at most ``MERGE_WINDOW`` lines later (the document opens at the earlier line); a weak start
    just after another start adds nothing and is dropped.
    """
    starts = [s for s in starts if 0 <= s.line < n_lines]
    starts.sort(key=lambda s: (s.line, _RANK.get(s.kind or "", 9)))
    out: list[_Start] = []
    for st in starts:
        if not out:
            out.append(st)
            continue
        prev = out[-1]
        d = st.line - prev.line
        if prev.kind == "front_sheet":
            if d > 0:
                out.append(st)
            continue
        refinable = not prev.strong or (prev.stamp and prev.kind is None)
        if d == 0 or (d <= MERGE_WINDOW and refinable and (st.strong or st.kind)):
            if prev.kind == "report":
                continue
            out[-1] = _Start(
                prev.line,
                st.kind or prev.kind,
                st.title or prev.title,
                prev.agenda_item or st.agenda_item,
                strong=st.strong or prev.strong,
                stamp=st.stamp or prev.stamp,
            )
            continue
        if d <= MERGE_WINDOW and not st.strong and st.kind is None:
            continue
        if d <= MARKER_WINDOW and st.kind == "exempt" and prev.kind in ("appendix", "exempt"):
            continue  # "Appendix B" over "EXEMPT - paragraph 3": the appendix's own marking
        out.append(st)
    return out


def _pages(lines: list[Line], a: int, b: int) -> tuple[int, int] | None:
    first: int | None = None
    last: int | None = None
    for j in range(a, b):
        p = lines[j].page
        if p is not None:
            if first is None:
                first = p
            last = p
    return (first, last) if first is not None and last is not None else None


def _text(lines: list[Line], a: int, b: int) -> str:
    parts: list[str] = []
    for j in range(a, b):
        ln = lines[j]
        if parts and ln.blank_before:
            parts.append("")
        parts.append(ln.text)
    return "\n".join(parts)


def _item_by_page(ctx: Context, page: int | None) -> str | None:
    if page is None:
        return None
    for it in ctx.agenda:
        if it.pages and it.pages[0] <= page <= it.pages[1]:
            return it.number
    return None


def _item_by_title(ctx: Context, kind: str, title: str, used: set[str]) -> str | None:
    """The agenda item a minutes/plan/other document belongs to, from its title; minutes and
    plans without a matching title go to the first unused "Minutes" / "Forward Plan" item."""
    if not ctx.agenda:
        return None
    item = match_agenda(title, ctx.agenda)
    if item is None and kind in ("minutes", "plan"):
        rx = _PLAN_HEAD_RE if kind == "plan" else re.compile(r"\bminutes\b", re.I)
        cands = [it.number for it in ctx.agenda if it.title and rx.search(it.title)]
        item = next((n for n in cands if n not in used), None)
    if item is not None and kind == "minutes":
        used.add(item)
    return item


# What ``parse.classify`` calls a part -> the document kind the splitter records.
_PART_KINDS = {
    "minutes": "minutes",
    "appendix": "appendix",
    "forward_plan": "plan",
    "work_programme": "plan",
}


def _part_kind(part: list[Line], kind: str) -> str:
    """A part the boundaries left unnamed, classified by what its own head prints (minutes,
    an appendix, a plan); anything else keeps ``kind``."""
    from minutebook.importer.parse.classify import classify

    return _PART_KINDS.get(classify(part), kind)


def split_documents(lines: list[Line], ctx: Context) -> list[PackDocument]:
    """The pack's documents in order; together they hold every line exactly once."""
    if not lines:
        return []
    lines = renumbered(lines)
    starts = _merge(_collect(lines, ctx), len(lines))
    if not starts or starts[0].line != 0:
        starts.insert(0, _Start(0, None))
    docs: list[PackDocument] = []
    current_item: str | None = None
    item_has_report = False
    used_keyword: set[str] = set()
    for k, st in enumerate(starts):
        end = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        if end <= st.line:
            continue
        if st.kind is None:
            _classify_start(lines, st, end)
        kind = st.kind or "other"
        pages = _pages(lines, st.line, end)
        title = st.title
        if not title:
            title = norm_space(lines[st.line].text)[:200]
        item = st.agenda_item
        if (
            item is None
            and kind != "front_sheet"
            and (kind in ("minutes", "plan") or not current_item)
        ):
            item = _item_by_title(ctx, kind, title, used_keyword)
        if item is None and kind in ("appendix", "other", "exempt", "plan") and current_item:
            item = current_item
            if kind == "other" and item_has_report:
                kind = "appendix"
        if item is None and kind != "front_sheet":
            item = _item_by_page(ctx, pages[0] if pages else None)
        if item is not None and ctx.agenda and kind in ("other", "item"):
            ai = ctx.item(item)
            if ai is not None and ai.title and st.stamp and not st.title:
                title = ai.title
        if kind == "other" and not st.stamp:
            kind = _part_kind(lines[st.line : end], kind)
        if kind == "other" and st.stamp:
            ai = ctx.item(item) if item else None
            kind = "plan" if ai and ai.title and _PLAN_HEAD_RE.search(ai.title) else "item"
        if item is not None and item != current_item:
            current_item = item
            item_has_report = False
        if kind == "report":
            item_has_report = True
        elif kind in ("minutes", "plan", "front_sheet") and item is None:
            current_item = None
            item_has_report = False
        docs.append(
            PackDocument(
                kind=kind,
                title=title,
                agenda_item=item,
                pages=pages,
                text=_text(lines, st.line, end),
            )
        )
    return docs
