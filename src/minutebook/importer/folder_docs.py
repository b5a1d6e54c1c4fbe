"""A meeting folder's documents as an officer would list them (issue 16, folder import).

The pack splitter names a document by its first line, which in a file published on its own is
often a label ("To:", "From:"), a letter's address line, a table's header row or a stamp.
Here, per folder:

- a file that is **one document** (a report, an appendix, minutes, a form) becomes one
  document, titled by its own heading when it has a real one (the report's title, an
  "Appendix X: ..." heading, "Minutes of the <body>, <date>"), else by its file name's stem,
  cleaned: the file name is what the council published it as (a title hint, never identity);
- a heading that several files of the folder share (a form's "Amendment Form") is no title;
- **duplicates** are dropped: a supplement reprints reports and appendices that are also in
  the folder as their own files, so within one meeting the same report (title) is one report,
  the same text (most of its lines) or the same appendix title is one document, and the
  agenda document is kept once.

Pure functions over parsed packs, like ``folder``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from minutebook.importer.pack import Pack, PackDocument, Report

if TYPE_CHECKING:
    from minutebook.importer.folder import FolderPart

__all__ = ["dedupe", "is_title", "rank_reports", "stem_title", "tidy_parts"]

#: File kinds that hold one document each (a supplement or a front sheet holds several).
SINGLE_KINDS = {"report": "report", "appendix": "appendix", "minutes": "minutes", "other": "other"}
_LABEL = re.compile(r"^\s*(?:appendix|annexe?|schedule)\s+([a-z]{1,2}|\d{1,2}|[ivx]{1,5})\b", re.I)
_LABEL_ANY = re.compile(r"\b(?:appendix|annexe?)\s+([a-z]{1,2}|\d{1,2})\b", re.I)
# "To:", "From:", "Direct Dial/Ext:", "Ref": a field label, not a title.
_FIELD = re.compile(r"^\s*[A-Za-z][\w /&.'-]{0,30}:\s*\S|^\s*(?:ref|our ref|your ref)\b", re.I)
_STAMP = re.compile(r"\b(?:page\s+\d+|agenda\s+item\s+\d+|item\s+no\.?\s*\d+)\b", re.I)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
_COPY = re.compile(r"(?:[\s_-]+(?:final|draft|v\d+|\d))+$", re.I)


def norm_key(text: str | None) -> str:
    """Case, accents and punctuation ignored (``fields.norm_key`` needs Django; this is pure)."""
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def is_title(text: str | None, *, council: str | None = None) -> bool:
    """A line a person would list a document by: words, not a label, stamp, number, address,
    table header row or the council's name."""
    line = " ".join((text or "").split())
    if not 6 <= len(line) <= 200 or "\t" in (text or ""):
        return False
    words = _LETTERS.findall(line)
    if len(words) < 2 or (_FIELD.match(line) and not _LABEL.match(line)):
        return False
    if re.match(r"(?:dear|yours)\b", line, re.I):  # a letter's salutation or close
        return False
    if _STAMP.search(line) or _POSTCODE.search(line):
        return False
    if sum(c.isdigit() for c in line) > 0.3 * len(line.replace(" ", "")):
        return False
    lowered = [w.lower() for w in line.split() if _LETTERS.search(w) or any(c.isdigit() for c in w)]
    if len(lowered) >= 4 and len(set(lowered)) < 0.8 * len(lowered):
        return False  # "Core 2024-25 Total Core 2025-26 Total": a table's header row
    if line.endswith((",", ";", " and", " of", " from", " the", " to")):
        return False  # a wrapped line's first half
    if re.search(r"[.!?]\s*$", line) and len(lowered) > 12:
        return False  # a sentence
    return not (council and norm_key(line) == norm_key(council))


def stem_title(path: Path) -> str:
    """The file name as a title: separators as spaces, a copy's "_1" and "FINAL" dropped."""
    stem = path.stem.replace("_", " ")
    stem = _COPY.sub("", stem).strip(" -")
    return " ".join(stem.split()) or path.stem


