"""Who attended: the "Present" and "Apologies" lists under a minutes heading.

Lists run on over the lines of their paragraph ("Present: A, B," / "C and D"); other
attendance ("Also present", "Officers", "In attendance") ends them.  Names lose their
honorifics; prose apologies ("Apologies were received from A and B.") count too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.importer.parse.text import Line, strip_honorific

__all__ = ["APOLOGIES_LABEL", "ATTEND_LABEL", "OTHER_ATTEND", "attendance", "names"]

ATTEND_LABEL = re.compile(
    r"^(?:(?:members|councillors|those)\s+)?(?:present|attendance)"
    r"(?:\s+were)?\s*(?:[:\-\u2013\u2014]|$)",
    re.I,
)
APOLOGIES_LABEL = re.compile(r"^apologies(?:\s+for\s+absence)?\s*(?:[:\-\u2013\u2014]|$)", re.I)
OTHER_ATTEND = re.compile(
    r"^(?:(?:other\s+)?members?\s+attending|(?:also\s+(?:present|in\s+attendance))|"
    r"officers?(?:\s+(?:present|attending|in\s+attendance))?|substitutes?|observers?|"
    r"for\s+certain\s+items|in\s+attendance)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^[A-Z][\w'\u2019.-]*$")
#: Lower-case particles inside a surname ("Rhys ap Gwilym", "Ann van der Berg"); a name
#: does not end with one.
_PARTICLES = frozenset(
    {"ap", "ab", "ferch", "de", "van", "von", "der", "den", "le", "la", "du", "da", "di", "dos"}
)
_APOLOGY_PROSE = re.compile(
    r"apologies\s+(?:for\s+absence\s+)?(?:were|had\s+been|have\s+been|was)\s+"
    r"(?:received|submitted|given|noted)\s+from\s+(.+?)(?:\.(?:\s|$)|$)",
    re.I,
)


def names(text: str) -> list[str]:
    """Personal names from "Cllr A (Chairman), B, C and D" style lists."""
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(
        r"\b(?:councillors?|cllrs?\.?|cynghorwyr|cynghorydd|cyng\.?)\s+", " ", text, flags=re.I
    )
    out: list[str] = []
    for part in re.split(r",|;|\band\b|&|\t", text):
        part = re.split(r"\s[-\u2013\u2014]\s", part, maxsplit=1)[0]  # "Name - Chairman"
        name = strip_honorific(part.strip(" .-\u2013\u2014:"))
        words = name.split()
        if (
            2 <= len(words) <= 5
            and _NAME_WORD.match(words[-1])
            and all(_NAME_WORD.match(w) or w in _PARTICLES for w in words[:-1])
        ):
            out.append(name)
    return out


def attendance(
    lines: Sequence[Line], start: int, stop: int, first_item: int
) -> tuple[list[str], list[str]]:
    """Present and apologies lists between a heading and its first minute (``first_item``)."""
    present: list[str] = []
    apologies: list[str] = []
    j = start
    target: list[str] | None = None
    while j < first_item:
        t = lines[j].text
        m_att = ATTEND_LABEL.match(t)
        m_lab = m_att or APOLOGIES_LABEL.match(t)
        if m_lab is not None:
            target = present if m_att else apologies
            rest = t[m_lab.end() :].strip()
            if rest:
                # "Present: A, B, C" may run on over following lines of the same paragraph.
                while (
                    j + 1 < first_item
                    and not lines[j + 1].blank_before
                    and not rest.endswith(".")
                    and not ATTEND_LABEL.match(lines[j + 1].text)
                    and not APOLOGIES_LABEL.match(lines[j + 1].text)
                    and not OTHER_ATTEND.match(lines[j + 1].text)
                ):
                    j += 1
                    rest = f"{rest} {lines[j].text}"
                target.extend(names(rest))
                target = None
            j += 1
            continue
        if OTHER_ATTEND.match(t) or (
            target is not None and lines[j].blank_before and not names(lines[j].cells[0])
        ):
            target = None
        elif target is not None:
            got = names(lines[j].cells[0])
            if got:
                target.extend(got)
            else:
                target = None
        j += 1
    for k in range(start, stop):
        t = lines[k].text
        if "pologies" in t:
            for m in _APOLOGY_PROSE.finditer(t):
                apologies.extend(names(m.group(1)))
    return present, apologies
