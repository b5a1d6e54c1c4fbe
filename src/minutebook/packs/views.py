"""Stable public addresses for a meeting's current agenda pack.

``/<council>/<committee>/<date>/agenda-pack.pdf`` and ``.../agenda-pack.html`` always
serve the newest public version, so links in emails and minutes keep working when the
pack is regenerated. Only ``Document.public_objects.open_to_inspection()`` is read here;
the file goes out with ``documents.serving``'s headers (nosniff, sandboxed).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from minutebook.documents.models import Document
from minutebook.documents.serving import file_response
from minutebook.meetings.models import Meeting
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product


@require_safe
def public_pack(
    request: HttpRequest, council: str, committee: str, meeting: str, fmt: str
) -> FileResponse:
    if fmt not in Format.values:
        raise Http404("Agenda packs are published as PDF and HTML.")
    event = get_object_or_404(
        Meeting, committee__council__slug=council, committee__slug=committee, slug=meeting
    )
    if event.published_at is None and not event.is_imported:
        # LGA 1972 s100B(1): open to inspection from publication, not before.
        raise Http404("No agenda pack has been published for this meeting.")
    generated = GeneratedDocument.objects.filter(
        meeting=event,
        product=Product.AGENDA_PACK,
        audience=Audience.PUBLIC,
        format=Format(fmt),
        supplement=None,
    ).first()
    if generated is None:
        raise Http404("No agenda pack has been published for this meeting.")
    document = Document.public_objects.open_to_inspection().filter(pk=generated.document_id).first()
    if document is None or not document.file:
        raise Http404("No agenda pack has been published for this meeting.")
    return file_response(document, filename=f"{event.slug}-agenda-pack.{fmt}")
