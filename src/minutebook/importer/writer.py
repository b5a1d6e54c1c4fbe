"""Writing one parsed agenda pack (``minutebook-pack/1``) into the database.

``write_pack`` is the only entry point. It runs in one transaction, so a pack is either
imported whole or not at all. The pack's meeting is the unit of identity: the same file
(same SHA-256, same parsed result) changes nothing; a different file for the same council,
committee and date replaces that meeting's imported children in place, keeping its id.

What the import owns, and may therefore delete on re-import: the meeting's agenda items,
the reports and documents hanging off them, the forward-plan entries it created, and the
minute items it wrote (found through the previous pack JSON kept on the ImportRecord).
Councils, committees, people, memberships and venues are matched and shared, never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from minutebook.committees.models import (
    Committee,
    CommitteeKind,
    Membership,
    MembershipRole,
    StandingItemKind,
)
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document, DocumentKind, DocumentSource
from minutebook.forwardplan.models import Access, ForwardPlanEntry
from minutebook.importer.errors import PackError
from minutebook.importer.models import ImportRecord
from minutebook.importer.pack import AgendaItem as PackItem
from minutebook.importer.pack import Minutes, Pack, PackDocument
from minutebook.importer.pack import Report as PackReport
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Venue
from minutebook.people.models import Person, PersonKind, normalise_name
from minutebook.reports.models import Report, ReportAuthor, ReportPurpose

__all__ = ["ImportConflict", "ImportResult", "parser_version", "write_pack"]


class ImportConflict(PackError):
    """The pack would overwrite records that the importer does not own (a live meeting)."""


@dataclass(slots=True)
class ImportResult:
    """What one ``write_pack`` call did; ``status`` is created, updated or unchanged."""

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


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Package version plus a digest of the parser sources: changes whenever the parser does."""
    try:
        base = metadata.version("minutebook")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        base = "0"
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([here / "pack.py", here / "reader.py", *(here / "parse").glob("*.py")]):
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


def _text(text: str | None) -> str:
    """A string the database takes: PostgreSQL refuses NUL characters in text and JSON."""
    return (text or "").replace("\x00", "")


