"""Writing one parsed agenda pack (``minutebook-pack/1``) into the database.

``write_pack`` is the only entry point. It writes in one transaction, so a pack is either
imported whole or not at all. The pack's meeting is the unit of identity: the same file
(same SHA-256, same parsed result) changes nothing; a different file for the same council,
committee and date replaces that meeting's imported children in place, keeping its id.

The transaction is kept short, because on SQLite it holds the one write lock that officers'
saves and sign-ins wait for: ``prepare`` first does everything that needs no lock (loading
the modules the save signals use, the stored JSON, the parser version, the same-file check,
the matching of council, committee and meeting, and the other imports' printed minutes and
plan entries), and the transaction only writes, re-reading just what it must.

What the import owns, and may therefore delete on re-import: the meeting's agenda items,
the reports and documents hanging off them, the forward-plan entries it created, and the
minute items it wrote (found through the previous pack JSON kept on the ImportRecord).
Councils, committees, people, memberships and venues are matched and shared, never deleted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from minutebook.committees.models import Committee, Membership, MembershipRole
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document, DocumentKind, DocumentSource
from minutebook.forwardplan.models import Access, ForwardPlanEntry
from minutebook.importer.errors import PackError
from minutebook.importer.fields import DOC_KINDS as _DOC_KINDS
from minutebook.importer.fields import ROLES as _ROLES
from minutebook.importer.fields import STANDING_RULES as _STANDING_RULES
from minutebook.importer.fields import clean as _text
from minutebook.importer.fields import cut as _cut
from minutebook.importer.fields import guess as _guess
from minutebook.importer.fields import iso_date as _iso
from minutebook.importer.fields import label as _label
from minutebook.importer.fields import local as _local
from minutebook.importer.fields import norm_key, parser_version
from minutebook.importer.fields import paragraphs as _paragraphs
from minutebook.importer.fields import plan_key as _plan_key
from minutebook.importer.models import ImportRecord
from minutebook.importer.pack import AgendaItem as PackItem
from minutebook.importer.pack import Minutes, Pack, PackDocument
from minutebook.importer.pack import Report as PackReport
from minutebook.importer.prepare import Archive, ImportResult, Matcher, Prepared, prepare
from minutebook.importer.safety import fullness, shrinks, take_locks
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Venue
from minutebook.people.models import PersonKind
from minutebook.reports.models import Report, ReportAuthor, ReportPurpose


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


__all__ = [
    "ImportConflict",
    "ImportResult",
    "Prepared",
    "SmallerPack",
    "norm_key",
    "parser_version",
    "prepare",
    "write_pack",
]

#: PostgreSQL: how long one statement of the import's transaction may run. Longer than the
#: web's statement_timeout (settings), since one import writes megabytes in a statement.
IMPORT_STATEMENT_TIMEOUT = "5min"


class ImportConflict(PackError):
    """The pack would overwrite records that the importer does not own (a live meeting)."""


class SmallerPack(ImportConflict):
    """The pack holds less than the import of its meeting already held (a fragment or a
    partial file): refused unless ``replace``."""


# --------------------------------------------------------------------------- the writer


class _Writer(Matcher):
    """One pack, one transaction. Methods run in the order of ``run``."""

    def __init__(self, prepared: Prepared) -> None:
        super().__init__(prepared)
        self.withheld: set[int] = set()  # reports restricted without a stated paragraph
        self.review = False  # something was withheld for an officer to decide

    def archive(self, council: Council, keep: int | None = None) -> Archive:
        """The council's imports' printed minutes and plan entries (``Archive``), as read by
        ``prepare``, or read again when another import has changed them since."""
        archive = self.prepared.archive
        if archive is None or not archive.current(council.pk, keep):
            archive = self.prepared.archive = Archive.read(council.pk, keep)
        return archive

    def run(self) -> ImportResult:
        pack = self.pack
        council = self.council()
        assert council is not None
        # Another import of these very contents may have committed while this one waited
        # for its locks: then nothing is written again (and no id changes).
        again = self.same_file(council)
        if again is not None:
            return again
        day = self.prepared.day
        assert day is not None
        committee = self.committee(council, pack.meeting.committee or "")
        assert committee is not None
        meeting = self.find_meeting(committee, day, pack.meeting.time, own_file=True)
        if meeting is not None and not meeting.is_imported:
            raise ImportConflict(
                f"{committee.name} already has a meeting on {day:%d %B %Y} that was not "
                "imported; an archive import does not overwrite it"
            )
        record = None
        if meeting is not None:
            # The old pack only for its minutes, from the archive: not megabytes of JSON.
            records = ImportRecord.objects.defer("pack")
            record = (
                records.filter(pk=meeting.import_record_id).first()
                or records.filter(meeting=meeting).order_by("-pk").first()
            )
            old_minutes: list[Any] = []
            if record is not None and record.meeting_id == meeting.pk:
                old_minutes = self.archive(council, record.pk).old_minutes[record.pk]
            else:
                record = None  # created for minutes only: this pack is its first own import
            if record is not None:
                self.refuse_smaller(record)
            status = "updated"
            self.clear(meeting, old_minutes)
        else:
            status = "created"
        if record is None:
            record = ImportRecord(council=council)
        record.council = council
        record.source_file = self.source_file
        record.sha256 = pack.source.sha256
        record.parser_version = self.prepared.version
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
        minute_count = self.minutes(council, committee, record)
        plan_count = self.forward_plan(council, record)
        doc_count = self.documents(council, meeting, record, items, reports)
        self.link_minutes(meeting)
        if self.warnings or self.review != record.needs_exempt_review:
            record.warnings = [*record.warnings, *self.warnings]
            record.needs_exempt_review = self.review
            record.save(update_fields=["warnings", "needs_exempt_review"])
        result = self.result(status, council, meeting, record)
        result.agenda_items = len(items)
        result.reports = len(reports)
        result.minute_items = minute_count
        result.plan_entries = plan_count
        result.documents = doc_count
        return result

    def refuse_smaller(self, record: ImportRecord) -> None:
        """A pack that would lose part of the meeting's import is refused, unless
        ``replace``; one that keeps or adds to everything is written over it."""
        if self.prepared.replace:
            return
        held = self.prepared.held
        if held is None or held[0] != record.pk:
            data = ImportRecord.objects.filter(pk=record.pk).values_list("pack", flat=True)[0]
            held = (record.pk, fullness(data if isinstance(data, dict) else {}))
        lost = shrinks(held[1], fullness(self.data))
        if lost:
            raise SmallerPack(
                f"holds less than the import of this meeting already held from "
                f"{record.source_file} ({', '.join(lost)}); refused so that a partial file "
                "does not replace a fuller one: use --replace to replace it"
            )

    def clear(self, meeting: Meeting, old_minutes: list[Any]) -> None:
        """Remove what an earlier import of this meeting wrote, before writing it again."""
        records = set(ImportRecord.objects.filter(meeting=meeting).values_list("pk", flat=True))
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
        council = meeting.committee.council
        archive = self.archive(council)
        self.release_plan_entries(archive, records)
        # Minutes this pack wrote before, unless another imported pack prints them too.
        elsewhere = archive.minutes_elsewhere(records)
        for old in old_minutes:
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
    def release_plan_entries(archive: Archive, records: set[int]) -> None:
        """Delete the plan entries these imports created, except those another imported pack
        also printed (it was matched to them rather than creating its own): hand those over."""
        entries = list(ForwardPlanEntry.objects.filter(import_record_id__in=records))
        if not entries:
            return
        printed = archive.plan_owners(records)
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
                self.review = True
                self.warnings.append(
                    f"report {rep.title!r} is restricted but names no Schedule 12A paragraph: "
                    "only its title was imported; an officer should decide its status"
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

    def minutes(self, council: Council, main: Committee, record: ImportRecord) -> int:
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

    def closed_minute(self, title: str | None, resolution: str | None) -> list[int] | None:
        """The paragraphs of the exempt document that prints this minute, [] for an undecided
        one, None when no closed document holds it (the minute is public)."""
        needles = [_squash(t)[:120] for t in (resolution, title) if t and len(_squash(t)) >= 12]
        if not needles:
            return None
        for doc in self.pack.documents:
            if doc.access == "public":
                continue
            haystack = _squash(doc.text)
            if any(n in haystack for n in needles):
                return list(doc.exempt_paragraphs)
        return None

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
            closed = self.closed_minute(item.title, item.resolution)
            row = MinuteItem(
                meeting=meeting,
                number=number,
                printed_number="" if item.number == str(number) else _cut(item.number, 20),
                title=_cut(item.title, 500),
                resolution=_text(item.resolution),
            )
            if closed:  # printed in an exempt part of the pack: exempt too
                row.exempt_paragraphs = closed
            elif closed == []:  # marked restricted, no paragraph: held back without text
                row.title = f"Minute {item.number} (withheld: exempt status to be decided)"
                row.resolution = ""
            row.save()
            if closed == []:
                self.review = True
                self.warnings.append(
                    f"minute {item.number} is in a part of the pack marked restricted with no "
                    "Schedule 12A paragraph: held back as exempt for an officer to decide"
                )
            if item.resolution and closed is None:
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
            # The document's own marking, its item's and its report's: any one makes it exempt.
            paragraphs = set(_paragraphs(doc.exempt_paragraphs))
            if item is not None:
                paragraphs |= set(item.exempt_paragraphs)
            if report is not None:
                paragraphs |= set(report.exempt_paragraphs)
            text = doc.text
            title = _cut(doc.title, 500) or doc.kind.replace("_", " ").capitalize()
            restricted = (
                doc.kind == "exempt"
                or doc.access != "public"
                or (report is not None and report.pk in self.withheld)
            )
            if restricted and not paragraphs:
                # Restricted with no valid paragraph stated: held with no text (fail closed).
                text = ""
                if doc.access == "undecided":
                    # Its heading may itself be exempt information: a neutral title.
                    title = (
                        f"{_label(doc.title) or 'Document'} (withheld: exempt status to be decided)"
                    )
                    self.review = True
                    self.warnings.append(
                        f"document {doc.title!r} withheld: its exempt status is undecided; "
                        "an officer should decide it"
                    )
            first, last = self._pages(doc)
            Document.officer_objects.create(
                council=council,
                kind=_DOC_KINDS.get(doc.kind, DocumentKind.OTHER),
                title=title,
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


@contextmanager
def _write_transaction() -> Iterator[None]:
    """The import's one transaction. On PostgreSQL its statements may run for
    ``MINUTEBOOK_IMPORT_STATEMENT_TIMEOUT`` (SET LOCAL, so it ends with the transaction;
    inside an outer transaction, where it would outlive the savepoint, it is put back)."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        previous = None
        if connection.vendor == "postgresql":
            limit = getattr(
                settings, "MINUTEBOOK_IMPORT_STATEMENT_TIMEOUT", IMPORT_STATEMENT_TIMEOUT
            )
            with connection.cursor() as cursor:
                # lock_timeout too: another import of the same meeting or people holds their
                # advisory locks (``safety``) for its whole transaction, and this one waits.
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "current_setting('lock_timeout'), "
                    "set_config('statement_timeout', %s, true), "
                    "set_config('lock_timeout', %s, true)",
                    [str(limit), str(limit)],
                )
                previous = cursor.fetchone()[:2]
        yield
        if nested and previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('lock_timeout', %s, true)",
                    list(previous),
                )


def write_pack(
    pack: Pack,
    *,
    council_slug: str | None,
    source_path: Path | str | None = None,
    replace: bool = False,
) -> ImportResult:
    """Write one pack into the database in one short transaction (all or nothing).

    Raises PackError (ImportConflict for a live meeting, SmallerPack for a pack holding less
    than the meeting's import, unless ``replace``) when the pack cannot be filed;
    any other exception also rolls everything back. The result tells how long the
    transaction held the database (``transaction_seconds``).
    """
    prepared = prepare(pack, council_slug=council_slug, source_path=source_path, replace=replace)
    if prepared.unchanged is not None:
        return prepared.unchanged
    with _write_transaction():
        started = time.perf_counter()  # SQLite's write lock is held from here (IMMEDIATE)
        take_locks(prepared.locks)  # PostgreSQL: one lock per meeting, person... (``safety``)
        result = _Writer(prepared).run()
    result.transaction_seconds = time.perf_counter() - started
    return result
