"""Word repairs: line-end hyphens, ligatures, superscript ordinals and footnote marks.

pdfium joins a word hyphenated at a line end itself and marks the hyphen U+FFFE (\\x02 in
some outputs); an uncommon hyphen character (U+2010, a soft hyphen) or a plain "-" at a line
end is left with the line break.  Whether the hyphen belongs to the word ("Barrington-King",
"2024-25", "long-term") or was only a break ("administra-tion") is decided from the word
itself: kept before a capital or a digit; otherwise dropped when the document spells the
joined word elsewhere, or when the mark was a soft hyphen, and kept for a plain hyphen.
"""

from __future__ import annotations

import re

from minutebook.importer.layout.lines import TextLine

__all__ = ["LIGATURES", "repair_pages"]

LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\x02": "\ufffe",
    }
)
# The characters ``LIGATURES`` replaces (translating only lines holding one: a translation
# with a table costs a dictionary look-up a character).
_LIGATURE_CHAR = re.compile("[\ufb00-\ufb06\x02]")
_MARKED = re.compile(r"(\w+)\ufffe(\w+)")
_SOFT_END = re.compile(r"(\w+)([\u2010\u00ad\-])$")
_FIRST_WORD = re.compile(r"^\w[\w'\u2019]*[.,;:)!?]*")
_TRAILING = ("", ",", ".", ";", ":", ")", "'", "\u2019")
_ORDINAL_START = re.compile(r"^(st|nd|rd|th)\b", re.I)
_CLOSING = frozenset(",.;:)")
_ENDS_DAY = re.compile(r"(?<![\d.,])\d{1,2}$")


class _Vocabulary:
    """The document's words, read only when a hyphen needs deciding."""

    def __init__(self, pages: list[list[TextLine]]) -> None:
        self._pages = pages
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            # whitespace-separated tokens (fast); punctuation after a word is tried on lookup
            text = "\n".join(ln.text for lines in self._pages for ln in lines)
            self._words = set(text.lower().split())
        w = word.lower()
        return any(w + p in self._words for p in _TRAILING)


def _keep_hyphen(left: str, right: str, soft: bool, vocab: _Vocabulary) -> bool:
    if right[:1].isupper() or right[:1].isdigit() or left[-1:].isdigit():
        return True
    if (left + right).lower() in vocab:
        return False
    return not soft


def repair_pages(pages: list[list[TextLine]]) -> None:
    """Repair the words of every page's lines, in place."""
    vocab = _Vocabulary(pages)
    for lines in pages:
        for ln in lines:
            if not ln.text.isascii() and _LIGATURE_CHAR.search(ln.text):
                ln.text = ln.text.translate(LIGATURES)
        _join_split_rows(lines)
        _join_line_end_hyphens(lines, vocab)
        for ln in lines:
            if "\ufffe" in ln.text:
                ln.text = _MARKED.sub(
                    lambda m: (
                        m.group(1)
                        + ("-" if _keep_hyphen(m.group(1), m.group(2), False, vocab) else "")
                        + m.group(2)
                    ),
                    ln.text,
                ).replace("\ufffe", "-")


def _join_split_rows(lines: list[TextLine]) -> None:
    """Put back together a row pdfium broke at a raised character: a superscript ordinal
    set on a line of its own ("9" / "th October 2019" -> "9th October 2019"), or the rest of
    a sentence after a footnote mark ("... consultation1" / ", and so" -> one line)."""
    i = 1
    while i < len(lines):
        prev, cur = lines[i - 1], lines[i]
        first = cur.text[:1]
        if first not in _CLOSING and first not in "stnrSTNR":  # cheap test first
            i += 1
            continue
        row = min(prev.end, prev.bottom) if prev.height > 0 else prev.bottom
        same_row = cur.height > 0 and abs(cur.bottom - row) < max(prev.height, 1.0)
        ordinal = (
            _ORDINAL_START.match(cur.text)
            and _ENDS_DAY.search(prev.text)
            and (same_row or cur.height <= 0)
        )
        rest = cur.text[:1] in _CLOSING and same_row and "\t" not in prev.text
        if (ordinal or rest) and "\t" not in cur.text:
            prev.text = prev.text + cur.text
            prev.end = min(prev.end, cur.end)
            del lines[i]
            continue
        i += 1


def _join_line_end_hyphens(lines: list[TextLine], vocab: _Vocabulary) -> None:
    """A word broken at a line end with a hyphen that pdfium left in place: the first word of
    the next line moves up to complete it."""
    i = 0
    while i + 1 < len(lines):
        ln, nxt = lines[i], lines[i + 1]
        end = ln.text[-1:]
        if end in "-\u2010\u00ad" and "\t" not in ln.text and "\t" not in nxt.text:
            m = _SOFT_END.search(ln.text)
            w = _FIRST_WORD.match(nxt.text)
            if m and w:
                word = w.group()
                soft = m.group(2) != "-"
                keep = _keep_hyphen(m.group(1), word, soft, vocab)
                ln.text = ln.text[:-1] + ("-" if keep else "") + word
                rest = nxt.text[w.end() :].lstrip()
                if rest:
                    nxt.text = rest
                else:
                    ln.end = min(ln.end, nxt.end)
                    del lines[i + 1]
        i += 1
