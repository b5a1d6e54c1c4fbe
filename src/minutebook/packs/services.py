"""Generating packs and minutes and keeping them as versioned Documents.

Each product (agenda pack, a supplement, minutes) is stored for each audience and
format as a ``Document``; ``GeneratedDocument`` remembers the fingerprint of what it
was built from, so asking again when nothing changed is free, and a change makes a new
version (``version`` + 1, ``replaces`` the old one). Only the current version stays
attached to the meeting, so the meeting page lists each file once; earlier versions
stay reachable through ``replaces``.

A build is published whole (``publishing``): every file is written completely first,
then one transaction makes them all current, so a PDF is never public without its
HTML twin and a failed build leaves the previous version as it was.

The public pack is never exempt; the members' pack (made only when the meeting has
exempt papers) is exempt under the union of their paragraphs, so ``public_objects``
never returns it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from minutebook.core.saving import save_each
from minutebook.documents.models import Document, DocumentKind, DocumentSource, MadeFrom
from minutebook.meetings.models import AgendaItem, Meeting, Supplement
from minutebook.packs.html import render_html
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.pdf import Layout, assemble, layout
from minutebook.packs.source import PackSource, build_source, previous_minutes

logger = logging.getLogger(__name__)


class MinutesLocked(Exception):
    """Approved minutes are signed: they are never regenerated."""


@dataclass
class Output:
    audience: str
    format: str
    data: bytes
    pages: int | None
    exempt_paragraphs: list[int]


def pdf_text(data: bytes) -> str:
    """The PDF's text, page by page (for the Document's search text)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        return "\n\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def exempt_paragraphs_of(source: PackSource) -> list[int]:
    paragraphs: set[int] = set()
    for item in source.items:
        if item.has_pages and item.is_exempt:
            paragraphs.update(item.exempt_paragraphs)
        for appendix in item.appendices:
            paragraphs.update(appendix.exempt_paragraphs)
    return sorted(paragraphs)


def _name(meeting: Meeting, product: str, audience: str, fmt: str, number: int | None) -> str:
    parts = [meeting.committee.slug, meeting.slug, product.replace("_", "-")]
    if number:
        parts.append(str(number))
    if audience == Audience.MEMBERS:
        parts.append("members")
    return slugify("-".join(parts)) + "." + fmt


@dataclass
class Pending:
    """One rendered output waiting to be published, with its title and source fingerprint."""

    output: Output
    title: str
    fingerprint: str


_KINDS = {
    Product.AGENDA_PACK: DocumentKind.AGENDA_PACK,
    Product.SUPPLEMENT: DocumentKind.SUPPLEMENT,
    Product.MINUTES: DocumentKind.MINUTES,
}


def _discard(documents: list[Document]) -> None:
    """Remove files no row refers to (a build that failed), best effort."""
    for document in documents:
        if document.file.name:
            try:
                document.file.storage.delete(document.file.name)
            except OSError:
                logger.exception("Could not remove the unpublished file %s", document.file.name)


def _write_files(
    meeting: Meeting, product: str, pending: list[Pending], supplement: Supplement | None
) -> list[Document]:
    """Each output written, complete, to its own new file; unsaved Documents for them.

    The storage writes each file to a temporary name and names it only when complete, so
    a failure (a full disk) leaves no partial file; the files already written for this
    build are removed too, since no row will ever refer to them.
    """
    number = supplement.number if supplement else None
    documents: list[Document] = []
    try:
        for item in pending:
            output = item.output
            document = Document(
                council=meeting.council,
                kind=_KINDS[Product(product)],
                title=item.title,
                meeting=meeting,
                media_type="application/pdf" if output.format == Format.PDF else "text/html",
                pages=output.pages,
                extracted_text=pdf_text(output.data) if output.format == Format.PDF else "",
                source=DocumentSource.GENERATED,
                published_at=(supplement.published_at if supplement else meeting.published_at),
                exempt_paragraphs=output.exempt_paragraphs,
            )
            document.file.save(
                _name(meeting, product, output.audience, output.format, number),
                ContentFile(output.data),
                save=False,
            )
            documents.append(document)
    except BaseException:
        if documents:
            logger.warning(
                "Writing %s of %s failed; removing the files already written: %s",
                product,
                meeting,
                ", ".join(str(d.file.name) for d in documents),
            )
        _discard(documents)
        raise
    return documents