def _labels(text: str) -> set[str]:
    return {m.group(1).lower() for m in _LABEL_ANY.finditer(text)}


def _heading(doc_text: str, path: Path, council: str | None) -> str | None:
    """An "Appendix X: title" heading near the top whose label the file name also holds (or
    the file name holds none)."""
    stem_labels = _labels(path.stem)
    for raw in doc_text.splitlines()[:40]:
        line = " ".join(raw.split())
        match = _LABEL.match(line)
        if not match or not is_title(line, council=council):
            continue
        rest = line[match.end() :].strip(" :-\u2013\u2014.")
        if len(_LETTERS.findall(rest)) < 2 or not (rest[0].isupper() or rest[0].isdigit()):
            continue  # "Appendix B sets out ...": a sentence that names it, not its heading
        if line.endswith(".") and len(line.split()) > 6:
            continue
        if not stem_labels or match.group(1).lower() in stem_labels:
            return line
    return None


def _date_words(iso: str | None) -> str:
    try:
        year, month, day = (int(x) for x in (iso or "").split("-"))
    except ValueError:
        return ""
    return f"{day} {calendar.month_name[month]} {year}"


def _title(part: FolderPart, common: set[str], council: str | None) -> str:
    pack, path = part.pack, part.path
    text = "\n".join(d.text for d in pack.documents)

    def ok(title: str | None) -> bool:
        return is_title(title, council=council) and norm_key(title) not in common

    if pack.kind == "minutes" and pack.minutes:
        first = pack.minutes[0]
        if first.committee:
            body = first.committee.strip()
            if not body.lower().startswith("the "):
                body = f"the {body}"
            when = _date_words(first.date)
            return f"Minutes of {body}" + (f", {when}" if when else "")
    if pack.kind == "report":
        for rep in pack.reports:
            if ok(rep.title):
                return " ".join(rep.title.split())
    heading = _heading(text, path, council)
    if heading and ok(heading):
        return heading
    return stem_title(path)


def _retitle_sheet(part: FolderPart, council: str | None) -> None:
    """A supplement's documents keep their split; its cover (the first, when named by a label,
    letter heading or stamp) takes the file's name, a later one named so the first real title
    among its first lines, else the file's name and its place."""
    stem = stem_title(part.path)
    for n, doc in enumerate(part.pack.documents, start=1):
        if doc.kind == "front_sheet" or is_title(doc.title, council=council):
            continue
        if n == 1:
            doc.title = stem
            continue
        lines = [" ".join(x.split()) for x in doc.text.splitlines()[:15]]
        found = next((x for x in lines if is_title(x, council=council)), None)
        doc.title = found or f"{stem} (part {n})"


def tidy_parts(parts: Sequence[FolderPart], *, council: str | None) -> None:
    """Each one-document file of the folder as one document with a title (in place)."""
    for part in parts:
        if part.pack.kind == "supplement":
            _retitle_sheet(part, council)
    firsts = Counter(norm_key(p.pack.documents[0].title) for p in parts if p.pack.documents)
    common = {t for t, n in firsts.items() if n > 1 and t}
    for part in parts:
        pack = part.pack
        kind = SINGLE_KINDS.get(pack.kind)
        if kind is None or not pack.documents:
            continue
        docs = pack.documents
        pages = [d.pages for d in docs if d.pages]
        item = docs[0].agenda_item  # a stamp further on belongs to a later paper
        access = next((d.access for d in docs if d.access != "public"), "public")
        paragraphs = sorted({p for d in docs for p in d.exempt_paragraphs})
        pack.documents = [
            PackDocument(
                kind=kind,
                title=_title(part, common, council),
                agenda_item=item,
                pages=(pages[0][0], pages[-1][1]) if pages else None,
                text="\n\n".join(d.text for d in docs),
                access=access,
                exempt_paragraphs=paragraphs,
            )
        ]


def _lines(text: str) -> set[str]:
    return {k for k in (norm_key(line) for line in text.splitlines()) if len(k) > 12}


