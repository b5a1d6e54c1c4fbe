"""Review of an import in the back office: upload, read (by the worker), correct, accept.

An officer uploads one or more files, or a zip of one meeting's documents. Every file goes
through the project's file gate (``documents.uploads.check_upload``: the council's size limit,
content allowlist); only PDFs and text are kept. A zip is opened here, never extracted to disk
under its members' names: members are read into memory (capped in count, declared and actual
size, compression ratio), named by their last path part only, and each passes the gate like a
file uploaded on its own.

The worker reads the files (``read_review``, queued from ``tasks``): one file gives its pack,
several are merged into one meeting by ``folder.merge``. The officer sees what was read beside
the page it came from, corrects fields, and accepts: ``accept`` applies the corrections to the
pack, writes it through ``writer.write_pack`` (one transaction, the usual idempotency and
exempt handling) and keeps the corrections on the ``ImportRecord``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from minutebook.documents.uploads import MB, check_upload
from minutebook.importer.errors import PackError
from minutebook.importer.isolate import Limits
from minutebook.importer.models import ImportRecord, ImportReview, ReviewFile, ReviewStatus

__all__ = [
    "MAX_FILES",
    "ReviewError",
    "accept",
    "create_review",
    "read_review",
    "unpack",
]

#: Files in one review (uploaded together or inside one zip).
MAX_FILES = 60
#: A meeting zip: at most this many members and this many bytes once inflated.
ZIP_MAX_MEMBERS = 200
ZIP_MAX_TOTAL = 300 * MB
ZIP_MAX_RATIO = 100
#: What the importer reads (``documents.uploads`` type keys).
IMPORTABLE = frozenset({"pdf", "text"})


class ReviewError(Exception):
    """An upload or acceptance that cannot go ahead; the message is for the officer."""


@dataclass(slots=True)
class Incoming:
    name: str
    data: bytes
    media_type: str
    pages: int | None


def _is_zip(upload: Any, name: str) -> bool:
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return head == b"PK\x03\x04" and name.lower().endswith(".zip")


def _gate(data: bytes, name: str, max_mb: int) -> Incoming:
    """One file through the project's gate; PDFs and text only."""
    handle = ContentFile(data, name=name)
    try:
        checked = check_upload(handle, name, max_mb)
    except ValidationError as exc:
        raise ReviewError(f"{name}: {' '.join(exc.messages)}") from exc
    assert checked.type is not None
    if checked.type.key not in IMPORTABLE:
        raise ReviewError(
            f"{name}: this file is {checked.type.label}; the importer reads PDF and text files."
        )
    return Incoming(name, data, checked.media_type, checked.pages)


