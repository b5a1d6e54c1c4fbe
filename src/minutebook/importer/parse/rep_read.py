"""Report covers: title similarity, contact blocks, and reading a found cover's fields and
agenda item (split from ``reports``)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from minutebook.importer.pack import AgendaItem, Author, Report
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.rep_labels import (
    _EMAIL_RE,
    _EMPTY_PARENS_RE,
    _JOB_WORDS,
    _MULTI_HOLDER_RE,
    _NAME_TOKEN_RE,
    _PAREN_PARAS_RE,
    _PHONE_RE,
    _PROCEDURAL_RE,
    _SUBLABEL_RE,
    MATCH_THRESHOLD,
    MAX_TITLE,
    Cover,
    Label,
    _clean_title,
    _sublabels,
    _value_lines,
)
from minutebook.importer.parse.text import (
    Line,
    is_exempt_paragraph,
    norm_space,
    strip_honorific,
)

# --- similarity ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "of", "and", "a", "an", "to", "for", "in", "on", "&", "report"})


@lru_cache(maxsize=4096)
def _norm_title(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(_WORD_RE.findall(s))


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def title_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Similarity of two titles: the better of character ratio and word containment.

    Below ``floor`` the exact value does not matter, which lets cheap bounds skip the ratio.
    """
    x, y = _norm_title(a)[:MAX_TITLE], _norm_title(b)[:MAX_TITLE]
    if not x or not y:
        return 0.0
    contain = 0.0
    wx = {_stem(w) for w in x.split() if w not in _STOP}
    wy = {_stem(w) for w in y.split() if w not in _STOP}
    if wx and wy:
        small, big = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
        if len(small) >= 2:
            contain = len(small & big) / len(small) * 0.95
    bound = max(contain, floor)
    if 2.0 * min(len(x), len(y)) / (len(x) + len(y)) <= bound:
        return contain  # the length bound (``real_quick_ratio``) without building a matcher
    sm = SequenceMatcher(None, x, y, autojunk=False)
    if sm.quick_ratio() <= bound:
        return contain
    return max(contain, sm.ratio())


def match_agenda(title: str, agenda: list[AgendaItem], used: set[str] | None = None) -> str | None:
    """The number of the agenda item whose title best matches ``title`` (None if none is close)."""
    best: tuple[float, int, str] | None = None
    for idx, item in enumerate(agenda):
        if not item.title:
            continue
        s = title_similarity(title, item.title, MATCH_THRESHOLD)
        if used and item.number in used:
            s -= 0.05
        if s >= MATCH_THRESHOLD and (best is None or s > best[0]):
            best = (s, -idx, item.number)
    return best[2] if best else None


# --- contacts --------------------------------------------------------------------------------


def _looks_like_name(s: str) -> bool:
    toks = strip_honorific(s).replace(",", " ").split()
    if not 1 <= len(toks) <= 5:
        return False
    return all(_NAME_TOKEN_RE.match(t) for t in toks) and any(len(t.rstrip(".")) > 1 for t in toks)


def _split_name_job(s: str) -> tuple[str, str | None]:
    """Split "Roger Allen, Senior Procurement Officer" into name and job title; without a
    separator the name is the leading run of name-like words before a job word."""
    s = norm_space(s).strip(" ,;:-\u2013")
    for sep in (",", " \u2013 ", " - ", " (", ";"):
        if sep in s:
            head, tail = s.split(sep, 1)
            tail = tail.strip(" ,;:-\u2013)")
            if _looks_like_name(head):
                return head.strip(), tail or None
    toks = s.split()
    if len(toks) > 2:
        k = 0
        while (
            k < len(toks)
            and k < 5
            and toks[k].lower().strip(".") not in _JOB_WORDS
            and _NAME_TOKEN_RE.match(toks[k])
        ):
            k += 1
        lead = " ".join(toks[:k])
        if 0 < k < len(toks) and _looks_like_name(lead) and len(strip_honorific(lead).split()) >= 2:
            return lead, " ".join(toks[k:])
    return s, None


