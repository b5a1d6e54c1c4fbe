"""Served files in a real browser: a stored page is a download, and minutebook's own HTML
is shown under a sandbox in which no script runs (issue 15, safe files).

The context keeps the site's headers (no ``bypass_csp``), as a visitor's browser would.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from minutebook.councils.factories import CouncilFactory
from minutebook.documents.models import Document, DocumentSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = (
    b"<!DOCTYPE html><html><head><title>Appendix</title>"
    b"<style>body { background: rgb(1, 2, 3); }</style></head>"
    b"<body><p>Appendix</p><script>document.title = 'script ran';</script></body></html>"
)


def stored(council: Any, name: str, source: str) -> Document:
    """A file written the way minutebook's own code writes one (a pack, an import)."""
    document = Document(
        council=council, kind="other", title=name, source=source, published_at=timezone.now()
    )
    document.file.save(name, ContentFile(PAGE), save=False)
    document.save()
    return document


def test_a_stored_page_is_downloaded_and_minutebooks_own_html_runs_no_script(
    browser: Any, live_server: Any, transactional_db: None
) -> None:
    council = CouncilFactory()
    uploaded = stored(council, "appendix.html", DocumentSource.UPLOADED)
    own = stored(council, "minutes.html", DocumentSource.GENERATED)
    context = browser.new_context(java_script_enabled=True, accept_downloads=True)
    page = context.new_page()
    try:
        with page.expect_download() as download:
            try:
                page.goto(f"{live_server.url}/{council.slug}/documents/{uploaded.pk}/")
            except Exception as exc:  # Chromium aborts a navigation that became a download
                assert "ERR_ABORTED" in str(exc) or "Download is starting" in str(exc)
        assert download.value.suggested_filename == "appendix.html"

        response = page.goto(f"{live_server.url}/{council.slug}/documents/{own.pk}/")
        assert response is not None and response.status == 200
        assert page.evaluate("document.title") == "Appendix"  # the script did not run
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(1, 2, 3)"  # its inline style did apply
        assert page.evaluate("window.origin") == "null"  # an opaque origin of its own
    finally:
        context.close()