def _zip_members(upload: Any, name: str, max_mb: int) -> list[Incoming]:
    """The documents of a meeting zip, each through the gate (see the module docstring)."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReviewError(f"{name}: a damaged zip archive.") from exc
    out: list[Incoming] = []
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > ZIP_MAX_MEMBERS:
            raise ReviewError(f"{name}: the zip holds {len(infos)} files; at most {MAX_FILES}.")
        if sum(i.file_size for i in infos) > ZIP_MAX_TOTAL:
            raise ReviewError(
                f"{name}: the zip would expand to more than {ZIP_MAX_TOTAL // MB} MB."
            )
        for info in infos:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            member = path.name
            if not member or member.startswith(".") or "__MACOSX" in path.parts:
                continue  # folders' metadata, hidden files
            if info.flag_bits & 0x1:
                raise ReviewError(f"{name}: {member} is encrypted (password-protected).")
            if info.file_size > max_mb * MB:
                raise ReviewError(
                    f"{name}: {member} is over this council's limit of {max_mb} MB per file."
                )
            if info.file_size > MB and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                raise ReviewError(f"{name}: {member} is a zip bomb.")
            with archive.open(info) as handle:
                data = handle.read(max_mb * MB + 1)  # never more than the limit
            if len(data) > max_mb * MB:
                raise ReviewError(f"{name}: {member} is larger than its zip entry says.")
            out.append(_gate(data, member, max_mb))
    if not out:
        raise ReviewError(f"{name}: the zip holds no documents.")
    return out


def unpack(uploads: list[Any], max_mb: int) -> list[Incoming]:
    """The files to read: each upload, or the documents of an uploaded meeting zip."""
    files: list[Incoming] = []
    for upload in uploads:
        name = PurePosixPath((upload.name or "upload").replace("\\", "/")).name or "upload"
        size = getattr(upload, "size", None) or 0
        if size > max_mb * MB:
            raise ReviewError(f"{name}: this council accepts files up to {max_mb} MB.")
        if _is_zip(upload, name):
            files += _zip_members(upload, name, max_mb)
        else:
            upload.seek(0)
            files.append(_gate(upload.read(max_mb * MB + 1), name, max_mb))
        if len(files) > MAX_FILES:
            raise ReviewError(f"At most {MAX_FILES} files can be reviewed at once.")
    if not files:
        raise ReviewError("Choose at least one file.")
    return files


def create_review(council: Any, user: Any, uploads: list[Any]) -> ImportReview:
    """Store the uploaded files and queue their reading (after the transaction commits)."""
    from minutebook.importer.tasks import read_import_review

    files = unpack(uploads, council.max_upload_mb)
    with transaction.atomic():
        review = ImportReview.objects.create(council=council, created_by=user)
        for position, f in enumerate(files):
            row = ReviewFile(
                review=review,
                position=position,
                name=f.name[:255],
                media_type=f.media_type,
                sha256=hashlib.sha256(f.data).hexdigest(),
                pages=f.pages,
            )
            row.file.save(f.name, ContentFile(f.data), save=False)
            row.save()
        transaction.on_commit(lambda: read_import_review.enqueue(review.pk))
    return review


#: Each uploaded file is parsed in a child process within these limits (``isolate``), as
#: the command-line import parses each file: a PDF that inflates to gigabytes, or a text
#: that keeps the parser busy for minutes, fails its review with one line instead of
#: taking the task worker down with it.
REVIEW_LIMITS = Limits()


def read_review(review_id: int) -> ImportReview:
    """Parse the review's files (the worker's job): one pack, or one merged meeting."""
    from minutebook.importer.folder import FolderPart, merge
    from minutebook.importer.isolate import parse_isolated
    from minutebook.importer.reader import read_pack

    review = ImportReview.objects.get(pk=review_id)
    rows = list(ReviewFile.objects.filter(review=review).all())
    several = len(rows) > 1
    try:
        with tempfile.TemporaryDirectory(prefix="minutebook-review-") as tmp:
            parts = []
            for k, row in enumerate(rows):
                # The parser reads the file's name (its kind, the date in it): keep it, in a
                # folder of our own so that no two names collide.
                path = Path(tmp) / str(k) / Path(row.name).name
                path.parent.mkdir()
                with row.file.open("rb") as handle:
                    path.write_bytes(handle.read())
                parse = functools.partial(read_pack, path, standalone=several)
                parts.append(FolderPart(path, parse_isolated(path, parse, REVIEW_LIMITS)))
            source: int | None = 0
            if several:
                pack = merge(parts, name=f"upload-{review.pk}")
                source = _meeting_source(pack, [p.pack for p in parts])
                pack.provenance = (
                    {
                        k: v
                        for k, v in parts[source].pack.provenance.items()
                        if k.startswith(("council", "meeting."))
                    }
                    if source is not None
                    else {}
                )
            else:
                pack = parts[0].pack
    except PackError as exc:
        review.status, review.error = ReviewStatus.FAILED, str(exc)
    else:
        data = pack.to_dict()
        data["provenance_file"] = source  # which file the positions are in (review only)
        review.status, review.error, review.pack = ReviewStatus.READY, "", data
    review.save(update_fields=["status", "error", "pack"])
    return review


def _meeting_source(merged: Any, packs: list[Any]) -> int | None:
    """The file whose meeting (committee, date, agenda) the merged pack took, if one did:
    its positions are the merged meeting's."""
    want = merged.meeting.to_dict()
    for k, pack in enumerate(packs):
        have = pack.meeting.to_dict()
        if have["agenda"] and all(have[f] == want[f] for f in ("committee", "date", "agenda")):
            return k
    return None


# ---- corrections -------------------------------------------------------------------------


