"""A pack rebuild that runs out of disk fails cleanly and leaves the published pack alone.

``MEDIA_ROOT`` is a real 2 MB tmpfs. The agenda is published (which builds the pack
through the background task), the disk is filled, the agenda changes and the rebuild
runs out of space: no partial or stray file may be left, the rows must not move, and
the public addresses must go on serving the previous PDF and HTML, byte for byte.
Once space is freed, the same rebuild succeeds.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.core.tests.smalldisk import BLOCK, assert_no_partial_files, fill, small_disk
from minutebook.documents.models import Document
from minutebook.meetings import services as workflow
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import build_pack_scenario
from minutebook.packs.tests.pdfcheck import page_texts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NEW_TITLE = "Library opening hours: revised after consultation with every branch"


@pytest.fixture
def disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "2m") as mount:
        settings.MEDIA_ROOT = mount / "media"
        yield mount


def _referenced() -> list[tuple[str, str]]:
    return [(d.file.name, d.sha256) for d in Document.officer_objects.exclude(file="")]


def _rows(meeting: Meeting) -> dict[tuple[str, str], int]:
    return {
        (g.audience, g.format): g.document_id
        for g in GeneratedDocument.objects.filter(meeting=meeting, product=Product.AGENDA_PACK)
    }


def _served(client: Client, meeting: Meeting) -> dict[str, bytes]:
    served = {}
    for fmt in (Format.PDF, Format.HTML):
        response = client.get(f"{meeting.get_absolute_url()}agenda-pack.{fmt}")
        assert response.status_code == 200
        # Reading it to the end closes the file (the test client's own wrapper).
        served[fmt] = b"".join(response.streaming_content)
    return served


def _publish(settings: Any, django_capture_on_commit_callbacks: Any) -> Meeting:
    """The scenario's meeting, published through the workflow, its pack built by the task."""
    scenario = build_pack_scenario(paragraphs=2)
    Meeting.objects.filter(pk=scenario.meeting.pk).update(
        state=MeetingState.SCHEDULED, published_at=None
    )
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_agenda(
            scenario.meeting, by=None, at=timezone.make_aware(dt.datetime(2025, 3, 4, 9, 0))
        )
    return Meeting.objects.get(pk=scenario.meeting.pk)


@pytest.mark.parametrize("room", ["none", "pdf only"])
def test_rebuild_on_a_full_disk_keeps_the_published_pack(
    disk: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
    room: str,
) -> None:
    meeting = _publish(settings, django_capture_on_commit_callbacks)
    before = _rows(meeting)
    assert len(before) == 4, "public and members' PDF and HTML"
    client = Client()
    published = _served(client, meeting)
    assert published[Format.PDF].startswith(b"%PDF-")
    assert_no_partial_files(Path(settings.MEDIA_ROOT), _referenced())

    item = AgendaItem.public_objects.get(meeting=meeting, number="3")
    workflow.update_item(item, title=NEW_TITLE, description=item.description, report=item.report)

    public_pdf = Document.public_objects.get(pk=before[Audience.PUBLIC, Format.PDF])
    # "pdf only": room for the new public PDF (about the old one's size) but not for
    # its HTML twin, written next: the reported fault of a PDF published alone.
    leave = 0 if room == "none" else (-(-public_pdf.file.size // BLOCK) + 2) * BLOCK
    filler = fill(disk, leave)

    with (
        caplog.at_level(logging.WARNING, logger="minutebook.packs.services"),
        pytest.raises(OSError) as failure,
    ):
        generate_pack(meeting)
    assert failure.value.errno == errno.ENOSPC
    written_then_removed = re.search(r"agenda-pack[^ ,]*\.pdf", caplog.text) is not None
    assert written_then_removed == (room == "pdf only"), caplog.text

    assert _rows(meeting) == before, "no row moved: the previous pack is still current"
    assert not Document.officer_objects.filter(version__gt=1).exists()
    assert_no_partial_files(Path(settings.MEDIA_ROOT), _referenced())
    assert _served(client, meeting) == published

    filler.unlink()
    generate_pack(meeting)
    after = _rows(meeting)
    assert set(after) == set(before) and not set(after.values()) & set(before.values())
    served = _served(client, meeting)
    assert served != published
    assert any(NEW_TITLE in " ".join(t.split()) for t in page_texts(served[Format.PDF]))
    assert NEW_TITLE in served[Format.HTML].decode()
    # The previous version stays, complete, behind its successor.
    assert_no_partial_files(Path(settings.MEDIA_ROOT), _referenced())
    for key, old_id in before.items():
        new = Document.officer_objects.get(pk=after[key])
        assert new.version == 2 and new.replaces_id == old_id
