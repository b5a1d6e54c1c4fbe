"""How files are served: never sniffed, sandboxed, downloaded unless a checked PDF.

Finding (issue 15): files were served inline from the site's own origin with the type
the uploader picked, so an HTML page and the script it loaded ran for anonymous
visitors and, with their session, for a democratic services officer who opened it.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from minutebook.accounts.testing import PASSWORD, build_world
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.factories import AppendixFactory, DocumentFactory
from minutebook.documents.models import Document, DocumentSource
from minutebook.documents.serving import SANDBOX
from minutebook.documents.tests import filemakers as make

pytestmark = pytest.mark.django_db


def uploaded(council: Any, name: str, data: bytes, claimed: str) -> Document:
    """A document uploaded the way every form does it (``full_clean``, then save)."""
    document = Document(
        council=council,
        kind="other",
        title=name,
        file=SimpleUploadedFile(name, data, claimed),
        media_type=claimed,
        published_at=timezone.now(),
    )
    document.full_clean()
    document.save()
    return document


def fetch(client: Client, url: str) -> tuple[Any, bytes]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, b"".join(response.streaming_content)


def assert_guarded(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert "sandbox" in response["Content-Security-Policy"].split(";")[0]


def test_a_checked_pdf_is_shown_in_the_browser_sandboxed(client: Client) -> None:
    council = CouncilFactory()
    data = make.pdf(2)
    document = uploaded(council, "budget-report.pdf", data, "text/html")
    response, body = fetch(client, f"/{council.slug}/documents/{document.pk}/")
    assert body == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="budget-report.pdf"'
    assert_guarded(response)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("responses.csv", make.CSV, "text/csv; charset=utf-8"),
        ("site-plan.png", make.png(), "image/png"),
        (
            "responses.docx",
            make.office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
    ids=["csv", "png", "docx"],
)
def test_anything_else_is_a_download(
    client: Client, name: str, data: bytes, content_type: str
) -> None:
    council = CouncilFactory()
    document = uploaded(council, name, data, "text/html")
    response, body = fetch(client, f"/{council.slug}/documents/{document.pk}/")
    assert body == data
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert_guarded(response)


def test_a_page_saved_by_a_route_that_skipped_the_gate_is_only_a_download(
    client: Client,
) -> None:
    """Code that saves without ``full_clean`` cannot make a page the site renders."""
    council = CouncilFactory()
    page = DocumentFactory(
        council=council,
        file=ContentFile(make.HTML_PAGE, name="appendix.html"),
        media_type="text/html",
        published_at=timezone.now(),
        source=DocumentSource.GENERATED,  # claimed, but not a file minutebook wrote
    )
    assert (page.media_type, page.served_inline) == ("application/octet-stream", False)
    response, body = fetch(client, f"/{council.slug}/documents/{page.pk}/")
    assert body == make.HTML_PAGE
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert_guarded(response)


def test_documents_stored_before_the_check_are_checked_again(client: Client) -> None:
    """The data migration re-reads every stored file: a real PDF is shown, a page whose
    uploader called it text/html is a download."""
    council = CouncilFactory()
    real = DocumentFactory(
        council=council, file=ContentFile(make.pdf(), name="a.pdf"), published_at=timezone.now()
    )
    page = DocumentFactory(
        council=council,
        file=ContentFile(make.HTML_PAGE, name="b.html"),
        published_at=timezone.now(),
    )
    # As the rows stood before migration 0006: the uploader's type, nothing checked.
    Document.officer_objects.filter(pk__in=[real.pk, page.pk]).update(
        media_type="text/html", served_inline=False
    )
    migration = importlib.import_module("minutebook.documents.migrations.0006_content_check")
    migration.recheck(apps, None)
    real.refresh_from_db()
    page.refresh_from_db()
    assert (real.media_type, real.served_inline, page.media_type, page.served_inline) == (
        "application/pdf",
        True,
        "application/octet-stream",
        False,
    )
    response, _ = fetch(client, f"/{council.slug}/documents/{page.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_members_paper_is_served_with_the_same_headers() -> None:
    world = build_world()
    appendix = AppendixFactory(council=world.council, report=world.public_report)
    appendix.file.save("valuation.html", ContentFile(make.HTML_PAGE), save=True)
    appendix.refresh_from_db()
    client = Client()
    assert client.login(username="councillor", password=PASSWORD)
    response, body = fetch(client, f"/members/documents/{appendix.pk}/")
    assert body == make.HTML_PAGE
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="valuation.html"'
    assert_guarded(response)


def test_generated_packs_pdf_shown_html_shown_sandboxed(client: Client) -> None:
    """minutebook's own pack: the PDF opens in the browser; its HTML twin is a page too,
    but sandboxed (no script, an origin of its own), styled only by its inline styles."""
    from minutebook.documents.serving import SANDBOX_OWN_HTML
    from minutebook.packs.services import generate_pack
    from minutebook.packs.tests.builders import build_pack_scenario

    scenario = build_pack_scenario(paragraphs=2)
    generate_pack(scenario.meeting)
    base = scenario.meeting.get_absolute_url()
    pdf, body = fetch(client, f"{base}agenda-pack.pdf")
    assert body.startswith(b"%PDF-")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert_guarded(pdf)
    html, body = fetch(client, f"{base}agenda-pack.html")
    assert b"<html" in body.lower()
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Disposition"].startswith("inline;")
    assert html["X-Content-Type-Options"] == "nosniff"
    assert html["Content-Security-Policy"] == SANDBOX_OWN_HTML
