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
from minutebook.importer.parse.frontsheet import parse_frontsheet
from minutebook.importer.parse.text import Line, normalise

__all__ = ["parse_text", "sha256_text"]

MAX_CHARS = 200_000_000


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
    text: str, *, file: str, sha256: str | None = None, page_texts: list[str] | None = None
) -> Pack:
    """Parse one pack's text (``page_texts``: one string per physical page, when known)."""
    if not isinstance(text, str):
        raise PackError("pack text must be a string")
    if len(text) > MAX_CHARS:
        raise PackError(f"{file}: pack text too large ({len(text)} characters)")
    if not text.strip():
        raise PackError(f"{file}: the pack is empty")
    if _looks_binary(text):
        raise PackError(f"{file}: the input looks like binary data, not pack text")
    try:
        lines = normalise(text, page_texts)
    except RecursionError as exc:  # pragma: no cover - defensive
        raise PackError(f"{file}: could not normalise the text") from exc
    if not lines:
        raise PackError(f"{file}: the pack has no text")
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
    reports = _section("reports", "parse_reports")
    if reports is not None:
        pack.reports = reports(lines, ctx)
    minutes = _section("minutes", "parse_minutes")
    if minutes is not None:
        pack.minutes = minutes(lines, ctx)
    plan = _section("forwardplan", "parse_forward_plan")
    if plan is not None:
        pack.forward_plan = plan(lines, ctx)
    documents = _section("documents", "split_documents")
    if documents is not None:
        pack.documents = documents(lines, ctx)
    pack.warnings = list(ctx.warnings)
    return pack
