"""A build's files are published together or not at all, also when the database refuses.

Here every file is written fine, but switching the rows fails part-way (the HTML is
approved, signed and locked, so it cannot be replaced): the PDF's switch, already made
in the same transaction, is rolled back, the new files are removed, and the previous
rows and files stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minutebook.core.tests.smalldisk import assert_no_partial_files
from minutebook.documents.models import Document
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import MinutesLocked, Output, Pending, publishing, store
from minutebook.packs.tests.builders import appendix_pdf, build_pack_scenario

pytestmark = pytest.mark.django_db


def _referenced() -> list[tuple[str, str]]:
    return [(d.file.name, d.sha256) for d in Document.officer_objects.exclude(file="")]


def test_a_refused_switch_publishes_nothing_and_removes_the_new_files(settings: Any) -> None:
    meeting = build_pack_scenario(paragraphs=1).meeting
    media = Path(settings.MEDIA_ROOT)
    old_pdf = store(
        meeting,
        Product.MINUTES,
        Output(Audience.PUBLIC, Format.PDF, appendix_pdf("DRAFT MINUTES", 1), 1, []),
        "a" * 64,
        "Draft minutes",
    )
    old_html = store(
        meeting,
        Product.MINUTES,
        Output(Audience.PUBLIC, Format.HTML, b"<p>Approved minutes</p>", None, []),
        "a" * 64,
        "Minutes (accessible web page)",
        lock=True,
    )
    before = {g.pk: g.document_id for g in GeneratedDocument.objects.all()}
    documents = Document.officer_objects.count()
    files = sorted(p for p in media.rglob("*") if p.is_file())

    pending = [
        Pending(
            Output(Audience.PUBLIC, Format.PDF, appendix_pdf("REWRITTEN", 1), 1, []),
            "Minutes",
            "b" * 64,
        ),
        Pending(
            Output(Audience.PUBLIC, Format.HTML, b"<p>Rewritten</p>", None, []),
            "Minutes (accessible web page)",
            "b" * 64,
        ),
    ]
    with pytest.raises(MinutesLocked), publishing(meeting, Product.MINUTES, pending):
        pytest.fail("the block must not run when a switch is refused")

    assert {g.pk: g.document_id for g in GeneratedDocument.objects.all()} == before
    assert GeneratedDocument.objects.get(pk=old_pdf.pk).fingerprint == "a" * 64
    assert Document.officer_objects.count() == documents
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files
    assert_no_partial_files(media, _referenced())
    html = Document.officer_objects.get(pk=old_html.document_id)
    assert html.file.open("rb").read() == b"<p>Approved minutes</p>"
    html.file.close()


def test_an_error_in_the_block_rolls_back_and_removes_the_new_files(settings: Any) -> None:
    meeting = build_pack_scenario(paragraphs=1).meeting
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file())
    pending = [
        Pending(
            Output(Audience.PUBLIC, Format.PDF, appendix_pdf("MINUTES", 1), 1, []), "Minutes", "c"
        ),
        Pending(Output(Audience.PUBLIC, Format.HTML, b"<p>Minutes</p>", None, []), "Minutes", "c"),
    ]
    with pytest.raises(ZeroDivisionError), publishing(meeting, Product.MINUTES, pending) as made:
        assert len(made) == 2 and all(g.pk for g in made)
        _ = 1 / 0  # whatever the caller does next in the transaction fails
    assert not GeneratedDocument.objects.exists()
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files
    assert_no_partial_files(media, _referenced())
