"""Front sheet: the membership list and its roles (split from ``frontsheet``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.importer.pack import Member
from minutebook.importer.parse.coopted import category_members
from minutebook.importer.parse.fs_header import (
    _FIELD_ROLE,
    _MEMBER_FIELDS,
    _label,
)
from minutebook.importer.parse.text import (
    Line,
    norm_space,
    strip_honorific,
)

# --- members ---------------------------------------------------------------------------------

_ROLE_PAREN = re.compile(r"\(([^()]*)\)")
# Words that never occur in a member's name, and (soft) words that rarely do: the soft ones
# only reject a line when looking for an unlabelled membership block.
_NAME_STOP = re.compile(
    r"\b(?:council|committee|contact|democratic|email|e-mail|tel|telephone|phone|venue|"
    r"meeting|members?|membership|notes?|agenda|guidance|please|information|apologies|"
    r"minutes|report|item|website|enquiries|substitutes?|quorum|published|publication|dear|"
    r"madam|yours|faithfully|sincerely|webcast|recording|filming|portfolio|holder|chairman|"
    r"chair|vice|the|of|for|to|and|on|at|by|is|are|will|with|from|this|that|in|or)\b"
    r"|\bpages?\s+(?:no|nos|numbers?)\b",
    re.I,
)
_NAME_SOFT_STOP = re.compile(
    r"\b(?:executive|officer|director|manager|services?|hall|room|road|street|lane|house|"
    r"centre|chief|head|clerk|page|date|time|public|press|copies|governance|secretary|"
    r"solicitor|monitoring|county|district|borough|welcome|access|cabinet|leader|sir)\b",
    re.I,
)
_PARTICLES = frozenset(
    ["de", "van", "von", "der", "den", "la", "le", "du", "da", "di", "del", "al", "bin", "ap"]
)
_NAME_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019.-])*$")


def _name_token(t: str) -> bool:
    """A word of a personal name: capitalised (or an initial, or a particle such as "de")."""
    if t.lower() in _PARTICLES or t.lower().startswith(("o'", "o\u2019")):
        return True
    return t[:1].isupper() and _NAME_CHARS.match(t) is not None


_PARTY_HEADING = re.compile(
    r"^(?:conservatives?|labour(?:\s+(?:and|&)\s+co-?operative)?|liberal\s+democrats?|"
    r"lib\s+dems?|greens?(?:\s+party)?|independents?|plaid\s+cymru|snp|reform(?:\s+uk)?|"
    r"ukip|non-?aligned|unaligned)(?:\s+(?:group|party|members?|councillors?))?"
    r"\s*(?:\(\d{1,2}\))?\s*:?$",
    re.I,
)
_HONORIFIC_START = re.compile(
    r"^(?:(?:county|district|borough|parish|town)\s+)?(?:cllrs?\.?|councillors?|mr|mrs|ms|miss|"
    r"mx|dr|prof|sir|dame|lord|lady|rev(?:erend|d)?)\.?\s",
    re.I,
)
_ROLE_LABEL = re.compile(
    r"^(vice[\s-]*chair(?:man|person|woman)?|deputy\s+chair(?:man|person)?|chair(?:man|person|woman)?)"
    r"\s*(?::|\t|-|\u2013)\s*(.+)$",
    re.I,
)


def _role_of(paren: str) -> str | None:
    p = paren.strip().lower()
    if re.search(r"\bvice[\s-]*chair|\bdeputy\s+chair", p):
        return "Vice-Chairman"
    if re.search(r"\bchair(?:man|person|woman)?\b", p):
        return "Chairman"
    if re.search(
        r"co-?opted|non-?voting|representative|independent\s+(?:person|member)|"
        r"parent\s+governor|diocese|diocesan|church|observer",
        p,
    ):
        return "Co-opted"
    return None


def _member(piece: str, default_role: str, strict: bool = True) -> Member | None:
    """One membership entry ("Cllr Rebecca Knox (Chairman)"), or None if it is not a name."""
    s = norm_space(piece).strip(" ,;.*")
    if not s:
        return None
    role: str | None = None
    m = _ROLE_LABEL.match(s)
    if m:
        role = _role_of(m.group(1))
        s = m.group(2).strip()
    had_honorific = bool(_HONORIFIC_START.match(s))
    for pm in _ROLE_PAREN.finditer(s):
        r = _role_of(pm.group(1))
        if r and role is None:
            role = r
    s = _ROLE_PAREN.sub(" ", s)
    s = re.sub(r"\s*[-\u2013\u2014,]\s*(vice[\s-]*chair\w*|chair\w*)\s*$", "", s, flags=re.I)
    name = strip_honorific(s).strip(" ,;.-\u2013")
    if not name or len(name) > 50 or any(c.isdigit() for c in name) or "@" in name:
        return None
    tokens = name.split()
    if len(tokens) > 5 or (len(tokens) < 2 and not had_honorific):
        return None
    if _NAME_STOP.search(name) or (strict and _NAME_SOFT_STOP.search(name)):
        return None
    if not all(_name_token(t) for t in tokens):
        return None
    return Member(name=name, role=role or default_role)


_SPLIT_NAMES = re.compile(r"\s*[,;]\s*|\s+and\s+|\s+&\s+")


_PAREN = re.compile(r"\([^()]*\)")
_INNER_SPLIT = re.compile(r"\s+(?=(?:Cllr|Councillor)s?\.?\s)|(?<=\))\s+(?=[A-Z])")


def _split_entries(text: str) -> list[str]:
    """Entries of a membership line: table cells, then comma/"and" separated names (keeping
    parenthesised roles with their names), then names run together from merged columns."""
    out: list[str] = []
    for cell in text.split("\t"):
        plural = _PLURAL_HONORIFIC.match(cell) is not None
        protected = _PAREN.sub(
            lambda m: (
                m.group(0)
                .replace(",", "\x00")
                .replace(";", "\x01")
                .replace("&", "\x02")
                .replace(" and ", " \x03 ")
            ),
            cell,
        )
        for part in _SPLIT_NAMES.split(protected):
            part = (
                part.replace("\x00", ",")
                .replace("\x01", ";")
                .replace("\x02", "&")
                .replace(" \x03 ", " and ")
            )
            for p in _INNER_SPLIT.split(part):
                if not p.strip():
                    continue
                if plural and out and not _HONORIFIC_START.match(p.strip()):
                    # "Councillors Patel, Okafor and Bell": the title covers every name.
                    p = "Cllr " + p.strip()
                out.append(p)
    return out


_PLURAL_HONORIFIC = re.compile(r"^\s*(?:councillors|cllrs)\.?\s*:?\s", re.I)


_MAX_MEMBERS = 150  # more "names" than any committee has: not a membership list
_ROLE_ONLY = re.compile(
    r"^\(?(?:vice[\s-]*chair(?:man|person|woman)?|deputy\s+chair(?:man|person)?|"
    r"chair(?:man|person|woman)?|co-?opted(?:\s+member)?|member|independent\s+person|"
    r"non-?voting(?:\s+co-?opted)?(?:\s+member)?)\)?(?:\s*\([\w\s-]{1,30}\))?$",
    re.I,
)


_FULL_WORD = re.compile(r"^[A-Z][a-z\u00e0-\u00ff'\u2019-]+$")


def _merged_columns(entry: str) -> list[str]:
    """Two names run together from side-by-side columns ("Steve Butler Jill Haynes"): four
    capitalised full words without honorific or role split into two names of two words."""
    words = entry.split()
    if len(words) == 4 and all(_FULL_WORD.match(w) for w in words):
        return [" ".join(words[:2]), " ".join(words[2:])]
    return [entry]


def _line_members(text: str, default_role: str, strict: bool = True) -> list[Member] | None:
    """All entries of the line as members, or None when any entry is not a name.

    A table cell holding only a role ("Chair") applies to the name beside it: the next name
    when it is the row's first cell, else the previous one.
    """
    out: list[Member] = []
    pending: str | None = None
    cells = text.split("\t")
    for ci, cell in enumerate(cells):
        if _ROLE_ONLY.match(cell.strip()):
            role = _role_of(cell) or "Member"
            if ci == 0:
                pending = role
            elif out:
                if out[-1].role == default_role:
                    out[-1].role = role
                # A role column after the name: the cells after it are other columns
                # (party, ward, constituent authority), not more names.
                break
            else:
                return None
            continue
        entries = _split_entries(cell)
        if not entries:
            continue
        if len(entries) > _MAX_MEMBERS:
            return None
        for e in [x for entry in entries for x in _merged_columns(entry)]:
            m = _member(e, default_role, strict)
            if m is None:
                return None
            if pending is not None and m.role == default_role:
                m.role = pending
            pending = None
            out.append(m)
    return out or None


_LEAD_HONORIFIC = re.compile(r"^(?:cllr|councillor|county\s+councillor)\.?\s+", re.I)


def _leading_name(text: str, role: str) -> Member | None:
    """ "Cllr Jane Smith Leader of the Council and ...": the name before its description."""
    m = _LEAD_HONORIFIC.match(text)
    if m is None:
        return None
    rest = strip_honorific(text[m.end() :])
    tokens: list[str] = []
    for tok in rest.split():
        word = tok.strip(",;:-\u2013")
        if (
            len(tokens) >= 4
            or not _name_token(word)
            or _NAME_STOP.search(word)
            or _NAME_SOFT_STOP.search(word)
        ):
            break
        tokens.append(word)
        if tok != word:
            break
    if not tokens:
        return None
    member = _member(" ".join(tokens), role, strict=False)
    if member is not None and member.role == role:
        member.role = _role_of(text[m.end() :]) or role
    return member


_HONORIFIC_LINE = re.compile(r"^(?:councillors?|cllrs?\.?|county\s+councillor)\s", re.I)
ROLE_LINES = 2  # lines of a member's portfolio printed under the name


def _role_line(lines: Sequence[Line], i: int, end: int) -> bool:
    """A line of a member's portfolio or job inside a membership list, printed between one
    "Councillor X" line and the next: it does not end the list."""
    t = lines[i].text
    if len(t) > 120 or _HONORIFIC_LINE.match(t) or _label(lines[i]) is not None:
        return False
    return any(
        _HONORIFIC_LINE.match(lines[k].text)
        for k in range(i + 1, min(end, len(lines), i + 1 + ROLE_LINES))
    )


_ENTRY_SEP = re.compile(r",|\band\b")


def _cut_name(text: str) -> bool:
    """Does a comma list end mid-name (its last entry a single word, or a comma)?"""
    if text.rstrip().endswith((",", " and")):
        return True
    last = _ENTRY_SEP.split(text)[-1].strip() if _ENTRY_SEP.search(text) else ""
    return bool(last) and " " not in last and "(" not in last and last[:1].isupper()


_AND_LINE = re.compile(r"^(?:and|&)\s+\S")
#: Lines a comma list of members may wrap over (one name with its role a line, then the rest).
WRAP_LINES = 6


def _names_at(
    lines: Sequence[Line],
    i: int,
    end: int,
    role: str,
    first: str | None = None,
    strict: bool = True,
) -> tuple[list[Member] | None, int]:
    """Members on line ``i`` (or on ``first``, the value of its label), joining the following
    lines when a comma-separated list wraps mid-name; also the index of the next line.

    Not ``strict`` (inside a labelled membership), a table row whose first cell is a name
    keeps its name cells and ignores the others (party, ward).
    """
    text = own = lines[i].text if first is None else first
    j = i + 1
    # A comma list wrapped mid-name: "..., Hannah" / "Blackmore (Vice-Chairman), Tom Cardew".
    while j < end and j - i <= WRAP_LINES and "," in text and _cut_name(text):
        nxt = lines[j]
        if nxt.blank_before or _label(nxt) is not None or not nxt.text[:1].isupper():
            break
        text, j = f"{text} {nxt.text}", j + 1
    got = _line_members(text, role, strict)
    # A list wrapped before its last name: "..., Elaine Roe" / "and Victor Lomax."
    while got is not None and j < end and j - i <= 3 and _AND_LINE.match(lines[j].text):
        more = _line_members(f"{text} {lines[j].text}", role, strict)
        if more is None or len(more) <= len(got):
            break
        text, got, j = f"{text} {lines[j].text}", more, j + 1
    while got is None and j < end and j - i <= 3 and "," in text:
        nxt = lines[j]
        if nxt.blank_before or _label(nxt) is not None:
            break
        text = f"{text} {nxt.text}"
        j += 1
        got = _line_members(text, role, strict)
    if got is None and not strict and "\t" not in text:
        # Only line ``i`` is kept: its role is its own, not one from the lines joined to it.
        lead = _leading_name(own, role)
        if lead is not None:
            return [lead], i + 1
    if got is None and not strict and "\t" in text:
        cells = text.split("\t")
        head = _line_members(cells[0], role, strict)
        if head is not None and len(head) == 1:
            for cell in cells[1:]:
                r = _role_of(cell) if _ROLE_ONLY.match(cell.strip()) else None
                if r is not None:
                    head[0].role = r
            return head, i + 1
    return (got, j) if got is not None else (None, i + 1)


def parse_members(lines: Sequence[Line], start: int, end: int, labelled: bool) -> list[Member]:
    """The membership block beginning at ``start`` (its first label line when ``labelled``).

    Label lines inside the block set the role of what follows them ("Chairman:", "Co-opted
    members:"); any other label, or a line that is not names, ends the block.
    """
    members: list[Member] = []
    role = "Member"
    pending_role: str | None = None
    strict = not labelled
    i = start
    while i < end:
        ln = lines[i]
        if _PARTY_HEADING.match(ln.text):
            i += 1
            continue
        lab = _label(ln)
        seats = None if lab and lab[0] in _MEMBER_FIELDS else category_members(ln.text, _member)
        if seats is not None:
            members.extend(seats)  # "Parent Governor: Emma Black": the person, co-opted
            i += 1
            continue
        if lab is not None:
            f, value = lab
            if f not in _MEMBER_FIELDS:
                break
            line_role = _FIELD_ROLE.get(f, "Member")
            if f in ("members", "coopted"):
                role = line_role
            value = re.sub(r"^\(?\s*quorum[^)]*\)?\s*", "", value, flags=re.I).strip(" :")
            if value and _PLURAL_HONORIFIC.match(ln.text) and not _PLURAL_HONORIFIC.match(value):
                value = f"Councillors {value}"  # "Councillors: Patel (Chair), Okafor, ..."
            pending_role = None
            seats = category_members(value, _member) if value and f == "coopted" else None
            if seats is not None:
                members.extend(seats)
                i += 1
            elif value:
                got, i = _names_at(lines, i, end, line_role, value, strict)
                members.extend(got or [])
            else:
                pending_role = line_role if f in ("chair", "vicechair") else None
                i += 1
            continue
        got, nxt = _names_at(lines, i, end, pending_role or role, strict=strict)
        pending_role = None
        if got is None:
            if not members and labelled and i - start <= 2:
                i += 1  # e.g. a "(Quorum 3)" or table-header line between label and names
                continue
            if labelled and members and _role_line(lines, i, end):
                i += 1  # "Deputy Leader and Cabinet Member for / Housing" under a name
                continue
            break
        members.extend(got)
        i = nxt
    seen: set[str] = set()
    out = []
    for m in members:
        k = m.name.casefold()
        if k not in seen:
            seen.add(k)
            out.append(m)
    _non_councillors(out, [ln.text for ln in lines[start:i]])
    return out


_COUNCILLOR_WORD = re.compile(r"\b(?:councillors?|cllrs?)\b\.?", re.I)
_OTHER_TITLE = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof(?:essor)?|sir|dame|rev(?:erend|d)?)\.?\s", re.I
)


def _non_councillors(members: list[Member], texts: list[str]) -> None:
    """In a membership that names its councillors as such ("Councillor X"), a member printed
    without that title but with another one or with an organisation in brackets ("Jane Moss
    (Director of Public Health)", "Dr Paul Reid") is a non-councillor representative:
    co-opted, unless they chair."""
    if len(members) < 2 or not any(_COUNCILLOR_WORD.search(t) for t in texts):
        return
    for m in members:
        if m.role != "Member":
            continue
        for t in texts:
            at = t.find(m.name)
            if at < 0:
                continue
            entry = _entry_around(t, at, m.name)
            if _COUNCILLOR_WORD.search(entry) or _COUNCILLOR_WORD.match(t):
                break  # named as a councillor (or in a "Councillors: ..." list)
            paren = _ROLE_PAREN.search(entry)
            if _OTHER_TITLE.match(entry) or (paren and _role_of(paren.group(1)) is None):
                m.role = "Co-opted"
            break


def _entry_around(text: str, at: int, name: str) -> str:
    """The list entry of ``text`` holding the name found at ``at`` (between separators)."""
    lo = max(text.rfind(",", 0, at), text.rfind(";", 0, at), text.rfind("\t", 0, at)) + 1
    stop = at + len(name)
    hi = min(
        (k for k in (text.find(",", stop), text.find(";", stop), text.find("\t", stop)) if k >= 0),
        default=len(text),
    )
    return text[lo:hi].strip()


def _find_member_block(lines: Sequence[Line], end: int) -> list[Member]:
    """An unlabelled membership: the first run of two or more lines made only of names."""
    i = 0
    while i < end:
        got, _ = _names_at(lines, i, end, "Member")
        if got and _label(lines[i]) is None:
            j = i
            total = 0
            roles = False
            while j < end and _label(lines[j]) is None:
                g, nxt = _names_at(lines, j, end, "Member")
                if g is None:
                    break
                total += len(g)
                roles = roles or any(m.role != "Member" for m in g)
                j = nxt
            if total >= 3 or (total >= 2 and roles):
                return parse_members(lines, i, j, labelled=False)
            i = j + 1
            continue
        i += 1
    return []