def parse_contact(text: str) -> list[Author]:
    """Authors from one contact block: "Name: A, Job Tel: 0123 Email: a@x" (repeatable), or
    "A, Job, 0123 456789, a@x", or just a name."""
    text = norm_space(text)
    if not text:
        return []
    parts: list[tuple[str, str]] = []  # (sublabel, value)
    pos = 0
    cur = ""
    for m in _SUBLABEL_RE.finditer(text):
        parts.append((cur, text[pos : m.start()]))
        cur = m.group("l").lower()
        pos = m.end()
    parts.append((cur, text[pos:]))
    authors: list[Author] = []
    a: Author | None = None
    for lab, raw_val in parts:
        val = raw_val.strip(" ,;")
        if not val and lab != "name":
            continue
        if lab in ("", "name"):
            email = _EMAIL_RE.search(val)
            email_s = email.group(0) if email else None
            if email:
                val = (val[: email.start()] + " " + val[email.end() :]).strip(" ,;")
            phone = _PHONE_RE.search(val)
            phone_s = phone.group(0).strip() if phone else None
            if phone:
                val = (val[: phone.start()] + " " + val[phone.end() :]).strip(" ,;")
            val = _EMPTY_PARENS_RE.sub("", val)
            val = re.sub(r"\b(?:tel|telephone|phone|e-?mail|t|e)\s*[:.]?\s*$", "", val, flags=re.I)
            val = norm_space(val).strip(" ,;:")
            if not val and a is not None and lab == "":
                a.phone = a.phone or phone_s
                a.email = a.email or email_s
                continue
            if not val and not (phone_s or email_s):
                continue
            name, job = _split_name_job(val) if val else ("", None)
            a = Author(name=strip_honorific(name), job_title=job, phone=phone_s, email=email_s)
            authors.append(a)
            continue
        if a is None:
            a = Author(name="")
            authors.append(a)
        if lab.startswith(("tel", "phone", "direct", "mobile")):
            ph = _PHONE_RE.search(val)
            a.phone = a.phone or (ph.group(0).strip() if ph else val)
        elif lab.startswith(("e-mail", "email")):
            em = _EMAIL_RE.search(val)
            a.email = a.email or (em.group(0) if em else val)
        else:
            a.job_title = a.job_title or val
    return [x for x in authors if x.name or x.email]


def _label_values(lines: list[Line], cov: Cover) -> list[tuple[str, str, int]]:
    """(kind, value, line) for each label, filling empty labels from the lines that follow."""
    labs = cov.labels
    out: list[tuple[str, str, int]] = []
    i = 0
    n = len(labs)
    while i < n:
        lab = labs[i]
        if lab.value:
            stop = labs[i + 1].top if i + 1 < n else cov.end
            vals = _value_lines(lines, lab, stop, last=i + 1 == n)
            out.append((lab.kind, " ".join(vals), lab.line))
            i += 1
            continue
        # A run of consecutive empty labels, then the value lines after the run.
        j = i
        while j + 1 < n and not labs[j + 1].value and labs[j + 1].line == labs[j].line + 1:
            j += 1
        run = labs[i : j + 1]
        stop = labs[j + 1].top if j + 1 < n else cov.end
        vals = _value_lines(lines, Label(labs[j].line, labs[j].kind, ""), stop, last=j + 1 == n)
        if len(run) == 1:
            out.append((lab.kind, " ".join(_reorder_fragment(vals)), lab.line))
        else:
            out.extend(_assign_positional(run, vals))
        i = j + 1
    return out


def _reorder_fragment(vals: list[str]) -> list[str]:
    """PDF text sometimes puts the wrapped end of a cell ("Help") before its start
    ("Cllr A Parry, ... and Early"): move a short leading fragment after a line that begins
    with an honorific and ends mid-phrase."""
    if len(vals) >= 2 and len(vals[0].split()) <= 2 and not vals[0].endswith((".", ":")):
        nxt = vals[1]
        if strip_honorific(nxt) != nxt and not nxt.endswith((".", ",", ";", ")")):
            return [vals[1], vals[0], *vals[2:]]
    return vals


def _assign_positional(run: list[Label], vals: list[str]) -> list[tuple[str, str, int]]:
    """Labels printed as one column and their values as the next: pair them up by type/order."""
    assigned: dict[int, str] = {}
    rest: list[str] = []
    for v in vals:
        if _EMAIL_RE.fullmatch(v.strip()) or (_EMAIL_RE.search(v) and len(v) < 80):
            k = next(
                (i for i, lab in enumerate(run) if lab.kind == "email" and i not in assigned), None
            )
            if k is not None:
                assigned[k] = v
                continue
        if _PHONE_RE.fullmatch(v.strip()):
            k = next(
                (i for i, lab in enumerate(run) if lab.kind == "phone" and i not in assigned), None
            )
            if k is not None:
                assigned[k] = v
                continue
        rest.append(v)
    free = [
        i for i, lab in enumerate(run) if i not in assigned and lab.kind not in ("email", "phone")
    ]
    for i, v in zip(free, rest, strict=False):
        assigned[i] = v
    if len(rest) > len(free) and free:
        assigned[free[-1]] = " ".join([assigned[free[-1]], *rest[len(free) :]])
    return [(lab.kind, assigned.get(i, ""), lab.line) for i, lab in enumerate(run)]


def _split_holders(s: str) -> str:
    """Several "Name - Role" holders run together in one cell: separate them with "; "."""
    if s.count(" - ") + s.count(" \u2013 ") < 2:
        return s
    return _MULTI_HOLDER_RE.sub("; ", s).replace(" ; ", "; ")


