"""One meeting's folder of documents, merged into one ``Pack`` for the writer.

Councils publish a meeting as separate files: a front sheet, each report, its appendices,
supplements and the minutes (of this meeting, and of earlier ones confirmed at it). Each file
is parsed on its own (``Pack.kind`` says what it is); ``merge`` then builds the meeting:

- the **meeting and agenda** come from the front sheet (or a whole pack); a folder without one
  takes its meeting from its report covers (which state the meeting they go to) or, failing
  those, from the latest minutes it holds;
- each **report** goes to its agenda item: the number it states, else an "Item N" in its file
  name, else the agenda title it resembles most;
- **appendices and supplements** become documents of their item: "Item N" or "Appendix X to
  item N" in their heading or file name, else the report that names them, else the agenda
  title they resemble, else the folder's only report;
- **minutes** all stay minutes: the writer files each set under the meeting of its body and
  date, so this meeting's go to it and earlier meetings' to those;
- forward plans and work programmes keep their entries and documents.

Nothing here reads a file or the database: pure functions over parsed packs.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from minutebook.importer.errors import PackError
from minutebook.importer.folder_docs import dedupe, rank_reports, tidy_parts
from minutebook.importer.pack import Meeting, Minutes, Pack, PackDocument, Source

__all__ = ["FolderPart", "is_council_document", "is_meeting_folder", "merge", "similarity"]

#: Kinds that carry a meeting's agenda.
AGENDA_KINDS = ("pack", "frontsheet")
#: Kinds that reprint other documents of the meeting.
SHEETS = ("supplement",)
_ITEM = re.compile(r"\bitem\s*(?:no\.?\s*)?(\d{1,3}[a-z]?)\b", re.I)
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[-.)]\s")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {
        *("a", "an", "and", "the", "of", "to", "for", "in", "on", "at", "by", "with", "from"),
        *("report", "appendix", "annex", "item", "final", "draft", "council", "committee"),
        *("meeting", "pdf"),
    }
)


@dataclass(slots=True)
class FolderPart:
    """One parsed file of a folder."""

    path: Path
    pack: Pack


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP and len(w) > 1}


def similarity(a: str | None, b: str | None) -> float:
    """Share of the shorter title's words found in the other (0..1)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _meeting_key(meeting: Meeting) -> tuple[str, str] | None:
    if not meeting.committee or not meeting.date:
        return None
    return (" ".join(meeting.committee.lower().split()), meeting.date)


def is_meeting_folder(parts: Sequence[FolderPart]) -> bool:
    """A directory is one meeting's folder unless it holds two or more whole packs or front
    sheets of different meetings (then it is a directory of packs, each imported alone)."""
    meetings = {
        _meeting_key(p.pack.meeting)
        for p in parts
        if p.pack.kind in AGENDA_KINDS and _meeting_key(p.pack.meeting) is not None
    }
    return len(meetings) <= 1 and len(parts) > 1


def is_council_document(pack: Pack) -> bool:
    """False for a file that is no council document (a README, notes beside the meeting
    folders): classified ``other``, it names no meeting and holds no report, minutes or plan.
    In an archive tree such a file is skipped, not failed."""
    if pack.kind != "other":
        return True
    meeting = pack.meeting
    return bool(
        (meeting.committee and meeting.date)
        or meeting.agenda
        or pack.reports
        or pack.minutes
        or pack.forward_plan
    )


def _main(parts: Sequence[FolderPart]) -> tuple[FolderPart | None, Meeting]:
    """The part that gives the meeting (None when it is taken from covers or minutes)."""
    fronts = [p for p in parts if p.pack.kind in AGENDA_KINDS and _meeting_key(p.pack.meeting)]
    if fronts:
        best = max(fronts, key=lambda p: (len(p.pack.meeting.agenda), p.pack.kind == "pack"))
        return best, best.pack.meeting
    covers = Counter(
        _meeting_key(p.pack.meeting)
        for p in parts
        if p.pack.kind not in ("minutes",) and _meeting_key(p.pack.meeting)
    )
    covers.pop(None, None)
    if covers:
        key = covers.most_common(1)[0][0]
        source = next(p for p in parts if _meeting_key(p.pack.meeting) == key)
        return None, Meeting(
            committee=source.pack.meeting.committee,
            date=source.pack.meeting.date,
            time=source.pack.meeting.time,
            venue=source.pack.meeting.venue,
        )
    sets = [m for p in parts for m in p.pack.minutes if m.committee and m.date]
    if sets:
        latest = max(sets, key=lambda m: m.date or "")
        return None, Meeting(committee=latest.committee, date=latest.date)
    raise PackError("no file in the folder names its meeting (no front sheet, covers or minutes)")


def _item_from_name(text: str | None, numbers: set[str]) -> str | None:
    for match in _ITEM.finditer(text or ""):
        number = match.group(1).lower()
        if number in numbers:
            return number
    return None


def _closest_item(title: str | None, meeting: Meeting, floor: float = 0.6) -> str | None:
    best, score = None, floor
    for item in meeting.agenda:
        s = similarity(title, item.title)
        if s > score and item.number:
            best, score = item.number, s
    return best


def _place(part: FolderPart, meeting: Meeting, numbers: set[str]) -> str | None:
    """The agenda item a non-agenda file belongs to, from its own signals."""
    pack = part.pack
    for rep in pack.reports:
        if rep.agenda_item and rep.agenda_item.lower() in numbers:
            return rep.agenda_item.lower()
    for doc in pack.documents[:1]:
        if doc.agenda_item and doc.agenda_item.lower() in numbers:
            return doc.agenda_item.lower()
        found = _item_from_name(doc.title, numbers)
        if found:
            return found
    found = _item_from_name(part.path.stem, numbers)
    if found:
        return found
    titles = [r.title for r in pack.reports] + [d.title for d in pack.documents[:1]]
    for title in [*titles, part.path.stem]:
        found = _closest_item(title, meeting)
        if found:
            return found
    return None


