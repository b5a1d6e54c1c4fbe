"""Report covers in the memo style ("From: / To: / Subject: / Classification:"), and author
blocks printed at the end of a report ("Report Author(s)", "Contact details").

Many councils head a report like a memo: who presents it (``From:`` a member or director),
the body and date it goes to (``To: Cabinet - 5 March 2025``), its title (``Subject:``), a
``Decision No:`` and its ``Classification:``; the officers who wrote it are named at the end,
in a numbered "Report Authors:" section or a "Contact details" block, often as bullets with a
telephone and e-mail line each.  ``complete_reports`` runs after the label-based cover parser
(``parse.reports``): it adds a report for a memo cover that parser did not find, and fills a
found report's presenter, status and authors when its own cover did not give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.importer.pack import Author, PackDocument, Report
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import Line, norm_space, strip_honorific

__all__ = [
    "MemoCover",
    "complete_reports",
    "end_authors",
    "find_masthead_covers",
    "find_memo_covers",
    "headed_report",
    "stamped_reports",
]

MEMO_SPAN = 8  # lines between the "From:" and the "Subject:" of one memo cover
TITLE_LINES = 3  # wrapped lines a subject may run on to
STATUS_SPAN = 12  # lines under the subject that may hold the classification
AUTHOR_LINES = 12  # lines an end-of-report author block may run over

_FROM = re.compile(r"^from\s*(?::|\t)\s*(.*)$", re.I)
_TO = re.compile(r"^to\s*(?::|\t)\s*(.*)$", re.I)
_SUBJECT = re.compile(r"^(?:subject|title(?:\s+of\s+(?:the\s+)?report)?)\s*(?::|\t)\s*(.*)$", re.I)
_CLASSIFICATION = re.compile(
    r"^(?:classification|status|report\s+status)\s*(?::|\t|\s)\s*(\S.*)$", re.I
)
# Any "Label:" line (a cover field): it ends a wrapped subject.
_ANY_LABEL = re.compile(r"^[A-Z][A-Za-z ()/&'\u2019-]{1,45}(?::|\t)")
_AUTHOR_HEAD = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:report\s+authors?|authors?|contact\s+officers?|contact\s+details|"
    r"lead\s+officers?|officer\s+contacts?|background\s+papers?\s+and\s+contact)"
    r"\s*(?:\(s\))?\s*(?::|\t|\s|$)\s*(.*)$",
    re.I,
)
_AUTHOR_STOP = re.compile(
    r"^(?:\d{1,2}\.\s*)?(?:appendi(?:x|ces)|background\s+(?:documents|papers)|relevant\s+"
    r"(?:corporate\s+)?directors?|directors?\s*:|annex|circulated\s+to|classification|"
    r"recommendations?|directorates?\b)",
    re.I,
)
_NUMBERED_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?\s+[A-Z]")
_EMAIL = re.compile(r"[A-Za-z0-9][\w.+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?:\+44\s?|\b0)\d[\d ]{8,12}\d\b")
_CONTACT_LABEL = re.compile(
    r"^(?:tel(?:ephone)?|phone|direct\s+(?:line|dial)|mobile|e-?mail|name)\s*[:.]?\s*", re.I
)
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u2013\u2014*-]\s*")
_NAME = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|cllr|councillor)\.?\s+)?[A-Z][\w'\u2019-]+"
    r"(?:\s+(?:[A-Z]\.?|[A-Z][\w'\u2019-]+|de|van|von|le|la)){1,3}$"
)
_MEMBER_ROLE = re.compile(r"\b(?:leader|cabinet\s+member|portfolio|mayor|councillor|chair)", re.I)
_JOB_WORDS = re.compile(
    r"\b(?:director|head|manager|officer|counsel|leader|member|chief|executive|lead|"
    r"officer|advisor|adviser|analyst|accountant|solicitor|clerk|secretary|assistant)\b",
    re.I,
)


@dataclass(slots=True)
class MemoCover:
    """One memo-style cover: where it starts, its title and its fields."""

    start: int
    subject_line: int
    title: str
    presenter: str | None = None
    to: str | None = None
    classification: str | None = None


def _value_after(lines: list[Line], i: int, first: str) -> tuple[str, int]:
    """A label's value with its wrapped lines (up to ``TITLE_LINES``), and the next line."""
    parts = [first.strip()] if first.strip() else []
    j = i + 1
    while j < len(lines) and j <= i + TITLE_LINES:
        t = lines[j].text.strip()
        if not t or _ANY_LABEL.match(t) or len(t) > 120 or (parts and parts[-1].endswith(".")):
            break
        parts.append(t)
        j += 1
    return norm_space(" ".join(parts)), j


