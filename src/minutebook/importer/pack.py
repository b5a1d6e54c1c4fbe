"""Typed intermediate model ``minutebook-pack/1``.

The dataclasses mirror /shared/spec/pack-format.md field for field (field names are the JSON
keys) so that ``Pack.to_dict()`` is the spec's JSON and the database import reads the same
object.  Fields beyond the spec (``documents``, ``warnings``, report extras) are emitted after
the spec's keys; scorers ignore unknown keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from minutebook.importer.errors import PackError

FORMAT = "minutebook-pack/1"
#: A pack document's status as its own head gives it (see ``parse.exemption``).
ACCESS = ("public", "exempt", "undecided")

JSON = dict[str, Any]


def _str(d: JSON, key: str) -> str | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, (str, int)):
        return str(v)
    raise PackError(f"field {key!r} must be a string, got {type(v).__name__}")


def _int(d: JSON, key: str) -> int | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise PackError(f"field {key!r} must be an integer, got {type(v).__name__}")
    return v


def _list(d: JSON, key: str) -> list[Any]:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise PackError(f"field {key!r} must be a list, got {type(v).__name__}")
    return v


def _obj(v: object, what: str) -> JSON:
    if not isinstance(v, dict):
        raise PackError(f"{what} must be an object, got {type(v).__name__}")
    return v


def _pages(d: JSON, key: str = "pages") -> tuple[int, int] | None:
    v = d.get(key)
    if v is None:
        return None
    if (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
    ):
        return (v[0], v[1])
    raise PackError(f"field {key!r} must be [first, last] or null")


def _ints(d: JSON, key: str) -> list[int]:
    out = []
    for x in _list(d, key):
        if isinstance(x, bool) or not isinstance(x, int):
            raise PackError(f"field {key!r} must hold integers")
        out.append(x)
    return out


def _strs(d: JSON, key: str) -> list[str]:
    out = []
    for x in _list(d, key):
        if not isinstance(x, str):
            raise PackError(f"field {key!r} must hold strings")
        out.append(x)
    return out


@dataclass(slots=True)
class Source:
    file: str
    sha256: str
    pages: int | None = None

    def to_dict(self) -> JSON:
        return {"file": self.file, "sha256": self.sha256, "pages": self.pages}

    @classmethod
    def from_dict(cls, d: JSON) -> Source:
        return cls(
            file=_str(d, "file") or "", sha256=_str(d, "sha256") or "", pages=_int(d, "pages")
        )


@dataclass(slots=True)
class Member:
    name: str
    role: str = "Member"

    def to_dict(self) -> JSON:
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_dict(cls, d: JSON) -> Member:
        return cls(name=_str(d, "name") or "", role=_str(d, "role") or "Member")


@dataclass(slots=True)
class AgendaItem:
    number: str
    title: str | None
    pages: tuple[int, int] | None = None
    exempt_paragraphs: list[int] = field(default_factory=list)
    to_follow: bool = False

    def to_dict(self) -> JSON:
        return {
            "number": self.number,
            "title": self.title,
            "pages": list(self.pages) if self.pages else None,
            "exempt_paragraphs": list(self.exempt_paragraphs),
            "to_follow": self.to_follow,
        }

    @classmethod
    def from_dict(cls, d: JSON) -> AgendaItem:
        return cls(
            number=_str(d, "number") or "",
            title=_str(d, "title"),
            pages=_pages(d),
            exempt_paragraphs=_ints(d, "exempt_paragraphs"),
            to_follow=bool(d.get("to_follow", False)),
        )


@dataclass(slots=True)
class Meeting:
    committee: str | None = None
    date: str | None = None
    time: str | None = None
    venue: str | None = None
    quorum: int | None = None
    published: str | None = None
    members: list[Member] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)

    def to_dict(self) -> JSON:
        return {
            "committee": self.committee,
            "date": self.date,
            "time": self.time,
            "venue": self.venue,
            "quorum": self.quorum,
            "published": self.published,
            "members": [m.to_dict() for m in self.members],
            "agenda": [a.to_dict() for a in self.agenda],
        }

    @classmethod
    def from_dict(cls, d: JSON) -> Meeting:
        return cls(
            committee=_str(d, "committee"),
            date=_str(d, "date"),
            time=_str(d, "time"),
            venue=_str(d, "venue"),
            quorum=_int(d, "quorum"),
            published=_str(d, "published"),
            members=[Member.from_dict(_obj(m, "member")) for m in _list(d, "members")],
            agenda=[AgendaItem.from_dict(_obj(a, "agenda item")) for a in _list(d, "agenda")],
        )


@dataclass(slots=True)
class Author:
    name: str
    job_title: str | None = None
    phone: str | None = None
    email: str | None = None

    def to_dict(self) -> JSON:
        return {
            "name": self.name,
            "job_title": self.job_title,
            "phone": self.phone,
            "email": self.email,
        }

    @classmethod
    def from_dict(cls, d: JSON) -> Author:
        return cls(
            name=_str(d, "name") or "",
            job_title=_str(d, "job_title"),
            phone=_str(d, "phone"),
            email=_str(d, "email"),
        )


@dataclass(slots=True)
class Report:
    agenda_item: str | None
    title: str
    portfolio_holder: str | None = None
    authors: list[Author] = field(default_factory=list)
    status: str | None = None
    recommendations: str | None = None
    reasons: str | None = None
    # Extras beyond the spec.
    purpose: str | None = None
    executive_director: str | None = None
    brief_summary: str | None = None
    exempt_paragraphs: list[int] = field(default_factory=list)
    pages: tuple[int, int] | None = None

    def to_dict(self) -> JSON:
        return {
            "agenda_item": self.agenda_item,
            "title": self.title,
            "portfolio_holder": self.portfolio_holder,
            "authors": [a.to_dict() for a in self.authors],
            "status": self.status,
            "recommendations": self.recommendations,
            "reasons": self.reasons,
            "purpose": self.purpose,
            "executive_director": self.executive_director,
            "brief_summary": self.brief_summary,
            "exempt_paragraphs": list(self.exempt_paragraphs),
            "pages": list(self.pages) if self.pages else None,
        }

    @classmethod
    def from_dict(cls, d: JSON) -> Report:
        return cls(
            agenda_item=_str(d, "agenda_item"),
            title=_str(d, "title") or "",
            portfolio_holder=_str(d, "portfolio_holder"),
            authors=[Author.from_dict(_obj(a, "author")) for a in _list(d, "authors")],
            status=_str(d, "status"),
            recommendations=_str(d, "recommendations"),
            reasons=_str(d, "reasons"),
            purpose=_str(d, "purpose"),
            executive_director=_str(d, "executive_director"),
            brief_summary=_str(d, "brief_summary"),
            exempt_paragraphs=_ints(d, "exempt_paragraphs"),
            pages=_pages(d),
        )


@dataclass(slots=True)
class MinuteItem:
    number: str
    title: str | None
    resolution: str | None = None

    def to_dict(self) -> JSON:
        return {"number": self.number, "title": self.title, "resolution": self.resolution}

    @classmethod
    def from_dict(cls, d: JSON) -> MinuteItem:
        return cls(
            number=_str(d, "number") or "",
            title=_str(d, "title"),
            resolution=_str(d, "resolution"),
        )


@dataclass(slots=True)
class Minutes:
    committee: str | None
    date: str | None
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    items: list[MinuteItem] = field(default_factory=list)

    def to_dict(self) -> JSON:
        return {
            "committee": self.committee,
            "date": self.date,
            "present": list(self.present),
            "apologies": list(self.apologies),
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, d: JSON) -> Minutes:
        return cls(
            committee=_str(d, "committee"),
            date=_str(d, "date"),
            present=_strs(d, "present"),
            apologies=_strs(d, "apologies"),
            items=[MinuteItem.from_dict(_obj(i, "minute item")) for i in _list(d, "items")],
        )


@dataclass(slots=True)
class PlanEntry:
    title: str
    key_decision: bool | None = None
    access: str | None = None
    exempt_paragraphs: list[int] = field(default_factory=list)
    decision_maker: str | None = None
    decision_date: str | None = None
    portfolio_holder: str | None = None
    officer: str | None = None

    def to_dict(self) -> JSON:
        return {
            "title": self.title,
            "key_decision": self.key_decision,
            "access": self.access,
            "exempt_paragraphs": list(self.exempt_paragraphs),
            "decision_maker": self.decision_maker,
            "decision_date": self.decision_date,
            "portfolio_holder": self.portfolio_holder,
            "officer": self.officer,
        }

    @classmethod
    def from_dict(cls, d: JSON) -> PlanEntry:
        kd = d.get("key_decision")
        return cls(
            title=_str(d, "title") or "",
            key_decision=kd if isinstance(kd, bool) else None,
            access=_str(d, "access"),
            exempt_paragraphs=_ints(d, "exempt_paragraphs"),
            decision_maker=_str(d, "decision_maker"),
            decision_date=_str(d, "decision_date"),
            portfolio_holder=_str(d, "portfolio_holder"),
            officer=_str(d, "officer"),
        )


@dataclass(slots=True)
class PackDocument:
    """One document of the pack (front sheet, report, appendix, minutes, plan) and its text."""

    kind: str
    title: str | None
    agenda_item: str | None = None
    pages: tuple[int, int] | None = None
    text: str = ""
    # What the document's own head says (``parse.exemption``): "public", "exempt" (under
    # ``exempt_paragraphs``) or "undecided" (marked, but no valid paragraph: withheld).
    access: str = "public"
    exempt_paragraphs: list[int] = field(default_factory=list)

    def to_dict(self) -> JSON:
        return {
            "kind": self.kind,
            "title": self.title,
            "agenda_item": self.agenda_item,
            "pages": list(self.pages) if self.pages else None,
            "text": self.text,
            "access": self.access,
            "exempt_paragraphs": list(self.exempt_paragraphs),
        }

    @classmethod
    def from_dict(cls, d: JSON) -> PackDocument:
        access = _str(d, "access") or "public"
        if access not in ACCESS:
            raise PackError(f"field 'access' must be one of {', '.join(ACCESS)}")
        return cls(
            kind=_str(d, "kind") or "other",
            title=_str(d, "title"),
            agenda_item=_str(d, "agenda_item"),
            pages=_pages(d),
            text=_str(d, "text") or "",
            access=access,
            exempt_paragraphs=_ints(d, "exempt_paragraphs"),
        )


@dataclass(slots=True)
class Pack:
    source: Source
    council: str | None = None
    meeting: Meeting = field(default_factory=Meeting)
    reports: list[Report] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    forward_plan: list[PlanEntry] = field(default_factory=list)
    documents: list[PackDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What the file is (``parse.classify``): "pack", "frontsheet", "minutes", "report",
    # "appendix", "supplement", "forward_plan", "work_programme" or "other".
    kind: str = "pack"
    # Field path ("meeting.date", "meeting.agenda.3.title") -> {"page": int | None, "line": int}
    # of the normalised line the value was read from (``parse.provenance``); absent if unknown.
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> JSON:
        return {
            "format": FORMAT,
            "source": self.source.to_dict(),
            "council": self.council,
            "meeting": self.meeting.to_dict(),
            "reports": [r.to_dict() for r in self.reports],
            "minutes": [m.to_dict() for m in self.minutes],
            "forward_plan": [p.to_dict() for p in self.forward_plan],
            "kind": self.kind,
            "documents": [d.to_dict() for d in self.documents],
            "warnings": list(self.warnings),
            "provenance": {k: dict(v) for k, v in self.provenance.items()},
        }

    @classmethod
    def from_dict(cls, d: JSON) -> Pack:
        d = _obj(d, "pack")
        fmt = d.get("format")
        if fmt != FORMAT:
            raise PackError(f"unsupported format {fmt!r}, expected {FORMAT!r}")
        return cls(
            source=Source.from_dict(_obj(d.get("source") or {}, "source")),
            council=_str(d, "council"),
            meeting=Meeting.from_dict(_obj(d.get("meeting") or {}, "meeting")),
            reports=[Report.from_dict(_obj(r, "report")) for r in _list(d, "reports")],
            minutes=[Minutes.from_dict(_obj(m, "minutes")) for m in _list(d, "minutes")],
            forward_plan=[
                PlanEntry.from_dict(_obj(p, "plan entry")) for p in _list(d, "forward_plan")
            ],
            documents=[PackDocument.from_dict(_obj(x, "document")) for x in _list(d, "documents")],
            warnings=_strs(d, "warnings"),
            kind=_str(d, "kind") or "pack",
            provenance={
                str(k): dict(_obj(v, "provenance entry"))
                for k, v in _obj(d.get("provenance") or {}, "provenance").items()
            },
        )
