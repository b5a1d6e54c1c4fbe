"""The meeting page's links to its public agenda pack (PDF and web page)."""

from __future__ import annotations

from typing import Any

from django import template

from minutebook.documents.models import Document
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product

register = template.Library()


@register.simple_tag
def public_pack(meeting: Any) -> dict[str, Any]:
    """{"pdf": pages or None, "html": bool} for the meeting's current public pack."""
    rows = GeneratedDocument.objects.filter(
        meeting=meeting, product=Product.AGENDA_PACK, audience=Audience.PUBLIC, supplement=None
    ).values_list("format", "document_id", "pages")
    public_ids = set(
        Document.public_objects.open_to_inspection()
        .filter(pk__in=[r[1] for r in rows])
        .values_list("pk", flat=True)
    )
    found = {fmt: pages for fmt, doc_id, pages in rows if doc_id in public_ids}
    return {
        "pdf": Format.PDF in found,
        "pages": found.get(Format.PDF),
        "html": Format.HTML in found,
    }
