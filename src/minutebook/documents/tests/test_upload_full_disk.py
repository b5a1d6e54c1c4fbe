"""An upload that runs out of disk leaves nothing behind: no row, no partial file.

``MEDIA_ROOT`` is a real 2 MB tmpfs, nearly full. An officer uploads a PDF through the
back office (the Django admin, the real upload route), both as an in-memory upload and
as one Django first spools to a temporary file; the write fails with ENOSPC. Once space
is freed, the same upload is stored whole.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfWriter

from minutebook.core.tests.smalldisk import (
    BLOCK,
    assert_no_partial_files,
    files_under,
    fill,
    small_disk,
)
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "2m") as mount:
        settings.MEDIA_ROOT = mount / "media"
        yield mount


def big_pdf() -> bytes:
    """A valid PDF of about 600 KB (an incompressible attachment makes it large)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("survey.bin", os.urandom(600_000))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def post_upload(client: Client, council_id: int, data: bytes) -> Any:
    return client.post(
        "/admin/documents/document/add/",
        {
            "council": council_id,
            "kind": "other",
            "label": "",
            "order": 0,
            "title": "Consultation responses",
            "file": SimpleUploadedFile("responses.pdf", data, "application/pdf"),
            "media_type": "application/pdf",
            "public_interest_reason": "",
            "version": 1,
            "source": "uploaded",
            "source_url": "",
            "extracted_text": "",
        },
    )


@pytest.mark.parametrize("spooled", [False, True], ids=["in memory", "temporary file"])
def test_upload_on_a_full_disk_leaves_nothing(
    disk: Path, settings: Any, tmp_path: Path, admin_client: Client, spooled: bool
) -> None:
    if spooled:  # Django writes the upload to FILE_UPLOAD_TEMP_DIR first
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
        settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "spool"
        settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    council = CouncilFactory()
    data = big_pdf()
    media = Path(settings.MEDIA_ROOT)
    filler = fill(disk, leave=16 * BLOCK)  # room for part of the file, not all of it

    with pytest.raises(OSError) as failure:
        post_upload(admin_client, council.pk, data)
    assert failure.value.errno == errno.ENOSPC
    assert not Document.officer_objects.exists()
    assert files_under(media) == [], "no partial or temporary file under MEDIA_ROOT"

    filler.unlink()
    response = post_upload(admin_client, council.pk, data)
    assert response.status_code == 302, response.content[:2000]
    document = Document.officer_objects.get()
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert_no_partial_files(media, [(document.file.name, document.sha256)])