def _pages(text: str) -> list[int] | None:
    nums = [int(x) for x in text.replace("\u2013", "-").replace(" ", "").split("-") if x.isdigit()]
    if not nums:
        return None
    return [nums[0], nums[-1]]


def corrected_pack(pack: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """``pack`` with the reviewed values (the review form's cleaned data) put in."""
    out = {**pack, "meeting": {**pack.get("meeting", {})}}
    meeting = out["meeting"]
    for key in ("committee", "time", "venue"):
        meeting[key] = data.get(key) or None
    day = data.get("date")
    meeting["date"] = day.isoformat() if day else None
    meeting["members"] = data["members"]
    old_items = {a.get("number"): a for a in pack.get("meeting", {}).get("agenda", [])}
    meeting["agenda"] = [
        {
            **old_items.get(a["number"], {"to_follow": False}),
            "number": a["number"],
            "title": a["title"],
            "pages": _pages(a.get("pages") or ""),
            "exempt_paragraphs": a["exempt_paragraphs"],
        }
        for a in data["agenda"]
    ]
    reports = []
    for k, r in enumerate(data["reports"]):
        old = pack.get("reports", [])[k] if k < len(pack.get("reports", [])) else {}
        authors = list(old.get("authors") or [])
        if r["author"]:
            if authors:
                authors[0] = {**authors[0], "name": r["author"]}
            else:
                authors = [{"name": r["author"], "job_title": None, "phone": None, "email": None}]
        else:
            authors = []
        reports.append(
            {
                **old,
                "title": r["title"],
                "agenda_item": r["agenda_item"] or None,
                "authors": authors,
            }
        )
    out["reports"] = reports
    return out


def _flat(pack: dict[str, Any]) -> dict[str, Any]:
    """Field path -> value for the fields the review can correct."""
    m = pack.get("meeting", {})
    flat: dict[str, Any] = {
        f"meeting.{k}": m.get(k) for k in ("committee", "date", "time", "venue")
    }
    flat["meeting.members"] = [f"{x.get('name')} ({x.get('role')})" for x in m.get("members", [])]
    for k, a in enumerate(m.get("agenda", [])):
        for f in ("number", "title", "pages", "exempt_paragraphs"):
            flat[f"meeting.agenda.{k}.{f}"] = a.get(f)
    flat["meeting.agenda.count"] = len(m.get("agenda", []))
    for k, r in enumerate(pack.get("reports", [])):
        flat[f"reports.{k}.title"] = r.get("title")
        flat[f"reports.{k}.agenda_item"] = r.get("agenda_item")
        authors = r.get("authors") or []
        flat[f"reports.{k}.author"] = authors[0].get("name") if authors else None
    return flat


def corrections(before: dict[str, Any], after: dict[str, Any], user: Any) -> list[dict[str, Any]]:
    """One entry per changed field: path, extracted and corrected values, who and when."""
    old, new = _flat(before), _flat(after)
    when = timezone.now().isoformat()
    who = getattr(user, "get_username", lambda: str(user))()
    out = []
    for path in sorted(set(old) | set(new)):
        if old.get(path) != new.get(path):
            out.append(
                {
                    "field": path,
                    "extracted": old.get(path),
                    "corrected": new.get(path),
                    "by": who,
                    "at": when,
                }
            )
    return out


def accept(review: ImportReview, data: dict[str, Any], user: Any) -> ImportRecord:
    """Write the corrected pack and keep the corrections with the import's record."""
    from minutebook.importer.pack import Pack
    from minutebook.importer.writer import write_pack

    # Claim the review (one accept wins if two officers press at once), then write.
    # bulk-update-ok: a compare-and-set claim on an officer-only review row (not indexed,
    # not in OParl, not audited); a save() could not tell two officers' accepts apart
    claimed = ImportReview.objects.filter(
        pk=review.pk, status=ReviewStatus.READY, accepted_at__isnull=True
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise ReviewError("Only an import that has been read and not yet accepted can be accepted.")
    after = corrected_pack(review.pack, data)
    changes = corrections(review.pack, after, user)
    files = list(ReviewFile.objects.filter(review=review))
    try:
        pack = Pack.from_dict(after)
        result = write_pack(
            pack,
            council_slug=review.council.slug,
            source_path=files[0].name if len(files) == 1 else pack.source.file,
        )
    except PackError as exc:
        ImportReview.objects.filter(pk=review.pk).update(
            accepted_at=None
        )  # bulk-update-ok: release the claim above
        raise ReviewError(str(exc)) from exc
    except BaseException:
        ImportReview.objects.filter(pk=review.pk).update(
            accepted_at=None
        )  # bulk-update-ok: release the claim above
        raise
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=result.record_id)
        record.corrections = [*record.corrections, *changes]
        record.imported_by = user
        record.save(update_fields=["corrections", "imported_by"])
        review.status = ReviewStatus.ACCEPTED
        review.record = record
        review.accepted_by = user
        review.accepted_at = timezone.now()
        review.pack = after
        review.save(update_fields=["status", "record", "accepted_by", "accepted_at", "pack"])
    return record


def _span(textpage: Any, value: str) -> tuple[int, int] | None:
    """First and last character index of ``value`` on a pdfium text page (spaces, line
    breaks and case ignored), or None."""
    text = textpage.get_text_range()
    chars: list[str] = []
    where: list[int] = []
    space = True
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\ufffe\u00ad":
            if not space:
                chars.append(" ")
                where.append(i)
                space = True
            continue
        chars.append(ch.lower())
        where.append(i)
        space = False
    needle = " ".join(value.lower().split())[:80]
    if len(needle) < 3:
        return None
    at = "".join(chars).find(needle)
    if at < 0:
        return None
    return where[at], where[at + len(needle) - 1]


def pdf_pages_of(row: ReviewFile, wanted: dict[str, tuple[str, int | None]]) -> dict[str, int]:
    """For each key, the physical page (1-based) that prints its value: the page the
    provenance names first (a printed page number may differ from the page's position),
    then every page in order. Keys whose value is on no page are left out."""
    import pypdfium2 as pdfium

    with row.file.open("rb") as handle:
        pdf = pdfium.PdfDocument(handle.read())
    found: dict[str, int] = {}
    try:
        texts: dict[int, Any] = {}

        def has(page: int, value: str) -> bool:
            if page not in texts:
                texts[page] = pdf[page - 1].get_textpage()
            return _span(texts[page], value) is not None

        for key, (value, hint) in wanted.items():
            order = list(range(1, len(pdf) + 1))
            if hint and 1 <= hint <= len(pdf):
                order.remove(hint)
                order.insert(0, hint)
            for page in order:
                if has(page, value):
                    found[key] = page
                    break
    finally:
        pdf.close()
    return found


def render_page(
    row: ReviewFile, page: int, *, highlight: str | None = None, scale: float = 1.4
) -> bytes:
    """Page ``page`` (1-based) of a reviewed PDF as PNG bytes (pypdfium2 and Pillow), with
    the text ``highlight`` marked where the page prints it."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    with row.file.open("rb") as handle:
        data = handle.read()
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise ReviewError(f"{row.name} has no page {page}.")
        pdf_page = pdf[page - 1]
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        span = _span(pdf_page.get_textpage(), highlight) if highlight else None
        if span is not None:
            textpage = pdf_page.get_textpage()
            height = pdf_page.get_height()
            boxes = [textpage.get_charbox(i) for i in range(span[0], span[1] + 1)]
            boxes = [b for b in boxes if b[2] > b[0]]
            if boxes:
                left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
                bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
                overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
                ImageDraw.Draw(overlay).rectangle(
                    (
                        left * scale - 3,
                        (height - top) * scale - 3,
                        right * scale + 3,
                        (height - bottom) * scale + 3,
                    ),
                    fill=(255, 221, 0, 90),
                    outline=(212, 53, 28, 255),
                    width=3,
                )
                image = Image.alpha_composite(image, overlay)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="PNG")
        return buf.getvalue()
    finally:
        pdf.close()


def source_lines(row: ReviewFile) -> list[str]:
    """A text file's normalised lines (the ``line`` numbers of its provenance)."""
    from minutebook.importer.parse.text import normalise
    from minutebook.importer.reader import decode_text

    with row.file.open("rb") as handle:
        text = decode_text(handle.read())
    return [ln.text for ln in normalise(text)]