def _status(value: str) -> tuple[str | None, list[int]]:
    v = value.lower()
    paras: list[int] = []
    m = _PAREN_PARAS_RE.search(value)
    if m:
        paras = sorted(
            {int(x) for x in re.findall(r"\d{1,2}", m.group(1)) if is_exempt_paragraph(int(x))}
        )
    if not v.strip():
        return None, paras
    if re.match(r"(?:no|not)\b|un(?:restricted|classified)\b|non[-\s]?(?:exempt|confidential)", v):
        return "Public", paras  # "Exempt information: No", "Classification: Unrestricted"
    if re.match(r"yes\b", v):
        return "Exempt", paras
    if v.startswith("part") and not re.match(r"part\s+(?:i|1|a)\b(?!i)", v):
        return "Part exempt", paras
        return "Part exempt", paras
    if v.startswith(("public", "open")) and "exempt" not in v[:20]:
        return "Public", paras
    if (
        "exempt" in v
        or "confidential" in v
        or "private" in v
        or "not for publication" in v
        or "restricted" in v
        or "closed" in v
        or re.search(r"\bpart\s+(?:ii|2|b)\b", v) is not None
        or paras
    ):
        return "Exempt", paras
    if "public" in v or "open" in v:
        return "Public", paras
    return norm_space(value)[:60], paras


_OFFICER_LABEL_RE = re.compile(r"^(?:lead|responsible|accountable)\s+officer", re.I)


def _read_cover(lines: list[Line], cov: Cover, ctx: Context) -> None:
    values: dict[str, str] = {}
    authors: list[Author] = []
    holders: list[str] = []
    director: str | None = None
    officers: list[str] = []  # values of "Lead Officer"-type labels (the report's contact)
    found = _label_values(lines, cov)
    if cov.late_labels:
        late = Cover(labels=cov.late_labels, start=cov.late_labels[0].line, end=cov.late_end)
        found += _label_values(lines, late)
    for kind, value, lno in found:
        value = norm_space(value)
        raw = lines[lno].raw
        subs = _sublabels(raw) if ("<" in raw or "**" in raw) else []
        if subs and kind in ("director", "portfolio", "local", "meeting"):
            for sk, sv, _ in subs:
                if sk == "portfolio" and sv:
                    holders.append(_split_holders(sv))
                elif sk == "director" and sv and director is None:
                    director = _split_holders(sv)
            continue
        if kind == "author":
            authors.extend(parse_contact(value))
        elif kind in ("title", "phone", "email"):
            if not authors:
                authors.append(Author(name=""))
            a = authors[-1]
            if kind == "title":
                a.job_title = a.job_title or (value or None)
            elif kind == "phone":
                ph = _PHONE_RE.search(value)
                a.phone = a.phone or ((ph.group(0).strip() if ph else value) or None)
            else:
                em = _EMAIL_RE.search(value)
                a.email = a.email or ((em.group(0) if em else value) or None)
        elif kind == "portfolio":
            if value:
                holders.append(_split_holders(value))
        elif kind == "director":
            if value and director is None:
                director = _split_holders(value)
            if value and _OFFICER_LABEL_RE.match(lines[lno].text):
                officers.append(value)
        elif value and kind not in values:
            values[kind] = value
        elif kind not in values:
            values[kind] = ""
    # "Name, job title" in the author label with a separate "Title:" label is already split;
    # an author label holding only a job title cannot be told apart, so keep it as the name.
    authors = [a for a in authors if a.name or a.email]
    contact = officers[0] if officers else director
    if not authors and contact:
        # No author or contact named anywhere: the lead officer (else the director who
        # signs the report off), when a person is named.
        name, job = _split_name_job(_split_holders(contact))
        if " " in name and _looks_like_name(name):
            authors = [Author(name=strip_honorific(name), job_title=job)]
    title = values.get("subject") or cov.title
    if title:
        title = _clean_title(title)[:MAX_TITLE]
    cov.title = title or None
    cov.values = values
    status, paras = _status(values.get("status") or values.get("status_weak", ""))
    if status is None and values.get("exempt_q"):
        answer = values["exempt_q"].lower()
        if answer.startswith("no"):
            status = "Public"
        elif answer.startswith("yes"):
            status, paras = "Exempt", _status(answer)[1]
    cov.report = Report(
        agenda_item=None,
        title=cov.title or "",
        portfolio_holder="; ".join(holders) or None,
        authors=authors,
        status=status,
        recommendations=values.get("recommendation") or None,
        reasons=values.get("reasons") or None,
        purpose=values.get("purpose") or None,
        executive_director=director,
        brief_summary=values.get("summary") or None,
        exempt_paragraphs=paras,
        pages=_span_pages(lines, cov.start, cov.end),
    )


