"""The meeting page's links to its public agenda pack (PDF and web page)."""

from __future__ import annotations

from typing import Any

from django import template

from minutebook.documents.models import Document
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product

register = template.Library()


@register.simple_tag
def public_pack(meeting: Any) -> dict[str, Any]:
    """{"pdf": bool, "pages": int or None, "html": bool, "preparing": bool} for the
    meeting's current public pack.

    ``preparing``: a pack was built but no current version may be read, because it was
    withdrawn (something it printed became exempt, or an item was withdrawn) and the
    worker's rebuild has not landed yet.
    """
    rows = GeneratedDocument.objects.filter(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, supplement=None
    ).values_list("format", "document_id", "pages")
    public_ids = set(
        Document.public_objects.open_to_inspection()
        .filter(pk__in=[r[1] for r in rows])
        .values_list("pk", flat=True)
    )
    found = {fmt: pages for fmt, doc_id, pages in rows if doc_id in public_ids}
    published = meeting.published_at is not None or meeting.is_imported
    return {
        "pdf": Format.PDF in found,
        "pages": found.get(Format.PDF),
        "html": Format.HTML in found,
        "preparing": bool(rows) and not found and published,
    }
