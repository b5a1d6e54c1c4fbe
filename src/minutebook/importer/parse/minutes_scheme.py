"""Which numbered lines of a set of minutes are the minutes, when several numberings mix.

Printed minutes number their minutes in one scheme ("283.", "CC/12", "24/25", "(1)") and
the paragraphs inside a minute in another ("1)", "(a)", "1."), so the first increasing run of
numbers is often the paragraphs.  Two general signals pick the minutes' scheme:

* a line "(Item 3)" / "(Agenda Item 3)" under a numbered title ties that minute to the agenda
  (Modern.Gov prints it under every minute): a scheme confirmed by two or more such lines is the
  minutes' scheme, and its confirmed numbers are the minutes;
* otherwise the scheme whose numbers head short title lines (not sentences running on to the
  next line) at least twice as often as any other's.

With no clear winner every candidate is kept and the caller's single-scheme reading applies.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol, TypeVar

from minutebook.importer.parse.text import Line, norm_space

__all__ = ["ITEM_REF", "ref_after", "select_scheme", "title_to_ref"]

ITEM_REF = re.compile(r"^\(?\s*(?:agenda\s+)?item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*\)?\.?$", re.I)
_NUMBERED = re.compile(r"^\(?[A-Z]{0,4}[./]?\d{1,4}[a-z]?[.):]?\s")
_PROSE_HEAD = re.compile(r"^(?:resolved|it\s+was|that\b|the\s+\w+\s+(?:said|noted|reported))", re.I)
_TRAIL = re.compile(r"\b(?:a|an|and|as|at|by|for|from|in|of|on|or|that|the|to|with|be)$", re.I)


class _Cand(Protocol):
    index: int
    rest: str
    style: str


_C = TypeVar("_C", bound=_Cand)  # the caller's candidate type


def ref_after(lines: Sequence[Line], i: int, stop: int, span: int = 3) -> int | None:
    """The index of an "(Item N)" line within ``span`` lines after line ``i``, the title
    wrapping over the lines between (no new paragraph, number or sentence end among them)."""
    for j in range(i + 1, min(stop, i + 1 + span)):
        t = lines[j].text
        if ITEM_REF.match(t):
            return j
        if lines[j].blank_before or t.endswith(".") or _NUMBERED.match(t):
            return None
    return None


def title_to_ref(lines: Sequence[Line], i: int, first: str, ref: int) -> str:
    """A numbered title wrapped over the lines down to its "(Item N)" line, joined."""
    return norm_space(" ".join([first, *(lines[j].text for j in range(i + 1, ref))]))


def _heading_like(lines: Sequence[Line], c: _Cand, stop: int) -> bool:
    """A short title after the number, not a sentence that runs on to the next line."""
    rest = c.rest
    words = rest.split()
    if not words or len(words) > 14 or not (rest[0].isupper() or rest[0].isdigit()):
        return False
    if rest.isupper():
        return True
    if rest[-1] in ".,;:" or "," in rest or _PROSE_HEAD.match(rest) or _TRAIL.search(rest):
        return False
    nxt = c.index + 1
    return not (nxt < stop and lines[nxt].text[:1].islower())


def select_scheme(lines: Sequence[Line], found: list[_C], stop: int) -> tuple[list[_C], set[int]]:
    """The candidates of the minutes' numbering scheme, and the indices confirmed by an
    "(Item N)" line (which the caller keeps as titles even when they are long)."""
    refs = {c.index for c in found if ref_after(lines, c.index, stop) is not None}
    by_ref = Counter(c.style for c in found if c.index in refs)
    if by_ref:
        style, count = by_ref.most_common(1)[0]
        if count >= 2:
            first = min(c.index for c in found if c.index in refs and c.style == style)
            keep = [
                c
                for c in found
                if c.style == style
                and (c.index in refs or (c.index > first and _heading_like(lines, c, stop)))
            ]
            return keep, refs
    heads = Counter(c.style for c in found if _heading_like(lines, c, stop))
    styles = {c.style for c in found}
    ranked = heads.most_common()
    if len(styles) > 1 and ranked and ranked[0][1] >= 2:
        best, n = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0
        if n >= 2 * runner:
            return [c for c in found if c.style == best], refs
    # No clear scheme: the bracketed "(1)" numbers (lists inside a minute) stay out.
    return [c for c in found if c.style != "()"], refs
