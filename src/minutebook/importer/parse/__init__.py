"""Agenda-pack parsing: text in, ``Pack`` out.  Pure Python, no Django.

``parse_text`` runs normalise -> front sheet -> section parsers (reports, minutes, forward
plan, documents) and returns the ``Pack``.  Anything that is not a pack raises ``PackError``.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from typing import Any

from minutebook.importer.errors import PackError
from minutebook.importer.pack import Pack, Source
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.text import Line, normalise

__all__ = ["parse_text", "sha256_text"]

MAX_CHARS = 200_000_000

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
) -> Pack:
    """Parse one pack's text (``page_texts``: one string per physical page, when known).

    A section parser that fails is reported in ``Pack.warnings`` and its section left empty,
    so one faulty section does not lose the whole pack; ``strict`` re-raises instead (tests).
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
    from minutebook.importer.parse.frontsheet import parse_frontsheet

    meeting, ctx = parse_frontsheet(lines)
    if meeting.committee is None and meeting.date is None and not meeting.agenda:
        raise PackError(f"{file}: no meeting found (no committee, date or agenda items)")
    pack = Pack(
        source=Source(
            file=file,
            sha256=sha256 or sha256_text(text),
            pages=len(page_texts) if page_texts is not None else None,
        ),
        council=ctx.council,
        meeting=meeting,
    )
    for attr, module, func in _SECTIONS:
        parser = _section(module, func)
        if parser is None:
            continue
        try:
            setattr(pack, attr, parser(lines, ctx))
        except Exception as exc:
            if strict:
                raise
            ctx.warnings.append(f"{module}: parser failed ({type(exc).__name__}: {exc})")
    pack.warnings = list(ctx.warnings)
    # Last: what each document's head says about its status (fails closed, never skipped).
    from minutebook.importer.parse.exemption import apply_exemptions

    apply_exemptions(pack)
    return pack
