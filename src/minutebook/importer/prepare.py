"""The part of an import that needs no write lock: ``prepare`` a parsed pack for writing.

On SQLite an import's transaction holds the database's one write lock, which officers'
saves and sign-ins wait for. So everything that can be done before it is done here: the
modules the save signals use are loaded, the pack's JSON is cleaned, the parser version
computed, the same-file check made, the council, committee and meeting matched, and the
other imports' printed minutes and plan entries read out of their stored packs.
``minutebook.importer.writer`` then only writes, re-reading just what it must.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import get_resolver
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify

from minutebook.committees.models import Committee, CommitteeKind
from minutebook.core.inputs import one_line
from minutebook.councils.models import Council
from minutebook.importer.errors import PackError
from minutebook.importer.fields import (
    KIND_RULES,
    cut,
    guess,
    iso_date,
    norm_key,
    parser_version,
    scrub,
)
from minutebook.importer.fields import plan_key as _plan_key
from minutebook.importer.models import ImportRecord
from minutebook.importer.pack import Pack
from minutebook.importer.safety import fullness, lock_keys, same_content
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person, normalise_name

__all__ = ["Archive", "ImportResult", "Matcher", "Prepared", "prepare"]


@dataclass(slots=True)
class ImportResult:
    """What one ``write_pack`` call did; ``status`` is created, updated or unchanged.

    ``transaction_seconds`` is how long the write transaction (and so, on SQLite, the
    database's write lock) was held, commit included; 0 when nothing was written.
    """

    file: str
    status: str
    council: str
    meeting_id: int
    record_id: int
    agenda_items: int = 0
    reports: int = 0
    minute_items: int = 0
    plan_entries: int = 0
    documents: int = 0
    people_created: int = 0
    warnings: list[str] = field(default_factory=list)
    transaction_seconds: float = 0.0


def _free_slug(rows: QuerySet[Any], text: str, max_length: int) -> str:
    base = (slugify(text) or "imported")[: max_length - 4].strip("-") or "imported"
    taken = set(rows.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _load_modules() -> None:
    """Import now what the save signals would import inside the transaction: indexing a
    saved row reverses its public URL, which loads the URLconf and every view module it
    names (PDF rendering among them), seconds of work while holding the write lock; and
    handlers queue tasks from the apps' ``tasks`` modules."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - the property imports the URLconf
    resolver.reverse_dict  # noqa: B018 - and this builds the index reverse() looks in
    autodiscover_modules("tasks")


@dataclass(slots=True)
class Archive:
    """The minutes sets and plan entries printed by a council's imports, read from their
    stored packs (a scan of every pack, so done before the transaction); ``stamp`` says
    whether a later import has changed them since."""

    council_id: int
    stamp: tuple[Any, ...]
    minutes: dict[int, set[tuple[str, str | None]]]
    plans: list[tuple[int, tuple[str, str, str | None]]]  # (record pk, plan key), by pk
    old_minutes: dict[int, list[Any]]  # the stored minutes of the import to be replaced

    @staticmethod
    def _stamp(council_id: int) -> tuple[Any, ...]:
        rows = ImportRecord.objects.filter(council_id=council_id)
        got = rows.aggregate(n=Count("pk"), top=Max("pk"), last=Max("imported_at"))
        return (got["n"], got["top"], got["last"])

    @classmethod
    def read(cls, council_id: int, keep: int | None) -> Archive:
        """``keep``: the import whose stored minutes to hold on to (the one replaced)."""
        stamp = cls._stamp(council_id)  # first: a newer import then shows as stale
        minutes: dict[int, set[tuple[str, str | None]]] = {}
        plans: list[tuple[int, tuple[str, str, str | None]]] = []
        old_minutes: dict[int, list[Any]] = {}
        rows = (
            ImportRecord.objects.filter(council_id=council_id)
            .order_by("pk")
            .values_list("pk", "pack__minutes", "pack__forward_plan")
        )
        for pk, sets, plan in rows:
            if pk == keep:
                old_minutes[pk] = sets if isinstance(sets, list) else []
            minutes[pk] = {
                (norm_key(m.get("committee")), m.get("date"))
                for m in (sets if isinstance(sets, list) else [])
                if isinstance(m, dict)
            }
            for e in plan if isinstance(plan, list) else []:
                if isinstance(e, dict) and e.get("title"):
                    key = _plan_key(e["title"], e.get("decision_maker"), e.get("decision_date"))
                    plans.append((pk, key))
        if keep is not None and keep not in old_minutes:  # filed under another council
            sets = ImportRecord.objects.filter(pk=keep).values_list("pack__minutes", flat=True)
            found = sets.first()
            old_minutes[keep] = found if isinstance(found, list) else []
        return cls(council_id, stamp, minutes, plans, old_minutes)

    def current(self, council_id: int, keep: int | None) -> bool:
        return (
            council_id == self.council_id
            and (keep is None or keep in self.old_minutes)
            and self._stamp(council_id) == self.stamp
        )

    def minutes_elsewhere(self, exclude: set[int]) -> set[tuple[str, str | None]]:
        return {key for pk, keys in self.minutes.items() if pk not in exclude for key in keys}

    def plan_owners(self, exclude: set[int]) -> dict[tuple[str, str, str | None], int]:
        """Each printed plan entry's first other import (lowest pk)."""
        owners: dict[tuple[str, str, str | None], int] = {}
        for pk, key in self.plans:
            if pk not in exclude:
                owners.setdefault(key, pk)
        return owners


@dataclass(slots=True)
class Prepared:
    """One pack made ready to write: everything that needs no write lock, done."""

    pack: Pack
    council_slug: str | None
    source_file: str
    data: dict[str, Any]  # the pack as stored on its ImportRecord
    version: str
    day: date | None = None  # the meeting's; checked by ``prepare``
    unchanged: ImportResult | None = None  # this very file is already imported
    archive: Archive | None = None  # read when the pack will replace an earlier import
    replace: bool = False  # a smaller pack may replace a fuller import (``--replace``)
    locks: list[str] = field(default_factory=list)  # advisory lock keys (``safety``)
    held: tuple[int, dict[str, int]] | None = None  # the import replaced: record pk, fullness


class Matcher:
    """Finding (and, in the write, creating) the shared records a pack names: council,
    committee, people, meeting. Read-only with ``create=False``, as ``prepare`` uses it."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.pack = prepared.pack
        self.council_slug = prepared.council_slug
        self.source_file = prepared.source_file
        self.data = prepared.data
        self.warnings: list[str] = []
        self.people_created = 0
        self.committees: dict[str, Committee] = {}

    def council(self, *, create: bool = True) -> Council | None:
        if self.council_slug:
            found = Council.objects.filter(slug=self.council_slug).first()
            if found is None:
                raise PackError(f"no council with the slug {self.council_slug!r}")
            return found
        name = (self.pack.council or "").strip()
        if not name:
            raise PackError("the pack does not name its council; give --council SLUG")
        key = norm_key(name)
        for c in Council.objects.only("id", "name", "short_name", "slug"):
            if key in (norm_key(c.name), norm_key(c.short_name)):
                return Council.objects.get(pk=c.pk)
        if not create:
            return None
        return Council.objects.create(
            name=cut(name, 200), slug=_free_slug(Council.objects.all(), name, 60)
        )

    def committee(self, council: Council, name: str, *, create: bool = True) -> Committee | None:
        key = norm_key(name)
        if key in self.committees:
            return self.committees[key]
        for c in Committee.objects.filter(council=council).only("id", "name", "short_name"):
            if key in (norm_key(c.name), norm_key(c.short_name)):
                found = Committee.objects.get(pk=c.pk)
                self.committees[key] = found
                return found
        if not create:
            return None
        made = Committee.objects.create(
            council=council,
            name=cut(name, 200),
            slug=_free_slug(Committee.objects.filter(council=council), name, 80),
            kind=guess(KIND_RULES, name, CommitteeKind.OTHER),
        )
        self.committees[key] = made
        return made

    def person(self, council: Council, name: str, *, kind: str | None) -> Person | None:
        """The council's person with this name; created only when ``kind`` is given."""
        key = normalise_name(name)
        if not key:
            return None
        found = Person.objects.filter(council=council, normalised_name=key).order_by("pk").first()
        if found is not None or kind is None:
            return found
        # Printed names keep their capitals; only the honorific goes (it is not part of a name).
        words = [w for w in re.sub(r"\([^)]*\)", " ", one_line(name)).split() if w]
        while len(words) > 1 and normalise_name(words[0]) == "":
            words.pop(0)
        self.people_created += 1
        return Person.objects.create(
            council=council,
            kind=kind,
            first_name=words[0][:100] if len(words) > 1 else "",
            middle_names=" ".join(words[1:-1])[:100],
            last_name=(words[-1] if words else cut(name, 100))[:100],
        )

    # ---- the meeting

    def find_meeting(
        self, committee: Committee, day: date, hhmm: str | None, *, own_file: bool = False
    ) -> Meeting | None:
        """The committee's meeting that day. A body can meet twice in a day, so a printed time
        that differs from every held (known, non-midnight) time means another meeting, unless
        the same file was imported for it before (a corrected file)."""
        same_day = list(Meeting.objects.filter(committee=committee, date=day).order_by("start"))
        if not same_day:
            return None
        times = {m.pk: timezone.localtime(m.start).strftime("%H:%M") for m in same_day}
        if hhmm:
            for m in same_day:
                if times[m.pk] == hhmm:
                    return m
        if own_file:
            for m in same_day:
                if (
                    m.is_imported
                    and m.import_records.filter(
                        Q(source_file=self.source_file) | Q(sha256=self.pack.source.sha256)
                    ).exists()
                ):
                    return m
        if hhmm and all(t != "00:00" for t in times.values()):
            return None
        unknown = [m for m in same_day if times[m.pk] == "00:00" or not hhmm]
        imported = [m for m in unknown if m.is_imported]
        chosen = imported or unknown
        return chosen[0] if chosen else None

    def same_file(self, council: Council) -> ImportResult | None:
        """An "unchanged" result when this very file, parsed the same, is already imported."""
        record = (
            ImportRecord.objects.filter(
                council=council, sha256=self.pack.source.sha256, meeting__isnull=False
            )
            .select_related("meeting")
            .order_by("-imported_at", "-pk")
            .first()
        )
        # The same bytes under another file name are the same import (ids kept).
        if (
            record is not None
            and same_content(record.pack, self.data)
            and record.meeting is not None
        ):
            return self.result("unchanged", council, record.meeting, record)
        return None

    def result(
        self, status: str, council: Council, meeting: Meeting, record: ImportRecord
    ) -> ImportResult:
        return ImportResult(
            file=self.source_file,
            status=status,
            council=council.slug,
            meeting_id=meeting.pk,
            record_id=record.pk,
            people_created=self.people_created,
            warnings=list(self.pack.warnings) + self.warnings,
        )


def prepare(
    pack: Pack,
    *,
    council_slug: str | None,
    source_path: Path | str | None = None,
    replace: bool = False,
) -> Prepared:
    """Everything about writing ``pack`` that needs no write lock, done before the write.

    Its lookups only read; the transaction repeats the cheap ones (council, committee,
    meeting) and checks the archive's stamp, since another writer may commit in between.
    """
    _load_modules()
    name = Path(source_path).name if source_path else pack.source.file
    prepared = Prepared(
        pack=pack,
        council_slug=council_slug,
        source_file=(name or pack.source.file)[:255],
        data=scrub(pack.to_dict()),
        version=parser_version(),
        replace=replace,
    )
    probe = Matcher(prepared)
    council = probe.council(create=False)
    if council is not None:
        prepared.unchanged = probe.same_file(council)
        if prepared.unchanged is not None:
            return prepared
    if not pack.meeting.committee:
        raise PackError("the pack names no committee; cannot file the meeting")
    day = iso_date(pack.meeting.date)
    if day is None:
        raise PackError("the pack gives no meeting date; cannot file the meeting")
    prepared.day = day
    committee = probe.committee(council, pack.meeting.committee, create=False) if council else None
    names = {pack.meeting.committee, *(m.committee for m in pack.minutes)}
    found = {
        norm_key(n): (probe.committee(council, n, create=False) if council else None)
        for n in names
        if n
    }
    prepared.locks = lock_keys(
        pack,
        council=council.pk if council else None,
        committees={k: c.pk if c else None for k, c in found.items()},
    )
    meeting = (
        probe.find_meeting(committee, day, pack.meeting.time, own_file=True) if committee else None
    )
    if council is not None and meeting is not None and meeting.is_imported:
        keep = meeting.import_record_id or (
            ImportRecord.objects.filter(meeting=meeting)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        prepared.archive = Archive.read(council.pk, keep)
        if keep is not None:
            data = ImportRecord.objects.filter(pk=keep).values_list("pack", flat=True).first()
            if isinstance(data, dict):
                prepared.held = (keep, fullness(data))
    return prepared
