"""Front sheet: report covers seen while reading the front sheet (a pack that starts with
a report; stamps and committee + date + title headers) (split from ``frontsheet``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from minutebook.importer.parse.fs_header import (
    _BODY_WORDS,
    _BY_VIRTUE,
    _DATE_ONLY_MAX,
    _DIGIT,
    _REPORT_TO,
    STAMP_PREFIX_RE,
    STAMP_RE,
    _caps,
    _label,
    _wraps,
    date_only,
    is_body_name,
)
from minutebook.importer.parse.text import (
    Line,
    find_date,
    is_exempt_paragraph,
    norm_space,
    parse_date,
)

# --- report covers ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cover:
    idx: int
    committee: str | None
    date: date | None
    title: str | None
    stamp: str | None  # agenda item number from an "Agenda Item N" stamp
    exempt: list[int] = field(default_factory=list)


_COVER_STOP = re.compile(
    r"^(?:for\s+(?:decision|information|review|recommendation|consultation|noting|approval|"
    r"consideration|discussion)|portfolio\s+holder|report\s+(?:of|by|author|to|status)|"
    r"executive\s+director|local\s+councillor|purpose|summary|recommendations?|key\s+decision|"
    r"ward|wards|decision|status|classification|officer)\b",
    re.I,
)
_TITLE_LABEL = re.compile(
    r"^(?:subject\s+of\s+report|report\s+title|subject|title\s+of\s+report|title)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_COVER_DATE_LABEL = re.compile(
    r"^(?:date\s+of\s+meeting|meeting\s+date|date)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_COVER_BODY_LABEL = re.compile(
    r"^(?:meeting|committee|report\s+to|to)\s*(?::|\t)\s*(.+)$",
    re.I,
)
_DOC_KEYWORDS = re.compile(
    r"\b(?:forward\s+plan|work\s*programme|work\s*plan|minutes|action\s+log|action\s+plan|"
    r"decision\s+notice|terms\s+of\s+reference|report)\b",
    re.I,
)
_DOC_KINDS = re.compile(
    r"\b(?:forward\s+plan|work\s*programme|work\s*plan|minutes|action\s+log|action\s+plan|"
    r"decision\s+notice|terms\s+of\s+reference)\b",
    re.I,
)


def _displaced_title(lines: Sequence[Line], i: int, prev_stamp: int) -> str | None:
    """Title of a stamped document whose stamp the text extraction moved below its start
    (common with tables): the nearest heading above the stamp that names a document kind
    ("... Forward Plan", "Work Programme"), preferring one at a page start."""
    best: str | None = None
    for k in range(i - 1, prev_stamp, -1):
        ln = lines[k]
        t = ln.text
        if len(t) > 120 or "\t" in t or not t[:1].isupper():
            continue
        if not _DOC_KINDS.search(t) and k + 1 < i:
            # The heading may wrap inside its keyword ("... Forward" / "Plan").
            nxt = lines[k + 1]
            if not nxt.blank_before and len(nxt.text) < 40 and "\t" not in nxt.text:
                t = f"{t} {nxt.text}"
        if not t.endswith((".", ",", ";", ":")) and _DOC_KINDS.search(t):
            first = ln
            if k > 0 and not ln.blank_before and _wraps(lines[k - 1].text):
                first = lines[k - 1]  # a heading broken over two lines
                t = f"{first.text} {t}"
            if first.raw[:1].isspace():
                return t
            best = best or t
    return best


_FLAT_STOP = re.compile(
    r"\s+(?:for\s+(?:decision|information|review|recommendation|consultation|noting|approval|"
    r"consideration|discussion)\b|portfolio\s+holder\b|report\s+(?:of|by|author)\b).*$",
    re.I,
)


_YEAR = re.compile(r"\d{2}\b")


def _flat_cover(text: str) -> tuple[str, date, str] | None:
    """A cover flattened onto one line: "Committee  2 September 2021  Title [For Decision]"."""
    if len(text) > 300 or "\t" in text or not _YEAR.search(text) or not _BODY_WORDS.search(text):
        return None
    found = find_date(text)
    if found is None or found[1] == 0:
        return None
    d, a, b = found
    body = text[:a].strip(" ,-\u2013")
    if not is_body_name(body):
        return None
    title = _FLAT_STOP.sub("", text[b:]).strip(" ,-\u2013")
    # Further "Committee date" pairs (a report going to several meetings) come first.
    while True:
        more = find_date(title)
        if more is None or not is_body_name(title[: more[1]].strip(" ,-\u2013")):
            break
        title = title[more[2] :].strip(" ,-\u2013")
    if not title or not title[:1].isupper() or title.endswith(".") or len(title) > 200:
        return None
    return body, d, title


_PAIR_SEP = re.compile(r"\s+[-\u2013\u2014|]\s+|\t")


def _body_date_line(text: str) -> tuple[str, date] | None:
    """ "Cabinet - 11 October 2023": a body's name and a meeting date on one line."""
    if len(text) > 120 or not _YEAR.search(text):
        return None
    parts = _PAIR_SEP.split(text)
    if len(parts) != 2:
        return None
    body, when = parts[0].strip(), date_only(parts[1].strip())
    if when is None or not is_body_name(body):
        return None
    return body, when


