"""Front sheet: council, meeting header, membership and the agenda listing.

Packs print these in many layouts (label/value lines, tables, markdown, one name per line or a
comma-separated membership line, numbered or table-row agenda items).  The rules here work on
the cleaned ``Line`` stream and rely on general cues only: labels, numbering sequences, page
ranges, report cover sheets ("Agenda Item N" stamps, committee + date + title).  A pack may
have no front sheet at all (it starts with a report); then the meeting comes from the covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.importer.pack import AgendaItem, Meeting, Member
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.fs_agenda import (
    _boundary,
    _build_items,
    _Cand,
    _candidate,
    _chain,
    _finish_item,
    _furniture,
    _is_standing,
    _may_stand_alone,
    _report_cover_first,
    _split_candidate,
    _stamp_starts_document,
    _standing_references,
)
from minutebook.importer.parse.fs_covers import (
    _Cover,
    _covers,
)
from minutebook.importer.parse.fs_header import (
    _caps,
    _key,
    _parse_header,
    date_only,
    find_council,
    is_body_name,
    title_case,
)
from minutebook.importer.parse.fs_members import (
    _find_member_block,
    parse_members,
)
from minutebook.importer.parse.summons import (
    clean_committee,
    sent_date,
)
from minutebook.importer.parse.text import (
    Line,
)

__all__ = [
    "date_only",
    "find_council",
    "is_body_name",
    "parse_frontsheet",
    "parse_members",
    "title_case",
]


# --- entry point -----------------------------------------------------------------------------


def _tail_slack(text: str, key: str) -> int:
    """Extra characters the original ``text`` holds in its tail compared with ``key``."""
    # Walk back over the original until its key equals ``key``.
    for extra in range(0, 40):
        start = len(text) - len(key) - extra
        if start < 0:
            break
        if _key(text[start:]) == key:
            return extra
    return 0


_LAST_WORD = re.compile(r"([\w'£$%-]+)[^\w'£$%-]*$")


def _fix_caps_titles(
    items: list[AgendaItem], lines: Sequence[Line], start: int, covers: list[_Cover]
) -> None:
    """Give ALL-CAPS agenda titles the casing their report cover (or any later heading) uses."""
    want = {_key(it.title): it for it in items if it.title and _caps(it.title)}
    if not want:
        return
    found: dict[str, str] = {}
    for c in covers:
        if c.title and not _caps(c.title):
            found.setdefault(_key(c.title), c.title)
    last_words = {wk.rsplit(" ", 1)[-1] for wk in want}
    for ln in lines[start:]:
        t = ln.text
        if len(t) > 300:
            continue
        lw = _LAST_WORD.search(t)
        if lw is None or lw.group(1).casefold() not in last_words:
            continue
        k = _key(t)
        if _caps(t):
            continue
        if k in want:
            found.setdefault(k, t)
            continue
        # A cover flattened onto one line: "Committee  2 September 2021  Title".
        for wk in want:
            if wk not in found and k.endswith(" " + wk):
                found[wk] = t[len(t) - len(wk) - _tail_slack(t, wk) :].strip()
    for k, it in want.items():
        it.title = found.get(k) or title_case(it.title or "")


_LAST_ITEM_LINES = 15
_HEADER_MAX_LINES = 600  # front-sheet headers are short; bounds the work on odd inputs


def parse_frontsheet(lines: Sequence[Line], supplement: bool = False) -> tuple[Meeting, Context]:
    """Meeting header, membership and agenda, with the context for the section parsers
    (``supplement``: a supplementary agenda, which may list a single item)."""
    n = len(lines)
    # Where does the front sheet stop?  At the first document boundary after the listing.
    boundary = n
    cands: list[_Cand] = []
    seen_item = False
    skip = -1
    last_cand = -10
    for ln in lines:
        t = ln.text
        stamped = t[:6].lower() == "agenda" and _stamp_starts_document(lines, ln.no)
        if (
            stamped
            or (seen_item and _boundary(ln, lines, ln.no - last_cand <= 3))
            or (ln.no == 0 and _report_cover_first(lines))
        ):
            # An "Agenda Item N" stamp always starts a document, even before any listing.
            boundary = ln.no
            break
        if ln.no <= skip:
            continue
        c = _candidate(ln)
        if c is None and ln.no + 1 < n and _may_stand_alone(ln.text):
            c = _split_candidate(ln, lines[ln.no + 1])
            if c is not None:
                skip = ln.no + 1
        if c is not None:
            last_cand = ln.no + c.span - 1
            cands.append(c)
            if c.number is not None:
                seen_item = True
    chain = _chain(cands, single=supplement)
    agenda_start = chain[0].idx if chain else min(boundary, n)
    header_end = min(agenda_start, _HEADER_MAX_LINES)
    council = find_council(lines, header_end)
    header = _parse_header(lines, header_end, council)
    covers = _covers(lines, boundary if chain else 0)
    meeting = Meeting()
    if boundary < n:
        front_stop = boundary
    elif chain:
        # No document boundary found: the front sheet ends shortly after its last item.
        front_stop = min(n, chain[-1].idx + chain[-1].span + _LAST_ITEM_LINES)
    else:
        front_stop = 0
    ctx = Context(frontsheet_end=front_stop)
    agenda: list[AgendaItem] = []
    if chain:
        items = _build_items(lines, chain, cands, boundary, _furniture(lines))
        agenda = [_finish_item(it) for it in items]
        standing_numbers = {it.number for it in items if _is_standing(it)}
        _standing_references(items, agenda)
        _fix_caps_titles(agenda, lines, boundary, covers)
        # Stamped documents that are restricted mark their item exempt.
        for cov in covers:
            if cov.stamp and cov.exempt:
                for a in agenda:
                    if (
                        a.number == cov.stamp
                        and not a.exempt_paragraphs
                        and a.number not in standing_numbers
                    ):
                        a.exempt_paragraphs = list(cov.exempt)
    else:
        # No front sheet: the agenda is what the stamped report covers show.
        by_number: dict[str, AgendaItem] = {}
        for cov in covers:
            if not cov.stamp:
                continue
            got = by_number.get(cov.stamp)
            if got is None:
                got = AgendaItem(
                    number=cov.stamp, title=cov.title, exempt_paragraphs=list(cov.exempt)
                )
                by_number[cov.stamp] = got
                agenda.append(got)
            else:
                got.title = got.title or cov.title
                got.exempt_paragraphs = got.exempt_paragraphs or list(cov.exempt)
        first = next((cov for cov in covers if cov.committee), None)
        if first is not None:
            header.committee = header.committee or first.committee
            header.day = header.day or first.date
    # Header fields missing above the listing may follow it (membership, publication date).
    front_end = ctx.frontsheet_end if chain else header_end
    if chain and front_end > header_end:
        tail = _parse_header(lines, front_end, council, start=chain[0].idx, fallbacks=False)
        for name in ("committee", "day", "time", "venue", "quorum", "published", "members_at"):
            if getattr(header, name) is None:
                setattr(header, name, getattr(tail, name))
    if header.published is None and header.day is not None:
        header.published = sent_date(lines, header_end, header.day)
    members: list[Member] = []
    if header.members_at is not None:
        members = parse_members(lines, header.members_at, max(header_end, front_end), labelled=True)
    if not members:
        members = _find_member_block(lines, header_end)
    meeting.committee = clean_committee(header.committee)
    meeting.date = header.day.isoformat() if header.day else None
    meeting.time = header.time
    meeting.venue = header.venue
    meeting.quorum = header.quorum
    meeting.published = header.published.isoformat() if header.published else None
    meeting.members = members
    meeting.agenda = agenda
    ctx.council = council
    ctx.committee = meeting.committee
    ctx.meeting_date = header.day
    ctx.agenda = agenda
    return meeting, ctx