def _scrub(value: Any) -> Any:
    """``_text`` through a JSON value (the stored pack)."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value


def _cut(text: str | None, n: int) -> str:
    return _text(text).strip()[:n]


def _paragraphs(values: list[int] | None) -> list[int]:
    """Only real Schedule 12A paragraphs (1-7), sorted and unique."""
    return sorted({int(v) for v in values or [] if int(v) in SCHEDULE_12A_PARAGRAPHS})


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _local(day: date, hhmm: str | None = None) -> datetime:
    at = time(0, 0)
    if hhmm:
        with contextlib.suppress(ValueError):
            at = time.fromisoformat(hhmm)
    return timezone.make_aware(datetime.combine(day, at))


def _free_slug(rows: QuerySet[Any], text: str, max_length: int) -> str:
    base = (slugify(text) or "imported")[: max_length - 4].strip("-") or "imported"
    taken = set(rows.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _plan_key(title: str, maker: str | None, when: str | None) -> tuple[str, str, str | None]:
    """What makes two printed plan entries the same entry (see ``_Writer.forward_plan``)."""
    day = _iso(when)
    return (_cut(title, 500).lower(), _cut(maker, 200), day.isoformat() if day else None)


def _label(title: str | None) -> str:
    """'Appendix 1' from 'Appendix 1: Glossary'."""
    m = re.match(r"\s*((?:appendix|annex|schedule)\s+[\w.]+)", title or "", re.I)
    return m.group(1)[:40] if m else ""


_KIND_RULES: tuple[tuple[str, str], ...] = (
    (r"^(cabinet|executive)( committee| meeting)?$", CommitteeKind.EXECUTIVE),
    (r"\b(scrutiny|overview)\b", CommitteeKind.OVERVIEW_SCRUTINY),
    (r"\b(planning|licensing|regulatory|appeals?)\b", CommitteeKind.REGULATORY),
    (r"\bjoint\b", CommitteeKind.JOINT),
    (r"^(full )?council$|\bcouncil meeting\b", CommitteeKind.FULL_COUNCIL),
)

_STANDING_RULES: tuple[tuple[str, str], ...] = (
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


def _guess(rules: tuple[tuple[str, str], ...], title: str | None, default: str) -> str:
    key = norm_key(title)
    for pattern, kind in rules:
        if re.search(pattern, key):
            return kind
    return default


_DOC_KINDS = {
    "front_sheet": DocumentKind.AGENDA_PACK,
    "report": DocumentKind.REPORT,
    "appendix": DocumentKind.APPENDIX,
    "minutes": DocumentKind.MINUTES,
    "plan": DocumentKind.FORWARD_PLAN,
}

_ROLES = {
    "chairman": MembershipRole.CHAIRMAN,
    "vice-chairman": MembershipRole.VICE_CHAIRMAN,
    "co-opted": MembershipRole.CO_OPTED,
}


# --------------------------------------------------------------------------- the writer


class _Writer:
    """One pack, one transaction. Methods run in the order of ``run``."""

    def __init__(self, pack: Pack, council_slug: str | None, source_file: str) -> None:
        self.pack = pack
        self.council_slug = council_slug
        self.source_file = source_file[:255]
        self.data = _scrub(pack.to_dict())
        self.warnings: list[str] = []
        self.people_created = 0
        self.committees: dict[str, Committee] = {}
        self.withheld: set[int] = set()  # reports restricted without a stated paragraph

    # ---- matching shared records

    def council(self) -> Council:
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
        return Council.objects.create(
            name=name[:200], slug=_free_slug(Council.objects.all(), name, 60)
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
            name=name.strip()[:200],
            slug=_free_slug(Committee.objects.filter(council=council), name, 80),
            kind=_guess(_KIND_RULES, name, CommitteeKind.OTHER),
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
        words = [w for w in re.sub(r"\([^)]*\)", " ", name).split() if w]
        while len(words) > 1 and normalise_name(words[0]) == "":
            words.pop(0)
        self.people_created += 1
        return Person.objects.create(
            council=council,
            kind=kind,
            first_name=words[0][:100] if len(words) > 1 else "",
            middle_names=" ".join(words[1:-1])[:100],
            last_name=(words[-1] if words else name)[:100],
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
                if m.is_imported and m.import_records.filter(source_file=self.source_file).exists():
                    return m
        if hhmm and all(t != "00:00" for t in times.values()):
            return None
        unknown = [m for m in same_day if times[m.pk] == "00:00" or not hhmm]
        imported = [m for m in unknown if m.is_imported]
        chosen = imported or unknown
        return chosen[0] if chosen else None

    def run(self) -> ImportResult:
        pack = self.pack
        council = self.council()
        # Same file, same result: nothing to do.
        record = (
            ImportRecord.objects.filter(
                council=council, sha256=pack.source.sha256, meeting__isnull=False
            )
            .order_by("-imported_at", "-pk")
            .first()
        )
        if record is not None and record.pack == self.data and record.meeting is not None:
            return self.result("unchanged", council, record.meeting, record)

        if not pack.meeting.committee:
            raise PackError("the pack names no committee; cannot file the meeting")
        day = _iso(pack.meeting.date)
        if day is None:
            raise PackError("the pack gives no meeting date; cannot file the meeting")
        committee = self.committee(council, pack.meeting.committee)
        assert committee is not None
        meeting = self.find_meeting(committee, day, pack.meeting.time, own_file=True)
        old_pack: dict[str, Any] = {}
        if meeting is not None and not meeting.is_imported:
            raise ImportConflict(
                f"{committee.name} already has a meeting on {day:%d %B %Y} that was not "
                "imported; an archive import does not overwrite it"
            )
        if meeting is not None:
            record = meeting.import_record or meeting.import_records.order_by("-pk").first()
            if record is not None and record.meeting_id == meeting.pk:
                old_pack = record.pack or {}
            else:
                record = None  # created for minutes only: this pack is its first own import
            status = "updated"
            self.clear(meeting, old_pack)
        else:
            status = "created"
        if record is None:
            record = ImportRecord(council=council)
        record.council = council
        record.source_file = self.source_file
        record.sha256 = pack.source.sha256
        record.parser_version = parser_version()
        record.imported_at = timezone.now()
        record.pack = self.data
        record.warnings = [_text(w) for w in pack.warnings]
        record.save()

        meeting = self.save_meeting(council, committee, meeting, day, record)
        if record.meeting_id != meeting.pk:
            record.meeting = meeting
            record.save(update_fields=["meeting"])
        self.memberships(council, committee, day)
        items = self.agenda(meeting)
        reports = self.reports(council, meeting, items)
        minute_count = self.minutes(council, committee, record, old_pack)
        plan_count = self.forward_plan(council, record)
        doc_count = self.documents(council, meeting, record, items, reports)
        self.link_minutes(meeting)
        if self.warnings:
            record.warnings = [*record.warnings, *self.warnings]
            record.save(update_fields=["warnings"])
        result = self.result(status, council, meeting, record)
        result.agenda_items = len(items)
        result.reports = len(reports)
        result.minute_items = minute_count
        result.plan_entries = plan_count
        result.documents = doc_count
        return result

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

    def clear(self, meeting: Meeting, old_pack: dict[str, Any]) -> None:
        """Remove what an earlier import of this meeting wrote, before writing it again."""
        records = list(ImportRecord.objects.filter(meeting=meeting).values_list("pk", flat=True))
        report_ids = set(
            Report.officer_objects.filter(
                Q(agenda_items__meeting=meeting)
                | Q(documents__meeting=meeting, documents__source=DocumentSource.IMPORTED)
            ).values_list("pk", flat=True)
        )
        Document.officer_objects.filter(meeting=meeting, source=DocumentSource.IMPORTED).delete()
        AgendaItem.public_objects.filter(meeting=meeting).delete()
        # A report also on another meeting's agenda (linked there by hand) stays.
        Report.officer_objects.filter(pk__in=report_ids, agenda_items__isnull=True).delete()
        self.release_plan_entries(meeting.committee.council, records)
        # Minutes this pack wrote before, unless another imported pack prints them too.
        council = meeting.committee.council
        elsewhere: set[tuple[str, str | None]] = set()
        others = (
            ImportRecord.objects.filter(council=council)
            .exclude(pk__in=records)
            .values_list("pack__minutes", flat=True)
        )
        for sets in others:
            for m in sets if isinstance(sets, list) else []:
                if isinstance(m, dict):
                    elsewhere.add((norm_key(m.get("committee")), m.get("date")))
        for old in old_pack.get("minutes") or []:
            try:
                minutes = Minutes.from_dict(old)
            except PackError:
                continue
            if (norm_key(minutes.committee), minutes.date) not in elsewhere:
                self.clear_minutes(council, minutes)
        # Meetings created only to hold this pack's minutes, now empty.
        for other in Meeting.objects.filter(import_record_id__in=records).exclude(pk=meeting.pk):
            if not (
                other.import_records.exists()
                or AgendaItem.public_objects.filter(meeting=other).exists()
                or MinuteItem.officer_objects.filter(meeting=other).exists()
                or Document.officer_objects.filter(meeting=other).exists()
            ):
                other.delete()

    @staticmethod
    def release_plan_entries(council: Council, records: list[int]) -> None:
        """Delete the plan entries these imports created, except those another imported pack
        also printed (it was matched to them rather than creating its own): hand those over."""
        entries = list(ForwardPlanEntry.objects.filter(import_record_id__in=records))
        if not entries:
            return
        printed: dict[tuple[str, str, str | None], int] = {}
        others = (
            ImportRecord.objects.filter(council=council)
            .exclude(pk__in=records)
            .order_by("pk")
            .values_list("pk", "pack__forward_plan")
        )
        for pk, plan in others:
            for e in plan if isinstance(plan, list) else []:
                if isinstance(e, dict) and e.get("title"):
                    key = _plan_key(e["title"], e.get("decision_maker"), e.get("decision_date"))
                    printed.setdefault(key, pk)
        doomed = []
        for entry in entries:
            date_text = entry.decision_date.isoformat() if entry.decision_date else None
            owner = printed.get(_plan_key(entry.title, entry.decision_maker_text, date_text))
            if owner is None:
                doomed.append(entry.pk)
            else:
                entry.import_record_id = owner
                entry.save(update_fields=["import_record"])
        ForwardPlanEntry.objects.filter(pk__in=doomed).delete()

    def save_meeting(
        self,
        council: Council,
        committee: Committee,
        meeting: Meeting | None,
        day: date,
        record: ImportRecord,
    ) -> Meeting:
        m = self.pack.meeting
        venue = None
        if m.venue and m.venue.strip():
            venue, _ = Venue.objects.get_or_create(council=council, name=_cut(m.venue, 300))
        published = _iso(m.published)
        if meeting is None:
            meeting = Meeting(committee=committee)
        meeting.start = _local(day, m.time)
        meeting.venue = venue
        meeting.quorum = m.quorum if m.quorum and 0 < m.quorum < 1000 else None
        meeting.published_at = _local(published) if published else None
        meeting.state = (
            MeetingState.HELD if day < timezone.localdate() else MeetingState.AGENDA_PUBLISHED
        )
        meeting.is_imported = True
        meeting.import_record = record
        meeting.save()
        return meeting

    def memberships(self, council: Council, committee: Committee, day: date) -> None:
        """Seats seen on this date: one membership per person and role, widened to cover it."""
        for member in self.pack.meeting.members:
            role = _ROLES.get((member.role or "").lower(), MembershipRole.MEMBER)
            kind = PersonKind.CO_OPTED if role == MembershipRole.CO_OPTED else PersonKind.COUNCILLOR
            person = self.person(council, member.name, kind=kind)
            if person is None:
                continue
            seats = Membership.objects.filter(committee=committee, person=person)
            if seats.filter(
                Q(start_date__isnull=True) | Q(start_date__lte=day),
                Q(end_date__isnull=True) | Q(end_date__gte=day),
            ).exists():
                continue
            same_role = (
                seats.filter(role=role, start_date__isnull=False, end_date__isnull=False)
                .order_by("start_date")
                .first()
            )
            if same_role is not None:
                same_role.start_date = min(same_role.start_date, day)
                same_role.end_date = max(same_role.end_date, day)
                same_role.save(update_fields=["start_date", "end_date"])
            else:
                Membership.objects.create(
                    committee=committee,
                    person=person,
                    role=role,
                    voting_right=role != MembershipRole.CO_OPTED,
                    start_date=day,
                    end_date=day,
                )

    # ---- agenda and reports

    def agenda(self, meeting: Meeting) -> dict[str, AgendaItem]:
        by_number: dict[str, AgendaItem] = {}
        for order, item in enumerate(self.pack.meeting.agenda, start=1):
            number = _cut(item.number, 10)
            if number and number in by_number:
                self.warnings.append(f"agenda item {number} listed twice; second kept unnumbered")
                number = ""
            row = AgendaItem(
                meeting=meeting,
                order=order,
                number=number,
                parent=self._parent(by_number, number),
                title=_cut(item.title, 500),
                standing_kind=_guess(_STANDING_RULES, item.title, ""),
                exempt_paragraphs=_paragraphs(item.exempt_paragraphs),
                to_follow=bool(item.to_follow),
            )
            row.first_page, row.last_page = self._pages(item)
            row.save()
            if number:
                by_number[number] = row
        return by_number

    @staticmethod
    def _parent(by_number: dict[str, AgendaItem], number: str) -> AgendaItem | None:
        m = re.fullmatch(r"(\d+)[a-z]+", number)
        return by_number.get(m.group(1)) if m else None

    @staticmethod
    def _pages(item: PackItem | PackDocument) -> tuple[int | None, int | None]:
        if not item.pages:
            return None, None
        first, last = item.pages
        if first < 1 or last < first:
            return None, None
        return first, last

    def reports(
        self, council: Council, meeting: Meeting, items: dict[str, AgendaItem]
    ) -> list[tuple[PackReport, Report]]:
        out: list[tuple[PackReport, Report]] = []
        linked: set[str] = set()
        for rep in self.pack.reports:
            item = items.get(rep.agenda_item or "")
            paragraphs = self._report_paragraphs(rep, item)
            withheld = paragraphs is None  # restricted, but no paragraph stated
            row = Report(
                council=council,
                title=_cut(rep.title, 500) or (item.title if item else ""),
                exempt_paragraphs=paragraphs or [],
                portfolio_holder_text=_cut(rep.portfolio_holder, 500),
                executive_director_text=_cut(rep.executive_director, 300),
                purpose=_guess(
                    (
                        (r"\bdecision\b", ReportPurpose.DECISION),
                        (r"\brecommend", ReportPurpose.RECOMMENDATION),
                        (r"\b(review|consultation)\b", ReportPurpose.REVIEW_CONSULTATION),
                        (r"\binformation\b", ReportPurpose.INFORMATION),
                    ),
                    rep.purpose,
                    "",
                ),
            )
            if withheld:
                self.warnings.append(
                    f"report {rep.title!r} is restricted but names no Schedule 12A paragraph: "
                    "only its title was imported"
                )
            else:
                row.recommendations = _text(rep.recommendations)
                row.reasons = _text(rep.reasons)
                row.brief_summary = _text(rep.brief_summary)
            row.save()
            if withheld:
                self.withheld.add(row.pk)
            else:
                for order, author in enumerate(rep.authors, start=1):
                    if not author.name:
                        continue
                    ReportAuthor.officer_objects.create(
                        report=row,
                        order=order,
                        person=self.person(council, author.name, kind=None),
                        name=_cut(author.name, 200),
                        job_title=_cut(author.job_title, 200),
                        phone=_cut(author.phone, 40),
                        email=_cut(author.email, 254),
                    )
            if item is not None and rep.agenda_item not in linked:
                linked.add(rep.agenda_item or "")
                item.report = row
                item.save()  # an exempt report makes its item exempt
            out.append((rep, row))
        return out

    @staticmethod
    def _report_paragraphs(rep: PackReport, item: AgendaItem | None) -> list[int] | None:
        """Paragraphs to hold the report under; None when restricted with none stated."""
        own = _paragraphs(rep.exempt_paragraphs)
        from_item = list(item.exempt_paragraphs) if item is not None else []
        status = (rep.status or "").lower()
        restricted = status.startswith(("exempt", "confidential", "restricted", "private"))
        if status.startswith("part"):
            return from_item  # the report is public; its exempt appendices are held back
        if own or from_item:
            return sorted({*own, *from_item})
        return None if restricted else []

    # ---- minutes

    def minutes(
        self, council: Council, main: Committee, record: ImportRecord, old_pack: dict[str, Any]
    ) -> int:
        count = 0
        for minutes in self.pack.minutes:
            day = _iso(minutes.date)
            if day is None:
                self.warnings.append(f"minutes of {minutes.committee or 'a meeting'}: no date")
                continue
            committee = (
                self.committee(council, minutes.committee) if minutes.committee else main
            ) or main
            meeting = self.find_meeting(committee, day, None)
            if meeting is not None and not meeting.is_imported:
                self.warnings.append(
                    f"minutes of {committee.name} on {day}: that meeting is live, left as it is"
                )
                continue
            if meeting is None:
                meeting = Meeting(
                    committee=committee,
                    start=_local(day),
                    state=MeetingState.HELD,
                    is_imported=True,
                    import_record=record,
                )
                meeting.save()
            elif not meeting.import_records.exists():
                # Minutes-only meeting: the latest pack printing its minutes owns them.
                meeting.import_record = record
                meeting.save(update_fields=["import_record"])
            self.clear_minutes(council, minutes, meeting)
            count += self.write_minutes(meeting, minutes)
        return count

    def clear_minutes(
        self, council: Council, minutes: Minutes, meeting: Meeting | None = None
    ) -> None:
        """Delete the imported minute items (and their decisions) this set numbers."""
        if meeting is None:
            day = _iso(minutes.date)
            committee = self.committee(council, minutes.committee or "", create=False)
            if day is None or committee is None:
                return
            meeting = self.find_meeting(committee, day, None)
            if meeting is None or not meeting.is_imported:
                return
        printed = {i.number for i in minutes.items}
        rows = MinuteItem.officer_objects.filter(meeting=meeting)
        doomed = [r.pk for r in rows if (r.printed_number or str(r.number)) in printed]
        Decision.officer_objects.filter(minute_item_id__in=doomed).delete()
        MinuteItem.officer_objects.filter(pk__in=doomed).delete()

    def write_minutes(self, meeting: Meeting, minutes: Minutes) -> int:
        items = [i for i in minutes.items if i.number]
        if not items:
            return 0
        committee = meeting.committee
        taken = set(
            MinuteItem.officer_objects.filter(committee=committee).values_list("number", flat=True)
        )
        printed = [i.number for i in items]
        # Printed running numbers are kept when they are plain, rising and free; otherwise the
        # set gets a fresh block after the committee's last number, keeping the printed order.
        plain = all(p.isdigit() and len(p) < 9 for p in printed)
        numbers = [int(p) for p in printed] if plain else []
        if not (plain and numbers == sorted(set(numbers)) and not taken & set(numbers)):
            last = (
                MinuteItem.officer_objects.filter(committee=committee).aggregate(Max("number"))[
                    "number__max"
                ]
                or 0
            )
            numbers = list(range(last + 1, last + 1 + len(items)))
        for item, number in zip(items, numbers, strict=True):
            row = MinuteItem(
                meeting=meeting,
                number=number,
                printed_number="" if item.number == str(number) else _cut(item.number, 20),
                title=_cut(item.title, 500),
                resolution=_text(item.resolution),
            )
            row.save()
            if item.resolution:
                Decision.officer_objects.create(
                    council=committee.council,
                    title=row.title or f"Minute {item.number}",
                    meeting=meeting,
                    minute_item=row,
                    decision=_text(item.resolution),
                    decision_maker=committee,
                    date=meeting.date,
                )
        return len(items)

    def link_minutes(self, meeting: Meeting) -> None:
        """Minutes already held for this meeting point at its agenda items, by title."""
        titles = {
            norm_key(t): pk
            for pk, t in AgendaItem.public_objects.filter(meeting=meeting).values_list(
                "pk", "title"
            )
        }
        for row in MinuteItem.officer_objects.filter(meeting=meeting, agenda_item__isnull=True):
            pk = titles.get(norm_key(row.title))
            if pk is not None:
                row.agenda_item_id = pk
                row.save(update_fields=["agenda_item"])

    # ---- forward plan

    def forward_plan(self, council: Council, record: ImportRecord) -> int:
        """Entries already held (same title, decision maker and date) are not duplicated."""
        count = 0
        for entry in self.pack.forward_plan:
            title = _cut(entry.title, 500)
            if not title:
                continue
            maker = _cut(entry.decision_maker, 200)
            when = _iso(entry.decision_date)
            if ForwardPlanEntry.objects.filter(
                council=council, title__iexact=title, decision_maker_text=maker, decision_date=when
            ).exists():
                continue
            access = entry.access if entry.access in Access.values else Access.OPEN
            paragraphs = _paragraphs(entry.exempt_paragraphs)
            ForwardPlanEntry.objects.create(
                council=council,
                title=title,
                key_decision=bool(entry.key_decision),
                access=access,
                exempt_paragraphs=paragraphs,
                decision_maker=(self.committee(council, maker, create=False) if maker else None),
                decision_maker_text=maker,
                decision_date=when,
                portfolio_holder_text=_cut(entry.portfolio_holder, 300),
                officer=self.person(council, entry.officer, kind=None) if entry.officer else None,
                officer_text=_cut(entry.officer, 300),
                import_record=record,
            )
            count += 1
        return count

    # ---- documents

    def documents(
        self,
        council: Council,
        meeting: Meeting,
        record: ImportRecord,
        items: dict[str, AgendaItem],
        reports: list[tuple[PackReport, Report]],
    ) -> int:
        by_item: dict[str, list[Report]] = {}
        for rep, row in reports:
            by_item.setdefault(rep.agenda_item or "", []).append(row)
        claimed: set[int] = set()
        for order, doc in enumerate(self.pack.documents, start=1):
            item = items.get(doc.agenda_item or "")
            candidates = by_item.get(doc.agenda_item or "", []) if doc.agenda_item else []
            report = None
            if doc.kind == "report":
                free = [r for r in candidates if r.pk not in claimed]
                same = [r for r in free if norm_key(r.title) == norm_key(doc.title)]
                pick = same or free
                report = pick[0] if pick else None
                if report is not None:
                    claimed.add(report.pk)
            elif doc.kind in ("appendix", "exempt") and candidates:
                report = candidates[0]
            paragraphs = set(item.exempt_paragraphs if item is not None else [])
            if report is not None:
                paragraphs |= set(report.exempt_paragraphs)
            text = doc.text
            restricted = doc.kind == "exempt" or (report is not None and report.pk in self.withheld)
            if restricted and not paragraphs:
                text = ""  # restricted with no paragraph stated: keep the title only
            first, last = self._pages(doc)
            Document.officer_objects.create(
                council=council,
                kind=_DOC_KINDS.get(doc.kind, DocumentKind.OTHER),
                title=_cut(doc.title, 500) or doc.kind.replace("_", " ").capitalize(),
                media_type="text/plain",
                pages=(last - first + 1) if first and last else None,
                extracted_text=_text(text),
                meeting=meeting,
                report=report,
                order=order,
                label=_label(doc.title) if doc.kind == "appendix" else "",
                exempt_paragraphs=sorted(paragraphs),
                source=DocumentSource.IMPORTED,
                import_record=record,
                published_at=meeting.published_at,
            )
        return len(self.pack.documents)


def write_pack(
    pack: Pack, *, council_slug: str | None, source_path: Path | str | None = None
) -> ImportResult:
    """Write one pack into the database in one transaction (all or nothing).

    Raises PackError (ImportConflict for a live meeting) when the pack cannot be filed;
    any other exception also rolls everything back.
    """
    name = Path(source_path).name if source_path else pack.source.file
    with transaction.atomic():
        return _Writer(pack, council_slug, name or pack.source.file).run()
