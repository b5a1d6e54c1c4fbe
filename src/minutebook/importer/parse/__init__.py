"""Agenda-pack parsing: text in, ``Pack`` out.  Pure Python, no Django.

``parse_text`` runs normalise -> classify -> front sheet -> section parsers (reports, minutes,
forward plan, documents) and returns the ``Pack``.  A file that is one document (standalone
minutes, a report, an appendix) skips the front sheet (``parse.standalone``).  Anything that
names no meeting raises ``PackError`` unless the caller imports it as part of a meeting.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from minutebook.importer.errors import PackError
from minutebook.importer.pack import Meeting, Pack, Source
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import Line, normalise, parse_date

if TYPE_CHECKING:
    from minutebook.importer.parse.ahead import Ahead

__all__ = ["parse_text", "sha256_text"]

MAX_CHARS = 200_000_000

# Kinds read as one document rather than through a front sheet.
# ("other" still tries the front sheet: a terse notice with no heading is still a meeting.)
_DOCUMENT_KINDS = frozenset({"minutes", "report", "appendix", "forward_plan"})
_DOCUMENT_HEAD = 40  # lines of a one-document file's head that may name its council

# (Pack attribute, module in this package, function) for each section parser.
_SECTIONS = (
    ("reports", "reports", "parse_reports"),
    ("minutes", "minutes", "parse_minutes"),
    ("forward_plan", "forwardplan", "parse_forward_plan"),
    ("documents", "documents", "split_documents"),
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _section(module: str, func: str) -> Callable[[list[Line], Context], list[Any]] | None:
    """The section parser ``func`` of ``parse.<module>``, or None while that module is absent."""
    name = f"{__name__}.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
    fn: Callable[[list[Line], Context], list[Any]] = getattr(mod, func)
    return fn


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad > len(sample) * 0.05


def parse_text(
    text: str,
    *,
    file: str,
    sha256: str | None = None,
    page_texts: list[str] | None = None,
    strict: bool = False,
    kind_hint: str | None = None,
    standalone: bool = False,
) -> Pack:
    """Parse one pack's text (``page_texts``: one string per physical page, when known).

    A section parser that fails is reported in ``Pack.warnings`` and its section left empty,
    so one faulty section does not lose the whole pack; ``strict`` re-raises instead (tests).

    The file is first classified (``parse.classify``; ``Pack.kind``); ``kind_hint`` (one of
    ``classify.KINDS``) overrides that, e.g. when a folder import already knows.  Packs, front
    sheets, supplements and work programmes go through the front sheet; minutes, reports,
    appendices and forward plans (and other documents in which the front sheet finds no
    meeting) are read as one document (``parse.standalone``): no agenda, no membership.
    ``standalone=True`` says the caller (a meeting folder import) supplies the meeting, so a
    document that names none is returned with a warning instead of raising "no meeting found".
    """
    if not isinstance(text, str):
        raise PackError("pack text must be a string")
    if len(text) > MAX_CHARS:
        raise PackError(f"{file}: pack text too large ({len(text)} characters)")
    if not text or text.isspace():  # (no stripped copy of a large text)
        raise PackError(f"{file}: the pack is empty")
    if page_texts is None and _looks_binary(text):
        raise PackError(f"{file}: the input looks like binary data, not pack text")
    try:
        lines = normalise(text, page_texts)
    except RecursionError as exc:  # pragma: no cover - defensive
        raise PackError(f"{file}: could not normalise the text") from exc
    if not lines:
        raise PackError(f"{file}: the pack has no text")
    # Imported here so that ``parse.text`` can be imported without the section parsers.
    from minutebook.importer.parse.ahead import Ahead
    from minutebook.importer.parse.classify import KINDS

    if kind_hint is not None and kind_hint not in KINDS:
        raise PackError(f"unknown document kind {kind_hint!r}")
    with Ahead(lines) as ahead:
        return _parse_lines(
            lines,
            ahead,
            text=text,
            file=file,
            sha256=sha256,
            page_texts=page_texts,
            strict=strict,
            kind_hint=kind_hint,
            standalone=standalone,
        )


def _parse_lines(
    lines: list[Line],
    ahead: Ahead,
    *,
    text: str,
    file: str,
    sha256: str | None,
    page_texts: list[str] | None,
    strict: bool,
    kind_hint: str | None,
    standalone: bool,
) -> Pack:
    """``parse_text`` once the text is normalised (``ahead``: the passes that need only the
    lines, ``parse.ahead``)."""
    from minutebook.importer.parse.classify import classify

    kind = kind_hint or classify(lines, file)
    if kind in _DOCUMENT_KINDS:
        return _parse_document(
            lines,
            kind,
            ahead,
            file=file,
            sha256=sha256 or sha256_text(text),
            page_texts=page_texts,
            strict=strict,
            standalone=standalone,
        )
    from minutebook.importer.parse.frontsheet import parse_frontsheet

    if kind == "supplement":
        # A supplement's own listing is on its covering page; what follows are the papers.
        meeting, ctx = parse_frontsheet(lines[: _cover_page_end(lines)], supplement=True)
        if ctx.council is None:
            from minutebook.importer.parse.frontsheet import find_council

            ctx.council = find_council(lines, _DOCUMENT_HEAD, prefer_domain=True)
    else:
        meeting, ctx = parse_frontsheet(lines)
    ctx.ahead = ahead
    if kind == "supplement":
        _letter_meeting(lines, meeting, ctx)
    if (
        kind == "other"
        and not meeting.agenda
        and (meeting.committee is None or meeting.date is None)
    ):
        # Unrecognised and no meeting in it either (a form, a letter): one document.
        return _parse_document(
            lines,
            kind,
            ahead,
            file=file,
            sha256=sha256 or sha256_text(text),
            page_texts=page_texts,
            strict=strict,
            standalone=standalone,
        )
    if meeting.committee is None and meeting.date is None and not meeting.agenda:
        if not standalone:
            raise PackError(f"{file}: no meeting found (no committee, date or agenda items)")
        ctx.warnings.append(f"{kind}: the document names no meeting")
    pack = Pack(
        source=Source(
            file=file,
            sha256=sha256 or sha256_text(text),
            pages=len(page_texts) if page_texts is not None else None,
        ),
        council=ctx.council,
        meeting=meeting,
        kind=kind,
    )
    _run_sections(pack, lines, ctx, _SECTIONS, strict)
    from minutebook.importer.parse.covers import stamped_reports

    pack.reports += stamped_reports(pack.documents, pack.reports)
    return _finish(pack, ctx, lines)


_BLANK_PAGE = re.compile(r"\bintentionally\s+(?:been\s+)?(?:left\s+)?blank\b", re.I)
_ITEM_STAMP = re.compile(r"\bagenda\s+item\s*(?:no\.?)?\s*\d{1,3}[a-z]?\s*$", re.I)


def _cover_page_end(lines: list[Line]) -> int:
    """Where a supplement's covering page ends: the next page, a blank page's notice or the
    first enclosed document's "Agenda Item N" stamp."""
    first = lines[0].page
    for i, ln in enumerate(lines):
        if i and first is not None and ln.page is not None and ln.page != first:
            return i
        if _BLANK_PAGE.search(ln.text) or (i and _ITEM_STAMP.search(ln.text)):
            return i
    return len(lines)


