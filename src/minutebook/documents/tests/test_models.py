from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from minutebook.documents.factories import DocumentFactory
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.factories import MeetingFactory


def test_document_has_no_default_objects_manager() -> None:
    assert not hasattr(Document, "objects")
    assert Document._default_manager.name == "public_objects"


@pytest.mark.django_db
def test_sha256_computed_from_the_file(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.4 agenda pack"
    doc = DocumentFactory.build(kind=DocumentKind.AGENDA_PACK)
    doc.council.save()
    doc.council_id = doc.council.pk
    doc.file.save("pack.pdf", ContentFile(content), save=False)
    doc.save()
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.file.name.startswith(f"documents/{doc.council.slug}/")


@pytest.mark.django_db
def test_exempt_document_not_in_public_manager_or_meeting_documents() -> None:
    meeting = MeetingFactory()
    pack = DocumentFactory(meeting=meeting, kind=DocumentKind.AGENDA_PACK)
    restricted = DocumentFactory(meeting=meeting, exempt_paragraphs=[3], title="Restricted")
    assert list(meeting.documents.all()) == [pack]
    assert list(Document.public_objects.all()) == [pack]
    assert set(Document.officer_objects.all()) == {pack, restricted}


@pytest.mark.django_db
def test_version_and_pages_are_positive() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(version=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(pages=0)


@pytest.mark.django_db
def test_new_version_replaces_old() -> None:
    old = DocumentFactory(title="Budget report")
    new = DocumentFactory(title="Budget report", version=2, replaces=old, council=old.council)
    assert str(new) == "Budget report (v2)"
    assert list(old.replaced_by.all()) == [new]


@pytest.mark.django_db
def test_replacing_the_file_rehashes(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    doc = DocumentFactory()
    doc.file.save("v1.pdf", ContentFile(b"first"))
    assert doc.sha256 == hashlib.sha256(b"first").hexdigest()
    doc.file.save("v2.pdf", ContentFile(b"second"))
    assert doc.sha256 == hashlib.sha256(b"second").hexdigest()
    doc.title = "Renamed"
    doc.save()
    assert doc.sha256 == hashlib.sha256(b"second").hexdigest()
