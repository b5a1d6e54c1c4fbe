"""What a parsed pack's values become in the database: cleaned text, dates, matching keys
and the kinds guessed from titles.

Pure functions with no queries, so the importer can compute them before its write
transaction (``minutebook.importer.writer``) and hold the lock only to write.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from django.utils import timezone

from minutebook.committees.models import CommitteeKind, MembershipRole, StandingItemKind
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS, SCHEDULE_12A_WALES_PARAGRAPHS
from minutebook.core.inputs import one_line
from minutebook.documents.models import DocumentKind

__all__ = [
    "DOC_KINDS",
    "KIND_RULES",
    "ROLES",
    "STANDING_RULES",
    "clean",
    "cut",
    "guess",
    "iso_date",
    "label",
    "local",
    "norm_key",
    "paragraphs",
    "parser_version",
    "plan_key",
    "scrub",
]


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Package version plus a digest of the parser sources: changes whenever the parser does."""
    try:
        base = metadata.version("minutebook")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        base = "0"
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    # The folder merge too: a meeting folder's output changes with it (journal keys follow).
    sources = [here / "pack.py", here / "reader.py", here / "folder.py", here / "folder_docs.py"]
    for path in sorted([*sources, *(here / "parse").glob("*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{base}+{digest.hexdigest()[:12]}"


def norm_key(text: str | None) -> str:
    """Matching key for council and committee names: case, accents, '&', 'the' ignored."""
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = re.sub(r"[^a-z0-9]+", " ", s).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def clean(value: str | None) -> str:
    """A string the database takes: PostgreSQL refuses NUL characters in text and JSON."""
    return (value or "").replace("\x00", "")


def scrub(value: Any) -> Any:
    """``clean`` through a JSON value (the stored pack)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def cut(value: str | None, n: int) -> str:
    """A one-line value (a name, a title, a number) of at most ``n`` characters: line
    breaks and control characters become a space, as names go into feeds, calendars and
    e-mail subjects (``minutebook.core.inputs.validate_name``)."""
    return one_line(clean(value))[:n].strip()


def paragraphs(values: list[int] | None) -> list[int]:
    """Only real Schedule 12A paragraphs (1-7 England, 12-18 Wales), sorted and unique."""
    return sorted(
        {
            int(v)
            for v in values or []
            if int(v) in SCHEDULE_12A_PARAGRAPHS or int(v) in SCHEDULE_12A_WALES_PARAGRAPHS
        }
    )


def iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def local(day: date, hhmm: str | None = None) -> datetime:
    at = time(0, 0)
    if hhmm:
        with contextlib.suppress(ValueError):
            at = time.fromisoformat(hhmm)
    return timezone.make_aware(datetime.combine(day, at))


def plan_key(title: str, maker: str | None, when: str | None) -> tuple[str, str, str | None]:
    """What makes two printed plan entries the same entry (see ``_Writer.forward_plan``)."""
    day = iso_date(when)
    return (cut(title, 500).lower(), cut(maker, 200), day.isoformat() if day else None)


def label(title: str | None) -> str:
    """'Appendix 1' from 'Appendix 1: Glossary'."""
    m = re.match(r"\s*((?:appendix|annex|schedule)\s+[\w.]+)", title or "", re.I)
    return m.group(1)[:40] if m else ""


KIND_RULES: tuple[tuple[str, str], ...] = (
    (r"^(cabinet|executive)( committee| meeting)?$", CommitteeKind.EXECUTIVE),
    (r"\b(scrutiny|overview)\b", CommitteeKind.OVERVIEW_SCRUTINY),
    (r"\b(planning|licensing|regulatory|appeals?)\b", CommitteeKind.REGULATORY),
    (r"\bjoint\b", CommitteeKind.JOINT),
    (r"^(full )?council$|\bcouncil meeting\b", CommitteeKind.FULL_COUNCIL),
)

STANDING_RULES: tuple[tuple[str, str], ...] = (
    (r"^apologies\b", StandingItemKind.APOLOGIES),
    (r"\bsubstitut", StandingItemKind.SUBSTITUTES),
    (r"\bdeclarations?\b|\bcode of conduct\b|\binterests?$", StandingItemKind.DECLARATIONS),
    (r"^(confirmation of )?(the )?minutes\b", StandingItemKind.MINUTES),
    (r"\bpublic (participation|questions|speaking)\b", StandingItemKind.PUBLIC_PARTICIPATION),
    (
        r"\bquestions (from|by) (county |district |borough )?(councillors|members)\b",
        StandingItemKind.COUNCILLOR_QUESTIONS,
    ),
    (r"\bforward plan\b|\bwork programme\b", StandingItemKind.FORWARD_PLAN),
    (r"\burgent (items?|business)\b", StandingItemKind.URGENT_ITEMS),
    (
        r"\bexempt business\b|\bexclusion of (the )?(press|public)\b",
        StandingItemKind.EXEMPT_BUSINESS,
    ),
)


def guess(rules: tuple[tuple[str, str], ...], title: str | None, default: str) -> str:
    key = norm_key(title)
    for pattern, kind in rules:
        if re.search(pattern, key):
            return kind
    return default


DOC_KINDS = {
    "front_sheet": DocumentKind.AGENDA_PACK,
    "report": DocumentKind.REPORT,
    "appendix": DocumentKind.APPENDIX,
    "minutes": DocumentKind.MINUTES,
    "plan": DocumentKind.FORWARD_PLAN,
}

ROLES = {
    "chairman": MembershipRole.CHAIRMAN,
    "vice-chairman": MembershipRole.VICE_CHAIRMAN,
    "co-opted": MembershipRole.CO_OPTED,
}