def _letter_meeting(lines: list[Line], meeting: Meeting, ctx: Context) -> None:
    """A supplement's covering letter names the meeting; its own date is the publication."""
    from minutebook.importer.parse.summons import covering_letter

    body, day, sent = covering_letter(lines)
    if day is None:
        return
    meeting.committee = body or meeting.committee
    meeting.date = day.isoformat()
    meeting.published = sent.isoformat() if sent else meeting.published
    ctx.committee, ctx.meeting_date = meeting.committee, day


def _run_sections(
    pack: Pack,
    lines: list[Line],
    ctx: Context,
    sections: tuple[tuple[str, str, str], ...],
    strict: bool,
) -> None:
    """Run each section parser; one that fails leaves its section empty with a warning."""
    for attr, module, func in sections:
        parser = _section(module, func)
        if parser is None:
            continue
        try:
            setattr(pack, attr, parser(lines, ctx))
        except Exception as exc:
            if strict:
                raise
            ctx.warnings.append(f"{module}: parser failed ({type(exc).__name__}: {exc})")


def _finish(pack: Pack, ctx: Context, lines: list[Line]) -> Pack:
    """The last steps of every parse (packs and one-document files alike)."""
    pack.warnings = list(ctx.warnings)
    # Last: what each document's head says about its status (fails closed, never skipped).
    from minutebook.importer.parse.exemption import apply_exemptions

    apply_exemptions(pack)
    # --- H5 (confidence): where each value came from, then warnings for implausible output.
    from minutebook.importer.parse.plausibility import check
    from minutebook.importer.parse.provenance import locate

    index = ctx.ahead.result("index", lines) if ctx.ahead is not None else None
    pack.provenance = locate(pack, lines, ctx.frontsheet_end, index)
    pack.warnings += check(pack, lines)
    # --- end H5
    return pack


# The section parsers a one-document file of each kind runs (its documents are split after).
_DOCUMENT_SECTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "minutes": (("minutes", "minutes", "parse_minutes"),),
    "report": (("reports", "reports", "parse_reports"),),
    "appendix": (),
    "other": (),
    "forward_plan": (("forward_plan", "forwardplan", "parse_forward_plan"),),
}


def _parse_document(
    lines: list[Line],
    kind: str,
    ahead: Ahead | None = None,
    *,
    file: str,
    sha256: str,
    page_texts: list[str] | None,
    strict: bool,
    standalone: bool,
) -> Pack:
    """A file that is one document: it gives only the meeting it states (``parse.standalone``)."""
    from minutebook.importer.parse.frontsheet import find_council
    from minutebook.importer.parse.standalone import DOCUMENT_KIND, standalone_meeting

    ctx = Context(council=find_council(lines, _DOCUMENT_HEAD, prefer_domain=True), ahead=ahead)
    pack = Pack(
        source=Source(
            file=file, sha256=sha256, pages=len(page_texts) if page_texts is not None else None
        ),
        council=ctx.council,
        kind=kind,
    )
    _run_sections(pack, lines, ctx, _DOCUMENT_SECTIONS[kind], strict)
    if kind == "report" and not pack.reports:
        from minutebook.importer.parse.covers import headed_report

        got = headed_report(lines)
        pack.reports = [got] if got is not None else []
    pack.meeting = standalone_meeting(kind, lines, ctx, pack.minutes)
    m = pack.meeting
    if m.committee is None and m.date is None:
        # (A forward plan names no meeting by nature: it is returned with the warning.)
        if not standalone and kind != "forward_plan" and not (pack.minutes or pack.reports):
            raise PackError(
                f"{file}: no meeting found (a standalone {kind} that names no meeting; "
                "import it with its meeting's folder)"
            )
        ctx.warnings.append(f"{kind}: the document names no meeting")
    ctx.committee = m.committee
    ctx.meeting_date = parse_date(m.date)
    _run_sections(pack, lines, ctx, (("documents", "documents", "split_documents"),), strict)
    doc_kind = DOCUMENT_KIND[kind]
    for d in pack.documents[:1]:
        if d.kind in ("front_sheet", "other", "item"):
            d.kind = doc_kind
    return _finish(pack, ctx, lines)