def find_memo_covers(lines: list[Line]) -> list[MemoCover]:
    """Every "Subject:" with a "From:" and a "To:" just above or around it."""
    out: list[MemoCover] = []
    for i, ln in enumerate(lines):
        m = _SUBJECT.match(ln.text.strip())
        if not m:
            continue
        lo = max(0, i - MEMO_SPAN)
        frm = to = None
        start = i
        for k in range(lo, min(len(lines), i + 3)):
            t = lines[k].text.strip()
            fm = _FROM.match(t)
            if fm and frm is None:
                frm, start = _value_after(lines, k, fm.group(1))[0], min(start, k)
            tm = _TO.match(t)
            if tm and to is None:
                to, start = tm.group(1).strip(), min(start, k)
        if frm is None or to is None:
            continue
        title, nxt = _value_after(lines, i, m.group(1))
        if not title:
            continue
        cov = MemoCover(start=start, subject_line=i, title=title, presenter=frm, to=to)
        for k in range(nxt, min(len(lines), i + STATUS_SPAN)):
            cm = _CLASSIFICATION.match(lines[k].text.strip())
            if cm:
                cov.classification = cm.group(1).strip()
                break
        out.append(cov)
    return out


_REPORT_OF = re.compile(r"^report\s+(?:of|by|from)\s+(?:the\s+)?(?P<who>[A-Z].{2,100})$", re.I)
_SECTION_HEAD = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:summary|purpose(?:\s+of\s+(?:the\s+)?report)?|executive\s+summary|"
    r"recommendations?|introduction|background)\s*:?$",
    re.I,
)
MASTHEAD_ABOVE = 3  # lines above "Report of" that may hold the body and date masthead
SECTION_BELOW = 8  # lines below the title in which the report's first section heading sits


def find_masthead_covers(lines: list[Line]) -> list[MemoCover]:
    """Reports headed "Health Board  13 November 2024 / Report of the Director of Public
    Health / <title> / Summary": a masthead with a date, "Report of", the title, then a
    section heading."""
    from minutebook.importer.parse.text import find_date

    out: list[MemoCover] = []
    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if len(t) > 120 or not _REPORT_OF.match(t) or i + 1 >= len(lines):
            continue
        above = lines[max(0, i - MASTHEAD_ABOVE) : i]
        if not any(len(a.text) <= 120 and find_date(a.text) for a in above):
            continue
        title = lines[i + 1].text.strip()
        if not title or len(title) > 200 or _ANY_LABEL.match(title) or title.endswith("."):
            continue
        if _SECTION_HEAD.match(title) or re.match(r"^\d{1,2}\.\s", title):
            continue  # the title was above "Report of" (a cover the label parser reads)
        below = lines[i + 2 : i + 2 + SECTION_BELOW]
        if not any(_SECTION_HEAD.match(b.text.strip()) for b in below):
            continue
        start = above[0].no if above else i
        out.append(MemoCover(start=min(start, i), subject_line=i + 1, title=title))
    return out


def presenter_role(value: str | None) -> str | None:
    """The member's role from a "From:" line ("A Name, Leader of the Council"), or None when
    the report comes from an officer (a director is not a portfolio holder)."""
    if not value:
        return None
    roles = []
    for part in re.split(r"\s{2,}|(?<=[a-z)])\s+(?=[A-Z][a-z]+\s[A-Z][a-z]+,)", value):
        bits = [b.strip() for b in part.split(",", 1)]
        role = bits[1] if len(bits) == 2 else bits[0]
        if _MEMBER_ROLE.search(role):
            roles.append(role)
    if not roles:
        return None
    # A cabinet member's portfolio names the report's subject better than the leader's title.
    cabinet = [r for r in roles if re.search(r"cabinet\s+member|portfolio", r, re.I)]
    return (cabinet or roles)[0]


def _looks_name(s: str) -> bool:
    s = s.strip(" ,;.")
    return bool(_NAME.match(s)) and not _JOB_WORDS.search(s)


