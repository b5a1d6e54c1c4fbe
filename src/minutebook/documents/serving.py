"""The one way a Document's file is sent to a browser (public site, packs, members' area).

Files come from the site's own origin, so a file that a browser rendered as a page
would act with the reader's session. Every file response therefore

- says what the file is from the content check (``Document.media_type``, found by
  ``documents.uploads``), never from an uploader, with ``X-Content-Type-Options:
  nosniff`` so the browser does not guess otherwise;
- is a download (``Content-Disposition: attachment``) unless ``served_inline``: a PDF
  that opened in the check, or HTML minutebook wrote itself (a pack's web-page twin);
- carries a sandboxing ``Content-Security-Policy``: no script runs, and the file has
  an origin of its own, so even a file a browser did render could read nothing.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from minutebook.documents.models import Document
from minutebook.documents.uploads import SERVABLE

#: Every file: nothing may load or run, and the document gets a unique opaque origin.
SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'none'"
#: minutebook's own HTML (a pack's web-page twin): its inline styles, nothing else.
SANDBOX_OWN_HTML = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)


def file_response(document: Document, filename: str | None = None) -> FileResponse:
    """Stream ``document``'s file with the headers above; 404 if it is missing."""
    if not document.file:
        raise Http404("This document has no file.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    media_type = document.media_type
    own_html = document.served_inline and media_type == "text/html"
    pdf = document.served_inline and media_type == "application/pdf"
    if not (own_html or media_type in SERVABLE):
        media_type = "application/octet-stream"
    content_type = f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
    name = filename or document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=not (pdf or own_html),
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_OWN_HTML if own_html else SANDBOX
    return response