def sources_of(meeting: Meeting, product: str) -> list[tuple[str, int]]:
    """What a pack or minutes document of ``meeting`` is made from (its ``MadeFrom`` rows).

    Every agenda item, report and report file of the meeting, exempt ones included (a
    public copy printed only what was public when it was built, and a row becomes
    exempt only from public, so a match is always content the copy may hold); minutes
    add the minute items and decisions.
    """
    from minutebook.decisions.models import Decision, MinuteItem

    found: list[tuple[str, int]] = [("meetings.meeting", meeting.pk)]
    items = AgendaItem.public_objects.filter(meeting=meeting)
    found += [("meetings.agendaitem", pk) for pk in items.values_list("pk", flat=True)]
    report_ids = set(items.exclude(report=None).values_list("report_id", flat=True))
    found += [("reports.report", pk) for pk in sorted(report_ids)]
    files = Document.officer_objects.filter(report_id__in=report_ids)
    found += [("documents.document", pk) for pk in files.values_list("pk", flat=True)]
    if product == Product.AGENDA_PACK:
        # The previous meeting's minutes, printed under the minutes item: the file and
        # what it holds, so that a minute or decision made exempt withdraws this pack too.
        minutes_doc = previous_minutes(meeting)
        if minutes_doc is not None:
            before = minutes_doc.meeting_id
            found.append(("documents.document", minutes_doc.pk))
            found += [
                ("decisions.minuteitem", pk)
                for pk in MinuteItem.officer_objects.filter(meeting_id=before).values_list(
                    "pk", flat=True
                )
            ]
            found += [
                ("decisions.decision", pk)
                for pk in Decision.officer_objects.filter(meeting_id=before).values_list(
                    "pk", flat=True
                )
            ]
    if product == Product.MINUTES:
        minutes = MinuteItem.officer_objects.filter(meeting=meeting)
        found += [("decisions.minuteitem", pk) for pk in minutes.values_list("pk", flat=True)]
        decisions = Decision.officer_objects.filter(meeting=meeting)
        found += [("decisions.decision", pk) for pk in decisions.values_list("pk", flat=True)]
    return found


def record_sources(document: Document, sources: list[tuple[str, int]]) -> None:
    MadeFrom.objects.bulk_create(
        [MadeFrom(document=document, source_type=t, source_id=i) for t, i in sources],
        ignore_conflicts=True,
    )


def _switch(
    meeting: Meeting,
    product: str,
    item: Pending,
    document: Document,
    supplement: Supplement | None,
    lock: bool,
    sources: list[tuple[str, int]],
    replace_locked: bool = False,
) -> GeneratedDocument:
    """Make ``document`` the current version of its output (inside the caller's transaction)."""
    output = item.output
    existing = (
        GeneratedDocument.objects.select_for_update()
        .filter(
            meeting=meeting,
            product=product,
            audience=output.audience,
            format=output.format,
            supplement=supplement,
        )
        .first()
    )
    if existing is not None and existing.locked and not replace_locked:
        raise MinutesLocked(f"{existing} is approved and locked; it cannot be replaced.")
    previous = (
        Document.officer_objects.filter(pk=existing.document_id).first() if existing else None
    )
    document.version = (previous.version + 1) if previous else 1
    document.replaces = previous
    document.save()
    record_sources(document, sources)
    if previous is not None:
        # The earlier version and its file stay, reachable through ``replaces``.
        previous.meeting = None
        previous.save(update_fields=["meeting"])
    if existing is None:
        existing = GeneratedDocument(
            meeting=meeting,
            product=product,
            audience=output.audience,
            format=output.format,
            supplement=supplement,
        )
    existing.document = document
    existing.fingerprint = item.fingerprint
    existing.pages = output.pages
    existing.locked = lock
    existing.save()
    return existing


@contextmanager
def publishing(
    meeting: Meeting,
    product: str,
    pending: list[Pending],
    supplement: Supplement | None = None,
    *,
    lock: bool = False,
    replace_locked: bool = False,
) -> Iterator[list[GeneratedDocument]]:
    """Publish ``pending`` together or not at all; the block runs in the same transaction.

    Every file is written in full first; only then do the rows that make them current
    switch, all in one transaction, so a PDF is never public without its HTML twin. If
    a file cannot be written, or the transaction fails (the block raising included),
    the new files are removed and the previous version (rows and files) stays current.
    A caller's outer transaction that rolls back later leaves the new files orphaned
    but complete.
    """
    documents = _write_files(meeting, product, pending, supplement)
    try:
        with transaction.atomic():
            sources = sources_of(meeting, product)
            yield [
                _switch(meeting, product, item, document, supplement, lock, sources, replace_locked)
                for item, document in zip(pending, documents, strict=True)
            ]
    except BaseException:
        _discard(documents)
        raise


def store(
    meeting: Meeting,
    product: str,
    output: Output,
    fingerprint: str,
    title: str,
    supplement: Supplement | None = None,
    *,
    lock: bool = False,
) -> GeneratedDocument:
    """Save ``output`` alone as the current version of its Document (a new version)."""
    with publishing(
        meeting, product, [Pending(output, title, fingerprint)], supplement, lock=lock
    ) as stored:
        pass
    return stored[0]


