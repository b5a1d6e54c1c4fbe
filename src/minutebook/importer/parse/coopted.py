"""Co-opted members listed by their category, as scrutiny committees print them.

"Parent Governor: Emma Black; Church of England Diocese: Frank Brown", "Roman Catholic
Diocese - Frank Brown", "Parent Governor<TAB>Emma Black": the category is what the seat is,
the name is the person.  Read as ordinary names, the category became a member ("Parent
Governor") and the person was lost.  Each such entry gives a co-opted member.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from minutebook.importer.pack import Member

__all__ = ["category_members", "is_category"]

_CATEGORY = re.compile(
    r"\b(?:parent\s+governors?|governors?\s+representative|church\s+of\s+england|dioces[ea]n?|"
    r"roman\s+catholic|catholic|free\s+church|church\s+in\s+wales|methodist|faith\s+"
    r"representative|teachers?\s+representative|head\s*teachers?|school\s+governors?|"
    r"independent\s+(?:persons?|members?)|youth\s+(?:representative|parliament|council)|"
    r"tenants?(?:\s+and\s+leaseholders?)?\s+representative|healthwatch|co-?opted\s+"
    r"(?:member|representative)|parent\s+representative|primary|secondary|special\s+schools?|"
    r"academ(?:y|ies)|trade\s+unions?|voluntary\s+sector|community\s+representative|"
    r"non-?voting|voting)\b",
    re.I,
)
# Titles of the clergy and others that the shared honorifics do not remove.
_CLERGY = re.compile(
    r"^(?:(?:the\s+)?(?:very\s+|right\s+)?(?:revd|rev\.?|reverend|canon|father|fr\.?|rabbi|imam|"
    r"sister|brother|bishop|pastor|prof\.?|professor|dr\.?)\s+)+",
    re.I,
)
_PAIR_SEP = re.compile(r"\s*(?::|\t|\s[-\u2013\u2014]\s)\s*")
_SEGMENT_SEP = re.compile(r"\s*;\s*|\t(?=[^\t]*(?::|\t|\s[-\u2013\u2014]\s))")
MAX_CATEGORY = 70


def is_category(text: str) -> bool:
    """Whether ``text`` names a co-opted seat rather than a person."""
    t = text.strip(" :.-")
    return 0 < len(t) <= MAX_CATEGORY and _CATEGORY.search(t) is not None


def category_members(text: str, member: Callable[[str, str], Member | None]) -> list[Member] | None:
    """The co-opted members of a "Category: Name; Category: Name" line (``member`` reads a
    name), or None when the line is not all such pairs."""
    segments = [s for s in re.split(r"\s*;\s*", text.strip()) if s]
    if len(segments) == 1 and text.count("\t") >= 3:
        cells = text.split("\t")  # "Category<TAB>Name<TAB>Category<TAB>Name"
        segments = [f"{cells[k]}\t{cells[k + 1]}" for k in range(0, len(cells) - 1, 2)]
    out: list[Member] = []
    for seg in segments:
        parts = _PAIR_SEP.split(seg, maxsplit=1)
        if len(parts) != 2:
            return None
        left, right = parts
        if is_category(left):
            got = member(right, "Co-opted")
        elif is_category(right):
            got = member(left, "Co-opted")
        else:
            return None
        if got is None:
            return None
        got.name = _CLERGY.sub("", got.name)
        got.role = "Co-opted"
        out.append(got)
    return out or None