def _span_pages(lines: list[Line], start: int, end: int) -> tuple[int, int] | None:
    first = last = None
    for j in range(start, min(end, len(lines))):
        p = lines[j].page
        if p is not None:
            first = p if first is None else first
            last = p
    return (first, last) if first is not None and last is not None else None


def _item_of(cov: Cover, ctx: Context, numbers: set[str], used: set[str]) -> str | None:
    """The agenda item of a cover from its stamp, else from its title."""
    agenda = ctx.agenda
    by_title = match_agenda(cov.title, agenda, used) if (cov.title and agenda) else None
    if cov.stamp is None:
        return by_title
    item = cov.stamp
    if numbers and item not in numbers and by_title is not None:
        return by_title
    if by_title is not None and by_title != item and cov.title:
        # A stamp that belongs to a neighbouring document: trust a clear title match.
        stamped_item = ctx.item(item)
        ai = ctx.item(by_title)
        if (
            stamped_item is not None
            and stamped_item.title
            and title_similarity(cov.title, stamped_item.title) < 0.3
            and ai is not None
            and ai.title
            and title_similarity(cov.title, ai.title) >= 0.8
        ):
            return by_title
    return item


def _by_position(covers: list[Cover], items: list[str | None], ctx: Context) -> None:
    """Reports follow the agenda's order: an unplaced cover between the covers of items k and
    m belongs to the one substantive item between them, if there is exactly one."""
    agenda = ctx.agenda
    if not agenda:
        return
    order = {it.number: i for i, it in enumerate(agenda)}
    used = {i for i in items if i is not None}
    n = len(covers)
    before = [-1] * n  # agenda index of the nearest placed cover before k
    after = [len(agenda)] * n
    cur = -1
    for k in range(n):
        before[k] = cur
        if items[k] in order:
            cur = order[items[k] or ""]
    cur = len(agenda)
    for k in range(n - 1, -1, -1):
        after[k] = cur
        if items[k] in order:
            cur = order[items[k] or ""]
    for k, cov in enumerate(covers):
        if items[k] is not None or cov.stamp is not None:
            continue
        cands = [
            it.number
            for it in agenda[before[k] + 1 : after[k]]
            if it.title and it.number not in used and not _PROCEDURAL_RE.search(it.title)
        ]
        if len(cands) == 1:
            items[k] = cands[0]
            used.add(cands[0])


def _trim_title(cov: Cover, item: AgendaItem | None) -> None:
    """A heading of several lines may carry a stray line (a running header, a report
    number): keep the contiguous lines that best match the agenda's title for the item."""
    if item is None or not item.title:
        return
    parts = cov.title_parts
    want = _norm_title(item.title)

    def ratio(s: str) -> float:
        return SequenceMatcher(None, _norm_title(s), want, autojunk=False).ratio()

    best = (ratio(cov.title or ""), 0, len(parts))
    for a in range(len(parts)):
        for b in range(a + 1, len(parts) + 1):
            if (a, b) != (0, len(parts)):
                sim = ratio(" ".join(parts[a:b]))
                if sim > best[0] + 0.15:
                    best = (sim, a, b)
    cov.title = " ".join(parts[best[1] : best[2]])
    if cov.report is not None:
        cov.report.title = cov.title


def _resolve_items(covers: list[Cover], ctx: Context) -> list[Cover]:
    """Give each cover its agenda item and drop covers that are appendices of another report."""
    agenda = ctx.agenda
    numbers = {it.number.lower() for it in agenda}
    stamped = any(cov.stamp is not None for cov in covers)
    items: list[str | None] = []
    found: set[str] = set()
    for cov in covers:
        item = _item_of(cov, ctx, numbers, found)
        items.append(item)
        if item is not None:
            found.add(item)
    _by_position(covers, items, ctx)
    out: list[Cover] = []
    used: set[str] = set()
    for cov, item in zip(covers, items, strict=True):
        if item is not None and len(cov.title_parts) > 1 and not cov.values.get("subject"):
            _trim_title(cov, ctx.item(item))
        if cov.title is None and item is not None:
            ai = ctx.item(item)
            cov.title = ai.title if ai else None
        if not cov.title:
            continue
        kinds = {lab.kind for lab in cov.labels}
        decisive = len(kinds & {"recommendation", "reasons", "status", "exempt_q"}) >= 2
        if (agenda or stamped) and item is None and cov.stamp is None and not decisive:
            # Not on the agenda and unstamped in a stamped pack: a cover-like table inside an
            # appendix (scoping form, business case), unless it carries a decision.
            continue
        if item is not None and item in used and cov.stamp is None and not decisive:
            continue  # a second cover-like sheet within one item is an appendix
        if item is not None:
            used.add(item)
        cov.agenda_item = item
        if cov.report is not None:
            cov.report.agenda_item = item
            cov.report.title = cov.title
        out.append(cov)
    return out