def _named_by(doc: PackDocument, reports: list[tuple[str | None, PackDocument]]) -> str | None:
    """The item of the report whose text names this appendix (its label and title)."""
    title = (doc.title or "").strip()
    if not title:
        return None
    words = _words(title)
    for item, report in reports:
        if item is None:
            continue
        text = report.text.lower()
        label = re.match(r"\s*((?:appendix|annex)\s+[\w.]+)", title, re.I)
        if (
            label
            and label.group(1).lower() in text
            and len(words & _words(text)) >= 0.6 * len(words)
        ):
            return item
    return None


def _labelled_by(doc: PackDocument, reports: list[tuple[str | None, PackDocument]]) -> str | None:
    """The item of the reports whose text names this appendix's label ("Appendix F"), when
    all such reports are on one item."""
    label = re.match(r"\s*((?:appendix|annexe?)\s+[a-z0-9]{1,2})\b", doc.title or "", re.I)
    if not label:
        return None
    pattern = re.compile(rf"\b{re.escape(label.group(1).lower())}\b")
    items = {item for item, rep in reports if item and pattern.search(rep.text.lower())}
    return items.pop() if len(items) == 1 else None


def _council(main: FolderPart | None, parts: Sequence[FolderPart]) -> str | None:
    """The front sheet's council, else the one most minutes and reports name (a one-document
    file's head may name another council it writes to or about)."""
    if main is not None and main.pack.council:
        return main.pack.council
    for kinds in (("minutes",), ("report",), None):
        votes = Counter(
            p.pack.council
            for p in parts
            if p.pack.council and (kinds is None or p.pack.kind in kinds)
        )
        if votes:
            return votes.most_common(1)[0][0]
    return None


def _about_meeting(warning: str) -> bool:
    """A part's warning that it names no meeting (committee, date): the folder gives it."""
    text = warning.lower()
    return "names no meeting" in text or (
        text.startswith("check:") and ("committee" in text or "meeting date" in text)
    )


def merge(parts: Sequence[FolderPart], *, name: str) -> Pack:
    """One ``Pack`` for the meeting whose documents ``parts`` are (``name``: the folder)."""
    if not parts:
        raise PackError("the folder holds no documents")
    main, meeting = _main(parts)
    numbers = {i.number.lower() for i in meeting.agenda if i.number}
    digest = hashlib.sha256()
    for part in sorted(parts, key=lambda p: p.pack.source.sha256):
        digest.update(part.pack.source.sha256.encode())
    council = _council(main, parts)
    merged = Pack(
        source=Source(
            file=name,
            sha256=digest.hexdigest(),
            pages=sum(p.pack.source.pages or 0 for p in parts) or None,
        ),
        council=council,
        meeting=meeting,
        kind="pack",
    )
    if main is not None:
        merged.provenance = dict(main.pack.provenance)
    # Own files before supplements: a supplement's reprints are the copies dropped.
    rest = sorted(
        (p for p in parts if p is not main), key=lambda p: p.pack.kind in AGENDA_KINDS + SHEETS
    )
    tidy_parts(rest, council=council)
    ordered = ([main] if main else []) + rest
    reprints = {
        id(d) for p in rest if p.pack.kind in AGENDA_KINDS + SHEETS for d in p.pack.documents
    }
    placed: dict[int, str | None] = {}
    for part in ordered:
        placed[id(part)] = None if part is main else _place(part, meeting, numbers)
    report_docs: list[tuple[str | None, PackDocument]] = []
    for part in ordered:
        item = placed[id(part)]
        report_docs += [
            (d.agenda_item or item, d) for d in part.pack.documents if d.kind == "report"
        ]
    only_report = {i for i, _ in report_docs if i}
    seen_plan: set[tuple[str, str | None, str | None]] = set()
    minutes: dict[tuple[str, str | None], Minutes] = {}
    for part in ordered:
        pack, item = part.pack, placed[id(part)]
        for rep in pack.reports:
            if part is not main and not (rep.agenda_item and rep.agenda_item.lower() in numbers):
                rep.agenda_item = item
            merged.reports.append(rep)
        for m in pack.minutes:
            key = (" ".join((m.committee or meeting.committee or "").lower().split()), m.date)
            if key not in minutes or len(m.items) > len(minutes[key].items):
                minutes[key] = m
        for entry in pack.forward_plan:
            plan = (entry.title.lower(), entry.decision_maker, entry.decision_date)
            if plan not in seen_plan:
                seen_plan.add(plan)
                merged.forward_plan.append(entry)
        for doc in pack.documents:
            if part is not main and not (doc.agenda_item and doc.agenda_item.lower() in numbers):
                doc.agenda_item = (
                    item
                    or (_named_by(doc, report_docs) if doc.kind == "appendix" else None)
                    or (_labelled_by(doc, report_docs) if doc.kind == "appendix" else None)
                    or (
                        next(iter(only_report))
                        if len(only_report) == 1 and doc.kind != "minutes"
                        else None
                    )
                )
            merged.documents.append(doc)
        merged.warnings += [
            f"{part.path.name}: {w}" for w in pack.warnings if part is main or not _about_meeting(w)
        ]
    merged.minutes = list(minutes.values())
    dedupe(merged, reprints)
    rank_reports(merged, similarity)
    return merged