def _author_of(entry: str) -> Author | None:
    """One author line: "Name, Job", "Name (Job)", "Job; Name", "Job Name 0300 ... a@x"."""
    entry = norm_space(_BULLET.sub("", entry))
    email = _EMAIL.search(entry)
    phone = _PHONE.search(entry)
    rest = entry
    for m in (email, phone):
        if m:
            rest = rest.replace(m.group(0), " ")
    rest = norm_space(rest).strip(" ,;:-")
    if not rest:
        return None
    name: str | None = None
    job: str | None = None
    paren = re.match(r"^(.+?)\s*\((.+)\)$", rest)
    if paren and _NAME.match(paren.group(1).strip()):
        name, job = paren.group(1), paren.group(2)
    elif ";" in rest:
        a, b = (x.strip() for x in rest.split(";", 1))
        name, job = (b, a) if _looks_name(b) else (a, b)
    elif "," in rest:
        a, b = (x.strip() for x in rest.split(",", 1))
        name, job = (a, b) if _looks_name(a) else (b, a) if _looks_name(b) else (a, b)
    elif _looks_name(rest):
        name = rest
    elif email or phone:
        # "Head of Finance Operations Cath Head 0300 ... a@b": a contact table row, the name
        # is the last two or three words before the number.
        words = rest.split()
        for k in (2, 3):
            if len(words) > k and _looks_name(" ".join(words[-k:])):
                name, job = " ".join(words[-k:]), " ".join(words[:-k])
                break
    if not name or not _NAME.match(name.strip(" ,;.")):
        return None
    return Author(
        name=strip_honorific(name.strip(" ,;.")),
        job_title=job.strip(" ,;.") if job else None,
        phone=phone.group(0).strip() if phone else None,
        email=email.group(0) if email else None,
    )


def end_authors(lines: list[Line], start: int, stop: int) -> list[Author]:
    """The authors named in the first author block between ``start`` and ``stop``."""
    for i in range(start, stop):
        t = lines[i].text.strip()
        if len(t) > 160:
            continue
        m = _AUTHOR_HEAD.match(t)
        if not m:
            continue
        authors: list[Author] = []
        entries = [m.group(1)] if m.group(1).strip() else []
        for k in range(i + 1, min(stop, i + 1 + AUTHOR_LINES)):
            x = lines[k].text.strip()
            if _AUTHOR_STOP.match(x) or _NUMBERED_SECTION.match(x) or _AUTHOR_HEAD.match(x):
                break
            entries.append(x)
        for e in entries:
            bare = _CONTACT_LABEL.sub("", norm_space(_BULLET.sub("", e)))
            email, phone = _EMAIL.search(bare), _PHONE.search(bare)
            rest = bare
            for m in (email, phone):
                if m:
                    rest = rest.replace(m.group(0), " ")
            if authors and (email or phone) and not rest.strip(" ,;:"):
                a = authors[-1]  # "Tel: 01234 567890" / "Email: a@b" under the name
                a.email = a.email or (email.group(0) if email else None)
                a.phone = a.phone or (phone.group(0).strip() if phone else None)
                continue
            got = _author_of(e)
            if got is not None:
                authors.append(got)
            elif authors and authors[-1].job_title is None and len(bare) <= 100:
                authors[-1].job_title = bare.strip(" ,;.")  # the job on its own line
        if authors:
            return authors
    return []


def _status(value: str | None) -> str | None:
    from minutebook.importer.parse.reports import status_of

    return status_of(value) if value else None


_COUNCIL_NAME = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal)\s+borough\s+of\s+\S.*|\S.*\s(?:council|authority))$",
    re.I,
)
_STAMP_LINE = re.compile(r"^(?:agenda\s+)?item\s*(?:no\.?\s*)?(\d{1,3}[a-z]?)\.?$", re.I)


def _council_title(lines: list[Line], report: Report) -> None:
    """A report "titled" with the council's masthead takes the heading printed under it."""
    if not _COUNCIL_NAME.match(report.title.strip()) or len(report.title) > 80:
        return
    key = report.title.strip().lower()
    for i, ln in enumerate(lines[:200]):
        if ln.text.strip().lower() != key:
            continue
        parts: list[str] = []
        for nxt in lines[i + 1 : i + 1 + TITLE_LINES]:
            t = nxt.text.strip()
            if not t or _ANY_LABEL.match(t) or (parts and nxt.blank_before) or len(t) > 150:
                break
            parts.append(t)
        if parts:
            report.title = norm_space(" ".join(parts))
        return


def _first_page_stamp(lines: list[Line]) -> str | None:
    """The "Agenda Item 9" (or "Item 9") stamp printed on a standalone report's first page."""
    first = lines[0].page if lines else None
    for ln in lines[:80]:
        if ln.page != first:
            break
        m = _STAMP_LINE.match(ln.text.strip())
        if m:
            return m.group(1).lower()
    return None