def _cover_at(lines: Sequence[Line], i: int, stamp: str | None) -> _Cover | None:
    """A report cover starting at line ``i`` (after any stamp): body/date pairs then a title,
    a flattened one-line cover, or a label table ("Date of Meeting", "Subject of Report")."""
    n = len(lines)
    j = i
    committee: str | None = None
    when: date | None = None
    flat = _flat_cover(lines[i].text) if i < n else None
    if flat is not None:
        return _Cover(i, flat[0], flat[1], flat[2], stamp)
    # Style 1: committee line, date line (possibly several pairs), title lines; the pair may
    # share one line ("EXECUTIVE - 5 MARCH 2024").
    while j < n:
        pair = _body_date_line(lines[j].text)
        if pair is not None:
            if committee is None:
                committee, when = pair
            j += 1
            continue
        if j + 1 >= n or not is_body_name(lines[j].text):
            break
        d = date_only(lines[j + 1].text)
        if d is None:
            break
        if committee is None:
            committee, when = lines[j].text, d
        j += 2
    if committee is not None:
        parts: list[str] = []
        while j < n and len(parts) < 4:
            t = lines[j].text
            if (
                _COVER_STOP.match(t)
                or _label(lines[j])
                or t.endswith(":")
                or "\t" in t
                or (parts and lines[j].blank_before and not _caps(t))
            ):
                break
            parts.append(t)
            j += 1
        return _Cover(i, committee, when, norm_space(" ".join(parts)) or None, stamp)
    # Style 2: label table within the next few lines.
    title = None
    for k in range(i, min(n, i + 14)):
        t = lines[k].text
        if committee is None:
            m = _COVER_BODY_LABEL.match(t)
            if m and is_body_name(m.group(1)):
                committee = m.group(1).strip()
        if when is None:
            m = _COVER_DATE_LABEL.match(t)
            if m:
                when = parse_date(m.group(1))
        m = _TITLE_LABEL.match(t)
        if m:
            title = m.group(1).strip()
            break
    if title is not None and when is not None:
        if committee is None:
            for k in range(max(0, i - 1), min(n, i + 8)):
                if is_body_name(lines[k].text):
                    committee = _REPORT_TO.sub("", lines[k].text)  # "Report to Cabinet"
                    break
        return _Cover(i, committee, when, title, stamp)
    return None


def _stamp_cover(lines: Sequence[Line], i: int, prev_stamp: int) -> _Cover:
    """The document that an "Agenda Item N" stamp at line ``i`` marks."""
    n = len(lines)
    m = STAMP_RE.match(lines[i].text)
    cover: _Cover | None = None
    if m is None:
        # The stamp shares its line with the start of the cover.
        pm = STAMP_PREFIX_RE.match(lines[i].text)
        number = pm.group(1).lower() if pm else ""
        if pm:
            ln = lines[i]
            head = Line(ln.no, pm.group(2), ln.raw, ln.page, ln.blank_before)
            window = [head, *lines[i + 1 : i + 20]]
            cover = _cover_at(window, 0, number)
            if cover is not None:
                cover.idx = i
    else:
        number = re.sub(r"\s+", "", m.group(1)).lower()
        cover = _cover_at(lines, i + 1, number) if i + 1 < n else None
    if cover is None:
        cover = _Cover(i, None, None, None, number)
        # A restricted document: "By virtue of paragraph(s) N of Part 1 of Schedule 12A".
        for k in range(i + 1, min(n, i + 6)):
            bv = _BY_VIRTUE.search(lines[k].text)
            if bv:
                cover.exempt = _exempt_numbers(bv.group(1))
                return cover
            if STAMP_RE.match(lines[k].text):
                break
        cover.title = _displaced_title(lines, i, prev_stamp)
        if cover.title is None:
            for k in range(i + 1, min(n, i + 4)):
                t = lines[k].text
                if _DOC_KEYWORDS.search(t) and len(t) <= 120 and "\t" not in t:
                    cover.title = t
                    break
    return cover


def _covers(lines: Sequence[Line], start: int) -> list[_Cover]:
    """Report covers from ``start`` on: stamped ones, and unstamped committee/date/title ones."""
    out: list[_Cover] = []
    prev_stamp = start - 1
    n = len(lines)
    i = start
    while i < n:
        ln = lines[i]
        t = ln.text
        if t[:6].lower() == "agenda" and (STAMP_RE.match(t) or STAMP_PREFIX_RE.match(t)):
            c = _stamp_cover(lines, i, prev_stamp)
            prev_stamp = i
            out.append(c)
        elif (
            i + 1 < n
            and len(lines[i + 1].text) <= _DATE_ONLY_MAX  # cheap tests first
            and _DIGIT.search(lines[i + 1].text) is not None
            and is_body_name(t)
            and date_only(lines[i + 1].text)
        ):
            if not out or out[-1].idx < i - 1:
                c2 = _cover_at(lines, i, None)
                if c2 is not None and c2.title:
                    out.append(c2)
        elif t[:4].lower() in ("date", "subj") and "\t" in t:
            c3 = _cover_at(lines, i, None)
            if c3 is not None and (not out or out[-1].idx < i - 10):
                out.append(c3)
        elif (
            (ln.blank_before or ln.raw[:1].isspace())
            and (not out or out[-1].idx < i)
            and (flat := _flat_cover(t)) is not None
        ):
            out.append(_Cover(i, flat[0], flat[1], flat[2], None))
        i += 1
    return out


def _exempt_numbers(s: str) -> list[int]:
    return sorted({int(x) for x in re.findall(r"\d{1,2}", s) if is_exempt_paragraph(int(x))})
