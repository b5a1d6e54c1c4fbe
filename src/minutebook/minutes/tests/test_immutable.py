"""Issue 15, finding "signed minutes can be changed": signed minutes, their minutes,
motions, votes and versions, and the signed copies of the minutes document are refused
every change by the database (raw SQL on SQLite and PostgreSQL), by the models (save,
queryset update, bulk_update, delete) and by the admin, even for a superuser. What may
still change does: the step to locked, a minute's exempt state, a correction through
the clerk's page, which makes a new version and a new copy and keeps the signed ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.audit.models import AuditEvent
from minutebook.core.db.testing import assert_sql_refused as _refused
from minutebook.decisions.models import MinuteItem, RecordFixed
from minutebook.documents.models import Document
from minutebook.meetings import services as meetings
from minutebook.minutes import services
from minutebook.minutes.models import (
    Minutes,
    MinutesCorrection,
    MinutesLocked,
    MinutesState,
    MinutesVersion,
    Motion,
    MotionOutcome,
    RecordedVote,
    SignedCopy,
    VoteMethod,
)
from minutebook.minutes.tests.test_minutes import Setup
from minutebook.packs.minutes import generate_minutes
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product

pytestmark = pytest.mark.django_db


def _signed(s: Setup, *, lock: bool = True) -> tuple[Minutes, MinuteItem, Motion]:
    """Minutes of the first meeting with a recorded vote, confirmed at the second."""
    from minutebook.attendance import services as attendance
    from minutebook.attendance.models import AttendanceStatus

    first, second, _ = s.meetings
    minutes = services.start_minutes(first)
    for person in s.members[:3]:
        attendance.record_attendance(first, person, status=AttendanceStatus.PRESENT)
    minute = MinuteItem.officer_objects.filter(meeting=first).order_by("number")[0]
    services.update_minute(
        minute, title=minute.title, text="The budget was discussed.", resolution="Noted."
    )
    motion = services.add_motion(
        minute,
        text="That the report be noted.",
        outcome=MotionOutcome.CARRIED,
        vote_method=VoteMethod.RECORDED,
        named={"for": s.members[:2], "against": s.members[2:3]},
    )
    services.confirm_minutes(
        minutes, at=second, signed_by=s.members[0], signed_at=second.start + dt.timedelta(hours=1)
    )
    if lock:
        services.lock_minutes(minutes)
    minutes.refresh_from_db()
    return minutes, MinuteItem.officer_objects.get(pk=minute.pk), motion


# The database refuses, whoever connects --------------------------------------------------


def test_raw_sql_cannot_change_or_delete_signed_minutes() -> None:
    s = Setup()
    minutes, minute, motion = _signed(s)
    version = minutes.versions.get()
    vote = RecordedVote.objects.filter(motion=motion).first()
    assert vote is not None
    statements = [
        ("UPDATE minutes_minutes SET closed_at = opened_at WHERE id = %s", [minutes.pk]),
        ("UPDATE minutes_minutes SET state = 'draft' WHERE id = %s", [minutes.pk]),
        ("DELETE FROM minutes_minutes WHERE id = %s", [minutes.pk]),
        ("UPDATE decisions_minuteitem SET text = 'Rewritten' WHERE id = %s", [minute.pk]),
        ("UPDATE decisions_minuteitem SET resolution = 'Agreed' WHERE id = %s", [minute.pk]),
        ("DELETE FROM decisions_minuteitem WHERE id = %s", [minute.pk]),
        ("UPDATE minutes_motion SET outcome = 'lost' WHERE id = %s", [motion.pk]),
        ("DELETE FROM minutes_motion WHERE id = %s", [motion.pk]),
        ("UPDATE minutes_recordedvote SET choice = 'abstain' WHERE id = %s", [vote.pk]),
        ("DELETE FROM minutes_recordedvote WHERE id = %s", [vote.pk]),
        ("UPDATE minutes_minutesversion SET text = 'Other' WHERE id = %s", [version.pk]),
        ("DELETE FROM minutes_minutesversion WHERE id = %s", [version.pk]),
    ]
    for sql, params in statements:
        _refused(sql, params)
    minute.refresh_from_db()
    assert minute.text == "The budget was discussed." and minute.resolution == "Noted."
    assert Motion.objects.get(pk=motion.pk).outcome == MotionOutcome.CARRIED
    assert RecordedVote.objects.get(pk=vote.pk).choice == vote.choice
    assert Minutes.objects.get(pk=minutes.pk).state == MinutesState.LOCKED
    assert MinutesVersion.objects.get(pk=version.pk).text == version.text


def test_raw_sql_cannot_slip_a_minute_or_a_motion_into_signed_minutes() -> None:
    s = Setup()
    minutes, minute, _ = _signed(s, lock=False)  # confirmed and signed is enough
    _refused(
        'INSERT INTO minutes_motion (minute_item_id, "order", kind, text, outcome, vote_method,'
        " chair_casting_vote, created) VALUES (%s, 9, 'motion', 'Late', 'carried', '', %s, %s)",
        [minute.pk, False, minutes.signed_at],
    )
    _refused("UPDATE decisions_minuteitem SET title = 'Changed' WHERE id = %s", [minute.pk])


def test_the_database_lets_through_locking_and_a_later_exemption() -> None:
    s = Setup()
    minutes, minute, _ = _signed(s, lock=False)
    services.lock_minutes(minutes)  # confirmed -> locked is the one step allowed
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_minuteitem SET exempt_paragraphs = %s, is_exempt = %s, "
            "public_interest_reason = 'Commercial terms' WHERE id = %s",
            ["[3]", True, minute.pk],
        )
    assert MinuteItem.officer_objects.get(pk=minute.pk).is_exempt
    _refused("UPDATE minutes_minutes SET state = 'confirmed' WHERE id = %s", [minutes.pk])


# The models refuse, with a sentence ----------------------------------------------------------


def test_queryset_update_bulk_update_and_delete_are_refused() -> None:
    s = Setup()
    minutes, minute, motion = _signed(s)
    with pytest.raises(RecordFixed):
        MinuteItem.officer_objects.filter(pk=minute.pk).update(text="Bulk rewrite")
    minute.text = "Bulk rewrite"
    with pytest.raises(RecordFixed), transaction.atomic():
        MinuteItem.officer_objects.bulk_update([minute], ["text"])
    with pytest.raises(RecordFixed):
        MinuteItem.officer_objects.filter(meeting=minutes.meeting).delete()
    with pytest.raises(MinutesLocked):
        Motion.objects.filter(pk=motion.pk).update(text="Other wording")
    motion.outcome = MotionOutcome.LOST
    with pytest.raises(MinutesLocked), transaction.atomic():
        Motion.objects.bulk_update([motion], ["outcome"])
    with pytest.raises(MinutesLocked):
        RecordedVote.objects.filter(motion=motion).update(choice="abstain")
    with pytest.raises(MinutesLocked):
        Minutes.objects.filter(pk=minutes.pk).update(state=MinutesState.DRAFT)
    with pytest.raises(MinutesLocked):
        Minutes.objects.filter(pk=minutes.pk).delete()
    with pytest.raises(MinutesLocked):
        MinutesVersion.objects.filter(minutes=minutes).update(reason="Quietly")
    with pytest.raises(MinutesLocked):
        MinutesVersion.objects.filter(minutes=minutes).delete()
    assert MinuteItem.officer_objects.get(pk=minute.pk).text == "The budget was discussed."
    assert Motion.objects.get(pk=motion.pk).outcome == MotionOutcome.CARRIED
    # Their exempt state may still be set in bulk (Schedule 12A; the text stays).
    MinuteItem.officer_objects.filter(pk=minute.pk).update(public_interest_reason="Reviewed")


def test_saving_a_signed_minute_or_confirmed_minutes_is_refused() -> None:
    s = Setup()
    minutes, minute, _ = _signed(s, lock=False)
    minutes.signed_by_name = "Someone else"
    with pytest.raises(MinutesLocked, match="can only be locked"):
        minutes.save()
    minute.resolution = "Agreed instead"
    with pytest.raises(MinutesLocked):
        minute.save()


# The admin refuses, even a superuser ---------------------------------------------------------


@pytest.fixture
def root(settings: Any) -> Client:
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = False
    settings.MINUTEBOOK_REQUIRE_OFFICER_OTP = False
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x-long-pass-42")
    client = Client()
    client.force_login(user)
    return client


def test_admin_will_not_change_a_signed_minute_even_for_a_superuser(root: Client) -> None:
    s = Setup()
    minutes, minute, _ = _signed(s)
    url = reverse("admin:decisions_minuteitem_change", args=[minute.pk])
    page = root.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = root.post(
        url,
        {
            "meeting": minute.meeting_id,
            "number": minute.number,
            "title": minute.title,
            "text": "Rewritten in the admin",
            "resolution": minute.resolution,
            "exempt_paragraphs": "[]",
        },
    )
    assert response.status_code == 403
    assert (
        root.post(
            reverse("admin:decisions_minuteitem_delete", args=[minute.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert MinuteItem.officer_objects.get(pk=minute.pk).text == "The budget was discussed."
    minutes_url = reverse("admin:minutes_minutes_change", args=[minutes.pk])
    assert root.post(minutes_url, {"state": "draft"}).status_code == 403


# Signed copies of the minutes document, and the correction -------------------------------------


@pytest.fixture
def documents(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True


def _public_pdf(meeting: Any) -> GeneratedDocument:
    return GeneratedDocument.objects.get(
        meeting=meeting, product=Product.MINUTES, audience=Audience.PUBLIC, format=Format.PDF
    )


def _bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _signed_with_copies(s: Setup, capture: Any) -> tuple[Minutes, MinuteItem, Document]:
    for meeting in s.meetings:
        meetings.publish_agenda(meeting, by=None, at=meeting.start - dt.timedelta(days=14))
    with capture(execute=True):
        minutes, minute, _ = _signed(s)
    signed = Document.officer_objects.get(pk=_public_pdf(minutes.meeting).document_id)
    assert SignedCopy.objects.filter(document=signed, sha256=signed.sha256).exists()
    return minutes, minute, signed


def test_the_signed_pdf_cannot_be_replaced_or_deleted(
    documents: None, root: Client, django_capture_on_commit_callbacks: Any
) -> None:
    s = Setup()
    _, _, signed = _signed_with_copies(s, django_capture_on_commit_callbacks)
    original, sha = _bytes(signed), signed.sha256
    # The ORM: a new file, a new title, deletion.
    document = Document.officer_objects.get(pk=signed.pk)
    document.file.save("forged.pdf", ContentFile(b"%PDF-1.7 forged"), save=False)
    with pytest.raises(MinutesLocked):
        document.save()
    document = Document.officer_objects.get(pk=signed.pk)
    document.title = "Minutes (amended)"
    with pytest.raises(MinutesLocked):
        document.save()
    with pytest.raises((MinutesLocked, ProtectedError)), transaction.atomic():
        Document.officer_objects.get(pk=signed.pk).delete()
    # Raw SQL: the file name, the hash, the text, the row.
    _refused("UPDATE documents_document SET file = 'forged.pdf' WHERE id = %s", [signed.pk])
    _refused("UPDATE documents_document SET sha256 = %s WHERE id = %s", ["0" * 64, signed.pk])
    _refused("UPDATE documents_document SET extracted_text = 'x' WHERE id = %s", [signed.pk])
    _refused("DELETE FROM documents_document WHERE id = %s", [signed.pk])
    _refused("DELETE FROM minutes_signedcopy WHERE document_id = %s", [signed.pk])
    # The admin, as a superuser.
    url = reverse("admin:documents_document_change", args=[signed.pk])
    assert root.post(url, {"title": "Forged", "kind": "minutes"}).status_code == 403
    stored = Document.officer_objects.get(pk=signed.pk)
    assert stored.sha256 == sha and _bytes(stored) == original
    assert stored.title == signed.title and stored.file.name == signed.file.name


def test_rebuilding_locked_minutes_leaves_the_signed_pdf_byte_identical(
    documents: None, django_capture_on_commit_callbacks: Any
) -> None:
    from minutebook.derived.rules import rebuild_minutes

    s = Setup()
    minutes, _, signed = _signed_with_copies(s, django_capture_on_commit_callbacks)
    original = _bytes(signed)
    # A source of the minutes document changes: a member's name (printed in attendance).
    person = s.members[1]
    person.last_name = "Renamed"
    person.save()
    rebuild_minutes(str(minutes.meeting_id))
    with pytest.raises(Exception, match="locked"):
        generate_minutes(minutes.meeting)
    current = _public_pdf(minutes.meeting)
    assert current.document_id == signed.pk
    stored = Document.officer_objects.get(pk=signed.pk)
    assert hashlib.sha256(_bytes(stored)).hexdigest() == signed.sha256
    assert _bytes(stored) == original and "Renamed" not in stored.extracted_text


def test_a_correction_by_the_clerks_route_is_a_new_version_and_a_new_copy(
    documents: None, django_capture_on_commit_callbacks: Any
) -> None:
    s = Setup()
    minutes, minute, signed = _signed_with_copies(s, django_capture_on_commit_callbacks)
    original = _bytes(signed)
    user = get_user_model().objects.create_user("clerk", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=s.council, role=Role.DEMOCRATIC_SERVICES)
    clerk = Client()
    clerk.force_login(user)
    url = reverse("backoffice:minutes:correct", args=[minutes.meeting_id])
    # The reason is required: without it nothing changes.
    response = clerk.post(
        url, {"number": minute.number, "field": "resolution", "value": "Noted and agreed."}
    )
    assert response.status_code == 200 and "Give the reason for the correction" in (
        response.content.decode()
    )
    assert minutes.versions.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(
            url,
            {
                "number": minute.number,
                "field": "resolution",
                "value": "Noted and agreed.",
                "reason": "The chair's amendment was left out.",
            },
        )
    assert response.status_code == 302
    first, second = minutes.versions.order_by("number")
    assert "Noted." in first.text and "Noted and agreed." not in first.text
    assert "Noted and agreed." in second.text
    assert second.reason == "The chair's amendment was left out." and second.created_by == user
    correction = MinutesCorrection.objects.get(minutes=minutes)
    assert (correction.version, correction.before, correction.after) == (
        2,
        "Noted.",
        "Noted and agreed.",
    )
    assert AuditEvent.objects.filter(action="minutes.corrected", actor_id=user.pk).exists()
    # The public minutes are a new Document version; the signed one is kept as it was.
    current = _public_pdf(minutes.meeting)
    assert current.locked and current.document_id != signed.pk
    new = Document.officer_objects.get(pk=current.document_id)
    assert new.version == signed.version + 1 and new.replaces_id == signed.pk
    text = " ".join(new.extracted_text.split())
    assert "Noted and agreed." in text and "The chair's amendment was left out." in text
    assert SignedCopy.objects.get(document=new).minutes_version == 2
    kept = Document.officer_objects.get(pk=signed.pk)
    assert kept.sha256 == signed.sha256 and _bytes(kept) == original
    # Once written, the correction cannot be replayed to change the minute again.
    _refused("UPDATE decisions_minuteitem SET resolution = 'Noted.' WHERE id = %s", [minute.pk])


def test_a_minute_made_exempt_after_locking_withdraws_and_redacts_but_keeps_the_signed_pdf(
    documents: None, django_capture_on_commit_callbacks: Any
) -> None:
    s = Setup()
    minutes, minute, signed = _signed_with_copies(s, django_capture_on_commit_callbacks)
    original = _bytes(signed)
    assert "The budget was discussed." in signed.extracted_text
    # Schedule 12A after signature: a permitted change of the minute's exempt state.
    minute.exempt_paragraphs = [3]
    minute.public_interest_reason = "Commercial terms of the budget bids."
    minute.save()
    withdrawn = Document.officer_objects.get(pk=signed.pk)
    assert withdrawn.withdrawn_at is not None and withdrawn.is_exempt
    generate_minutes(minutes.meeting)  # the redacted public copy
    current = _public_pdf(minutes.meeting)
    redacted = Document.officer_objects.get(pk=current.document_id)
    assert current.locked and redacted.replaces_id == signed.pk
    assert "The budget was discussed." not in redacted.extracted_text
    assert "paragraph 3" in redacted.extracted_text
    assert _bytes(withdrawn) == original and withdrawn.sha256 == signed.sha256
    assert MinuteItem.officer_objects.get(pk=minute.pk).text == "The budget was discussed."