def _current(
    meeting: Meeting, product: str, supplement: Supplement | None
) -> list[GeneratedDocument]:
    return list(
        GeneratedDocument.objects.filter(meeting=meeting, product=product, supplement=supplement)
    )


def pack_outputs(lay: Layout, exempt: list[int]) -> list[Output]:
    """Public PDF and HTML; the members' versions too when anything is exempt."""
    outputs = [
        Output(Audience.PUBLIC, Format.PDF, assemble(lay, "public"), lay.page_count, []),
        Output(Audience.PUBLIC, Format.HTML, render_html(lay, "public").encode(), None, []),
    ]
    if exempt:
        outputs += [
            Output(Audience.MEMBERS, Format.PDF, assemble(lay, "members"), lay.page_count, exempt),
            Output(
                Audience.MEMBERS, Format.HTML, render_html(lay, "members").encode(), None, exempt
            ),
        ]
    return outputs


def generate_pack(
    meeting: Meeting, supplement: Supplement | None = None, *, force: bool = False
) -> list[GeneratedDocument]:
    """Build (or rebuild, if its sources changed) the agenda pack or one supplement pack."""
    source = build_source(meeting, supplement)
    fingerprint = source.fingerprint()
    product = Product.SUPPLEMENT if supplement is not None else Product.AGENDA_PACK
    current = _current(meeting, product, supplement)
    exempt = exempt_paragraphs_of(source)
    wanted = 4 if exempt else 2
    if not force and len(current) == wanted and all(g.fingerprint == fingerprint for g in current):
        return current
    lay = layout(source)
    label = "Agenda pack" if supplement is None else str(supplement)
    pending = []
    for output in pack_outputs(lay, exempt):
        title = label
        if output.audience == Audience.MEMBERS:
            title += " (members' version, includes exempt items)"
        if output.format == Format.HTML:
            title += " (accessible web page)"
        pending.append(Pending(output, title, fingerprint))
    with publishing(meeting, product, pending, supplement) as stored:
        # A pack no longer holding exempt papers has no members' version any more.
        for g in current:
            if g.audience == Audience.MEMBERS and not exempt:
                save_each(Document.officer_objects.filter(pk=g.document_id), meeting=None)
                g.delete()
        if supplement is None:
            _record_pages(meeting, lay)
    return stored


@dataclass
class MembersPacks:
    """The members' versions of a meeting's packs, each by format ("pdf", "html")."""

    #: The current members' agenda pack; empty when the meeting has no exempt papers.
    agenda: dict[str, Document]
    #: Each published supplement that has a members' version, by supplement number.
    supplements: list[tuple[Supplement, dict[str, Document]]]


def members_packs(meeting: Meeting) -> MembersPacks:
    """The members' agenda pack of ``meeting`` and each published supplement's, by format.

    A members' version exists only where there are exempt papers (see ``pack_outputs``):
    a meeting without any has an empty ``agenda``, and a supplement without any is left
    out of ``supplements``. Supplements count once published (``published_at`` passed).
    Whoever serves these must check ``can(user, "exempt.read", document)`` first.
    """
    rows = (
        GeneratedDocument.objects.filter(meeting=meeting, audience=Audience.MEMBERS)
        .filter(
            Q(product=Product.AGENDA_PACK, supplement=None)
            | Q(product=Product.SUPPLEMENT, supplement__published_at__lte=timezone.now())
        )
        .select_related("supplement")
        .order_by("supplement__number", "format")
    )
    documents = Document.officer_objects.in_bulk([row.document_id for row in rows])
    agenda: dict[str, Document] = {}
    found: dict[int, tuple[Supplement, dict[str, Document]]] = {}
    for row in rows:
        doc = documents.get(row.document_id)
        if doc is None or not doc.file:
            continue
        if row.product == Product.AGENDA_PACK:
            agenda[row.format] = doc
        elif row.supplement is not None:
            found.setdefault(row.supplement.pk, (row.supplement, {}))[1][row.format] = doc
    return MembersPacks(agenda=agenda, supplements=list(found.values()))


def _record_pages(meeting: Meeting, lay: Layout) -> None:
    """Write the pack's page ranges onto the agenda, which the meeting page shows."""
    for item in lay.source.items:
        if not item.number:
            continue
        first, last = lay.ranges.get(item.anchor, (None, None))
        rows = AgendaItem.public_objects.filter(meeting=meeting, number=item.number)
        changed = [r for r in rows if (r.first_page, r.last_page) != (first, last)]
        save_each(changed, first_page=first, last_page=last)