def _same_text(a: set[str], b: set[str]) -> bool:
    """Most of the smaller document's lines are in the larger one (a reprint)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 2 and len(small & large) >= 0.8 * len(small)


def _fill_report(kept: Report, dup: Report) -> None:
    """The kept copy takes what only the other states, and its exemption (fail closed)."""
    for name in ("agenda_item", "portfolio_holder", "status", "recommendations", "reasons"):
        if not getattr(kept, name) and getattr(dup, name):
            setattr(kept, name, getattr(dup, name))
    if not kept.authors:
        kept.authors = list(dup.authors)
    kept.exempt_paragraphs = sorted({*kept.exempt_paragraphs, *dup.exempt_paragraphs})


def _fill_doc(kept: PackDocument, dup: PackDocument) -> None:
    """A dropped copy's item, and its restriction (an exempt reprint keeps the kept copy
    exempt too: nothing exempt is published through its twin)."""
    if not kept.agenda_item and dup.agenda_item:
        kept.agenda_item = dup.agenda_item
    if dup.access != "public":
        if kept.access == "public" or dup.access == "undecided":
            kept.access = dup.access
        kept.exempt_paragraphs = sorted({*kept.exempt_paragraphs, *dup.exempt_paragraphs})


def _same_item(a: str | None, b: str | None) -> bool:
    """Unknown items match any: the same title on two stated items is two papers."""
    return not a or not b or a.lower() == b.lower()


def dedupe(pack: Pack, reprints: set[int]) -> None:
    """One report per title, one document per text or appendix title, one agenda (in place;
    the first copy is kept, so own files go before supplements). A document whose id is in
    ``reprints`` (from a supplement) also goes when most of its lines are in a kept one; two
    of the folder's own files only when their texts are the same (forms share most lines)."""
    kept_reports: list[Report] = []
    for rep in pack.reports:
        key = norm_key(rep.title)
        twin = next(
            (
                r
                for r in kept_reports
                if key and norm_key(r.title) == key and _same_item(r.agenda_item, rep.agenda_item)
            ),
            None,
        )
        if twin is not None:
            _fill_report(twin, rep)
            continue
        kept_reports.append(rep)
    pack.reports = kept_reports
    kept: list[tuple[PackDocument, set[str]]] = []
    agenda = False
    for doc in pack.documents:
        if doc.kind == "front_sheet":
            if agenda:
                continue
            agenda = True
        lines = _lines(doc.text)
        title = norm_key(doc.title)
        duplicate = None
        for other, other_lines in kept:
            if not _same_item(doc.agenda_item, other.agenda_item):
                continue
            same_title = (
                doc.kind in ("appendix", "report")
                and other.kind == doc.kind
                and title
                and title == norm_key(other.title)
            )
            reprint = (
                id(doc) in reprints and doc.kind != "front_sheet" and _same_text(lines, other_lines)
            )
            # Two files of one title and nearly one text: a re-published copy ("..._1.pdf").
            copy = title and title == norm_key(other.title) and _same_text(lines, other_lines)
            if same_title or reprint or copy or (doc.text.strip() and doc.text == other.text):
                duplicate = other
                break
        if duplicate is not None:
            _fill_doc(duplicate, doc)
            continue
        kept.append((doc, lines))
    pack.documents = [d for d, _ in kept]


def rank_reports(pack: Pack, similarity: Callable[[str | None, str | None], float]) -> None:
    """An item's own report first (the writer makes the first the item's report and files
    the item's appendices under it): the one whose title is most like the item's, then the
    longest (a covering note or an amendment is shorter than the report it goes with)."""
    titles = {(i.number or "").lower(): i.title for i in pack.meeting.agenda}
    lengths = {norm_key(d.title): len(d.text) for d in pack.documents if d.kind == "report"}

    def rank(rep: Report) -> tuple[float, int]:
        item_title = titles.get((rep.agenda_item or "").lower())
        return (-similarity(rep.title, item_title), -lengths.get(norm_key(rep.title), 0))

    pack.reports.sort(key=rank)