def complete_reports(lines: list[Line], ctx: Context, reports: list[Report]) -> list[Report]:
    """Add the memo-cover reports the label parser missed; fill presenter, status, authors."""
    from minutebook.importer.parse.reports import match_agenda, title_similarity

    memos = sorted(find_memo_covers(lines) + find_masthead_covers(lines), key=lambda m: m.start)
    out = list(reports)
    for k, memo in enumerate(memos):
        stop = memos[k + 1].start if k + 1 < len(memos) else len(lines)
        found = next((r for r in out if title_similarity(r.title, memo.title) >= 0.8), None)
        if found is None:
            found = Report(
                agenda_item=match_agenda(memo.title, ctx.agenda) if ctx.agenda else None,
                title=memo.title,
            )
            out.append(found)
        elif found.title != memo.title and found.title.startswith(memo.title):
            found.title = memo.title  # the label parser ran on into the next field
        if found.portfolio_holder is None:
            found.portfolio_holder = presenter_role(memo.presenter)
        if found.status is None:
            found.status = _status(memo.classification)
        block = end_authors(lines, memo.subject_line + 1, stop)
        if not found.authors or (
            block and block[0].name == found.authors[0].name and len(block) >= len(found.authors)
        ):
            found.authors = block or found.authors  # the block's own reading is fuller
    for r in out:
        _council_title(lines, r)
    if len(out) == 1 and out[0].agenda_item is None and not ctx.agenda:
        out[0].agenda_item = _first_page_stamp(lines)
    if not memos:
        # A cover laid out as a table without colons ("Report author  Job; Name"): authors only.
        for r in out:
            if not r.authors:
                r.authors = end_authors(lines, 0, len(lines))
                break
    return out


_CONTINUES = re.compile(r"[,:;\u2013\u2014-]$")
_CONTINUATION = re.compile(r"^(?:and|or|of|for|to|the|in|on|&)\b|^[a-z(]")


def headed_report(lines: list[Line]) -> Report | None:
    """A standalone report whose cover has no labelled title: its title is the heading it
    opens with (wrapped lines joined), its status and authors where its cover table names
    them ("Classification  Unrestricted", "Report author  Job; Name")."""
    head = [ln for ln in lines[: TITLE_LINES + 3] if ln.text.strip()]
    if head and _COUNCIL_NAME.match(head[0].text.strip()) and len(head[0].text) <= 80:
        head = head[1:]  # the council's masthead, then the title
    if not head:
        return None
    parts = [head[0].text.strip()]
    for k, ln in enumerate(head[1:TITLE_LINES], start=1):
        t = ln.text.strip()
        nxt = head[k + 1] if k + 1 < len(head) else None
        before_labels = nxt is None or bool(_ANY_LABEL.match(nxt.text.strip()))
        if _ANY_LABEL.match(t) or ln.blank_before or len(t) > 120 or t.endswith("."):
            break
        if _CONTINUES.search(parts[-1]) or _CONTINUATION.match(t) or before_labels:
            parts.append(t)
        else:
            break
    title = norm_space(" ".join(parts))
    if not title or len(title) > 250 or _ANY_LABEL.match(title):
        return None
    report = Report(agenda_item=_first_page_stamp(lines), title=title)
    for ln in lines[:120]:
        cm = _CLASSIFICATION.match(ln.text.strip())
        if cm:
            report.status = _status(cm.group(1))
            break
    report.authors = end_authors(lines, 0, min(len(lines), 200))
    return report


_ASKED_LINE = re.compile(
    r"^(?:the\s+)?[A-Z][\w&' -]{2,60}?\s+(?:is|are)\s+(?:asked|recommended|requested|invited)\s+to\b"
)
_SKIP_HEAD = re.compile(
    r"^agenda\s+item\b|\bintentionally\s+(?:been\s+)?(?:left\s+)?blank\b|^page\s+\d", re.I
)
ASKED_LINES = 14  # lines of a stamped document's head that may ask its body to decide


def stamped_reports(docs: list[PackDocument], reports: list[Report]) -> list[Report]:
    """Reports printed without a cover: a document under an "Agenda Item N" stamp that opens
    with a title and asks a body to decide ("County Council is asked to agree ...")."""
    from minutebook.importer.parse.reports import title_similarity

    out: list[Report] = []
    for d in docs:
        if d.kind != "item" or not d.agenda_item:
            continue
        head = [t.strip() for t in d.text.splitlines() if t.strip()][: ASKED_LINES + 3]
        head = [t for t in head if not _SKIP_HEAD.search(t)]
        if not head or not any(_ASKED_LINE.match(t) for t in head[1:ASKED_LINES]):
            continue
        title = head[0]
        if len(title) > 200 or title.endswith(".") or _ANY_LABEL.match(title):
            continue
        if any(title_similarity(r.title, title) >= 0.8 for r in [*reports, *out]):
            continue
        out.append(Report(agenda_item=d.agenda_item, title=norm_space(title)))
    return out
