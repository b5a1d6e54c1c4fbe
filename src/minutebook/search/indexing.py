"""What goes into the public search index, and when.

Every source is read through ``public_objects`` (or a model that holds no exempt
content), and only once the public may see it: a report or appendix once an agenda
that carries it is open to inspection, a decision once published, a forward plan
entry once in a published plan. ``entry_for`` returns ``None`` for anything else, and
``index`` then deletes any row the thing had, so a report made exempt, or an agenda
withdrawn, leaves the index at the next save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse

from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.forwardplan.published import PublishedEntry, published_entries, published_entry
from minutebook.meetings.item_links import item_url
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Ward
from minutebook.reports.models import SECTION_FIELDS, Report
from minutebook.search.fulltext import clean_text, optimize
from minutebook.search.models import EntryKind, SearchEntry


def _join(*parts: str) -> str:
    return clean_text("\n\n".join(p.strip() for p in parts if p and p.strip()))


def _open_meeting(meeting: Meeting) -> bool:
    return meeting.is_imported or meeting.published_at is not None


def _item_url(meeting: Meeting, item: AgendaItem) -> str:
    return item_url(meeting, item) or meeting.get_absolute_url()


def _document_url(document: Document, fallback: str) -> str:
    if not document.file:
        return fallback
    return reverse(
        "publishing:document",
        kwargs={"council": document.council.slug, "pk": document.pk},
    )


def _published_item_for_report(report_id: int) -> AgendaItem | None:
    """The earliest open agenda item carrying the report: the report is public from then."""
    return (
        AgendaItem.public_objects.carrying_papers()
        .filter(report_id=report_id)
        .select_related("meeting__committee__council")
        .order_by("meeting__start", "order")
        .first()
    )


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    return {
        "council_id": meeting.committee.council_id,
        "committee_id": meeting.committee_id,
        "meeting_id": meeting.pk,
        "date": meeting.date,
        "is_imported": meeting.is_imported,
    }


def report_entry(pk: int) -> dict[str, Any] | None:
    report = Report.public_objects.filter(pk=pk).first()
    item = _published_item_for_report(pk) if report is not None else None
    if report is None or item is None:
        return None
    meeting = item.meeting
    return {
        **_meeting_fields(meeting),
        "title": report.title,
        "body": _join(*(getattr(report, name) for name in SECTION_FIELDS)),
        "url": _item_url(meeting, item),
        "ward_ids": sorted(report.wards_affected.values_list("pk", flat=True)),
    }


def document_entry(pk: int) -> tuple[str, dict[str, Any]] | None:
    """An appendix (through its report) or a meeting's own document such as minutes.

    Only while the public may read it (``Document.open_to_inspection``): never a file of
    a meeting whose agenda is not published, or of a report not open to inspection.
    """
    document = (
        Document.public_objects.open_to_inspection().filter(pk=pk).select_related("council").first()
    )
    if document is None:
        return None
    if document.report_id is not None:
        item = _published_item_for_report(document.report_id)
        if item is None:
            return None
        fields = _meeting_fields(item.meeting)
        kind = EntryKind.APPENDIX
        fallback = _item_url(item.meeting, item)
    elif document.meeting_id is not None:
        meeting = (
            Meeting.objects.select_related("committee__council")
            .filter(pk=document.meeting_id)
            .first()
        )
        if meeting is None:
            return None
        fields = _meeting_fields(meeting)
        kind = EntryKind.DOCUMENT
        fallback = meeting.get_absolute_url()
    else:
        return None
    title = f"{document.label}: {document.title}" if document.label else document.title
    fields.update(
        title=title,
        body=_join(document.extracted_text),
        url=_document_url(document, fallback),
    )
    return kind, fields


def agenda_item_entry(pk: int) -> dict[str, Any] | None:
    """The agenda line itself: title and public description (exempt items' too, by law)."""
    item = (
        AgendaItem.public_objects.open_to_inspection()
        .select_related("meeting__committee__council")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        return None
    meeting = item.meeting
    return {
        **_meeting_fields(meeting),
        "title": item.title,
        # An exempt item is listed by title and paragraph only (fail closed: its
        # description may hold what made it exempt).
        "body": "" if item.is_exempt else _join(item.description),
        "url": _item_url(meeting, item),
    }


def minute_entry(pk: int) -> dict[str, Any] | None:
    # Published minutes only: a draft is not public unless the council publishes drafts
    # and the clerk marked it ready (``MinuteItemQuerySet.published``).
    minute = MinuteItem.public_objects.published().filter(pk=pk).first()
    if minute is None:
        return None
    meeting = (
        Meeting.objects.select_related("committee__council").filter(pk=minute.meeting_id).first()
    )
    if meeting is None:
        return None
    number = minute.printed_number or str(minute.number)
    return {
        **_meeting_fields(meeting),
        "title": f"{number}. {minute.title}",
        "body": _join(minute.text, minute.resolution),
        "url": f"{meeting.get_absolute_url()}#minutes",
    }


def decision_entry(pk: int) -> dict[str, Any] | None:
    # The current version only: a correction replaces the record it corrects.
    decision = (
        Decision.public_objects.published()
        .current()
        .filter(pk=pk)
        .select_related("council")
        .first()
    )
    if decision is None:
        return None
    meeting = (
        Meeting.objects.select_related("committee").filter(pk=decision.meeting_id).first()
        if decision.meeting_id
        else None
    )
    return {
        "council_id": decision.council_id,
        "committee_id": decision.decision_maker_id or (meeting.committee_id if meeting else None),
        "meeting_id": decision.meeting_id,
        "date": decision.date,
        "is_imported": bool(meeting and meeting.is_imported),
        "title": decision.title,
        "body": _join(decision.decision, decision.reasons, decision.alternatives_rejected),
        "url": reverse(
            "publishing:decision", kwargs={"council": decision.council.slug, "pk": decision.pk}
        ),
    }


def forward_plan_entry(pk: int) -> dict[str, Any] | None:
    row = (
        ForwardPlanEntry.objects.filter(pk=pk)
        .select_related("council", "decision_maker", "decision_maker_person")
        .first()
    )
    face = published_entry(row.council, pk) if row is not None else None
    return forward_plan_fields(row, face) if row is not None and face is not None else None


def forward_plan_fields(entry: ForwardPlanEntry, face: PublishedEntry) -> dict[str, Any] | None:
    """An entry in the words of the latest published plan version listing it
    (``forwardplan.published``), never the live row's unpublished edits; a withdrawn
    entry is not indexed. Publishing the plan re-indexes the entries it lists."""
    if entry.is_withdrawn:
        return None
    printed = face.snapshot
    url = reverse("publishing:forward_plan", kwargs={"council": entry.council.slug})
    decided = printed.get("decision_date")
    # The row's committee and wards only as far as the plan printed them.
    named = entry.decision_maker_id and entry.decision_maker_name == printed.get("decision_maker")
    wards = Ward.objects.filter(council_id=entry.council_id, name__in=printed.get("wards") or [])
    return {
        "council_id": entry.council_id,
        "committee_id": entry.decision_maker_id if named else None,
        "meeting_id": None,
        "date": date.fromisoformat(decided) if decided else face.first_published,
        "is_imported": entry.import_record_id is not None,
        "title": f"{face.reference}: {face.title}" if face.reference else face.title,
        "body": _join(
            str(printed.get("description") or ""),
            str(printed.get("consultation") or ""),
            str(printed.get("documents") or ""),
        ),
        "url": f"{url}#entry-{entry.pk}",
        "ward_ids": sorted(wards.values_list("pk", flat=True)),
    }


def index_forward_plan(council: Council, pks: Iterable[int], *, notify: bool = True) -> int:
    """Re-index the council's entries ``pks``, their published words read in one pass
    (publishing the plan, a rebuild); returns how many are in the index."""
    rows = list(
        ForwardPlanEntry.objects.filter(council=council, pk__in=set(pks)).select_related(
            "council", "decision_maker", "decision_maker_person"
        )
    )
    faces = published_entries(council, [e.pk for e in rows])
    count = 0
    for entry in rows:
        face = faces.get(entry.pk)
        fields = forward_plan_fields(entry, face) if face is not None else None
        built = None if fields is None else (EntryKind.FORWARD_PLAN, fields)
        count += store("forward_plan", entry.pk, built, notify=notify) is not None
    return count


def _fixed(kind: str, build: Callable[[int], dict[str, Any] | None]) -> Callable[..., Any]:
    def entry(pk: int) -> tuple[str, dict[str, Any]] | None:
        fields = build(pk)
        return None if fields is None else (kind, fields)

    return entry


#: Source name -> function giving (kind, fields) for one object, or None when not public.
SOURCES: dict[str, Callable[[int], tuple[str, dict[str, Any]] | None]] = {
    "report": _fixed(EntryKind.REPORT, report_entry),
    "document": document_entry,
    "agenda_item": _fixed(EntryKind.AGENDA_ITEM, agenda_item_entry),
    "minute": _fixed(EntryKind.MINUTE, minute_entry),
    "decision": _fixed(EntryKind.DECISION, decision_entry),
    "forward_plan": _fixed(EntryKind.FORWARD_PLAN, forward_plan_entry),
}
#: The index kinds each source can write (a document is an appendix or a meeting document).
SOURCE_KINDS: dict[str, tuple[str, ...]] = {
    "report": (EntryKind.REPORT,),
    "document": (EntryKind.APPENDIX, EntryKind.DOCUMENT),
    "agenda_item": (EntryKind.AGENDA_ITEM,),
    "minute": (EntryKind.MINUTE,),
    "decision": (EntryKind.DECISION,),
    "forward_plan": (EntryKind.FORWARD_PLAN,),
}

#: Called with each newly created entry (alerts subscribe here); not during rebuilds.
on_new_entry: list[Callable[[SearchEntry], None]] = []


def index(source: str, pk: int, *, notify: bool = True) -> SearchEntry | None:
    """Bring one object's row in step with what the public may see of it now."""
    return store(source, pk, SOURCES[source](pk), notify=notify)


def store(
    source: str, pk: int, built: tuple[str, dict[str, Any]] | None, *, notify: bool = True
) -> SearchEntry | None:
    """Write (or, for ``None``, delete) one object's row from what ``SOURCES`` built."""
    stale = SearchEntry.objects.filter(kind__in=SOURCE_KINDS[source], object_id=pk)
    if built is None:
        stale.delete()
        return None
    kind, fields = built
    stale.exclude(kind=kind).delete()
    entry, created = SearchEntry.objects.update_or_create(kind=kind, object_id=pk, defaults=fields)
    if created and notify:
        for callback in on_new_entry:
            callback(entry)
    return entry


def index_later(source: str, pks: Iterable[int]) -> None:
    """Index after the transaction commits, so a rolled-back save leaves no row."""
    ids = sorted(set(pks))
    if ids:
        transaction.on_commit(lambda: [index(source, pk) for pk in ids])


def source_ids(council_id: int | None = None) -> Iterator[tuple[str, int]]:
    """Every candidate object, public or not: ``index`` decides."""

    def scoped(qs: Any, field: str = "council_id") -> Any:
        return qs.filter(**{field: council_id}) if council_id is not None else qs

    for pk in scoped(Report.public_objects.all()).values_list("pk", flat=True).iterator():
        yield "report", pk
    for pk in scoped(Document.public_objects.all()).values_list("pk", flat=True).iterator():
        yield "document", pk
    items = scoped(AgendaItem.public_objects.all(), "meeting__committee__council_id")
    for pk in items.values_list("pk", flat=True).iterator():
        yield "agenda_item", pk
    minutes = scoped(MinuteItem.public_objects.all(), "committee__council_id")
    for pk in minutes.values_list("pk", flat=True).iterator():
        yield "minute", pk
    for pk in scoped(Decision.public_objects.all()).values_list("pk", flat=True).iterator():
        yield "decision", pk
    for pk in scoped(ForwardPlanEntry.objects.all()).values_list("pk", flat=True).iterator():
        yield "forward_plan", pk


def rebuild(council_id: int | None = None) -> int:
    """Rebuild the index from scratch (optionally one council's part); returns rows.

    Ends by compacting the full-text index (``fulltext.optimize``).
    """
    with transaction.atomic():
        stale = SearchEntry.objects.all()
        if council_id is not None:
            stale = stale.filter(council_id=council_id)
        stale.delete()
        count = 0
        plan: dict[int, list[int]] = {}
        for source, pk in list(source_ids(council_id)):
            if source == "forward_plan":
                continue
            if index(source, pk, notify=False) is not None:
                count += 1
        # Entries council by council: each council's plan versions are read once.
        entries = ForwardPlanEntry.objects.all()
        if council_id is not None:
            entries = entries.filter(council_id=council_id)
        for pk, owner in entries.values_list("pk", "council_id"):
            plan.setdefault(owner, []).append(pk)
        for council in Council.objects.filter(pk__in=plan):
            count += index_forward_plan(council, plan[council.pk], notify=False)
    optimize()
    return count
